package io.omnistock.core;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class EngineClockTest
{
    @Test
    void aJavaTimeSourceIsReadInEpochMilliseconds()
    {
        final Instant at = Instant.parse("2026-11-11T00:00:00.123Z");
        assertEquals(at.toEpochMilli(), EngineClock.of(Clock.fixed(at, ZoneOffset.ofHours(8))).epochMillis());
    }

    @Test
    void theDefaultIsTheSystemClock()
    {
        assertSame(EngineClock.SYSTEM, EngineConfig.builder().build().clock());
    }
}

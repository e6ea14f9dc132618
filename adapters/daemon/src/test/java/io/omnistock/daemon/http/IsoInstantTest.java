package io.omnistock.daemon.http;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fast ISO-8601 text is Instant.toString's, character for character. */
class IsoInstantTest
{
    @Test
    void edgesWriteAsInstantWritesThem()
    {
        for (final long millis : new long[] {0, 1, 999, 1_000, -1, -1_000, -86_400_000L, 951_782_400_000L,
            951_868_799_999L, 4_107_542_400_000L, 253_402_300_799_999L, 253_402_300_800_000L, -62_167_219_200_000L,
            -62_167_219_200_001L, Long.MAX_VALUE / 1_000, 1_796_558_130_250L})
        {
            assertEquals(Instant.ofEpochMilli(millis).toString(), IsoInstant.of(millis), "millis " + millis);
        }
    }

    @Test
    void seededTimesWriteAsInstantWritesThem()
    {
        final Random random = new Random(7);
        for (int i = 0; i < 50_000; i++)
        {
            final long millis = random.nextLong() % 300_000_000_000_000L;
            assertEquals(Instant.ofEpochMilli(millis).toString(), IsoInstant.of(millis), "millis " + millis);
        }
    }
}

package io.omnistock.core;

import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineConfigValidationTest
{
    private static void rejects(final String setting, final UnaryOperator<EngineConfig.Builder> misuse)
    {
        final RuntimeException e = assertThrows(RuntimeException.class, () -> misuse.apply(EngineConfig.builder()).build());
        assertTrue(e instanceof IllegalArgumentException || e instanceof NullPointerException, e.toString());
        assertTrue(e.getMessage() != null && e.getMessage().contains(setting), setting + ": " + e.getMessage());
    }

    @Test
    void invalidSettingsAreRejectedByName()
    {
        rejects("ringSize", b -> b.ringSize(-1));
        rejects("ringSize", b -> b.ringSize(0));
        rejects("ringSize", b -> b.ringSize(Integer.MIN_VALUE));
        rejects("ringSize", b -> b.ringSize(1000));
        rejects("idempotencyWindow", b -> b.idempotencyWindow(0));
        rejects("expectedPositions", b -> b.expectedPositions(-1));
        rejects("expectedReservations", b -> b.expectedReservations(-1));
        rejects("snapshotsToKeep", b -> b.snapshotsToKeep(0));
        rejects("waitStrategy", b -> b.waitStrategy(null));
        rejects("durability", b -> b.durability(null));
        rejects("clock", b -> b.clock(null));
        rejects("eventListener", b -> b.eventListener(null));
        rejects("journalThread", b -> b.journalThread(null));
    }
}

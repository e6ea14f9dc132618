package io.omnistock.core;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineSmokeTest
{
    @TempDir
    Path dir;

    @Test
    void journalSurvivesRestart() throws Exception
    {
        final EngineConfig config = EngineConfig.builder().journalDir(dir.resolve("journal")).build();
        final long checksum;
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            final CommandResult loc = engine.submit(Commands.defineLocation(1, "S1", Tier.STORE, 31_000_000, 121_000_000,
                Capabilities.ALL)).get();
            assertEquals(ReasonCode.OK, loc.reason());
            final CommandResult sku = engine.submit(Commands.defineSku(2, "MILK", StockUnit.PIECE)).get();
            engine.submit(Commands.receive(3, loc.assignedId(), sku.assignedId(), 10)).get();
            final CommandResult r = engine.submit(Commands.reserve(4, 77, loc.assignedId(), sku.assignedId(), 4)).get();
            assertEquals(ReasonCode.OK, r.reason());
            assertEquals(6, r.available());
            assertEquals(4, r.sequence());
            assertEquals(4, engine.snapshot().get());
            checksum = engine.stateChecksum().get();
        }
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            assertEquals(checksum, engine.stateChecksum().get());
            assertEquals(4, engine.recoveryReport().lastSequence());
            final CommandResult again = engine.submit(Commands.reserve(4, 77, 0, 0, 4)).get();
            assertEquals(ReasonCode.DUPLICATE_COMMAND, again.reason());
        }
    }

    /**
     * With threads to spare (split model), the journal pretouch thread runs by default, not when
     * turned off, and ends with the engine.
     */
    @Test
    void journalPretouchThreadFollowsTheSetting() throws Exception
    {
        final EngineConfig.Builder builder = EngineConfig.builder().journalDir(dir.resolve("journal")).cpuBudget(4);
        try (OmnistockEngine engine = OmnistockEngine.start(builder.build()))
        {
            engine.submit(Commands.defineSku(1, "MILK", StockUnit.PIECE)).get();
            assertTrue(pretouchThreadRunning());
        }
        assertFalse(pretouchThreadRunning());
        try (OmnistockEngine engine = OmnistockEngine.start(builder.journalPretouch(false).build()))
        {
            engine.submit(Commands.defineSku(2, "BREAD", StockUnit.PIECE)).get();
            assertFalse(pretouchThreadRunning());
        }
    }

    private static boolean pretouchThreadRunning()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .anyMatch(t -> t.isAlive() && t.getName().equals("omnistock-journal-pretouch"));
    }
}

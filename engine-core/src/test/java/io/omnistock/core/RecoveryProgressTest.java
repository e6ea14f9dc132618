package io.omnistock.core;

import io.omnistock.api.Capabilities;
import io.omnistock.api.Commands;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RecoveryProgress} follows the replay: its target, each command replayed, the end. */
class RecoveryProgressTest
{
    @TempDir
    Path dir;

    @Test
    void reportsTheTargetAndEveryReplayedCommand() throws Exception
    {
        final EngineConfig config = EngineConfig.builder().journalDir(dir.resolve("journal")).build();
        final long last;
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            final int store = engine.submit(Commands.defineLocation(1, "S1", Tier.STORE, 1, 1, Capabilities.ALL))
                .get().assignedId();
            final int sku = engine.submit(Commands.defineSku(2, "TEA", StockUnit.PIECE)).get().assignedId();
            for (int i = 0; i < 100; i++)
            {
                engine.submit(Commands.receive(10 + i, store, sku, 1)).get();
            }
            last = engine.recoveryReport().lastSequence() + 102;
        }
        final RecoveryProgress progress = new RecoveryProgress();
        assertFalse(progress.done());
        try (OmnistockEngine engine = OmnistockEngine.start(config, progress))
        {
            assertTrue(progress.done());
            assertEquals(last, progress.targetSequence());
            assertEquals(engine.recoveryReport().replayedCommands(), progress.replayedCommands());
            assertEquals(102, progress.replayedCommands());
            assertEquals(last, progress.sequence());
            assertEquals(0, progress.snapshotSequence());
        }
    }
}

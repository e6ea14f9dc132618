package io.omnistock.core;

import io.omnistock.api.Commands;
import io.omnistock.api.StockUnit;
import io.omnistock.core.journal.JournalException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One engine per journal directory: the second is refused, and its failed start frees nothing. */
class JournalLockTest
{
    @TempDir
    Path dir;

    private EngineConfig config()
    {
        return EngineConfig.builder().journalDir(dir.resolve("journal")).build();
    }

    @Test
    void aSecondEngineOnTheSameJournalIsRefusedUntilTheFirstCloses() throws Exception
    {
        try (OmnistockEngine first = OmnistockEngine.start(config()))
        {
            final JournalException refused = assertThrows(JournalException.class, () -> OmnistockEngine.start(config()));
            assertTrue(refused.getMessage().contains("in use by another running engine"), refused.getMessage());
            // The refused start released nothing of the first engine's: a third is refused too.
            assertThrows(JournalException.class, () -> OmnistockEngine.start(config()));
            assertTrue(first.submit(Commands.defineSku(1, "SKU-1", StockUnit.PIECE)).get().accepted());
        }
        try (OmnistockEngine again = OmnistockEngine.start(config()))
        {
            assertTrue(again.recoveryReport().replayedCommands() >= 1, "the journal of the closed engine is recovered");
        }
    }
}

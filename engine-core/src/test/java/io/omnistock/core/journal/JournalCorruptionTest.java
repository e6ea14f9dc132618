package io.omnistock.core.journal;

import io.omnistock.api.Capabilities;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.command.CommandSlot;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal document that cannot be read while documents follow it is corruption, not the end of
 * the journal: reading on as if the journal ended there would drop every acknowledged command after
 * it, and the next append would reuse their sequence numbers.
 */
class JournalCorruptionTest
{
    private static final int COMMANDS = 40;

    @TempDir
    Path dir;

    @Test
    void anUnreadableDocumentFollowedByOthersIsReportedNotTakenAsTheEnd() throws Exception
    {
        final Path journal = dir.resolve("journal");
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(journal).build()))
        {
            // One at a time, so each command is a document of its own.
            submit(engine, Commands.defineLocation(1, "S1", Tier.STORE, 31_000_000, 121_000_000, Capabilities.ALL));
            submit(engine, Commands.defineSku(2, "TEA", StockUnit.PIECE));
            for (int i = 0; i < COMMANDS; i++)
            {
                submit(engine, Commands.receive(10 + i, 0, 0, 1));
            }
        }
        assertEquals(COMMANDS + 2, records(journal));

        UnreadableDocument.mark(journal, 20);

        final JournalException read = assertThrows(JournalException.class, () -> records(journal));
        assertTrue(read.getMessage().contains("corrupt"), read.getMessage());
        final RuntimeException recovery = assertThrows(RuntimeException.class,
            () -> OmnistockEngine.start(EngineConfig.builder().journalDir(journal).build()).close());
        assertTrue(messages(recovery).contains("corrupt"), messages(recovery));
    }

    private static void submit(final OmnistockEngine engine, final io.omnistock.api.Command command) throws Exception
    {
        assertEquals(ReasonCode.OK, engine.submit(command).get(10, TimeUnit.SECONDS).reason());
    }

    private static long records(final Path journal)
    {
        long count = 0;
        try (ChronicleQueue queue = Journal.open(journal, false); JournalReader reader = new JournalReader(queue))
        {
            final CommandSlot slot = new CommandSlot();
            while (reader.next(slot))
            {
                count++;
            }
        }
        return count;
    }

    private static String messages(final Throwable e)
    {
        final StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause())
        {
            all.append(t.getMessage()).append(" / ");
        }
        return all.toString();
    }
}

package io.omnistock.core;

import io.omnistock.api.Capabilities;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalException;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.core.journal.UnreadableDocument;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replay reads {@link ReplayReadAhead#DEPTH} records ahead of the one it applies; what it applies
 * and when it fails stay what they were when it read one record at a time.
 */
class ReplayReadAheadTest
{
    /** Not a multiple of the read-ahead's depth, nor of the chunks replayed below. */
    private static final int RECEIPTS = 53;

    @TempDir
    Path dir;

    @Test
    void aReplayInChunksFromOneReaderAppliesEveryCommandOnceAndStopsAtEachTarget()
    {
        final Path journal = writeJournal();
        final JournalReplayer whole = JournalReplayer.withFreshState(config(journal), null);
        final long all;
        try (ChronicleQueue queue = Journal.open(journal, false); JournalReader reader = new JournalReader(queue))
        {
            all = whole.replay(reader, Long.MAX_VALUE, true);
        }
        assertEquals(RECEIPTS + 2, all);

        final JournalReplayer chunked = JournalReplayer.withFreshState(config(journal), null);
        try (ChronicleQueue queue = Journal.open(journal, false); JournalReader reader = new JournalReader(queue))
        {
            long applied = 0;
            for (long target = 7; applied < all; target += 7)
            {
                final long n = chunked.replay(reader, target, true);
                applied += n;
                assertEquals(Math.min(target, all), chunked.state().lastSequence(), "stopped at the target");
                assertTrue(n > 0, "each chunk applies what it reaches");
            }
            assertEquals(0, chunked.replay(reader, Long.MAX_VALUE, true), "nothing left, nothing read twice");
        }
        assertEquals(whole.stateChecksum(), chunked.stateChecksum());
    }

    @Test
    void aJournalUnreadableMidwayFailsOnlyAfterEveryCommandBeforeTheDamageIsApplied() throws Exception
    {
        final Path journal = writeJournal();
        UnreadableDocument.mark(journal, 30);
        // What a reader reaches one record at a time before the damage.
        long readable = 0;
        try (ChronicleQueue queue = Journal.open(journal, false); JournalReader reader = new JournalReader(queue))
        {
            final CommandSlot slot = new CommandSlot();
            final long[] last = {0};
            assertThrows(JournalException.class, () ->
            {
                while (reader.next(slot))
                {
                    last[0] = slot.sequence;
                }
            });
            readable = last[0];
        }
        assertTrue(readable > ReplayReadAhead.DEPTH, "the damage is past the first read-ahead: " + readable);

        final JournalReplayer replayer = JournalReplayer.withFreshState(config(journal), null);
        try (ChronicleQueue queue = Journal.open(journal, false); JournalReader reader = new JournalReader(queue))
        {
            final JournalException e = assertThrows(JournalException.class,
                () -> replayer.replay(reader, Long.MAX_VALUE, true));
            assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        }
        assertEquals(readable, replayer.state().lastSequence());
    }

    private Path writeJournal()
    {
        final Path journal = dir.resolve("journal");
        try (OmnistockEngine engine = OmnistockEngine.start(config(journal)))
        {
            // One at a time, so each command is a journal document of its own.
            final int store = submit(engine, Commands.defineLocation(1, "S1", Tier.STORE, 1, 1, Capabilities.ALL));
            final int sku = submit(engine, Commands.defineSku(2, "TEA", StockUnit.PIECE));
            for (int i = 0; i < RECEIPTS; i++)
            {
                submit(engine, Commands.receive(10 + i, store, sku, 1 + i));
            }
        }
        return journal;
    }

    private static EngineConfig config(final Path journal)
    {
        return EngineConfig.builder().journalDir(journal).build();
    }

    private static int submit(final OmnistockEngine engine, final io.omnistock.api.Command command)
    {
        try
        {
            final var result = engine.submit(command).get(10, TimeUnit.SECONDS);
            assertEquals(ReasonCode.OK, result.reason());
            return result.assignedId();
        }
        catch (final Exception e)
        {
            throw new AssertionError(e);
        }
    }
}

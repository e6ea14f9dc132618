package io.omnistock.core;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandTranslator;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ResultListener;
import io.omnistock.api.ResultView;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link OmnistockEngine#tryPublishBatch}: commands published a batch at a time are decided and
 * journaled as the same commands published one at a time, answered in order; a full ring takes what
 * fits; a translator that throws publishes nothing half-written.
 */
class PublishBatchTest
{
    private static final int SKUS = 500;

    @TempDir
    Path dir;

    /** Writes RECEIVE {@code k} of a sequence over one location's SKUs, and moves on. */
    private static final class Cursor
    {
        static final CommandTranslator<Cursor> WRITE = (w, c) ->
        {
            if (c.k == c.failAt)
            {
                throw new IllegalStateException("translator failed at " + c.k);
            }
            if (c.k == 0)
            {
                w.defineLocation(1, "L", Tier.STORE, 1, 1, Capabilities.ALL);
            }
            else if (c.k <= SKUS)
            {
                w.defineSku(1 + c.k, "S" + c.k, StockUnit.PIECE);
            }
            else
            {
                w.receive(1 + c.k, 0, (int)((c.k - SKUS - 1) % SKUS), 1 + c.k % 5);
            }
            c.k++;
        };

        long k;
        long failAt = -1;
    }

    private static final class Answers implements ResultListener
    {
        final List<Long> ids = new ArrayList<>();
        final List<ReasonCode> reasons = new ArrayList<>();

        @Override
        public synchronized void onResult(final ResultView result)
        {
            ids.add(result.commandId());
            reasons.add(result.reason());
        }

        synchronized int count()
        {
            return ids.size();
        }
    }

    private long load(final Path journal, final int batch, final int commands) throws Exception
    {
        // A fixed clock: the state (and its checksum) includes the last command's time.
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(journal)
            .clock(() -> 1_700_000_000_000L).build()))
        {
            final Cursor cursor = new Cursor();
            final Answers answers = new Answers();
            while (cursor.k < commands)
            {
                final long before = cursor.k;
                final int published = batch == 1 ? (engine.tryPublish(Cursor.WRITE, cursor, answers) ? 1 : 0) :
                    engine.tryPublishBatch(Cursor.WRITE, cursor, (int)Math.min(batch, commands - cursor.k), answers);
                assertEquals(before + published, cursor.k, "the translator ran once per published command");
            }
            while (answers.count() < commands)
            {
                Thread.sleep(1);
            }
            for (int i = 0; i < commands; i++)
            {
                assertEquals(i + 1L, answers.ids.get(i), "answered in order");
                assertEquals(ReasonCode.OK, answers.reasons.get(i));
            }
            return engine.stateChecksum().get();
        }
    }

    @Test
    void batchesDecideAndJournalAsSingleCommands() throws Exception
    {
        final int commands = 1 + SKUS + 20_000;
        final long single = load(dir.resolve("single"), 1, commands);
        assertEquals(single, load(dir.resolve("batched"), 256, commands));
        try (OmnistockEngine replayed = OmnistockEngine.start(EngineConfig.builder().journalDir(dir.resolve("batched"))
            .clock(() -> 1_700_000_000_000L).build()))
        {
            assertEquals(commands, replayed.recoveryReport().replayedCommands(), "every command journaled");
            assertEquals(single, replayed.stateChecksum().get());
        }
    }

    @Test
    void aFullRingTakesWhatFits() throws Exception
    {
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().ringSize(16).build()))
        {
            final Cursor cursor = new Cursor();
            final Answers answers = new Answers();
            final int published = engine.tryPublishBatch(Cursor.WRITE, cursor, 1_000, answers);
            assertTrue(published >= 1 && published <= 16, "at most the ring: " + published);
            assertEquals(published, cursor.k);
        }
    }

    @Test
    void aTranslatorThatThrowsEndsTheBatchWithNothingHalfWritten() throws Exception
    {
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().build()))
        {
            final Cursor cursor = new Cursor();
            final Answers answers = new Answers();
            cursor.failAt = 3;
            assertThrows(IllegalStateException.class, () -> engine.tryPublishBatch(Cursor.WRITE, cursor, 8, answers));
            while (answers.count() < 8)
            {
                Thread.sleep(1);
            }
            assertEquals(List.of(ReasonCode.OK, ReasonCode.OK, ReasonCode.OK), answers.reasons.subList(0, 3));
            for (int i = 3; i < 8; i++)
            {
                assertEquals(ReasonCode.UNKNOWN_COMMAND, answers.reasons.get(i), "slot " + i);
            }
            final int[] skus = new int[1];
            engine.read(state -> skus[0] = state.skus().count()).get();
            assertEquals(2, skus[0], "only the commands before the failure applied");
        }
    }
}

package io.omnistock.core.crash;

import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandType;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.RecoveryReport;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.core.model.Cmd;
import io.omnistock.core.model.EngineProbe;
import io.omnistock.core.model.ReferenceModel;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.omnistock.core.model.EngineProbe.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process SIGKILLed in the middle of a journal append leaves a torn last record: part of the
 * payload written after the last complete record, and the queue's write lock held by a dead
 * process. That record was never acknowledged, so recovery must neither block on it nor return
 * it as a record, and the engine must be able to append after it.
 *
 * <p>What Chronicle Queue (2026.4) does, as observed with this test: the document's length
 * header stays 0 until the write completes (the payload is written first, then the header in
 * one store), so readers see the torn bytes as the end of the queue. On the next open, the write
 * lock in {@code metadata.cq4t} is force-released at once because its holder's PID is dead
 * (logged as a WARN by {@code TableStoreWriteLock}; were the PID reused by a live process,
 * Chronicle would wait its lock timeout, 10 s by default, then force it). The next append
 * overwrites the torn bytes and zeroes the header word after each record, so leftover torn bytes
 * beyond shorter new records are never read as a header. The 400-byte torn payload here is
 * longer than the records appended after it, to cover that case.
 */
class TornJournalTailTest
{
    private static final int WINDOW = 1 << 10;

    @TempDir
    Path dir;

    @Test
    void aTornLastRecordIsInvisibleAndTheJournalContinuesAfterIt() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final EngineConfig config = EngineConfig.builder().journalDir(journal).idempotencyWindow(WINDOW).build();
        final ReferenceModel model = new ReferenceModel(WINDOW);
        long id = 1;
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            for (final Cmd cmd : ReferenceModel.standardNetwork(id))
            {
                model.apply(cmd);
                assertEquals(ReasonCode.OK, await(engine.submit(cmd.toCommand())).reason());
            }
            id = 100;
            for (int i = 0; i < 50; i++)
            {
                final Cmd cmd = Cmd.stock(CommandType.RECEIVE, id++, i % 3, i % 3, 10 + i);
                model.apply(cmd);
                assertEquals(ReasonCode.OK, await(engine.submit(cmd.toCommand())).reason());
            }
        }
        final long intact = model.lastSequence();

        try (ChildJvm child = ChildJvm.start(TornWriteChild.class, dir.resolve("torn.stderr"), journal.toString(), "400"))
        {
            child.awaitLines("TORN", 1, 120);
            assertEquals(128 + 9, child.killForcibly(), "SIGKILL; stderr:\n" + child.stderrText());
        }

        // The torn record is not a record: reading stops before it, without blocking.
        assertEquals(intact, BoundedStep.run("reading the torn journal", () -> countRecords(journal)));

        // Recovery ignores it, and the first append after it must get through.
        final long started = System.nanoTime();
        final long checksum;
        try (OmnistockEngine engine = BoundedStep.run("recovering", () -> OmnistockEngine.start(config)))
        {
            final RecoveryReport report = engine.recoveryReport();
            assertEquals(intact, report.lastSequence(), "recovered sequence");
            EngineProbe.assertMatchesModel("after the torn write", engine, model, 1L << 50);
            final Cmd next = Cmd.stock(CommandType.RECEIVE, id++, 0, 0, 1);
            model.apply(next);
            final CommandResult result = await(engine.submit(next.toCommand()));
            assertEquals(ReasonCode.OK, result.reason(), "first append after the torn record");
            assertEquals(intact + 1, result.sequence());
            final Cmd another = Cmd.reserve(id, id, 1, 1, 2);
            model.apply(another);
            assertEquals(ReasonCode.OK, await(engine.submit(another.toCommand())).reason());
            checksum = await(engine.stateChecksum());
        }
        System.out.printf("torn tail: recovery and first append after it took %d ms%n",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

        // Records appended after the torn one are readable, and recovery replays them.
        assertEquals(intact + 2, BoundedStep.run("reading the continued journal", () -> countRecords(journal)));
        try (OmnistockEngine engine = BoundedStep.run("recovering again", () -> OmnistockEngine.start(config)))
        {
            assertEquals(intact + 2, engine.recoveryReport().lastSequence());
            assertTrue(engine.recoveryReport().problems().isEmpty(), engine.recoveryReport().problems()::toString);
            assertEquals(checksum, await(engine.stateChecksum()));
            EngineProbe.assertMatchesModel("after restarting", engine, model, 1L << 50);
        }
    }

    private static long countRecords(final Path journal)
    {
        long count = 0;
        try (ChronicleQueue queue = Journal.open(journal, false);
             JournalReader reader = new JournalReader(queue))
        {
            final CommandSlot slot = new CommandSlot();
            while (reader.next(slot))
            {
                count++;
            }
        }
        return count;
    }
}

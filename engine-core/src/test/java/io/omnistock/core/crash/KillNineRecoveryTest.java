package io.omnistock.core.crash;

import io.omnistock.core.JournalThread;
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
import io.omnistock.core.model.ModelAssertions;
import io.omnistock.core.model.ReferenceModel;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.omnistock.core.model.EngineProbe.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 in the middle of a command stream loses nothing that was acknowledged.
 *
 * <p>A child JVM ({@link CrashChild}) runs the engine on a journal in a temp directory and prints
 * each command id as soon as its future completes; after at least 2,000 acknowledgements the
 * test SIGKILLs it. Then, in this JVM: every acknowledged command is in the journal at the
 * sequence and with the reason it was acknowledged with; the reference model fed the journaled
 * prefix agrees with every journaled decision; the engine recovers (snapshot + tail) to exactly
 * the model's positions; acknowledged commands are remembered (a retry is a duplicate); and
 * the recovered engine accepts new commands. Then a second child continues on the same journal
 * and is killed again, and everything is checked again over the whole journal.
 */
class KillNineRecoveryTest
{
    private static final int ACKS_BEFORE_KILL = 2_000;
    private static final int SIGKILL_EXIT = 128 + 9;
    private static final int WINDOW = 1 << 20;
    private static final Pattern ACK = Pattern.compile("^ACK (-?\\d+) ([A-Z_]+) (\\d+) \\$$");

    @TempDir
    Path dir;

    /** A journal record: the command, its sequence and the decision recorded with it. */
    private record Journaled(long sequence, Cmd cmd, ReasonCode reason, ReasonCode originalReason)
    {
    }

    /** An acknowledgement read from the child. */
    private record Ack(long commandId, ReasonCode reason, long sequence)
    {
    }

    @Test
    void acknowledgedCommandsSurviveKillNineTwice() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final List<Ack> acks = new ArrayList<>();

        // The first child journals on a thread of its own, the second on its single writer: each
        // must keep what it acknowledged, and each recovers the other's journal.
        acks.addAll(runAndKill(journal, 1_000_000, 42, JournalThread.OWN, "round-1"));
        final long afterRound1 = verifyRecovery(journal, acks, 5_000_000, "after kill 1");

        acks.addAll(runAndKill(journal, 2_000_000, 4242, JournalThread.WRITER, "round-2"));
        final long afterRound2 = verifyRecovery(journal, acks, 6_000_000, "after kill 2");
        assertTrue(afterRound2 > afterRound1 + ACKS_BEFORE_KILL, "the second child appended to the same journal");
    }

    private List<Ack> runAndKill(
        final Path journal, final long firstId, final long seed, final JournalThread journalThread, final String name)
        throws Exception
    {
        final List<Ack> acks = new ArrayList<>();
        try (ChildJvm child = ChildJvm.start(CrashChild.class, dir.resolve(name + ".stderr"), journal.toString(),
            Long.toString(firstId), Long.toString(seed), journalThread.name()))
        {
            child.awaitLines("READY", 1, 120);
            child.awaitLines("ACK", ACKS_BEFORE_KILL, 120);
            assertTrue(child.process().isAlive(), "the child was still running when killed");
            final int exit = child.killForcibly();
            assertEquals(SIGKILL_EXIT, exit, "destroyForcibly must be SIGKILL (exit 137); stderr:\n" +
                child.stderrText());
            for (final String line : child.lines())
            {
                if (line.startsWith("READY"))
                {
                    continue;
                }
                final Matcher m = ACK.matcher(line);
                assertTrue(m.matches(), "malformed line from the child: " + line);
                acks.add(new Ack(Long.parseLong(m.group(1)), ReasonCode.valueOf(m.group(2)),
                    Long.parseLong(m.group(3))));
            }
        }
        assertTrue(acks.size() >= ACKS_BEFORE_KILL, "acknowledgements read: " + acks.size());
        return acks;
    }

    /**
     * @return the last journaled sequence after this round's own extra commands.
     */
    private long verifyRecovery(final Path journal, final List<Ack> acks, final long newIds, final String context)
        throws Exception
    {
        // 1. The journal reads to its end, without blocking, and without gaps.
        final List<Journaled> records = BoundedStep.run(context + ": reading the journal", () -> readJournal(journal));
        for (int i = 0; i < records.size(); i++)
        {
            assertEquals(i + 1, records.get(i).sequence(), context + ": journal sequences are dense from 1");
        }

        // 2. Every acknowledged command is in it, at its sequence, with the acknowledged reason.
        for (final Ack ack : acks)
        {
            assertTrue(ack.sequence() >= 1 && ack.sequence() <= records.size(), context + ": acknowledged sequence " +
                ack.sequence() + " is not in the journal, which ends at " + records.size());
            final Journaled record = records.get((int)ack.sequence() - 1);
            assertEquals(ack.commandId(), record.cmd().commandId(), context + ": command id at sequence " +
                ack.sequence());
            assertEquals(ack.reason(), record.reason(), context + ": reason of acknowledged command " +
                ack.commandId());
        }

        // 3. The reference model fed the journaled prefix makes every journaled decision.
        final ReferenceModel model = new ReferenceModel(WINDOW);
        final Map<Long, Cmd> byId = new HashMap<>();
        for (final Journaled record : records)
        {
            final ReferenceModel.Outcome outcome = model.apply(record.cmd());
            assertEquals(record.reason(), outcome.reason(), context + ": model vs journal at " + record.sequence() +
                " " + record.cmd());
            assertEquals(record.originalReason(), outcome.originalReason(), context + ": original reason at " +
                record.sequence());
            byId.putIfAbsent(record.cmd().commandId(), record.cmd());
        }

        final EngineConfig config = EngineConfig.builder().journalDir(journal).build();
        try (OmnistockEngine engine = BoundedStep.run(context + ": starting the engine", () -> OmnistockEngine.start(config)))
        {
            // 4. Recovery restores exactly the journal, and the model's positions.
            final RecoveryReport report = engine.recoveryReport();
            assertEquals(records.size(), report.lastSequence(), context + ": recovered sequence; " + report);
            assertTrue(report.problems().isEmpty(), context + ": recovery problems " + report.problems());
            assertEquals(records.size() - report.snapshotSequence(), report.replayedCommands(), context + ": tail");
            EngineProbe.assertMatchesModel(context, engine, model, 1L << 50);
            System.out.printf("%s: %d acknowledged in total, %d journaled (%d journaled but never acknowledged), " +
                    "recovered from %s + %d replayed%n", context, acks.size(), records.size(),
                records.size() - acks.stream().mapToLong(Ack::sequence).max().orElse(0), report.snapshot(),
                report.replayedCommands());

            // 5. Acknowledged commands are remembered: retries are duplicates with the original reason.
            final Random random = new Random(7);
            final List<Ack> probes = new ArrayList<>();
            probes.add(acks.get(acks.size() - 1));
            for (int i = 0; i < 100; i++)
            {
                probes.add(acks.get(random.nextInt(acks.size())));
            }
            for (final Ack ack : probes)
            {
                final Cmd retry = byId.get(ack.commandId());
                final CommandResult result = await(engine.submit(retry.toCommand()));
                assertEquals(ReasonCode.DUPLICATE_COMMAND, result.reason(), context + ": retry of " + retry);
                ModelAssertions.assertResult(context + " retry", retry, model.apply(retry), result);
            }

            // 6. The recovered engine accepts new commands.
            final List<Cmd> fresh = List.of(
                Cmd.stock(CommandType.RECEIVE, newIds, 0, 0, 500),
                Cmd.reserve(newIds + 1, newIds + 1, 0, 0, 7),
                Cmd.fulfil(newIds + 2, newIds + 1, 7),
                Cmd.transferOut(newIds + 3, 0, 2, 1, 0),
                Cmd.stock(CommandType.RETURN, newIds + 4, 2, 2, 3));
            for (final Cmd cmd : fresh)
            {
                final ReferenceModel.Outcome expected = model.apply(cmd);
                final CommandResult result = await(engine.submit(cmd.toCommand()));
                ModelAssertions.assertResult(context + " new command", cmd, expected, result);
            }
            final CommandResult receipt = await(engine.submit(
                Cmd.stock(CommandType.RECEIVE, newIds + 5, 1, 1, 1).toCommand()));
            assertEquals(ReasonCode.OK, receipt.reason(), context + ": a new receipt");
            assertEquals(model.lastSequence() + 1, receipt.sequence(), context + ": sequencing continues");
            model.apply(Cmd.stock(CommandType.RECEIVE, newIds + 5, 1, 1, 1));
            EngineProbe.assertMatchesModel(context + " after new commands", engine, model, 1L << 51);
            return model.lastSequence();
        }
    }

    private static List<Journaled> readJournal(final Path journal)
    {
        final List<Journaled> records = new ArrayList<>();
        try (ChronicleQueue queue = Journal.open(journal, false);
             JournalReader reader = new JournalReader(queue))
        {
            final CommandSlot slot = new CommandSlot();
            while (reader.next(slot))
            {
                records.add(new Journaled(slot.sequence, Cmd.fromSlot(slot), slot.reason, slot.originalReason));
            }
        }
        return records;
    }
}

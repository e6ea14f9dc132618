package io.omnistock.cluster;

import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.JournalReplayer;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.core.state.CommandProcessor;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.LogicVersion;
import io.omnistock.core.state.Sequencer;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replicated engine decides exactly as a single embedded engine (the same CommandProcessor and
 * Sequencer, fed the same commands one by one with the same times), whatever the batching; and its
 * local journal replays, verified record by record, to the same state.
 */
class ReplicatedEngineTest
{
    private static final long START_MILLIS = 1_767_225_600_000L;
    private static final int WINDOW = 1 << 12;

    @TempDir
    Path dir;

    static EngineState freshState()
    {
        return freshState(WINDOW);
    }

    static EngineState freshState(final int idempotencyWindow)
    {
        final EngineState state = OmnistockClusteredService.newState(idempotencyWindow);
        state.startInLogic(LogicVersion.LATEST);
        return state;
    }

    /** The single embedded engine the members are compared with. */
    private static final class Single
    {
        final EngineState state = freshState();
        final CommandProcessor processor = new CommandProcessor(state);
        final Sequencer sequencer = new Sequencer(state);
        final CommandSlot slot = new CommandSlot();

        CommandResult apply(final Command command, final long now)
        {
            slot.clearInput();
            command.writeTo(slot);
            sequencer.stamp(slot, now);
            processor.apply(slot);
            return CommandResult.copyOf(slot);
        }

        void expire(final long now)
        {
            slot.clearInput();
            slot.expireHolds();
            sequencer.stamp(slot, now);
            processor.apply(slot);
        }
    }

    @Test
    void seededWorkloadsDecideAsOneEmbeddedEngine() throws Exception
    {
        for (long seed = 1; seed <= 5; seed++)
        {
            final Path journalDir = dir.resolve("journal-" + seed);
            final LocalJournal journal = new LocalJournal(journalDir, false);
            final EngineState state = freshState();
            journal.open(state);
            final Single single = new Single();
            final Random random = new Random(seed);
            int expiries = 0;
            try (ReplicatedEngine engine = new ReplicatedEngine(state, journal))
            {
                final List<Command> commands = new ArrayList<>(Workload.setup());
                final Workload workload = new Workload(seed, 10_000);
                for (int i = 0; i < 600; i++)
                {
                    commands.add(workload.next());
                }
                long now = START_MILLIS;
                long batchId = 1;
                for (int at = 0; at < commands.size(); )
                {
                    now += random.nextInt(120);
                    // The cluster's timer fires once the earliest hold is due, stamped with its time.
                    if (engine.nextTimedWork() <= now)
                    {
                        assertEquals(single.state.nextTimedWork(), engine.nextTimedWork());
                        engine.onTimer(now);
                        single.expire(now);
                        expiries++;
                    }
                    final List<Command> batch = commands.subList(at, Math.min(commands.size(), at + 1 + random.nextInt(20)));
                    final Messages.Answers answers = Messages.send(engine, now, Messages.commands(batchId++, batch));
                    final List<CommandResult> expected = new ArrayList<>();
                    for (final Command c : batch)
                    {
                        expected.add(single.apply(c, now));
                    }
                    assertEquals(expected, answers.results, "seed " + seed + " at command " + at);
                    at += batch.size();
                }
                assertEquals(single.state.checksum(), state.checksum(), "seed " + seed);
                assertEquals(single.state.lastSequence(), journal.lastSequence());
            }
            assertTrue(expiries > 0, "the workload must exercise hold expiry");
            assertEquals(single.state.checksum(), replayJournal(journalDir).checksum(), "journal of seed " + seed);
        }
    }

    /** Replays a journal from empty, checking every record against what this build decides. */
    static EngineState replayJournal(final Path journalDir)
    {
        return replayJournal(journalDir, WINDOW);
    }

    static EngineState replayJournal(final Path journalDir, final int idempotencyWindow)
    {
        return replayJournal(journalDir, idempotencyWindow, Long.MAX_VALUE);
    }

    /** Replays up to and including {@code toSequence}. */
    static EngineState replayJournal(final Path journalDir, final int idempotencyWindow, final long toSequence)
    {
        final EngineState replayed = freshState(idempotencyWindow);
        try (ChronicleQueue queue = Journal.open(journalDir, false); JournalReader reader = new JournalReader(queue))
        {
            new JournalReplayer(new CommandProcessor(replayed)).replay(reader, toSequence, true);
        }
        return replayed;
    }

    @Test
    void aMalformedMessageIsRefusedWholeAndChangesNothing()
    {
        final EngineState state = freshState();
        try (ReplicatedEngine engine = new ReplicatedEngine(state, null))
        {
            Messages.send(engine, START_MILLIS, Messages.commands(1, Workload.setup().subList(0, 20)));
            final long checksum = state.checksum();
            final long sequence = state.lastSequence();
            final byte[] good = Messages.commands(2, List.of(io.omnistock.api.Commands.receive(500, 0, 0, 5),
                io.omnistock.api.Commands.receive(501, 0, 1, 5)));
            // Every truncation of a good message, and the message with any one byte flipped.
            for (int length = 0; length < good.length; length++)
            {
                final Messages.Answers answers = Messages.send(engine, START_MILLIS + 1, java.util.Arrays.copyOf(good, length));
                assertEquals(1, answers.rejections.size(), "truncated to " + length);
                assertTrue(answers.results.isEmpty());
            }
            // Byte 2 is the batch id (a client's label, any value is valid); every other byte matters.
            for (int i = 0; i < good.length; i++)
            {
                if (i == 2)
                {
                    continue;
                }
                final byte[] bad = good.clone();
                bad[i] ^= 0x5A;
                final Messages.Answers answers = Messages.send(engine, START_MILLIS + 1, bad);
                assertEquals(1, answers.rejections.size() + (answers.results.isEmpty() ? 0 : 1), "byte " + i);
                assertTrue(answers.results.isEmpty(), "a flipped byte " + i + " was applied");
            }
            final byte[] oversize = java.util.Arrays.copyOf(good, IngressCodec.MAX_MESSAGE_BYTES + 1);
            assertEquals(List.of(ReasonCode.MALFORMED_MESSAGE), Messages.send(engine, START_MILLIS, oversize).rejections);
            assertEquals(checksum, state.checksum());
            assertEquals(sequence, state.lastSequence());

            // The good message itself is applied.
            final Messages.Answers applied = Messages.send(engine, START_MILLIS + 2, good);
            assertEquals(2, applied.results.size());
            assertNotEquals(checksum, state.checksum());
        }
    }
}

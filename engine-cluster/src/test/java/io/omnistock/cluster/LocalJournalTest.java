package io.omnistock.cluster;

import io.omnistock.api.Command;
import io.omnistock.core.JournalReplayer;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.core.snapshot.SnapshotStore;
import io.omnistock.core.state.CommandProcessor;
import io.omnistock.core.state.EngineState;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A member's local journal after a restart: the cluster's log replays what follows the member's
 * snapshot (or everything), and the journal ends up holding every sequence exactly once, in order,
 * replaying verified to the member's state. Covered: a member that died after the cluster committed
 * commands but before its own append, one restarting from a snapshot behind its journal, and one
 * whose snapshot is ahead of its journal.
 */
class LocalJournalTest
{
    private static final long START_MILLIS = 1_767_225_600_000L;
    private static final int MESSAGES = 12;

    @TempDir
    Path dir;

    /** The cluster's log: the same messages at the same times, for every member and every replay. */
    private final List<byte[]> log = new ArrayList<>();

    LocalJournalTest()
    {
        final List<Command> commands = new ArrayList<>(Workload.setup());
        final Workload workload = new Workload(7, 10_000);
        while (commands.size() < MESSAGES * 25)
        {
            commands.add(workload.next());
        }
        for (int m = 0; m < MESSAGES; m++)
        {
            log.add(Messages.commands(m + 1, commands.subList(m * 25, (m + 1) * 25)));
        }
    }

    private static long time(final int message)
    {
        return START_MILLIS + message * 50L;
    }

    /** Applies log messages [from, to) to the engine. */
    private void play(final ReplicatedEngine engine, final int from, final int to)
    {
        for (int m = from; m < to; m++)
        {
            Messages.send(engine, time(m), log.get(m));
        }
    }

    /** The state the whole log leads to, on a member with no journal. */
    private long finalChecksum()
    {
        try (ReplicatedEngine reference = new ReplicatedEngine(ReplicatedEngineTest.freshState(), null))
        {
            play(reference, 0, MESSAGES);
            return reference.state().checksum();
        }
    }

    /** A snapshot taken after the first {@code messages} messages, as a member would stream it. */
    private byte[] snapshotAfter(final int messages)
    {
        try (ReplicatedEngine engine = new ReplicatedEngine(ReplicatedEngineTest.freshState(), null))
        {
            play(engine, 0, messages);
            return engine.snapshot();
        }
    }

    /** A member that ran the first {@code messages} messages with its journal, then died. */
    private Path journalThrough(final int messages)
    {
        final Path journalDir = dir.resolve("journal");
        final EngineState state = ReplicatedEngineTest.freshState();
        final LocalJournal journal = new LocalJournal(journalDir, false);
        journal.open(state);
        try (ReplicatedEngine engine = new ReplicatedEngine(state, journal))
        {
            play(engine, 0, messages);
        }
        return journalDir;
    }

    /** Restarts the member: state from the snapshot (or empty), then the log after it. */
    private ReplicatedEngine restart(final Path journalDir, final byte[] snapshot, final int snapshotMessages)
        throws Exception
    {
        final EngineState state = ReplicatedEngineTest.freshState();
        final EngineState loaded = OmnistockClusteredService.newState(1 << 12);
        if (snapshot != null)
        {
            ReplicatedEngine.load(snapshot, loaded);
        }
        final LocalJournal journal = new LocalJournal(journalDir, false);
        journal.open(snapshot == null ? state : loaded);
        final ReplicatedEngine engine = new ReplicatedEngine(snapshot == null ? state : loaded, journal);
        play(engine, snapshot == null ? 0 : snapshotMessages, MESSAGES);
        return engine;
    }

    /** Every sequence from {@code first}, once, in order (the reader refuses gaps and repeats). */
    private static long assertNoGap(final Path journalDir, final long first)
    {
        final CommandSlot record = new CommandSlot();
        long expected = first;
        try (ChronicleQueue queue = Journal.open(journalDir, false); JournalReader reader = new JournalReader(queue))
        {
            while (reader.next(record))
            {
                assertEquals(expected, record.sequence);
                expected++;
            }
        }
        return expected - 1;
    }

    @Test
    void diedAfterCommitBeforeItsOwnAppendCatchesUpFromTheLog() throws Exception
    {
        final Path journalDir = journalThrough(5);
        try (ReplicatedEngine engine = restart(journalDir, null, 0))
        {
            assertEquals(engine.state().lastSequence(), assertNoGap(journalDir, 1));
            assertEquals(finalChecksum(), engine.state().checksum());
        }
        assertEquals(finalChecksum(), ReplicatedEngineTest.replayJournal(journalDir).checksum());
    }

    @Test
    void aSnapshotBehindTheJournalReappliesWithoutAppendingTwice() throws Exception
    {
        final Path journalDir = journalThrough(8);
        try (ReplicatedEngine engine = restart(journalDir, snapshotAfter(3), 3))
        {
            assertEquals(engine.state().lastSequence(), assertNoGap(journalDir, 1));
            assertEquals(finalChecksum(), engine.state().checksum());
        }
        assertEquals(finalChecksum(), ReplicatedEngineTest.replayJournal(journalDir).checksum());
    }

    @Test
    void aSnapshotAheadOfTheJournalStartsANewJournalAfterIt() throws Exception
    {
        final Path journalDir = journalThrough(3);
        final byte[] snapshot = snapshotAfter(7);
        final EngineState atSnapshot = OmnistockClusteredService.newState(1 << 12);
        ReplicatedEngine.load(snapshot, atSnapshot);
        try (ReplicatedEngine engine = restart(journalDir, snapshot, 7))
        {
            assertEquals(engine.state().lastSequence(), assertNoGap(journalDir, atSnapshot.lastSequence() + 1));
        }
        // The old journal is kept, whole, beside the new one.
        try (Stream<Path> siblings = Files.list(dir))
        {
            assertTrue(siblings.anyMatch(p -> p.getFileName().toString().startsWith("journal.before-" +
                atSnapshot.lastSequence())));
        }
        // The tools replay the new journal from the snapshot written beside it, verified, to the member's state.
        final SnapshotStore.Loaded loaded = new SnapshotStore(journalDir.resolve("snapshots"), 2)
            .loadNewest(() -> OmnistockClusteredService.newState(1 << 12), new ArrayList<>());
        assertNotNull(loaded);
        assertEquals(atSnapshot.lastSequence(), loaded.sequence());
        try (ChronicleQueue queue = Journal.open(journalDir, false); JournalReader reader = new JournalReader(queue))
        {
            new JournalReplayer(new CommandProcessor(loaded.state())).replay(reader, Long.MAX_VALUE, true);
        }
        assertEquals(finalChecksum(), loaded.state().checksum());
    }
}

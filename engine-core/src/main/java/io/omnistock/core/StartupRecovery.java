package io.omnistock.core;

import io.omnistock.core.journal.DamagedTail;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.snapshot.SnapshotStore;
import io.omnistock.core.state.CommandProcessor;
import io.omnistock.core.state.EngineState;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link OmnistockEngine#start} does before the engine takes a command: load the newest valid
 * snapshot, lock the journal directory, open the journal and replay (and verify) what it holds after
 * the snapshot, setting a damaged tail aside. What it found is handed to the engine, which wires its
 * stages over the recovered state and processor and owns the journal and its lock from then on.
 */
final class StartupRecovery
{
    /** The engine's logger, as before this was a class of its own: operators filter the recovery lines by it. */
    private static final Logger LOG = LoggerFactory.getLogger(OmnistockEngine.class);

    final SnapshotStore snapshots;
    final SnapshotStore.Loaded loaded;
    final EngineState state;
    final CommandProcessor processor;
    /** Null when the engine runs without a journal. */
    final ChronicleQueue queue;
    /** Null when the engine runs without a journal. */
    final JournalLock lock;
    final long replayed;
    final DamagedTail damagedTail;
    final List<String> problems;
    final long snapshotLoadMillis;
    final long replayMillis;

    /**
     * Recovers; on failure nothing stays open or locked.
     *
     * @throws io.omnistock.core.journal.JournalException if the journal cannot be trusted.
     */
    StartupRecovery(final EngineConfig config, final RecoveryProgress progress)
    {
        problems = new ArrayList<>();
        snapshots = config.snapshotDir() == null ? null : new SnapshotStore(config.snapshotDir(), config.snapshotsToKeep());
        final long loadStart = System.nanoTime();
        loaded = snapshots == null ? null : snapshots.loadNewest(() -> newState(config), problems);
        snapshotLoadMillis = (System.nanoTime() - loadStart) / 1_000_000;
        state = loaded != null ? loaded.state() : newState(config);
        processor = new CommandProcessor(state);

        lock = config.journalDir() == null ? null : JournalLock.acquire(config.journalDir());
        long replayedCommands = 0;
        DamagedTail damaged = null;
        final long replayStart = System.nanoTime();
        try
        {
            ChronicleQueue opened = config.journalDir() == null ? null :
                Journal.open(config.journalDir(), config.durability().syncs());
            try
            {
                final JournalRecovery.Recovered recovered =
                    opened == null ? null : JournalRecovery.recover(opened, processor, loaded, problems, progress);
                replayedCommands = recovered == null ? 0 : recovered.replayed();
                damaged = recovered == null ? null : recovered.damagedTail();
                if (damaged != null)
                {
                    // Rewritten with the queue closed, so no Chronicle state of the old end survives.
                    opened.close();
                    opened = null;
                    problems.add(JournalRecovery.setAside(damaged, config));
                    opened = Journal.open(config.journalDir(), config.durability().syncs());
                }
            }
            catch (final RuntimeException e)
            {
                if (opened != null)
                {
                    opened.close();
                }
                throw e;
            }
            queue = opened;
        }
        catch (final RuntimeException e)
        {
            if (lock != null)
            {
                lock.release();
            }
            throw e;
        }
        finally
        {
            progress.finished();
        }
        replayed = replayedCommands;
        damagedTail = damaged;
        replayMillis = (System.nanoTime() - replayStart) / 1_000_000;
        LOG.info("recovery: snapshot {} loaded in {} ms ({} positions); {} journaled commands replayed and verified " +
            "in {} ms", loaded == null ? "none" : loaded.file().getFileName(), snapshotLoadMillis,
            state.ledger().size(), replayed, replayMillis);
    }

    /** An empty state, in the configured logic version: the one a new journal starts in. */
    private static EngineState newState(final EngineConfig config)
    {
        final EngineState state =
            new EngineState(config.expectedPositions(), config.expectedReservations(), config.idempotencyWindow());
        state.startInLogic(config.logicVersion());
        return state;
    }
}

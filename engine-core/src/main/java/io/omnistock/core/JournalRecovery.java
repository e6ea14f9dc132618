package io.omnistock.core;

import io.omnistock.core.journal.DamagedTail;
import io.omnistock.core.journal.DamagedTailRepair;
import io.omnistock.core.journal.JournalException;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.core.snapshot.SnapshotStore;
import io.omnistock.core.state.CommandProcessor;
import net.openhft.chronicle.queue.ChronicleQueue;

import java.nio.file.Path;
import java.util.List;

/**
 * Recovery's journal half: replays the journal after the loaded snapshot, refusing a journal that
 * cannot be trusted, and sets a torn last document aside. {@link OmnistockEngine} runs it at start.
 */
final class JournalRecovery
{
    private JournalRecovery()
    {
    }

    /**
     * Replays the journal after the snapshot.
     *
     * @return the commands replayed, and the journal's damaged last document if reading ended
     *     before one; the journal is not changed here.
     */
    static Recovered recover(
        final ChronicleQueue queue, final CommandProcessor processor, final SnapshotStore.Loaded snapshot,
        final List<String> problems, final RecoveryProgress progress)
    {
        progress.started(snapshot == null ? 0 : snapshot.sequence(), JournalReader.lastSequence(queue));
        try (JournalReader reader = new JournalReader(queue))
        {
            boolean anchored = false;
            if (snapshot != null && snapshot.journalIndex() >= 0)
            {
                anchored = reader.seekAfter(snapshot.journalIndex(), snapshot.sequence());
                if (!anchored)
                {
                    problems.add("snapshot " + snapshot.file().getFileName() +
                        " points at a journal position that does not hold its sequence; scanning the journal");
                }
            }
            final JournalReplayer replayer = new JournalReplayer(processor, progress);
            final long replayed = replayer.replay(reader, Long.MAX_VALUE, true);
            final DamagedTail tail = reader.damagedTail();
            if (tail != null && snapshot != null && snapshot.sequence() > tail.lastSequence())
            {
                // The journal is the source of truth and would resume below the snapshot: refused,
                // with the journal untouched, for a person to choose between the two.
                throw new JournalException("snapshot " + snapshot.file() + " covers sequence " + snapshot.sequence() +
                    ", but " + tail.describe() + ". The commands after sequence " + tail.lastSequence() +
                    " up to " + snapshot.sequence() + " are only in the snapshot. Nothing was changed. To start " +
                    "from the journal and lose them, move the snapshots past sequence " + tail.lastSequence() +
                    " out of " + snapshot.file().getParent() + " and start again");
            }
            if (snapshot != null && snapshot.sequence() > 0 && !anchored &&
                replayer.highestSequenceSeen() < snapshot.sequence())
            {
                throw new JournalException("snapshot " + snapshot.file() + " covers sequence " +
                    snapshot.sequence() + " but the journal ends at " + replayer.highestSequenceSeen() +
                    ": the journal is missing acknowledged commands");
            }
            return new Recovered(replayed, tail);
        }
    }

    record Recovered(long replayed, DamagedTail damagedTail)
    {
    }

    /**
     * Copies the damaged last document's cycle file aside, neutralises the document in place, and
     * says what was lost.
     *
     * @return the finding for the recovery report, logged with the other problems.
     */
    static String setAside(final DamagedTail tail, final EngineConfig config)
    {
        final Path copy = DamagedTailRepair.setAside(tail, java.time.Instant.now());
        return "torn journal tail: " + tail.describe() + ". The cycle file as it was is copied to " + copy +
            "; the damaged document is set aside in place (its bytes kept, marked as Chronicle metadata), and the " +
            "journal goes on from sequence " + (tail.lastSequence() + 1) + ". " + config.durability().powerLossBound();
    }
}

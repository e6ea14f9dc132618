package io.omnistock.cluster;

import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.core.journal.JournalWriter;
import io.omnistock.core.snapshot.SnapshotStore;
import io.omnistock.core.state.EngineState;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A member's own Chronicle journal: a projection of what the member applied, in the embedded
 * engine's format, so every journal tool works on any member. The cluster's log (in Aeron's
 * archive) is the source of truth; this journal follows it by sequence, never by queue index,
 * since queue indexes are member-local.
 *
 * <p>It may lag the member's state: the member died after the cluster committed commands but
 * before it appended them, or it started from a snapshot. Commands the log replays after the
 * snapshot are appended only past the journal's last sequence, so the journal never has a gap
 * or a record twice. A journal that ends before the snapshot the member started from cannot be
 * completed from the log (the log replays only what follows the snapshot): it is set aside, whole,
 * and a new journal starts after the snapshot, which is also written to the journal's snapshot
 * directory so the tools replay the new journal from it.
 *
 * <p>Owned by the service thread (Chronicle appenders belong to the thread that creates them).
 */
final class LocalJournal implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(LocalJournal.class);
    private static final int SNAPSHOTS_TO_KEEP = 2;

    private final Path dir;
    private final boolean sync;
    private final Path snapshotDir;
    private final SnapshotStore snapshots;
    private ChronicleQueue queue;
    private JournalWriter writer;
    private long lastSequence;
    private boolean failed;
    private int unflushed;

    /**
     * @param dir  the journal directory; snapshots for the tools go to its {@code snapshots} subdirectory.
     * @param sync whether each flush forces the journal to the device.
     */
    LocalJournal(final Path dir, final boolean sync)
    {
        this.dir = dir;
        this.sync = sync;
        this.snapshotDir = dir.resolve("snapshots");
        this.snapshots = new SnapshotStore(snapshotDir, SNAPSHOTS_TO_KEEP);
    }

    /**
     * Opens the journal for a member whose state is {@code state} (empty, or loaded from a snapshot).
     */
    void open(final EngineState state)
    {
        queue = Journal.open(dir, sync);
        final long journaled = JournalReader.lastSequence(queue);
        if (journaled < state.lastSequence())
        {
            queue.close();
            final Path aside = setAside(journaled, state.lastSequence());
            LOG.warn("local journal {} ends at sequence {} but this member starts from a snapshot at {}: the log " +
                "cannot fill the gap, so the journal was moved to {} and a new one starts after the snapshot " +
                "(written to {} for the tools)", dir, journaled, state.lastSequence(), aside, snapshotDir);
            queue = Journal.open(dir, sync);
            writer = new JournalWriter(queue, state.logicVersion());
            snapshots.write(state, -1);
            lastSequence = state.lastSequence();
        }
        else
        {
            writer = new JournalWriter(queue, state.logicVersion());
            lastSequence = journaled;
            if (journaled > state.lastSequence())
            {
                LOG.info("local journal {} holds sequences to {}; the log's replay re-applies {} to {} without " +
                    "appending them", dir, journaled, state.lastSequence() + 1, journaled);
            }
        }
    }

    private Path setAside(final long journaled, final long snapshotSequence)
    {
        final Path aside = dir.resolveSibling(dir.getFileName() + ".before-" + snapshotSequence + "-ended-" + journaled +
            "-" + System.currentTimeMillis());
        try
        {
            Files.move(dir, aside);
            Files.createDirectories(dir);
            return aside;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot set aside local journal " + dir, e);
        }
    }

    /**
     * Adds an applied, journaled command unless the journal already holds it.
     */
    void append(final CommandSlot command)
    {
        if (failed || command.sequence <= lastSequence)
        {
            return;
        }
        if (command.sequence != lastSequence + 1)
        {
            fail(new IllegalStateException("local journal ends at sequence " + lastSequence + " but the next " +
                "command applied is " + command.sequence));
            return;
        }
        try
        {
            writer.append(command);
            lastSequence = command.sequence;
            unflushed++;
        }
        catch (final RuntimeException e)
        {
            fail(e);
        }
    }

    /** Writes out what was appended (and forces it, with sync on). */
    void flush()
    {
        if (failed || unflushed == 0)
        {
            return;
        }
        try
        {
            writer.flush();
            if (sync)
            {
                writer.sync();
            }
            unflushed = 0;
        }
        catch (final RuntimeException e)
        {
            fail(e);
        }
    }

    /**
     * Writes a snapshot of {@code state} for the tools, pointing into this journal. The journal is
     * flushed first, so the snapshot holds nothing the journal lacks.
     */
    void snapshot(final EngineState state)
    {
        flush();
        if (failed || lastSequence != state.lastSequence())
        {
            return;
        }
        try
        {
            snapshots.write(state, writer.lastIndex());
        }
        catch (final RuntimeException e)
        {
            LOG.warn("could not write a local snapshot to {}", snapshotDir, e);
        }
    }

    /**
     * The member's state is the cluster's; this journal only follows it. A journal that cannot be
     * written stops following (its commands stay in the cluster's log) and catches up on restart.
     */
    private void fail(final Throwable cause)
    {
        failed = true;
        LOG.error("local journal {} stopped at sequence {}: {}. The member keeps serving from the cluster's log; " +
            "restart it to bring the journal up to date", dir, lastSequence, cause.toString(), cause);
    }

    long lastSequence()
    {
        return lastSequence;
    }

    boolean failed()
    {
        return failed;
    }

    @Override
    public void close()
    {
        if (writer != null)
        {
            try
            {
                flush();
                writer.close();
            }
            catch (final RuntimeException e)
            {
                LOG.warn("closing local journal {}", dir, e);
            }
        }
        if (queue != null)
        {
            queue.close();
        }
    }
}

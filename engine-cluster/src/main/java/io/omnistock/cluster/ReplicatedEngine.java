package io.omnistock.cluster;

import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandType;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.snapshot.SnapshotStore;
import io.omnistock.core.state.CommandProcessor;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.Sequencer;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.ToIntFunction;

/**
 * The engine as a replicated state machine, free of Aeron: what a member does with each committed
 * ingress message and each timer, and how its state goes in and out of a snapshot. The same
 * {@link CommandProcessor} and {@link Sequencer} as the embedded engine decide every command; the
 * only time they see is the cluster's timestamp of the message (or the timer), so every member,
 * and every replay of the log, decides the same.
 *
 * <p>Not thread-safe: the service thread owns it.
 */
final class ReplicatedEngine implements AutoCloseable
{
    /** "OMNICLUS" little-endian: first field of a cluster snapshot. */
    static final long SNAPSHOT_MAGIC = 0x53554C43494E4D4FL;
    /** Results are sent in messages of about this size, well below the egress's largest message. */
    static final int EGRESS_CHUNK_BYTES = 16 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedEngine.class);

    /** Where a member's answers go: the session that sent the message (only the leader's reach it). */
    @FunctionalInterface
    interface Egress
    {
        void send(DirectBuffer buffer, int offset, int length);
    }

    /** Sees each checksum request as applied: every member at the same point of the log. */
    @FunctionalInterface
    interface ChecksumObserver
    {
        void checksum(long sequence, long checksum);
    }

    private final EngineState state;
    private final CommandProcessor processor;
    private final Sequencer sequencer;
    private final LocalJournal journal;
    private final IngressDecoder ingress;
    private final EgressCodec egressCodec = new EgressCodec();
    private final ExpandableArrayBuffer egressBuffer = new ExpandableArrayBuffer(EGRESS_CHUNK_BYTES * 2);
    private final CommandSlot timerSlot = new CommandSlot();
    private final CommandSlot querySlot = new CommandSlot();
    private ChecksumObserver checksumObserver = (sequence, checksum) -> { };

    /**
     * @param journal the member's local journal, opened; or null for none (tests).
     */
    ReplicatedEngine(final EngineState state, final LocalJournal journal)
    {
        this(state, journal, CommandType::firstLogicVersion);
    }

    /**
     * @param firstLogicVersion each command type's first logic version: the schema's, or a test's
     *     stand-in (no command of this build has one above 1 yet).
     */
    ReplicatedEngine(final EngineState state, final LocalJournal journal, final ToIntFunction<CommandType> firstLogicVersion)
    {
        this.state = state;
        this.ingress = new IngressDecoder(state::logicVersion, firstLogicVersion);
        this.processor = new CommandProcessor(state);
        this.sequencer = new Sequencer(state);
        this.journal = journal;
    }

    void checksumObserver(final ChecksumObserver observer)
    {
        checksumObserver = observer;
    }

    EngineState state()
    {
        return state;
    }

    /**
     * Applies a committed ingress message and answers it through {@code egress}: its results, or
     * its rejection as a whole if it is malformed (then nothing in it is applied).
     *
     * @param timestampMillis the cluster's timestamp of the message.
     */
    void onMessage(final long timestampMillis, final DirectBuffer buffer, final int offset, final int length,
        final Egress egress)
    {
        if (!ingress.decode(buffer, offset, length))
        {
            if (ingress.rejection() == ReasonCode.LOGIC_TOO_OLD_FOR_COMMAND)
            {
                // A producer sent a command before the logic version was raised: the operator needs
                // its name and both versions.
                LOG.warn(ingress.newerCommandMessage());
            }
            egress.send(egressBuffer, 0, egressCodec.rejected(egressBuffer, ingress.batchId(), ingress.rejection()));
            return;
        }
        if (ingress.kind() == IngressCodec.KIND_CHECKSUM)
        {
            final long checksum = state.checksum();
            checksumObserver.checksum(state.lastSequence(), checksum);
            egress.send(egressBuffer, 0,
                egressCodec.checksum(egressBuffer, ingress.batchId(), state.lastSequence(), checksum));
            return;
        }
        for (int i = 0; i < ingress.count(); i++)
        {
            apply(ingress.slot(i), timestampMillis);
        }
        flushJournal();
        // Answered after the member's own journal has them, as the embedded engine does.
        egressCodec.beginResults(egressBuffer);
        for (int i = 0; i < ingress.count(); i++)
        {
            egressCodec.addResult(ingress.slot(i));
            if (egressCodec.resultsLength() >= EGRESS_CHUNK_BYTES && i + 1 < ingress.count())
            {
                egress.send(egressBuffer, 0, egressCodec.finishResults());
                egressCodec.beginResults(egressBuffer);
            }
        }
        egress.send(egressBuffer, 0, egressCodec.finishResults());
    }

    /**
     * Expires due holds (and runs the replenishment sweep), as the embedded engine's timer does:
     * one journaled {@code EXPIRE_HOLDS} stamped with the timer's cluster timestamp.
     */
    void onTimer(final long timestampMillis)
    {
        timerSlot.clearInput();
        timerSlot.expireHolds();
        apply(timerSlot, timestampMillis);
        flushJournal();
    }

    /**
     * Answers a query from this member's state, as the embedded engine answers one: decided by the
     * same processor, stamped with {@code nowMillis} (never before the last command's time), not
     * journaled, and nothing in the state changes.
     *
     * @throws IllegalArgumentException if the command is not a query: changes go through the log.
     */
    CommandResult query(final Command command, final long nowMillis)
    {
        querySlot.clearInput();
        command.writeTo(querySlot);
        if (querySlot.isJournaledType())
        {
            throw new IllegalArgumentException(querySlot.type + " changes the state: it goes through the cluster");
        }
        sequencer.stamp(querySlot, nowMillis);
        processor.apply(querySlot);
        return CommandResult.copyOf(querySlot);
    }

    private void apply(final CommandSlot slot, final long timestampMillis)
    {
        final boolean journaled = sequencer.stamp(slot, timestampMillis);
        processor.apply(slot);
        if (journaled && journal != null)
        {
            journal.append(slot);
        }
    }

    private void flushJournal()
    {
        if (journal != null)
        {
            journal.flush();
        }
    }

    /** @return when the next timed command is due (cluster time, ms), or {@link Long#MAX_VALUE}. */
    long nextTimedWork()
    {
        return state.nextTimedWork();
    }

    /**
     * @return the state in the snapshot encoding, behind a header: magic, snapshot format, sequence.
     */
    byte[] snapshot()
    {
        if (journal != null)
        {
            journal.snapshot(state);
        }
        try
        {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
            final DataOutputStream out = new DataOutputStream(bytes);
            out.writeLong(SNAPSHOT_MAGIC);
            out.writeInt(SnapshotStore.FORMAT_VERSION);
            out.writeLong(state.lastSequence());
            state.writeTo(out);
            out.flush();
            return bytes.toByteArray();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads a snapshot written by {@link #snapshot()} into {@code empty}.
     *
     * @throws IOException if it is not one, or of a format this build does not read.
     */
    static void load(final byte[] snapshot, final EngineState empty) throws IOException
    {
        final DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot));
        if (in.readLong() != SNAPSHOT_MAGIC)
        {
            throw new IOException("not an omnistock cluster snapshot");
        }
        final int format = in.readInt();
        if (format < 3 || format > SnapshotStore.FORMAT_VERSION)
        {
            throw new IOException("cluster snapshot format " + format + " is not read by this build (it reads 3 to " +
                SnapshotStore.FORMAT_VERSION + ")");
        }
        final long sequence = in.readLong();
        empty.readFrom(in, format);
        if (empty.lastSequence() != sequence)
        {
            throw new IOException("cluster snapshot header says sequence " + sequence + " but its state holds " +
                empty.lastSequence());
        }
    }

    /** @return why a message was refused, for tests. */
    ReasonCode lastRejection()
    {
        return ingress.rejection();
    }

    @Override
    public void close()
    {
        if (journal != null)
        {
            journal.close();
        }
    }
}

package io.omnistock.core;

import io.omnistock.api.CommandType;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StateView;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.JournalCodec;
import io.omnistock.core.journal.JournalException;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.core.journal.JournalRecord;
import io.omnistock.core.state.CommandProcessor;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.LogicVersion;

import java.util.ArrayList;
import java.util.List;

/**
 * Feeds journaled commands through the same business logic that decided them, each under the
 * logic version in force at its sequence: a fresh state starts in the logic version the journal's
 * header names, and an {@code UPGRADE_LOGIC} record switches it where it was journaled. With
 * verification on, each replayed command is re-encoded in its record's format and compared byte
 * for byte with its journal record, so any difference in reason, ids or events is caught at the
 * first command where it appears. A journal needing a logic version this build does not know is
 * refused where it first does, naming both versions.
 */
public final class JournalReplayer
{
    /**
     * A run of consecutive commands journaled in one format and decided under one logic version.
     */
    public record Range(long fromSequence, long toSequence, int formatVersion, int logicVersion)
    {
    }

    /**
     * Sees each command as journaled and as replayed, right after the replay applied it: a tool
     * reads there what the journal does not keep (every rule set a routing tried), decided again on
     * the state just before the command.
     */
    @FunctionalInterface
    public interface Observer
    {
        /**
         * @param journaled the record as the journal holds it.
         * @param replayed  the same command decided again by this build; valid only during the call.
         */
        void replayed(JournalRecord journaled, JournalRecord replayed);
    }

    private final CommandProcessor processor;
    /** Observes the replay for a reader on another thread, or null. */
    private final RecoveryProgress progress;
    /** Sees each replayed command, or null. */
    private final Observer observer;
    /** Records read ahead of the one applied, their memory warmed together. */
    private final ReplayReadAhead ahead = new ReplayReadAhead();
    private final CommandSlot replayed = new CommandSlot();
    private final JournalCodec replayCodec = new JournalCodec();
    private final List<Range> ranges = new ArrayList<>();
    private long rangeFrom;
    private long rangeTo;
    private int rangeFormat;
    private int rangeLogic;
    private long highestSequenceSeen;

    public JournalReplayer(final CommandProcessor processor)
    {
        this(processor, null, null);
    }

    /** A replayer that shows {@code observer} each command it replays: for the engine's hosts and tests. */
    public JournalReplayer(final CommandProcessor processor, final Observer observer)
    {
        this(processor, null, observer);
    }

    /**
     * A replayer into a state of its own, empty and sized as {@code config} sizes the engine's: how
     * a reader outside the engine (tools, audits) rebuilds the state a journal leads to, and reads
     * it through {@link #state()}, without holding the engine's state machine.
     *
     * @param observer sees each command replayed, or null.
     */
    public static JournalReplayer withFreshState(final EngineConfig config, final Observer observer)
    {
        final EngineState state = new EngineState(
            config.expectedPositions(), config.expectedReservations(), config.idempotencyWindow());
        return new JournalReplayer(new CommandProcessor(state), observer);
    }

    JournalReplayer(final CommandProcessor processor, final RecoveryProgress progress)
    {
        this(processor, progress, null);
    }

    private JournalReplayer(final CommandProcessor processor, final RecoveryProgress progress, final Observer observer)
    {
        this.processor = processor;
        this.progress = progress;
        this.observer = observer;
    }

    /**
     * Applies every record after the state's last sequence, up to and including {@code toSequence}.
     *
     * @return how many commands were applied.
     * @throws JournalException on corruption, a gap, or (when verifying) a divergence.
     */
    public long replay(final JournalReader reader, final long toSequence, final boolean verify)
    {
        return replay(reader, toSequence, Long.MAX_VALUE, verify);
    }

    /**
     * As {@link #replay(JournalReader, long, boolean)}, stopping also before the first command
     * stamped after {@code untilMillis} (engine time). That command has been read: a replay stopped
     * by time does not go on from the same reader.
     */
    public long replay(final JournalReader reader, final long toSequence, final long untilMillis, final boolean verify)
    {
        try
        {
            return replayReadingAhead(reader, toSequence, untilMillis, verify);
        }
        finally
        {
            ahead.clear();
        }
    }

    private long replayReadingAhead(final JournalReader reader, final long toSequence, final long untilMillis,
        final boolean verify)
    {
        final EngineState state = processor.state();
        long applied = 0;
        while (state.lastSequence() < toSequence)
        {
            if (ahead.isEmpty())
            {
                ahead.fill(reader, processor, state.lastSequence(), toSequence, untilMillis);
                if (ahead.isEmpty())
                {
                    break;
                }
            }
            final CommandSlot journaled = ahead.first();
            final long sequence = journaled.sequence;
            highestSequenceSeen = Math.max(highestSequenceSeen, sequence);
            if (journaled.timestamp > untilMillis)
            {
                break;
            }
            if (sequence <= state.lastSequence())
            {
                ahead.removeFirst();
                continue;
            }
            if (sequence != state.lastSequence() + 1)
            {
                throw new JournalException("journal resumes at sequence " + sequence + " but the state ends at " +
                    state.lastSequence() + ": commands are missing");
            }
            if (state.lastSequence() == 0)
            {
                adoptHeaderLogic(reader);
            }
            refuseUnknownLogic(journaled);
            final int format = ahead.firstFormat();
            noteRange(sequence, format, state.logicVersion());
            replayed.copyInputFrom(journaled);
            processor.apply(replayed);
            if (verify)
            {
                replayCodec.useVersion(format);
                final int length = replayCodec.encode(replayed);
                if (!ahead.firstEquals(replayCodec.buffer().byteArray(), length))
                {
                    throw new JournalException("replay diverges from the journal at sequence " + sequence +
                        ": journaled " + describe(journaled) + ", replayed " + describe(replayed));
                }
            }
            if (observer != null)
            {
                observer.replayed(journaled, replayed);
            }
            ahead.removeFirst();
            applied++;
            if (progress != null)
            {
                progress.replayed(sequence);
            }
        }
        if (state.lastSequence() == 0)
        {
            // A journal holding only its header: the state starts in the logic it names.
            adoptHeaderLogic(reader);
        }
        return applied;
    }

    /** A fresh state decides the journal's first command under the logic version its header names. */
    private void adoptHeaderLogic(final JournalReader reader)
    {
        final int logic = reader.initialLogicVersion();
        if (logic == 0 || logic == processor.state().logicVersion())
        {
            return;
        }
        if (!LogicVersion.known(logic))
        {
            throw new JournalException(LogicVersion.unknownVersionMessage(logic, "the journal"));
        }
        processor.state().startInLogic(logic);
    }

    /** An accepted switch to a version this build does not know: refused here, not replayed as a rejection. */
    private static void refuseUnknownLogic(final CommandSlot record)
    {
        if (record.type != CommandType.UPGRADE_LOGIC || record.reason != ReasonCode.OK)
        {
            return;
        }
        final int version = (int)Math.min(Integer.MAX_VALUE, record.quantity);
        if (!LogicVersion.known(version))
        {
            throw new JournalException(LogicVersion.unknownVersionMessage(version,
                "the journal (from sequence " + (record.sequence + 1) + ")"));
        }
    }

    private void noteRange(final long sequence, final int format, final int logic)
    {
        if (rangeTo == 0 || format != rangeFormat || logic != rangeLogic || sequence != rangeTo + 1)
        {
            closeRange();
            rangeFrom = sequence;
            rangeFormat = format;
            rangeLogic = logic;
        }
        rangeTo = sequence;
    }

    private void closeRange()
    {
        if (rangeTo != 0)
        {
            ranges.add(openRange());
        }
    }

    private Range openRange()
    {
        return new Range(rangeFrom, rangeTo, rangeFormat, rangeLogic);
    }

    /**
     * @return the commands replayed so far, as runs of one format and one logic version, in order.
     */
    public List<Range> ranges()
    {
        final List<Range> all = new ArrayList<>(ranges);
        if (rangeTo != 0)
        {
            all.add(openRange());
        }
        return all;
    }

    /**
     * @return the state replayed so far, read only; read it on the replaying thread, between replays.
     */
    public StateView state()
    {
        return processor.state().view();
    }

    /** @return the engine time of the last command applied, epoch milliseconds; 0 before the first. */
    public long lastTimestamp()
    {
        return processor.state().lastTimestamp();
    }

    /** @return the replayed state's checksum, as a snapshot of it would record. */
    public long stateChecksum()
    {
        return processor.state().checksum();
    }

    /**
     * @return the highest sequence read from the journal so far, including skipped records.
     */
    public long highestSequenceSeen()
    {
        return highestSequenceSeen;
    }

    static String describe(final CommandSlot c)
    {
        final StringBuilder sb = new StringBuilder()
            .append(c.type).append(" id=").append(c.commandId).append(" reason=").append(c.reason)
            .append(" assigned=").append(c.assignedId).append(" events=[");
        for (int i = 0; i < c.events.count(); i++)
        {
            c.events.moveTo(i);
            sb.append(i == 0 ? "" : ", ").append(c.events.kind()).append(" loc=").append(c.events.location())
                .append(" sku=").append(c.events.sku()).append(" onHand=").append(c.events.onHand())
                .append(" reserved=").append(c.events.reserved()).append(" inTransit=").append(c.events.inTransit())
                .append(" held=").append(c.events.held());
        }
        return sb.append(']').toString();
    }
}

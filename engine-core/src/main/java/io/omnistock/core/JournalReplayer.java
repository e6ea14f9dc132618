package io.omnistock.core;

import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.JournalCodec;
import io.omnistock.core.journal.JournalException;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.core.state.CommandProcessor;
import io.omnistock.core.state.EngineState;

/**
 * Feeds journaled commands through the same business logic that decided them. With verification
 * on, each replayed command is re-encoded and compared byte for byte with its journal record, so
 * any difference in reason, ids or events is caught at the first command where it appears.
 */
public final class JournalReplayer
{
    private final CommandProcessor processor;
    /** Observes the replay for a reader on another thread, or null. */
    private final RecoveryProgress progress;
    private final CommandSlot journaled = new CommandSlot();
    private final CommandSlot replayed = new CommandSlot();
    private final JournalCodec replayCodec = new JournalCodec();
    private long highestSequenceSeen;

    public JournalReplayer(final CommandProcessor processor)
    {
        this(processor, null);
    }

    JournalReplayer(final CommandProcessor processor, final RecoveryProgress progress)
    {
        this.processor = processor;
        this.progress = progress;
    }

    /**
     * Applies every record after the state's last sequence, up to and including {@code toSequence}.
     *
     * @return how many commands were applied.
     * @throws JournalException on corruption, a gap, or (when verifying) a divergence.
     */
    public long replay(final JournalReader reader, final long toSequence, final boolean verify)
    {
        final EngineState state = processor.state();
        long applied = 0;
        while (state.lastSequence() < toSequence && reader.next(journaled))
        {
            final long sequence = journaled.sequence;
            highestSequenceSeen = Math.max(highestSequenceSeen, sequence);
            if (sequence <= state.lastSequence())
            {
                continue;
            }
            if (sequence != state.lastSequence() + 1)
            {
                throw new JournalException("journal resumes at sequence " + sequence + " but the state ends at " +
                    state.lastSequence() + ": commands are missing");
            }
            replayed.copyInputFrom(journaled);
            processor.apply(replayed);
            if (verify)
            {
                replayCodec.useVersion(reader.formatVersion());
                final int length = replayCodec.encode(replayed);
                if (!reader.sameRecord(replayCodec, length))
                {
                    throw new JournalException("replay diverges from the journal at sequence " + sequence +
                        ": journaled " + describe(journaled) + ", replayed " + describe(replayed));
                }
            }
            applied++;
            if (progress != null)
            {
                progress.replayed(sequence);
            }
        }
        return applied;
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

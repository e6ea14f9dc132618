package io.omnistock.core;

import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.JournalException;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.core.state.CommandProcessor;

import java.util.Arrays;

/**
 * The journal records a replay has read but not yet applied: up to {@link #DEPTH} of them, each
 * decoded, with its bytes as journaled (what verification compares the replayed command against)
 * and its format. A replay reads a group ahead and warms their memory together
 * ({@link CommandProcessor#warm}, as the live ring's logic stage does), so the cache misses of the
 * next commands (a position among millions, a reservation, an idempotency slot) overlap instead of
 * each stalling its own command in turn.
 *
 * <p>Reading ahead changes nothing a replay decides or reports: records are applied one by one in
 * order, none is read past the sequence the replay stops at, and a journal that fails to read
 * (corrupt, a gap) fails only once every record read before the failure has been applied, as
 * when records were read one at a time.
 */
final class ReplayReadAhead
{
    /** As the live logic stage's group, for the same reason: enough misses in flight to fill the core's. */
    static final int DEPTH = 16;

    private final CommandSlot[] records = new CommandSlot[DEPTH];
    private final byte[][] bytes = new byte[DEPTH][];
    private final int[] lengths = new int[DEPTH];
    private final int[] formats = new int[DEPTH];
    private int head;
    private int count;
    /** The reader's failure after the records held: thrown once they have been applied. */
    private JournalException failure;
    /** What warming read, stored so the reads are not elided; never read. */
    private long warmed;

    ReplayReadAhead()
    {
        for (int i = 0; i < DEPTH; i++)
        {
            records[i] = new CommandSlot();
        }
    }

    /**
     * Reads records until {@link #DEPTH} are held, the reader ends, the record at {@code toSequence}
     * has been read (or, before any is held, the state already reaches it), or one stamped after
     * {@code untilMillis} has been read; then warms what the new records will touch.
     *
     * @param lastSequence the sequence the state ends at before the records held.
     * @throws JournalException the reader's failure, once no record read before it is left.
     */
    void fill(final JournalReader reader, final CommandProcessor processor, final long lastSequence,
        final long toSequence, final long untilMillis)
    {
        final int before = count;
        long readTo = count == 0 ? lastSequence : last().sequence;
        boolean stamped = count > 0 && last().timestamp > untilMillis;
        while (count < DEPTH && readTo < toSequence && !stamped && failure == null)
        {
            final int at = (head + count) % DEPTH;
            try
            {
                if (!reader.next(records[at]))
                {
                    break;
                }
            }
            catch (final JournalException e)
            {
                failure = e;
                break;
            }
            bytes[at] = reader.copyLastRecord(bytes[at]);
            lengths[at] = reader.lastRecordLength();
            formats[at] = reader.formatVersion();
            readTo = Math.max(readTo, records[at].sequence);
            stamped = records[at].timestamp > untilMillis;
            count++;
        }
        for (int i = before; i < count; i++)
        {
            warmed += processor.warm(records[(head + i) % DEPTH]);
        }
        if (count == 0 && failure != null)
        {
            final JournalException e = failure;
            failure = null;
            throw e;
        }
    }

    boolean isEmpty()
    {
        return count == 0;
    }

    /** @return the oldest record held, decoded. */
    CommandSlot first()
    {
        return records[head];
    }

    /** @return the format the oldest record held was journaled in. */
    int firstFormat()
    {
        return formats[head];
    }

    /** @return whether the oldest record held is byte for byte {@code length} bytes of {@code encoded}. */
    boolean firstEquals(final byte[] encoded, final int length)
    {
        return length == lengths[head] && Arrays.equals(bytes[head], 0, length, encoded, 0, length);
    }

    /** Drops the oldest record held. */
    void removeFirst()
    {
        head = (head + 1) % DEPTH;
        count--;
    }

    /**
     * Forgets every record held and any failure after them: a replay stopped early (by time, or by
     * a divergence) leaves nothing for the next.
     */
    void clear()
    {
        head = 0;
        count = 0;
        failure = null;
    }

    private CommandSlot last()
    {
        return records[(head + count - 1) % DEPTH];
    }
}

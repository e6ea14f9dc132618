package io.omnistock.daemon.kafka;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cursor of one producer session: the last journal sequence up to which every record sent has
 * been acknowledged (acks=all). Records of different keys go to different partitions, whose acks
 * come back in any order, so the cursor moves only over a run of commands all of whose records are
 * acknowledged: a restart from it re-sends records that were acknowledged after it (duplicates a
 * consumer can tell by the sequence), never skips one that was not.
 */
final class AckWatermark
{
    private final AtomicLong cursor;
    /** Commands sent and not yet passed, in journal order: {sequence, records not yet acknowledged}. */
    private final ArrayDeque<long[]> pending = new ArrayDeque<>();
    private final Map<Long, long[]> bySequence = new HashMap<>();
    private boolean abandoned;

    /** @param cursor moved by this session while it is not abandoned; its value is where the session starts. */
    AckWatermark(final AtomicLong cursor)
    {
        this.cursor = cursor;
    }

    /** Before the command's records are sent; a command with none passes as soon as those before it have. */
    synchronized void sent(final long sequence, final int records)
    {
        final long[] entry = {sequence, records};
        pending.addLast(entry);
        bySequence.put(sequence, entry);
        advance();
    }

    /** One record of the command at {@code sequence} was acknowledged. */
    synchronized void acked(final long sequence)
    {
        final long[] entry = bySequence.get(sequence);
        if (entry != null)
        {
            entry[1]--;
            advance();
        }
    }

    /** @return commands sent whose records are not all acknowledged, or that wait for one that is not. */
    synchronized int pending()
    {
        return pending.size();
    }

    /**
     * The session failed: acknowledgements that still arrive (or the aborts of its unsent records)
     * no longer move the cursor, which the next session owns.
     */
    synchronized void abandon()
    {
        abandoned = true;
        pending.clear();
        bySequence.clear();
    }

    synchronized boolean abandoned()
    {
        return abandoned;
    }

    private void advance()
    {
        while (!abandoned && !pending.isEmpty() && pending.peekFirst()[1] <= 0)
        {
            final long[] done = pending.removeFirst();
            bySequence.remove(done[0]);
            cursor.set(done[0]);
        }
    }
}

package io.omnistock.daemon.events;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Where sequences sit in the journal, sampled by stream readers as they pass, so the next client
 * resuming from an old sequence seeks near it instead of reading the journal from its start. Public
 * for the webhooks' delivery loops, which resume the same way.
 */
public final class JournalPositions
{
    private static final long EVERY = 4096;

    private final ConcurrentSkipListMap<Long, Long> indexBySequence = new ConcurrentSkipListMap<>();

    public void sample(final long sequence, final long journalIndex)
    {
        if (sequence % EVERY == 0)
        {
            indexBySequence.putIfAbsent(sequence, journalIndex);
        }
    }

    /** @return the nearest known (sequence, index) at or before {@code sequence}, or null. */
    public Map.Entry<Long, Long> atOrBefore(final long sequence)
    {
        return indexBySequence.floorEntry(sequence);
    }
}

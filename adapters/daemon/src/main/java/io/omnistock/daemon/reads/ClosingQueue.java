package io.omnistock.daemon.reads;

/**
 * Closed orders in closing order, for eviction by journal time: (closed at, engine id, creating
 * sequence) triples in a growable ring of longs, so closing an order allocates nothing.
 */
final class ClosingQueue
{
    private static final int WORDS = 3;

    private long[] ring = new long[1024 * WORDS];
    private int head;
    private int size;

    void add(final long closedAtMillis, final long engineId, final long createdSequence)
    {
        if (size * WORDS == ring.length)
        {
            final long[] grown = new long[ring.length * 2];
            final int firstPart = Math.min(size, ring.length / WORDS - head);
            System.arraycopy(ring, head * WORDS, grown, 0, firstPart * WORDS);
            System.arraycopy(ring, 0, grown, firstPart * WORDS, (size - firstPart) * WORDS);
            ring = grown;
            head = 0;
        }
        final int at = ((head + size) % (ring.length / WORDS)) * WORDS;
        ring[at] = closedAtMillis;
        ring[at + 1] = engineId;
        ring[at + 2] = createdSequence;
        size++;
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    long headClosedAtMillis()
    {
        return ring[head * WORDS];
    }

    long headEngineId()
    {
        return ring[head * WORDS + 1];
    }

    long headCreatedSequence()
    {
        return ring[head * WORDS + 2];
    }

    void removeHead()
    {
        head = (head + 1) % (ring.length / WORDS);
        size--;
    }
}

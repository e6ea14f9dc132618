package io.omnistock.core.routing;

/**
 * Locations that passed a rule set's cheap filters, not yet probed for stock: at most a rule set's
 * {@code maxCandidates}, kept as a heap by rank. While gathering, the worst is on top (a bounded
 * top-K: a better newcomer displaces it); while probing, the best is, so they are probed in rank
 * order. Ranks are a strict total order, so either way the top, and so every pop, is unique
 * whatever the heap's inner layout.
 */
final class Gathered
{
    final int[] location = new int[Router.MAX_CANDIDATES];
    final long[] meters = new long[Router.MAX_CANDIDATES];
    final long[] key = new long[Router.MAX_CANDIDATES];
    final boolean[] probed = new boolean[Router.MAX_CANDIDATES];
    private final int[] heap = new int[Router.MAX_CANDIDATES];
    int heapSize;
    int count;
    /** How many may be gathered in this phase: the rule set's maxCandidates, then the holder lists' share. */
    int limit;
    private boolean worstOnTop;

    void reset(final int max)
    {
        count = 0;
        limit = max;
    }

    /**
     * Gathers a location, or, when full, lets it displace the worst gathered if it ranks better.
     *
     * @return whether it was gathered.
     */
    boolean offer(final int loc, final long distanceMeters, final long rankKey)
    {
        if (count < limit)
        {
            final int g = count++;
            probed[g] = false;
            location[g] = loc;
            meters[g] = distanceMeters;
            key[g] = rankKey;
            heap[g] = g;
            if (count == limit)
            {
                // Only a full gathering needs its worst on top: ordered once, not on every add.
                heapSize = count;
                buildHeap(true);
            }
            return true;
        }
        // Full: keep the best maxCandidates; a newcomer displaces the worst only if it ranks better.
        final int worst = heap[0];
        if (!Scored.ranksBefore(rankKey, loc, key[worst], location[worst]))
        {
            return false;
        }
        probed[worst] = false;
        location[worst] = loc;
        meters[worst] = distanceMeters;
        key[worst] = rankKey;
        siftDown(0);
        return true;
    }

    int unprobed()
    {
        int n = 0;
        for (int g = 0; g < count; g++)
        {
            n += probed[g] ? 0 : 1;
        }
        return n;
    }

    boolean before(final int a, final int b)
    {
        return Scored.ranksBefore(key[a], location[a], key[b], location[b]);
    }

    private boolean above(final int a, final int b)
    {
        return worstOnTop ? before(b, a) : before(a, b);
    }

    /** Orders everything gathered and not yet probed by rank, best on top, ready for probing. */
    void heapify()
    {
        heapSize = 0;
        for (int g = 0; g < count; g++)
        {
            if (!probed[g])
            {
                heap[heapSize++] = g;
            }
        }
        buildHeap(false);
    }

    /** Bottom-up construction of the heap over heap[0, heapSize): linear, fewer comparisons than pushes. */
    private void buildHeap(final boolean worst)
    {
        worstOnTop = worst;
        for (int i = (heapSize >>> 1) - 1; i >= 0; i--)
        {
            siftDown(i);
        }
    }

    int pop()
    {
        final int top = heap[0];
        heap[0] = heap[--heapSize];
        siftDown(0);
        return top;
    }

    private void siftDown(final int from)
    {
        final int g = heap[from];
        int i = from;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= heapSize)
            {
                break;
            }
            if (child + 1 < heapSize && above(heap[child + 1], heap[child]))
            {
                child++;
            }
            if (!above(heap[child], g))
            {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = g;
    }
}

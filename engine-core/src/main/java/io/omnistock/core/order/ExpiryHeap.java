package io.omnistock.core.order;

import java.util.Arrays;

/**
 * The unpaid orders' entries, as an indexed binary min-heap in the order {@link Due} gives (the
 * book's: expiry, then order id, so expiry is deterministic). Indexed: each entry knows its place,
 * so confirming, cancelling or extending an order takes it out or moves it in O(log n) rather than
 * leaving it to be skipped later; the heap never holds more than the open unpaid orders.
 */
final class ExpiryHeap
{
    /** Which of two entries is due first: the book's key, read from its columns. */
    interface Due
    {
        boolean before(int a, int b);
    }

    private static final int NOWHERE = -1;

    private final Due due;
    private int[] heap = new int[64];
    /** Each entry's place in {@link #heap}, or {@link #NOWHERE}. */
    private int[] place;
    private int size;

    ExpiryHeap(final Due due, final int entries)
    {
        this.due = due;
        place = new int[entries];
        Arrays.fill(place, NOWHERE);
    }

    /** Makes room for entries {@code [0, entries)}, none of the new ones in the heap. */
    void growEntries(final int entries)
    {
        final int from = place.length;
        place = Arrays.copyOf(place, entries);
        Arrays.fill(place, from, entries, NOWHERE);
    }

    /** @return the entry due first, or -1 when none is waiting. */
    int first()
    {
        return size == 0 ? NOWHERE : heap[0];
    }

    /** Adds an entry that is not in the heap. */
    void insert(final int e)
    {
        assert place[e] == NOWHERE : "entry " + e + " is in the expiry heap twice";
        if (size == heap.length)
        {
            heap = Arrays.copyOf(heap, size * 2);
        }
        siftUp(size++, e);
    }

    /** Takes the entry out, if it is in. */
    void remove(final int e)
    {
        final int at = place[e];
        if (at == NOWHERE)
        {
            return;
        }
        place[e] = NOWHERE;
        final int last = heap[--size];
        if (at == size)
        {
            return;
        }
        // The last entry fills the hole and moves whichever way its key says.
        if (at > 0 && due.before(last, heap[(at - 1) >>> 1]))
        {
            siftUp(at, last);
        }
        else
        {
            siftDown(at, last);
        }
    }

    /** @return the heap's and the places' bytes, as allocated. */
    long footprintBytes()
    {
        return (long)Integer.BYTES * (heap.length + place.length);
    }

    private void siftUp(final int from, final int e)
    {
        int i = from;
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            if (!due.before(e, heap[parent]))
            {
                break;
            }
            put(i, heap[parent]);
            i = parent;
        }
        put(i, e);
    }

    private void siftDown(final int from, final int e)
    {
        int i = from;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= size)
            {
                break;
            }
            if (child + 1 < size && due.before(heap[child + 1], heap[child]))
            {
                child++;
            }
            if (!due.before(heap[child], e))
            {
                break;
            }
            put(i, heap[child]);
            i = child;
        }
        put(i, e);
    }

    private void put(final int i, final int e)
    {
        heap[i] = e;
        place[e] = i;
    }
}

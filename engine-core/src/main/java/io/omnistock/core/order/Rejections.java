package io.omnistock.core.order;

import org.agrona.collections.Int2IntHashMap;

import java.util.Arrays;

/**
 * The locations that rejected each open order (REJECT_ALLOCATION), newest last, at most
 * {@code capacity} per order. Most orders are never rejected, so an order takes a block of the pool
 * only at its first rejection: a column of {@code capacity} ints per entry would cost every open
 * order 32 bytes (run 41). Freed blocks are chained through their first element.
 */
final class Rejections
{
    private static final int NONE = -1;

    private final int capacity;
    private final Int2IntHashMap blockByEntry = new Int2IntHashMap(NONE);
    private byte[] count;
    private int[] pool;
    private int freeBlockHead = NONE;
    private int blockHighWater;

    Rejections(final int capacity, final int entries)
    {
        assert capacity > 0 && capacity <= Byte.MAX_VALUE : "a count of " + capacity + " does not fit a byte";
        this.capacity = capacity;
        count = new byte[entries];
        pool = new int[16 * capacity];
    }

    void growEntries(final int entries)
    {
        count = Arrays.copyOf(count, entries);
    }

    int count(final int e)
    {
        return count[e];
    }

    /** @return the {@code i}-th location that rejected the order, oldest first. */
    int get(final int e, final int i)
    {
        assert i >= 0 && i < count[e] : "rejection " + i + " of " + count[e];
        return pool[blockByEntry.get(e) * capacity + i];
    }

    /** Remembers that a location rejected the order; past {@code capacity} the oldest is forgotten. */
    void add(final int e, final int location)
    {
        final int n = count[e];
        final int base;
        if (n == 0)
        {
            final int block = takeBlock();
            blockByEntry.put(e, block);
            base = block * capacity;
        }
        else
        {
            base = blockByEntry.get(e) * capacity;
        }
        if (n == capacity)
        {
            System.arraycopy(pool, base + 1, pool, base, capacity - 1);
            pool[base + capacity - 1] = location;
        }
        else
        {
            pool[base + n] = location;
            count[e] = (byte)(n + 1);
        }
    }

    /** Forgets the order's rejections (it closes), giving its block back. */
    void forget(final int e)
    {
        if (count[e] > 0)
        {
            final int block = blockByEntry.remove(e);
            pool[block * capacity] = freeBlockHead;
            freeBlockHead = block;
            count[e] = 0;
        }
    }

    /** @return the counts', pool's and block map's bytes, as allocated. */
    long footprintBytes()
    {
        return count.length + (long)pool.length * Integer.BYTES + blockByEntry.capacity() * 2L * Integer.BYTES;
    }

    private int takeBlock()
    {
        if (freeBlockHead != NONE)
        {
            final int block = freeBlockHead;
            freeBlockHead = pool[block * capacity];
            return block;
        }
        if ((blockHighWater + 1) * capacity > pool.length)
        {
            pool = Arrays.copyOf(pool, pool.length * 2);
        }
        return blockHighWater++;
    }
}

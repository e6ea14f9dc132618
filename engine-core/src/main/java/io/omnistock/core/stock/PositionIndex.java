package io.omnistock.core.stock;

import io.omnistock.core.state.StateHash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Finds a position's slot by its key ({@code location << 32 | sku}): per location, a linear-probing
 * region of {@code slot + 1} entries, all regions in one {@code int[]}. Entries hold no keys: a probe
 * compares against the key kept in the slot ({@link SlotKeys}), 4 bytes per entry instead
 * of 12. Positions are never removed, so no tombstones.
 *
 * <p>Why a region per location rather than one table for the whole network: a network is loaded,
 * and snapshots list positions, location by location, and a location's region (16,384 entries,
 * 64 KiB, for 10,000 SKUs) stays in cache while its positions are indexed; one table over every
 * position sent each insert to a random line of a gigabyte at 100 M positions. A random lookup costs
 * what it did: the region's base and mask (two small per-location arrays, in cache), then one entry.
 * (docs/benchmarks.md run 50.)
 *
 * <p>A region doubles past {@link #MAX_LOAD}; the region it leaves is kept for reuse by the next
 * region of its size, so a network loaded location by location leaves no holes bigger than one
 * region of each size. Location 0's entry 0 is never used: a location without positions has base 0
 * and mask 0, so its lookups read that always-empty entry and miss, with no test of their own.
 */
final class PositionIndex
{
    private static final int MIN_REGION = 16;
    private static final double MAX_LOAD = 0.7;
    private static final VarHandle ENTRIES = MethodHandles.arrayElementVarHandle(int[].class);

    /** The key of each slot: the ledger's, whose pages hold them. */
    @FunctionalInterface
    interface SlotKeys
    {
        long keyAt(int slot);
    }

    private final SlotKeys keys;
    private int[] entries;
    /** Entries in use or set aside, from 1: entry 0 is the empty region of locations without positions. */
    private int used = 1;
    /** Per location: where its region starts, its size - 1, and the positions in it. */
    private int[] base = new int[64];
    private int[] mask = new int[64];
    private int[] count = new int[64];
    /** Regions left by a growing location, by log2 of their size: bases, reused before {@link #used} grows. */
    private final int[][] freeRegions = new int[32][];
    private final int[] freeCount = new int[32];

    /**
     * @param expectedPositions positions to make room for up front: at 0.5 entries' load on average,
     *     as regions fill between 0.35 and 0.7.
     */
    PositionIndex(final SlotKeys keys, final int expectedPositions)
    {
        this.keys = keys;
        entries = new int[(int)Math.min(Integer.MAX_VALUE - 8, Math.max(1024, 2L * expectedPositions))];
    }

    /** @return the slot of the position with {@code key}, or -1 if there is none. */
    int find(final long key)
    {
        final int location = (int)(key >>> 32);
        if (location < 0 || location >= base.length)
        {
            return -1;
        }
        // An empty entry holds 0: the slot it gives is -1, not found.
        final int b = base[location];
        return entries[b + probe(key, b, mask[location])] - 1;
    }

    /**
     * Finds the position with {@code key}, or indexes it at {@code newSlot} if there is none, growing
     * its location's region as needed: one probe, where a find and then an insert took two.
     *
     * @return the slot of the position already indexed, or -1 if {@code newSlot} now holds it.
     */
    int findOrInsert(final long key, final int newSlot)
    {
        final int location = (int)(key >>> 32);
        ensureLocations(location);
        final int b = base[location];
        final int m = mask[location];
        final int i = probe(key, b, m);
        if (entries[b + i] != 0)
        {
            return entries[b + i] - 1;
        }
        final int n = count[location] + 1;
        if (b == 0 || n > (m + 1) * MAX_LOAD)
        {
            grow(location, regionFor(n));
            place(key, newSlot, base[location], mask[location]);
        }
        else
        {
            entries[b + i] = newSlot + 1;
        }
        count[location] = n;
        return -1;
    }

    /**
     * Makes every location's region at once, sized for its count of positions, before they are
     * inserted concurrently ({@link #insertConcurrently}); the index must be empty.
     *
     * @param positionsPerLocation positions to come, by location id.
     */
    void presize(final int[] positionsPerLocation)
    {
        assert used == 1 : "presize on an index in use";
        long total = 1;
        for (final int n : positionsPerLocation)
        {
            total += n == 0 ? 0 : regionFor(n);
        }
        if (total > entries.length)
        {
            entries = new int[(int)Math.min(Integer.MAX_VALUE - 8, total)];
        }
        ensureLocations(positionsPerLocation.length - 1);
        for (int location = 0; location < positionsPerLocation.length; location++)
        {
            final int n = positionsPerLocation[location];
            if (n > 0)
            {
                final int size = regionFor(n);
                base[location] = used;
                mask[location] = size - 1;
                count[location] = n;
                used += size;
            }
        }
    }

    /**
     * Indexes a position while other threads index others, into regions made by {@link #presize}:
     * an empty entry is claimed by compare-and-set, whose release makes the slot's key (written
     * before) visible to the threads that acquire the entry.
     *
     * @return false if the key is indexed already.
     */
    boolean insertConcurrently(final long key, final int slot)
    {
        final int location = (int)(key >>> 32);
        final int b = base[location];
        final int m = mask[location];
        int i = hash(key) & m;
        while (true)
        {
            final int entry = (int)ENTRIES.getAcquire(entries, b + i);
            if (entry == 0)
            {
                if (ENTRIES.compareAndSet(entries, b + i, 0, slot + 1))
                {
                    return true;
                }
                // Claimed by another thread since: looked at again, it may hold this very key.
                continue;
            }
            if (keys.keyAt(entry - 1) == key)
            {
                return false;
            }
            i = (i + 1) & m;
        }
    }

    /**
     * Reads, changing nothing, what inserting {@code key} concurrently will read first: its entry,
     * and the key of the position there. For a group of inserts ahead of them, so their misses overlap.
     *
     * @return a value made of what was read, for the caller to keep so the reads are not elided.
     */
    long touch(final long key)
    {
        final int location = (int)(key >>> 32);
        final int entry = (int)ENTRIES.getAcquire(entries, base[location] + (hash(key) & mask[location]));
        return entry == 0 ? 0 : keys.keyAt(entry - 1);
    }

    /** @return bytes held by the index's arrays. */
    long footprintBytes()
    {
        return ((long)entries.length + base.length + mask.length + count.length) * Integer.BYTES;
    }

    /** @return where in the region at {@code b} (mask {@code m}) the key is, or the empty entry that ends its probe. */
    private int probe(final long key, final int b, final int m)
    {
        int i = hash(key) & m;
        int entry;
        while ((entry = entries[b + i]) != 0 && keys.keyAt(entry - 1) != key)
        {
            i = (i + 1) & m;
        }
        return i;
    }

    private void place(final long key, final int slot, final int b, final int m)
    {
        int i = hash(key) & m;
        while (entries[b + i] != 0)
        {
            i = (i + 1) & m;
        }
        entries[b + i] = slot + 1;
    }

    /** Moves a location's positions to a region of {@code size} entries; its old region is kept for reuse. */
    private void grow(final int location, final int size)
    {
        final int oldBase = base[location];
        final int oldSize = oldBase == 0 ? 0 : mask[location] + 1;
        final int newBase = allocate(size);
        for (int i = 0; i < oldSize; i++)
        {
            final int entry = entries[oldBase + i];
            if (entry != 0)
            {
                place(keys.keyAt(entry - 1), entry - 1, newBase, size - 1);
            }
        }
        base[location] = newBase;
        mask[location] = size - 1;
        if (oldSize > 0)
        {
            Arrays.fill(entries, oldBase, oldBase + oldSize, 0);
            release(oldBase, oldSize);
        }
    }

    /** @return the base of an empty region of {@code size} entries: one left by a growing location, or new. */
    private int allocate(final int size)
    {
        final int sizeClass = Integer.numberOfTrailingZeros(size);
        if (freeCount[sizeClass] > 0)
        {
            return freeRegions[sizeClass][--freeCount[sizeClass]];
        }
        if ((long)used + size > entries.length)
        {
            final long wanted = Math.max((long)used + size, 2L * entries.length);
            entries = Arrays.copyOf(entries, (int)Math.min(Integer.MAX_VALUE - 8, wanted));
            if ((long)used + size > entries.length)
            {
                throw new IllegalStateException("the position index is full: " + used + " entries");
            }
        }
        final int at = used;
        used += size;
        return at;
    }

    private void release(final int regionBase, final int size)
    {
        final int sizeClass = Integer.numberOfTrailingZeros(size);
        int[] list = freeRegions[sizeClass];
        if (list == null || freeCount[sizeClass] == list.length)
        {
            list = list == null ? new int[4] : Arrays.copyOf(list, list.length * 2);
            freeRegions[sizeClass] = list;
        }
        list[freeCount[sizeClass]++] = regionBase;
    }

    private void ensureLocations(final int location)
    {
        if (location >= base.length)
        {
            final int capacity = Math.max(location + 1, base.length * 2);
            base = Arrays.copyOf(base, capacity);
            mask = Arrays.copyOf(mask, capacity);
            count = Arrays.copyOf(count, capacity);
        }
    }

    /** @return the region size for {@code positions}: a power of two at most {@link #MAX_LOAD} full. */
    private static int regionFor(final int positions)
    {
        final long wanted = Math.max(MIN_REGION, (long)Math.ceil(positions / MAX_LOAD));
        return (int)Math.min(1 << 30, Long.highestOneBit(wanted - 1) << 1);
    }

    private static int hash(final long key)
    {
        return (int)(StateHash.mix(key) >>> 32);
    }
}

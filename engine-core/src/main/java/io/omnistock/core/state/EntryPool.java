package io.omnistock.core.state;

import java.util.Arrays;

/**
 * The entries of a book of open items known by a client id (reservations, transfers, orders): the id
 * column, the id to entry index, the free entries and the high-water mark, in one place for the
 * three books. A book keeps its own columns, indexed by the same entries, and grows them (to
 * {@link #capacity()}) when an entry it is given reaches their length: the pool calls nothing back,
 * and knows nothing of the book's snapshot order.
 *
 * <p>Entries are handed out in a fixed order, part of the engine's determinism (the reservation
 * book writes its snapshot in entry order): the entry released last comes back first, else the next
 * entry never used. Free entries cost no column of their own: a free entry's id slot holds the next
 * free entry. One bit per entry says which are live, so walking the live entries reads neither the
 * index nor a book's column and skips runs of free entries a word at a time.
 *
 * <p>Invariants (asserted where they can change): an id is in the index exactly while its entry is
 * live; live entries lie below the high-water mark, which is at most the capacity; the free chain
 * holds exactly the entries below the high-water mark that are not live.
 */
public final class EntryPool
{
    private static final int MIN_CAPACITY = 16;
    private static final int NONE = -1;

    private final EntryIndex index;
    /** A live entry's id; a free entry's next free entry (or {@link #NONE}). */
    private long[] ids;
    /** Bit {@code e % 64} of word {@code e / 64}: entry {@code e} is live. */
    private long[] live;
    /** The entry released last, or {@link #NONE}. */
    private int freeHead = NONE;
    /** Entries at and above it have never been used. */
    private int highWater;

    /** @param expected how many entries the pool is sized for at first (it grows past that). */
    public EntryPool(final int expected)
    {
        final int capacity = Math.max(MIN_CAPACITY, expected);
        index = new EntryIndex(capacity);
        ids = new long[capacity];
        live = new long[words(capacity)];
    }

    /** @return the live entries. */
    public int size()
    {
        return index.size();
    }

    /** @return the length a book's columns need: every entry handed out so far is below it. */
    public int capacity()
    {
        return ids.length;
    }

    /** @return the bound of the entries ever used: every live entry is below it. */
    public int highWater()
    {
        return highWater;
    }

    /** @return the live entry of {@code id}, or -1. */
    public int find(final long id)
    {
        return index.get(id, ids);
    }

    /** @return the id of live entry {@code entry}. */
    public long id(final int entry)
    {
        assert isLive(entry) : "entry " + entry + " is free";
        return ids[entry];
    }

    public boolean isLive(final int entry)
    {
        return entry >= 0 && entry < highWater && (live[entry >>> 6] & 1L << entry) != 0;
    }

    /**
     * Takes an entry for {@code id}, which must not be live: the entry released last, else the next
     * never used. The caller grows its columns to {@link #capacity()} if the entry reaches their length.
     */
    public int allocate(final long id)
    {
        assert find(id) < 0 : "id " + id + " is already live";
        final int entry;
        if (freeHead != NONE)
        {
            entry = freeHead;
            freeHead = (int)ids[entry];
        }
        else
        {
            if (highWater == ids.length)
            {
                ids = Arrays.copyOf(ids, ids.length * 2);
                live = Arrays.copyOf(live, words(ids.length));
            }
            entry = highWater++;
        }
        assert !isLive(entry) : "entry " + entry + " was on the free chain while live";
        ids[entry] = id;
        live[entry >>> 6] |= 1L << entry;
        index.put(id, entry);
        assert index.size() <= highWater && highWater <= ids.length : this;
        return entry;
    }

    /** Frees live entry {@code entry}: its id is no longer found, and the entry is the next handed out. */
    public void release(final int entry)
    {
        assert isLive(entry) : "entry " + entry + " released while free";
        // Out of the index first: the index reads the id column, which now takes the free chain's link.
        index.remove(ids[entry], ids);
        live[entry >>> 6] &= ~(1L << entry);
        ids[entry] = freeHead;
        freeHead = entry;
    }

    /**
     * @return the first live entry at or after {@code from}, or -1: the live entries, ascending, are
     *     {@code for (int e = pool.nextLive(0); e >= 0; e = pool.nextLive(e + 1))}.
     */
    public int nextLive(final int from)
    {
        assert from >= 0 : from;
        if (from >= highWater)
        {
            return -1;
        }
        int word = from >>> 6;
        // Bits at and above the high-water mark are never set: no bound below but the array's.
        long bits = live[word] & -1L << from;
        while (bits == 0)
        {
            if (++word == live.length)
            {
                return -1;
            }
            bits = live[word];
        }
        return word << 6 | Long.numberOfTrailingZeros(bits);
    }

    /** @return the live ids, ascending: the order the order and transfer books write their snapshots in. */
    public long[] sortedIds()
    {
        final long[] sorted = new long[size()];
        int n = 0;
        for (int e = nextLive(0); e >= 0; e = nextLive(e + 1))
        {
            sorted[n++] = ids[e];
        }
        assert n == sorted.length : n + " live entries, " + sorted.length + " indexed";
        Arrays.sort(sorted);
        return sorted;
    }

    /** @return the bytes of the id column, the live bits and the index, as allocated: for footprint reports. */
    public long footprintBytes()
    {
        return (long)Long.BYTES * (ids.length + live.length) + index.footprintBytes();
    }

    private static int words(final int entries)
    {
        return (entries + 63) >>> 6;
    }

    @Override
    public String toString()
    {
        return "EntryPool{size=" + index.size() + ", highWater=" + highWater + ", capacity=" + ids.length + '}';
    }
}

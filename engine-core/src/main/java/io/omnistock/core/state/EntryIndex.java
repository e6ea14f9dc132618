package io.omnistock.core.state;

/**
 * The {@link EntryPool}'s ids to their entries: an open-addressing table of one long per slot, half
 * of it a tag of the id's hash and half the entry.
 *
 * <p>Why not Agrona's {@code Long2LongHashMap}, used elsewhere: it keeps the id and the entry, 16
 * bytes a slot, 25 to 49 bytes per entry at its load factor, while the pool already holds each
 * entry's id. Here a slot is 8 bytes, and a probe compares the 32-bit tag before it reads the
 * pool's id column, so a miss (a new id's duplicate check) almost never leaves the table. With
 * the tag's top bits as the home slot, growing and deleting (backward shift, no tombstones) need
 * only the table.
 */
final class EntryIndex
{
    private static final int MIN_CAPACITY = 16;
    /** Grown past this load: probes stay short (linear probing) and a slot stays under 16 bytes an entry. */
    private static final double MAX_LOAD = 0.7;

    /** {@code tag << 32 | entry + 1}; 0 is an empty slot. */
    private long[] slots;
    private int mask;
    /** 32 minus log2 of the capacity: a tag's top bits are its home slot. */
    private int homeShift;
    private int size;
    private int resizeAt;

    EntryIndex(final int expected)
    {
        int capacity = MIN_CAPACITY;
        while (capacity * MAX_LOAD < expected)
        {
            capacity <<= 1;
        }
        allocate(capacity);
    }

    int size()
    {
        return size;
    }

    /** @return the entry of {@code id}, whose id is {@code ids[entry]}, or -1. */
    int get(final long id, final long[] ids)
    {
        final int tag = tag(id);
        for (int i = home(tag); ; i = (i + 1) & mask)
        {
            final long slot = slots[i];
            if (slot == 0)
            {
                return -1;
            }
            final int entry = (int)slot - 1;
            if ((int)(slot >>> 32) == tag && ids[entry] == id)
            {
                return entry;
            }
        }
    }

    /** Adds an id that is not in the index. */
    void put(final long id, final int entry)
    {
        if (size >= resizeAt)
        {
            final long[] old = slots;
            allocate(old.length * 2);
            for (final long slot : old)
            {
                if (slot != 0)
                {
                    insert(slot);
                }
            }
        }
        insert((long)tag(id) << 32 | (entry + 1L));
        size++;
    }

    /** Removes the id, which must be in the index as {@code ids[entry]}. */
    void remove(final long id, final long[] ids)
    {
        final int tag = tag(id);
        int hole = home(tag);
        while (true)
        {
            final long slot = slots[hole];
            assert slot != 0 : "id " + id + " is not in the index";
            if ((int)(slot >>> 32) == tag && ids[(int)slot - 1] == id)
            {
                break;
            }
            hole = (hole + 1) & mask;
        }
        // Backward shift: each later slot of the run moves into the hole unless its home lies
        // cyclically after the hole, up to itself (then it would no longer be found).
        for (int i = (hole + 1) & mask; slots[i] != 0; i = (i + 1) & mask)
        {
            final int home = home((int)(slots[i] >>> 32));
            final boolean stays = hole <= i ? hole < home && home <= i : hole < home || home <= i;
            if (!stays)
            {
                slots[hole] = slots[i];
                hole = i;
            }
        }
        slots[hole] = 0;
        size--;
    }

    /** @return the table's bytes: for footprint reports. */
    long footprintBytes()
    {
        return 8L * slots.length;
    }

    private void insert(final long slot)
    {
        int i = home((int)(slot >>> 32));
        while (slots[i] != 0)
        {
            i = (i + 1) & mask;
        }
        slots[i] = slot;
    }

    private void allocate(final int capacity)
    {
        slots = new long[capacity];
        mask = capacity - 1;
        homeShift = 32 - Integer.numberOfTrailingZeros(capacity);
        resizeAt = (int)(capacity * MAX_LOAD);
    }

    private int home(final int tag)
    {
        return tag >>> homeShift;
    }

    /** The high half of a 64-bit mix of the id (murmur3's finaliser): client ids are often sequential. */
    private static int tag(final long id)
    {
        long h = id;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int)(h >>> 32);
    }

    @Override
    public String toString()
    {
        return "EntryIndex{size=" + size + ", capacity=" + slots.length + '}';
    }
}

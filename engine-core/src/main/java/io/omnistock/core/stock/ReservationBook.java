package io.omnistock.core.stock;

import io.omnistock.core.state.StateComponent;
import io.omnistock.core.state.StateHash;
import org.agrona.collections.Long2LongHashMap;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Open reservations: client reservation id -> (position slot, quantity held). Entries live in
 * parallel primitive arrays recycled through a free list; the id index is a primitive map, so
 * opening and closing reservations allocates nothing once warmed up.
 */
public final class ReservationBook implements StateComponent
{
    private static final long MISSING = -1;

    private final Long2LongHashMap entryById;
    private long[] ids;
    private int[] slots;
    private long[] held;
    private int[] freeEntries;
    private int freeCount;
    private int highWater;

    /** Loaded reservations are checked against it: their slots must exist. */
    private final StockLedger ledger;

    public ReservationBook(final StockLedger ledger, final int expectedOpen)
    {
        this.ledger = ledger;
        final int capacity = Math.max(16, expectedOpen);
        entryById = new Long2LongHashMap(capacity * 2, 0.65f, MISSING);
        ids = new long[capacity];
        slots = new int[capacity];
        held = new long[capacity];
        freeEntries = new int[capacity];
    }

    public int openCount()
    {
        return entryById.size();
    }

    /**
     * @return the entry of the open reservation, or -1.
     */
    public int find(final long reservationId)
    {
        return (int)entryById.get(reservationId);
    }

    public int slot(final int entry)
    {
        return slots[entry];
    }

    public long held(final int entry)
    {
        return held[entry];
    }

    public long id(final int entry)
    {
        return ids[entry];
    }

    public void open(final long reservationId, final int slot, final long quantity)
    {
        final int entry = freeCount > 0 ? freeEntries[--freeCount] : nextEntry();
        ids[entry] = reservationId;
        slots[entry] = slot;
        held[entry] = quantity;
        entryById.put(reservationId, entry);
    }

    /**
     * Takes {@code quantity} off the reservation, closing it when nothing is left.
     *
     * @return what the reservation still holds.
     */
    public long reduce(final int entry, final long quantity)
    {
        final long left = held[entry] - quantity;
        held[entry] = left;
        if (left == 0)
        {
            entryById.remove(ids[entry]);
            freeEntries[freeCount++] = entry;
        }
        return left;
    }

    private int nextEntry()
    {
        if (highWater == ids.length)
        {
            final int capacity = ids.length * 2;
            ids = Arrays.copyOf(ids, capacity);
            slots = Arrays.copyOf(slots, capacity);
            held = Arrays.copyOf(held, capacity);
            freeEntries = Arrays.copyOf(freeEntries, capacity);
        }
        return highWater++;
    }

    @Override
    public long checksum()
    {
        long sum = entryById.size();
        final Long2LongHashMap.EntryIterator it = entryById.entrySet().iterator();
        while (it.hasNext())
        {
            it.next();
            final int entry = (int)it.getLongValue();
            sum += StateHash.combine(StateHash.combine(ids[entry], slots[entry]), held[entry]);
        }
        return sum;
    }

    @Override
    public void writeTo(final DataOutput out) throws IOException
    {
        out.writeInt(entryById.size());
        // Entry order, not hash order: the snapshot's bytes are then a function of the state's history.
        for (int entry = 0; entry < highWater; entry++)
        {
            if (held[entry] > 0 && entryById.get(ids[entry]) == entry)
            {
                out.writeLong(ids[entry]);
                out.writeInt(slots[entry]);
                out.writeLong(held[entry]);
            }
        }
    }

    @Override
    public void readFrom(final DataInput in, final int formatVersion) throws IOException
    {
        final int n = in.readInt();
        for (int i = 0; i < n; i++)
        {
            final long id = in.readLong();
            final int slot = in.readInt();
            final long quantity = in.readLong();
            if (id == 0 || slot < 0 || slot >= ledger.size() || quantity <= 0 || find(id) >= 0)
            {
                throw new IOException("snapshot reservation " + i + " is invalid");
            }
            open(id, slot, quantity);
        }
    }
}

package io.omnistock.core.stock;

import io.omnistock.core.state.EntryPool;
import io.omnistock.core.state.StateComponent;
import io.omnistock.core.state.StateHash;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Open reservations: client reservation id -> (position slot, quantity held). The ids and their
 * entries are an {@link EntryPool}; the entries' slots and quantities are parallel primitive columns
 * here, so opening and closing reservations allocates nothing once warmed up.
 */
public final class ReservationBook implements StateComponent
{
    private final EntryPool entries;
    private int[] slots;
    private long[] held;

    /** Loaded reservations are checked against it: their slots must exist. */
    private final StockLedger ledger;

    public ReservationBook(final StockLedger ledger, final int expectedOpen)
    {
        this.ledger = ledger;
        entries = new EntryPool(expectedOpen);
        slots = new int[entries.capacity()];
        held = new long[entries.capacity()];
    }

    public int openCount()
    {
        return entries.size();
    }

    /**
     * @return the entry of the open reservation, or -1.
     */
    public int find(final long reservationId)
    {
        return entries.find(reservationId);
    }

    public int slot(final int entry)
    {
        return slots[entry];
    }

    public long held(final int entry)
    {
        return held[entry];
    }

    public void open(final long reservationId, final int slot, final long quantity)
    {
        final int entry = entries.allocate(reservationId);
        if (entry >= slots.length)
        {
            slots = Arrays.copyOf(slots, entries.capacity());
            held = Arrays.copyOf(held, entries.capacity());
        }
        slots[entry] = slot;
        held[entry] = quantity;
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
            entries.release(entry);
        }
        return left;
    }

    @Override
    public long checksum()
    {
        long sum = entries.size();
        for (int entry = entries.nextLive(0); entry >= 0; entry = entries.nextLive(entry + 1))
        {
            sum += StateHash.combine(StateHash.combine(entries.id(entry), slots[entry]), held[entry]);
        }
        return sum;
    }

    @Override
    public void writeTo(final DataOutput out) throws IOException
    {
        out.writeInt(entries.size());
        // Entry order, not hash order: the snapshot's bytes are then a function of the state's
        // history, and of the order the pool hands out entries in (a load takes them 0, 1, 2...).
        for (int entry = entries.nextLive(0); entry >= 0; entry = entries.nextLive(entry + 1))
        {
            out.writeLong(entries.id(entry));
            out.writeInt(slots[entry]);
            out.writeLong(held[entry]);
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

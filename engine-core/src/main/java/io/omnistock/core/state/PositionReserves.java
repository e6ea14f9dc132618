package io.omnistock.core.state;

import org.agrona.collections.Long2LongHashMap;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Quantities of a position that ordinary orders may not take: protected stock (for instant and
 * high-value orders only) and the walk-in reserve (for POS customers; never promised to orders).
 * Few positions have either, so they live in sparse primitive maps by position slot rather than
 * widening every position.
 */
public final class PositionReserves
{
    private final Long2LongHashMap protectedBySlot = new Long2LongHashMap(0);
    private final Long2LongHashMap walkInBySlot = new Long2LongHashMap(0);

    public long protectedStock(final int slot)
    {
        return protectedBySlot.isEmpty() ? 0 : protectedBySlot.get(slot);
    }

    public long walkIn(final int slot)
    {
        return walkInBySlot.isEmpty() ? 0 : walkInBySlot.get(slot);
    }

    /**
     * @param priorityOrder whether the order may take protected stock (instant or high value).
     * @return what an order may take from the position: available-to-promise less the reserves.
     */
    public long promisable(final StockLedger ledger, final int slot, final boolean priorityOrder)
    {
        final long kept = walkIn(slot) + (priorityOrder ? 0 : protectedStock(slot));
        return Math.max(0L, ledger.available(slot) - kept);
    }

    void setProtected(final int slot, final long quantity)
    {
        set(protectedBySlot, slot, quantity);
    }

    void setWalkIn(final int slot, final long quantity)
    {
        set(walkInBySlot, slot, quantity);
    }

    private static void set(final Long2LongHashMap map, final int slot, final long quantity)
    {
        if (quantity == 0)
        {
            map.remove(slot);
        }
        else
        {
            map.put(slot, quantity);
        }
    }

    long checksum()
    {
        return StateHash.combine(sum(protectedBySlot, 1), sum(walkInBySlot, 2));
    }

    private static long sum(final Long2LongHashMap map, final long salt)
    {
        long sum = map.size();
        final Long2LongHashMap.EntryIterator it = map.entrySet().iterator();
        while (it.hasNext())
        {
            it.next();
            sum += StateHash.combine(StateHash.combine(salt, it.getLongKey()), it.getLongValue());
        }
        return sum;
    }

    void writeTo(final DataOutput out) throws IOException
    {
        write(protectedBySlot, out);
        write(walkInBySlot, out);
    }

    private static void write(final Long2LongHashMap map, final DataOutput out) throws IOException
    {
        final long[] slots = new long[map.size()];
        int n = 0;
        final Long2LongHashMap.KeyIterator keys = map.keySet().iterator();
        while (keys.hasNext())
        {
            slots[n++] = keys.nextValue();
        }
        java.util.Arrays.sort(slots);
        out.writeInt(n);
        for (final long slot : slots)
        {
            out.writeInt((int)slot);
            out.writeLong(map.get(slot));
        }
    }

    void readFrom(final DataInput in, final StockLedger ledger) throws IOException
    {
        read(protectedBySlot, in, ledger);
        read(walkInBySlot, in, ledger);
    }

    private static void read(final Long2LongHashMap map, final DataInput in, final StockLedger ledger)
        throws IOException
    {
        final int n = in.readInt();
        for (int i = 0; i < n; i++)
        {
            final int slot = in.readInt();
            final long quantity = in.readLong();
            if (slot < 0 || slot >= ledger.size() || quantity <= 0)
            {
                throw new IOException("snapshot position reserve " + i + " is invalid");
            }
            map.put(slot, quantity);
        }
    }
}

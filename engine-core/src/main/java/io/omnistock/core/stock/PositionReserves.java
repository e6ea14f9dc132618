package io.omnistock.core.stock;

import io.omnistock.core.state.SortedKeys;
import io.omnistock.core.state.StateComponent;
import io.omnistock.core.state.StateHash;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What routing may not take: quantities of a position kept from ordinary orders (protected stock,
 * for instant and high-value orders only; the walk-in reserve, for POS customers, never promised
 * to orders), and locations that do not serve a channel. Few positions and locations have any, so
 * they live in sparse primitive collections rather than widening every position.
 */
public final class PositionReserves implements StateComponent
{
    private final Long2LongHashMap protectedBySlot = new Long2LongHashMap(0);
    private final Long2LongHashMap walkInBySlot = new Long2LongHashMap(0);
    /** (location, channel) pairs excluded from serving the channel; all others are eligible. */
    private final LongHashSet channelExclusions = new LongHashSet();
    /** Loaded reserves are checked against it: their slots must exist. */
    private final StockLedger ledger;

    public PositionReserves(final StockLedger ledger)
    {
        this.ledger = ledger;
    }

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

    public boolean servesChannel(final int location, final int channel)
    {
        return channelExclusions.isEmpty() || !channelExclusions.contains(pair(location, channel));
    }

    void setEligible(final int location, final int channel, final boolean eligible)
    {
        if (eligible)
        {
            channelExclusions.remove(pair(location, channel));
        }
        else
        {
            channelExclusions.add(pair(location, channel));
        }
    }

    private static long pair(final int location, final int channel)
    {
        return ((long)location << 32) | (channel & 0xFFFF_FFFFL);
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

    @Override
    public long checksum()
    {
        long exclusions = channelExclusions.size();
        final LongHashSet.LongIterator it = channelExclusions.iterator();
        while (it.hasNext())
        {
            exclusions += StateHash.mix(it.nextValue());
        }
        return StateHash.combine(StateHash.combine(sum(protectedBySlot, 1), sum(walkInBySlot, 2)), exclusions);
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

    @Override
    public void writeTo(final DataOutput out) throws IOException
    {
        write(protectedBySlot, out);
        write(walkInBySlot, out);
        final long[] pairs = new long[channelExclusions.size()];
        int n = 0;
        final LongHashSet.LongIterator it = channelExclusions.iterator();
        while (it.hasNext())
        {
            pairs[n++] = it.nextValue();
        }
        java.util.Arrays.sort(pairs);
        out.writeInt(n);
        for (final long pair : pairs)
        {
            out.writeLong(pair);
        }
    }

    private static void write(final Long2LongHashMap map, final DataOutput out) throws IOException
    {
        final long[] slots = SortedKeys.of(map);
        out.writeInt(slots.length);
        for (final long slot : slots)
        {
            out.writeInt((int)slot);
            out.writeLong(map.get(slot));
        }
    }

    @Override
    public void readFrom(final DataInput in, final int formatVersion) throws IOException
    {
        read(protectedBySlot, in, ledger);
        read(walkInBySlot, in, ledger);
        final int n = in.readInt();
        for (int i = 0; i < n; i++)
        {
            channelExclusions.add(in.readLong());
        }
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

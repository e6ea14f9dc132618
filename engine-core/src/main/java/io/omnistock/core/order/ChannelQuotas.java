package io.omnistock.core.order;

import io.omnistock.core.state.StateComponent;
import io.omnistock.core.state.StateHash;
import org.agrona.collections.Long2LongHashMap;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Per (channel, SKU) ringfences: at most N units held in the channel's open orders, and at most P%
 * of the SKU's stock that is free or held by the channel. Only pairs with a quota are tracked, so
 * the shared pool (the default) costs nothing.
 */
public final class ChannelQuotas implements StateComponent
{
    /** Means "no limit" for units or percent. */
    public static final long UNLIMITED = -1;

    private final Long2LongHashMap entryByKey = new Long2LongHashMap(-1);
    private long[] keys = new long[16];
    private long[] maxUnits = new long[16];
    private int[] maxPercent = new int[16];
    private long[] held = new long[16];
    private int count;

    /**
     * @param networkAvailable the SKU's available-to-promise over the whole network now.
     * @return whether the channel may hold {@code quantity} more of the SKU.
     */
    public boolean allows(final int channel, final int sku, final long quantity, final long networkAvailable)
    {
        if (count == 0)
        {
            return true;
        }
        final int e = (int)entryByKey.get(key(channel, sku));
        if (e < 0)
        {
            return true;
        }
        final long after = held[e] + quantity;
        if (maxUnits[e] != UNLIMITED && after > maxUnits[e])
        {
            return false;
        }
        return maxPercent[e] == UNLIMITED || withinPercent(after, networkAvailable + held[e], maxPercent[e]);
    }

    /**
     * @return how much more of the SKU the channel may hold now, given the network's available
     *     stock: the network available itself where no quota applies.
     */
    public long headroom(final int channel, final int sku, final long networkAvailable)
    {
        final int e = count == 0 ? -1 : (int)entryByKey.get(key(channel, sku));
        if (e < 0)
        {
            return networkAvailable;
        }
        long room = networkAvailable;
        if (maxUnits[e] != UNLIMITED)
        {
            room = Math.min(room, Math.max(0, maxUnits[e] - held[e]));
        }
        if (maxPercent[e] != UNLIMITED)
        {
            room = Math.min(room, Math.max(0, percentOf(networkAvailable + held[e], maxPercent[e]) - held[e]));
        }
        return room;
    }

    /** Tracks what the channel holds of the SKU, where a quota applies. */
    public void adjustHeld(final int channel, final int sku, final long delta)
    {
        if (count == 0)
        {
            return;
        }
        final int e = (int)entryByKey.get(key(channel, sku));
        if (e >= 0)
        {
            held[e] += delta;
        }
    }

    /**
     * Sets a quota. What the channel already holds of the SKU is passed in, so that a quota set
     * while orders are open counts them.
     */
    void set(final int channel, final int sku, final long units, final int percent, final long heldNow)
    {
        final long key = key(channel, sku);
        int e = (int)entryByKey.get(key);
        if (e < 0)
        {
            if (count == keys.length)
            {
                keys = Arrays.copyOf(keys, count * 2);
                maxUnits = Arrays.copyOf(maxUnits, count * 2);
                maxPercent = Arrays.copyOf(maxPercent, count * 2);
                held = Arrays.copyOf(held, count * 2);
            }
            e = count++;
            keys[e] = key;
            entryByKey.put(key, e);
            held[e] = heldNow;
        }
        maxUnits[e] = units;
        maxPercent[e] = percent;
    }

    /**
     * Whether {@code part * 100 <= whole * percent}, exactly. The products are compared in 128 bits:
     * a SKU's network stock may reach 2^62 (see {@code Limits}), and 100 times that overflows a long.
     */
    static boolean withinPercent(final long part, final long whole, final int percent)
    {
        final long partHigh = Math.multiplyHigh(part, 100);
        final long wholeHigh = Math.multiplyHigh(whole, percent);
        return partHigh < wholeHigh ||
            (partHigh == wholeHigh && Long.compareUnsigned(part * 100, whole * (long)percent) <= 0);
    }

    /**
     * {@code whole * percent / 100} rounded toward zero as Java's division does, for a percent of 0
     * to 100, without the product that would overflow: the quotient and remainder of
     * {@code whole / 100} share its sign, so their shares round the same way.
     */
    static long percentOf(final long whole, final int percent)
    {
        return whole / 100 * percent + whole % 100 * percent / 100;
    }

    // Reads for StateView's quota listing: entry e of count(), in the order first set.

    /** @return how many quotas are set, ones set back to no limit included. */
    public int count()
    {
        return count;
    }

    public int channel(final int e)
    {
        return (int)(keys[e] >>> 32);
    }

    public int sku(final int e)
    {
        return (int)keys[e];
    }

    /** @return the most units, or {@link #UNLIMITED}. */
    public long maxUnits(final int e)
    {
        return maxUnits[e];
    }

    /** @return the most percent, or {@link #UNLIMITED}. */
    public int maxPercent(final int e)
    {
        return maxPercent[e];
    }

    public long held(final int e)
    {
        return held[e];
    }

    private static long key(final int channel, final int sku)
    {
        return ((long)channel << 32) | (sku & 0xFFFF_FFFFL);
    }

    @Override
    public long checksum()
    {
        long h = count;
        for (int e = 0; e < count; e++)
        {
            h = StateHash.combine(StateHash.combine(StateHash.combine(StateHash.combine(h, keys[e]), maxUnits[e]),
                maxPercent[e]), held[e]);
        }
        return h;
    }

    @Override
    public void writeTo(final DataOutput out) throws IOException
    {
        out.writeInt(count);
        for (int e = 0; e < count; e++)
        {
            out.writeLong(keys[e]);
            out.writeLong(maxUnits[e]);
            out.writeInt(maxPercent[e]);
            out.writeLong(held[e]);
        }
    }

    @Override
    public void readFrom(final DataInput in, final int formatVersion) throws IOException
    {
        final int n = in.readInt();
        for (int i = 0; i < n; i++)
        {
            final long key = in.readLong();
            final long units = in.readLong();
            final int percent = in.readInt();
            set((int)(key >>> 32), (int)key, units, percent, in.readLong());
        }
    }
}

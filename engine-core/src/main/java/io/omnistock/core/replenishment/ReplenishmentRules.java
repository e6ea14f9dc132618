package io.omnistock.core.replenishment;

import io.omnistock.api.ReplenishmentKind;
import io.omnistock.core.state.StateHash;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The parameters of replenishment policies, one 64-byte record each: positions' own policies and
 * the defaults of locations and tiers. Records are referred to by index and recycled through a
 * free list; indices are layout, so checksums and snapshots use the content, never the index.
 */
final class ReplenishmentRules
{
    static final int NONE = -1;
    private static final int STRIDE = 8;
    private static final int KIND_AND_SLOW = 0;
    private static final int REORDER = 1;
    private static final int UP_TO = 2;
    private static final int OVERSTOCK = 3;
    private static final int PACK = 4;
    private static final int MIN_ORDER = 5;
    private static final int SOURCE_AND_LEAD = 6;
    /** DYNAMIC: the safety factor z for the service level, as double bits; computed once, when set. */
    private static final int SAFETY_FACTOR = 7;

    private long[] data = new long[16 * STRIDE];
    private int[] free = new int[16];
    private int freeCount;
    private int highWater;

    /** @return a new record holding the parameters. */
    int add(final ReplenishmentKind kind, final long reorder, final long upTo, final long overstock, final long pack,
        final long moq, final int source, final int leadHours, final int slowDays)
    {
        final int r;
        if (freeCount > 0)
        {
            r = free[--freeCount];
        }
        else
        {
            if ((highWater + 1) * STRIDE > data.length)
            {
                data = Arrays.copyOf(data, data.length * 2);
            }
            r = highWater++;
        }
        set(r, kind, reorder, upTo, overstock, pack, moq, source, leadHours, slowDays);
        return r;
    }

    void set(final int r, final ReplenishmentKind kind, final long reorder, final long upTo, final long overstock,
        final long pack, final long moq, final int source, final int leadHours, final int slowDays)
    {
        final int o = r * STRIDE;
        data[o + KIND_AND_SLOW] = kind.ordinal() | ((long)slowDays << 8);
        data[o + REORDER] = reorder;
        data[o + UP_TO] = upTo;
        data[o + OVERSTOCK] = overstock;
        data[o + PACK] = pack;
        data[o + MIN_ORDER] = moq;
        data[o + SOURCE_AND_LEAD] = ((long)source << 32) | (leadHours & 0xFFFF_FFFFL);
        data[o + SAFETY_FACTOR] = kind == ReplenishmentKind.DYNAMIC ?
            Double.doubleToLongBits(DemandMath.normalQuantile(reorder / 10_000.0)) : 0;
    }

    void remove(final int r)
    {
        if (freeCount == free.length)
        {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = r;
    }

    ReplenishmentKind kind(final int r)
    {
        return ReplenishmentKind.fromOrdinal((int)(data[r * STRIDE + KIND_AND_SLOW] & 0xFF));
    }

    int slowMoverDays(final int r)
    {
        return (int)(data[r * STRIDE + KIND_AND_SLOW] >>> 8);
    }

    long reorder(final int r)
    {
        return data[r * STRIDE + REORDER];
    }

    long upTo(final int r)
    {
        return data[r * STRIDE + UP_TO];
    }

    long overstock(final int r)
    {
        return data[r * STRIDE + OVERSTOCK];
    }

    long pack(final int r)
    {
        return data[r * STRIDE + PACK];
    }

    long minOrder(final int r)
    {
        return data[r * STRIDE + MIN_ORDER];
    }

    /** @return a location, {@code ReplenishmentPolicy.SUPPLIER} or {@code ReplenishmentPolicy.NETWORK}. */
    int source(final int r)
    {
        return (int)(data[r * STRIDE + SOURCE_AND_LEAD] >> 32);
    }

    int leadHours(final int r)
    {
        return (int)data[r * STRIDE + SOURCE_AND_LEAD];
    }

    double safetyFactor(final int r)
    {
        return Double.longBitsToDouble(data[r * STRIDE + SAFETY_FACTOR]);
    }

    /** @return a hash of the record's content (0 for {@link #NONE}). */
    long hash(final int r)
    {
        if (r == NONE)
        {
            return 0;
        }
        long h = data[r * STRIDE];
        for (int f = 1; f < STRIDE; f++)
        {
            h = StateHash.combine(h, data[r * STRIDE + f]);
        }
        return h;
    }

    /** Writes the record's content, or only a marker for {@link #NONE}. */
    void writeTo(final DataOutput out, final int r) throws IOException
    {
        out.writeBoolean(r != NONE);
        if (r != NONE)
        {
            for (int f = 0; f < SAFETY_FACTOR; f++)
            {
                out.writeLong(data[r * STRIDE + f]);
            }
        }
    }

    /** @return a new record read from {@link #writeTo}'s form, or {@link #NONE}. */
    int readFrom(final DataInput in) throws IOException
    {
        if (!in.readBoolean())
        {
            return NONE;
        }
        final long kindAndSlow = in.readLong();
        final ReplenishmentKind kind = ReplenishmentKind.fromOrdinal((int)(kindAndSlow & 0xFF));
        if (kind == null)
        {
            throw new IOException("snapshot replenishment policy has an unknown kind");
        }
        final long reorder = in.readLong();
        final long upTo = in.readLong();
        final long overstock = in.readLong();
        final long pack = in.readLong();
        final long moq = in.readLong();
        final long sourceAndLead = in.readLong();
        return add(kind, reorder, upTo, overstock, pack, moq, (int)(sourceAndLead >> 32), (int)sourceAndLead,
            (int)(kindAndSlow >>> 8));
    }
}

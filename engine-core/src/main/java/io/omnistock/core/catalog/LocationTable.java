package io.omnistock.core.catalog;

import io.omnistock.api.Tier;
import io.omnistock.core.state.StateComponent;
import io.omnistock.core.state.StateHash;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Locations by dense id: tier, coordinates (micro-degrees) and capability flags, in primitive
 * arrays. Written by the business-logic thread only; the code index is concurrent so any thread
 * can resolve a code to an id.
 */
public final class LocationTable extends CodedTable implements StateComponent
{
    private byte[] tiers = new byte[64];
    private int[] latMicros = new int[64];
    private int[] lonMicros = new int[64];
    private int[] capabilities = new int[64];
    private int[] ordersPerHour = new int[64];
    private int[] priority = new int[64];
    private int[] pickPackMinutes = new int[64];
    /** Hourly capacity in use: the hour (engine time / 1 h) and orders accepted in it. */
    private long[] capacityHour = new long[64];
    private int[] capacityUsed = new int[64];
    /** How many locations have a non-zero priority; while none do, priority ranks nothing. */
    private int prioritised;

    /** Told of every location defined, by a command or from a snapshot. */
    private final CatalogListener listener;

    public LocationTable(final CatalogListener listener)
    {
        super(64);
        this.listener = listener;
    }

    public int tierOrdinal(final int id)
    {
        return tiers[id];
    }

    public Tier tier(final int id)
    {
        return Tier.fromOrdinal(tiers[id]);
    }

    public int latMicros(final int id)
    {
        return latMicros[id];
    }

    public int lonMicros(final int id)
    {
        return lonMicros[id];
    }

    public int capabilities(final int id)
    {
        return capabilities[id];
    }

    public int ordersPerHour(final int id)
    {
        return ordersPerHour[id];
    }

    public int priority(final int id)
    {
        return priority[id];
    }

    /** @return the location's own pick-and-pack time, or 0 to use the policy's. */
    public int pickPackMinutes(final int id)
    {
        return pickPackMinutes[id];
    }

    /** @return whether every location has the same (zero) priority. */
    public boolean prioritiesEqual()
    {
        return prioritised == 0;
    }

    void configure(final int id, final int perHour, final int rank, final int pickPack)
    {
        prioritised += (rank != 0 ? 1 : 0) - (priority[id] != 0 ? 1 : 0);
        ordersPerHour[id] = perHour;
        priority[id] = rank;
        pickPackMinutes[id] = pickPack;
    }

    /** @return whether the location can accept another order in the hour of {@code now}. */
    public boolean hasCapacity(final int id, final long now)
    {
        return ordersPerHour[id] == 0 || capacityHour[id] != hour(now) || capacityUsed[id] < ordersPerHour[id];
    }

    /** Counts an accepted order against the hour of {@code now}; returns that hour. */
    public long consumeCapacity(final int id, final long now)
    {
        final long hour = hour(now);
        if (capacityHour[id] != hour)
        {
            capacityHour[id] = hour;
            capacityUsed[id] = 0;
        }
        capacityUsed[id]++;
        return hour;
    }

    /** Gives an order's capacity back, if it was taken in the hour still being counted. */
    public void restoreCapacity(final int id, final long hour)
    {
        if (capacityHour[id] == hour && capacityUsed[id] > 0)
        {
            capacityUsed[id]--;
        }
    }

    private static long hour(final long now)
    {
        return Math.floorDiv(now, 3_600_000L);
    }

    int define(final String code, final Tier tier, final int lat, final int lon, final int caps)
    {
        final int id = index.add(code);
        if (index.capacity() > tiers.length)
        {
            final int capacity = index.capacity();
            tiers = Arrays.copyOf(tiers, capacity);
            latMicros = Arrays.copyOf(latMicros, capacity);
            lonMicros = Arrays.copyOf(lonMicros, capacity);
            capabilities = Arrays.copyOf(capabilities, capacity);
            ordersPerHour = Arrays.copyOf(ordersPerHour, capacity);
            priority = Arrays.copyOf(priority, capacity);
            pickPackMinutes = Arrays.copyOf(pickPackMinutes, capacity);
            capacityHour = Arrays.copyOf(capacityHour, capacity);
            capacityUsed = Arrays.copyOf(capacityUsed, capacity);
        }
        capacityHour[id] = Long.MIN_VALUE;
        tiers[id] = (byte)tier.ordinal();
        latMicros[id] = lat;
        lonMicros[id] = lon;
        capabilities[id] = caps;
        listener.locationDefined(id);
        return id;
    }

    @Override
    public long checksum()
    {
        long sum = index.count();
        for (int id = 0; id < index.count(); id++)
        {
            long h = StateHash.combine(id, index.code(id).hashCode());
            h = StateHash.combine(h, tiers[id]);
            h = StateHash.combine(h, latMicros[id]);
            h = StateHash.combine(h, lonMicros[id]);
            h = StateHash.combine(h, ((long)ordersPerHour[id] << 40) ^ ((long)priority[id] << 20) ^ pickPackMinutes[id]);
            h = StateHash.combine(h, capacityHour[id] * 31 + capacityUsed[id]);
            sum += StateHash.combine(h, capabilities[id]);
        }
        return sum;
    }

    @Override
    public void writeTo(final DataOutput out) throws IOException
    {
        out.writeInt(index.count());
        for (int id = 0; id < index.count(); id++)
        {
            out.writeUTF(index.code(id));
            out.writeByte(tiers[id]);
            out.writeInt(latMicros[id]);
            out.writeInt(lonMicros[id]);
            out.writeInt(capabilities[id]);
            out.writeInt(ordersPerHour[id]);
            out.writeInt(priority[id]);
            out.writeInt(pickPackMinutes[id]);
            out.writeLong(capacityHour[id]);
            out.writeInt(capacityUsed[id]);
        }
    }

    @Override
    public void readFrom(final DataInput in, final int formatVersion) throws IOException
    {
        final int n = in.readInt();
        for (int i = 0; i < n; i++)
        {
            final String code = in.readUTF();
            final Tier tier = Tier.fromOrdinal(in.readByte());
            if (tier == null)
            {
                throw new IOException("snapshot location " + i + " has an unknown tier");
            }
            final int id = define(code, tier, in.readInt(), in.readInt(), in.readInt());
            configure(id, in.readInt(), in.readInt(), in.readInt());
            capacityHour[id] = in.readLong();
            capacityUsed[id] = in.readInt();
        }
    }
}

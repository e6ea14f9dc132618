package io.omnistock.core.state;

import io.omnistock.api.Tier;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Locations by dense id: tier, coordinates (micro-degrees) and capability flags, in primitive
 * arrays. Written by the business-logic thread only; the code index is concurrent so any thread
 * can resolve a code to an id.
 */
public final class LocationTable
{
    private final Map<String, Integer> idByCode = new ConcurrentHashMap<>();
    private String[] codes = new String[64];
    private byte[] tiers = new byte[64];
    private int[] latMicros = new int[64];
    private int[] lonMicros = new int[64];
    private int[] capabilities = new int[64];
    private int count;

    public int count()
    {
        return count;
    }

    public boolean exists(final int id)
    {
        return id >= 0 && id < count;
    }

    public int idOf(final String code)
    {
        final Integer id = idByCode.get(code);
        return id == null ? -1 : id;
    }

    public String code(final int id)
    {
        return codes[id];
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

    int define(final String code, final Tier tier, final int lat, final int lon, final int caps)
    {
        final int id = count;
        if (id == codes.length)
        {
            final int capacity = id * 2;
            codes = Arrays.copyOf(codes, capacity);
            tiers = Arrays.copyOf(tiers, capacity);
            latMicros = Arrays.copyOf(latMicros, capacity);
            lonMicros = Arrays.copyOf(lonMicros, capacity);
            capabilities = Arrays.copyOf(capabilities, capacity);
        }
        codes[id] = code;
        tiers[id] = (byte)tier.ordinal();
        latMicros[id] = lat;
        lonMicros[id] = lon;
        capabilities[id] = caps;
        count = id + 1;
        idByCode.put(code, id);
        return id;
    }

    long checksum()
    {
        long sum = count;
        for (int id = 0; id < count; id++)
        {
            long h = StateHash.combine(id, codes[id].hashCode());
            h = StateHash.combine(h, tiers[id]);
            h = StateHash.combine(h, latMicros[id]);
            h = StateHash.combine(h, lonMicros[id]);
            sum += StateHash.combine(h, capabilities[id]);
        }
        return sum;
    }

    void writeTo(final DataOutput out) throws IOException
    {
        out.writeInt(count);
        for (int id = 0; id < count; id++)
        {
            out.writeUTF(codes[id]);
            out.writeByte(tiers[id]);
            out.writeInt(latMicros[id]);
            out.writeInt(lonMicros[id]);
            out.writeInt(capabilities[id]);
        }
    }

    void readFrom(final DataInput in) throws IOException
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
            define(code, tier, in.readInt(), in.readInt(), in.readInt());
        }
    }
}

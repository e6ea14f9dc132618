package io.omnistock.core.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sales channels by dense id, with the time-to-live of their unpaid holds. Channels are data:
 * the engine knows no channel by name.
 */
public final class ChannelTable
{
    private final Map<String, Integer> idByCode = new ConcurrentHashMap<>();
    private String[] codes = new String[16];
    private long[] holdTtlMillis = new long[16];
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

    public long holdTtlMillis(final int id)
    {
        return holdTtlMillis[id];
    }

    int define(final String code, final long ttlMillis)
    {
        final int id = count;
        if (id == codes.length)
        {
            codes = Arrays.copyOf(codes, id * 2);
            holdTtlMillis = Arrays.copyOf(holdTtlMillis, id * 2);
        }
        codes[id] = code;
        holdTtlMillis[id] = ttlMillis;
        count = id + 1;
        idByCode.put(code, id);
        return id;
    }

    long checksum()
    {
        long sum = count;
        for (int id = 0; id < count; id++)
        {
            sum += StateHash.combine(StateHash.combine(id, codes[id].hashCode()), holdTtlMillis[id]);
        }
        return sum;
    }

    void writeTo(final DataOutput out) throws IOException
    {
        out.writeInt(count);
        for (int id = 0; id < count; id++)
        {
            out.writeUTF(codes[id]);
            out.writeLong(holdTtlMillis[id]);
        }
    }

    void readFrom(final DataInput in) throws IOException
    {
        final int n = in.readInt();
        for (int i = 0; i < n; i++)
        {
            define(in.readUTF(), in.readLong());
        }
    }
}

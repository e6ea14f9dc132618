package io.omnistock.core.catalog;

import io.omnistock.core.state.StateComponent;
import io.omnistock.core.state.StateHash;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Sales channels by dense id, with the time-to-live of their unpaid holds. Channels are data:
 * the engine knows no channel by name.
 */
public final class ChannelTable extends CodedTable implements StateComponent
{
    private long[] holdTtlMillis = new long[16];

    public ChannelTable()
    {
        super(16);
    }

    public long holdTtlMillis(final int id)
    {
        return holdTtlMillis[id];
    }

    int define(final String code, final long ttlMillis)
    {
        final int id = index.add(code);
        if (index.capacity() > holdTtlMillis.length)
        {
            holdTtlMillis = Arrays.copyOf(holdTtlMillis, index.capacity());
        }
        holdTtlMillis[id] = ttlMillis;
        return id;
    }

    @Override
    public long checksum()
    {
        long sum = index.count();
        for (int id = 0; id < index.count(); id++)
        {
            sum += StateHash.combine(StateHash.combine(id, index.code(id).hashCode()), holdTtlMillis[id]);
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
            out.writeLong(holdTtlMillis[id]);
        }
    }

    @Override
    public void readFrom(final DataInput in, final int formatVersion) throws IOException
    {
        final int n = in.readInt();
        for (int i = 0; i < n; i++)
        {
            define(in.readUTF(), in.readLong());
        }
    }
}

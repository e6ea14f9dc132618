package io.omnistock.core.state;

import io.omnistock.api.StockUnit;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * SKUs by dense id with their stock unit. External codes map to ids through a concurrent index,
 * so any thread can resolve a code; only the business-logic thread defines SKUs.
 */
public final class SkuCatalog extends CodedTable
{
    private byte[] units = new byte[1024];

    SkuCatalog()
    {
        super(1024);
    }

    public StockUnit unit(final int id)
    {
        return StockUnit.fromOrdinal(units[id]);
    }

    int define(final String code, final StockUnit unit)
    {
        final int id = index.add(code);
        if (index.capacity() > units.length)
        {
            units = Arrays.copyOf(units, index.capacity());
        }
        units[id] = (byte)unit.ordinal();
        return id;
    }

    long checksum()
    {
        long sum = index.count();
        for (int id = 0; id < index.count(); id++)
        {
            sum += StateHash.combine(StateHash.combine(id, index.code(id).hashCode()), units[id]);
        }
        return sum;
    }

    void writeTo(final DataOutput out) throws IOException
    {
        out.writeInt(index.count());
        for (int id = 0; id < index.count(); id++)
        {
            out.writeUTF(index.code(id));
            out.writeByte(units[id]);
        }
    }

    void readFrom(final DataInput in) throws IOException
    {
        final int n = in.readInt();
        for (int i = 0; i < n; i++)
        {
            final String code = in.readUTF();
            final StockUnit unit = StockUnit.fromOrdinal(in.readByte());
            if (unit == null)
            {
                throw new IOException("snapshot SKU " + i + " has an unknown unit");
            }
            define(code, unit);
        }
    }
}

package io.omnistock.core.state;

import io.omnistock.api.StockUnit;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SKUs by dense id with their stock unit. External codes map to ids through a concurrent index,
 * so any thread can resolve a code; only the business-logic thread defines SKUs.
 */
public final class SkuCatalog
{
    private final Map<String, Integer> idByCode = new ConcurrentHashMap<>();
    private String[] codes = new String[1024];
    private byte[] units = new byte[1024];
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

    public StockUnit unit(final int id)
    {
        return StockUnit.fromOrdinal(units[id]);
    }

    int define(final String code, final StockUnit unit)
    {
        final int id = count;
        if (id == codes.length)
        {
            codes = Arrays.copyOf(codes, id * 2);
            units = Arrays.copyOf(units, id * 2);
        }
        codes[id] = code;
        units[id] = (byte)unit.ordinal();
        count = id + 1;
        idByCode.put(code, id);
        return id;
    }

    long checksum()
    {
        long sum = count;
        for (int id = 0; id < count; id++)
        {
            sum += StateHash.combine(StateHash.combine(id, codes[id].hashCode()), units[id]);
        }
        return sum;
    }

    void writeTo(final DataOutput out) throws IOException
    {
        out.writeInt(count);
        for (int id = 0; id < count; id++)
        {
            out.writeUTF(codes[id]);
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

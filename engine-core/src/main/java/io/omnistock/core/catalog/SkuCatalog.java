package io.omnistock.core.catalog;

import io.omnistock.api.StockUnit;
import io.omnistock.core.state.StateComponent;
import io.omnistock.core.state.StateHash;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * SKUs by dense id with their stock unit. External codes map to ids through a concurrent index,
 * so any thread can resolve a code; only the business-logic thread defines SKUs.
 */
public final class SkuCatalog extends CodedTable implements StateComponent
{
    private byte[] units = new byte[1024];

    /** Told of every SKU defined, by a command or from a snapshot. */
    private final CatalogListener listener;

    public SkuCatalog(final CatalogListener listener)
    {
        super(1024);
        this.listener = listener;
    }

    public StockUnit unit(final int id)
    {
        return StockUnit.fromOrdinal(units[id]);
    }

    /** @return the unit of {@code id}, or null if no SKU has that id; safe from any thread. */
    public StockUnit unitOf(final int id)
    {
        // The count is read first: a thread that sees the id defined also sees its unit (written before it).
        final boolean defined = index.exists(id);
        final byte[] published = units;
        return defined && id < published.length ? StockUnit.fromOrdinal(published[id]) : null;
    }

    int define(final String code, final StockUnit unit)
    {
        // The unit is written before the index publishes the id, so a thread that resolves the new
        // code (unitOf, from any thread) never sees the id without its unit.
        final int next = index.count();
        if (next >= units.length)
        {
            units = Arrays.copyOf(units, units.length * 2);
        }
        units[next] = (byte)unit.ordinal();
        final int id = index.add(code);
        listener.skuDefined(id);
        return id;
    }

    @Override
    public long checksum()
    {
        long sum = index.count();
        for (int id = 0; id < index.count(); id++)
        {
            sum += StateHash.combine(StateHash.combine(id, index.code(id).hashCode()), units[id]);
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
            out.writeByte(units[id]);
        }
    }

    @Override
    public void readFrom(final DataInput in, final int formatVersion) throws IOException
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

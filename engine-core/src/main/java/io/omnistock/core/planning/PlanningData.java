package io.omnistock.core.planning;

import io.omnistock.api.Promotion;
import io.omnistock.core.journal.CommandFields;
import io.omnistock.core.state.StateComponent;
import io.omnistock.core.state.StateHash;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The master data demand forecasting reads (issue 23): each SKU's unit price, unit cost and
 * category; the promotion calendar; the planners' forecast overrides. The engine decides nothing
 * else by them: the daemon's forecast job reads them from the journal (or, for the API, from here
 * between two commands) and what it concludes enters as ordinary replenishment commands.
 *
 * <p>Flat primitive storage: three arrays by SKU id and two {@link KeyedRows}. Owned by the
 * business-logic thread; other threads read it only through a state read between commands.
 */
public final class PlanningData implements StateComponent
{
    /** The snapshot format that added the data; earlier formats load with none. */
    public static final int SINCE_SNAPSHOT_FORMAT = 8;

    static final int PROMO_SKU = 0;
    static final int PROMO_CATEGORY = 1;
    static final int PROMO_LOCATION = 2;
    static final int PROMO_CHANNEL = 3;
    static final int PROMO_START_DAY = 4;
    static final int PROMO_END_DAY = 5;
    static final int PROMO_UPLIFT_BP = 6;

    static final int OVERRIDE_DEMAND_MILLI = 0;
    static final int OVERRIDE_MIN = 1;
    static final int OVERRIDE_MAX = 2;
    static final int OVERRIDE_EXPIRES_AT = 3;

    private long[] unitPrice = new long[0];
    private long[] unitCost = new long[0];
    private int[] category = new int[0];
    /** SKUs with a non-zero price, cost or category: the data is empty (and unhashed) at 0. */
    private int pricedSkus;
    private final KeyedRows promotions = new KeyedRows(7);
    /** Keyed by {@link #positionKey}. */
    private final KeyedRows overrides = new KeyedRows(4);

    /** @return a position as one key: location in the high word, SKU in the low. */
    public static long positionKey(final int location, final int sku)
    {
        return (long)location << 32 | (sku & 0xFFFF_FFFFL);
    }

    /**
     * Applies an accepted master data command, the one mapping of its slot fields to this data:
     * the handlers call it once a command passed their checks, and a journal projection (the
     * daemon's forecast job) calls it for each accepted record, so both keep the same data.
     *
     * @return whether the command was one of the five (anything else changes nothing).
     */
    public boolean apply(final CommandFields c)
    {
        switch (c.type())
        {
            case SET_SKU_PRICE -> setSkuPrice(c.sku(), c.quantity(), c.reservationId(), c.capabilities());
            case PUT_PROMOTION -> promotions.put(c.reservationId(), c.sku(), c.capabilities(), c.location(), c.channel(),
                c.latMicros(), c.lonMicros(), c.quantity());
            case PUT_LEARNED_PROMOTION -> promotions.put(c.reservationId(), c.sku(), c.capabilities(), c.location(),
                c.channel(), c.latMicros(), c.lonMicros(), Promotion.LEARNED_UPLIFT);
            case DELETE_PROMOTION ->
            {
                final int row = promotions.find(c.reservationId());
                if (row >= 0)
                {
                    promotions.remove(row);
                }
            }
            case PUT_FORECAST_OVERRIDE ->
            {
                final long key = positionKey(c.location(), c.sku());
                if (c.quantity() == -1 && c.orderUpTo() == 0)
                {
                    final int row = overrides.find(key);
                    if (row >= 0)
                    {
                        overrides.remove(row);
                    }
                }
                else
                {
                    overrides.put(key, c.quantity(), c.compareQuantity(), c.orderUpTo(), c.promiseAt());
                }
            }
            default ->
            {
                return false;
            }
        }
        return true;
    }

    /** @return whether nothing is set: the state checksum leaves it out then, so older checksums hold. */
    public boolean isEmpty()
    {
        return pricedSkus == 0 && promotions.size() == 0 && overrides.size() == 0;
    }

    /** @return the SKU's unit price in minor currency units, 0 for none. */
    public long unitPrice(final int sku)
    {
        return sku < unitPrice.length ? unitPrice[sku] : 0;
    }

    /** @return the SKU's unit cost in minor currency units, 0 for none. */
    public long unitCost(final int sku)
    {
        return sku < unitCost.length ? unitCost[sku] : 0;
    }

    /** @return the SKU's category, 0 for none. */
    public int category(final int sku)
    {
        return sku < category.length ? category[sku] : 0;
    }

    private void setSkuPrice(final int sku, final long price, final long cost, final int categoryNumber)
    {
        if (sku >= unitPrice.length)
        {
            final int length = Math.max(sku + 1, unitPrice.length * 2);
            unitPrice = Arrays.copyOf(unitPrice, length);
            unitCost = Arrays.copyOf(unitCost, length);
            category = Arrays.copyOf(category, length);
        }
        final boolean was = unitPrice[sku] != 0 || unitCost[sku] != 0 || category[sku] != 0;
        final boolean is = price != 0 || cost != 0 || categoryNumber != 0;
        pricedSkus += (is ? 1 : 0) - (was ? 1 : 0);
        unitPrice[sku] = price;
        unitCost[sku] = cost;
        category[sku] = categoryNumber;
    }

    // Promotions, in id order: row r of promotionCount().

    public int promotionCount()
    {
        return promotions.size();
    }

    /** @return the row of promotion {@code id}, or -1. */
    public int promotionRow(final long id)
    {
        return promotions.find(id);
    }

    public long promotionId(final int row)
    {
        return promotions.key(row);
    }

    /** @return the SKU it promotes, or -1 when it names a category. */
    public int promotionSku(final int row)
    {
        return (int)promotions.value(row, PROMO_SKU);
    }

    /** @return the category it promotes, or 0 when it names a SKU. */
    public int promotionCategory(final int row)
    {
        return (int)promotions.value(row, PROMO_CATEGORY);
    }

    /** @return its location, or -1 for all. */
    public int promotionLocation(final int row)
    {
        return (int)promotions.value(row, PROMO_LOCATION);
    }

    /** @return its channel, or -1 for all. */
    public int promotionChannel(final int row)
    {
        return (int)promotions.value(row, PROMO_CHANNEL);
    }

    /** @return its first day (UTC epoch day). */
    public int promotionStartDay(final int row)
    {
        return (int)promotions.value(row, PROMO_START_DAY);
    }

    /** @return its last day, included (UTC epoch day). */
    public int promotionEndDay(final int row)
    {
        return (int)promotions.value(row, PROMO_END_DAY);
    }

    /** @return its expected uplift in basis points (5000: +50%), or {@link Promotion#LEARNED_UPLIFT}. */
    public long promotionUpliftBasisPoints(final int row)
    {
        return promotions.value(row, PROMO_UPLIFT_BP);
    }

    /** @return whether the forecast learns its uplift from the series' past promotions. */
    public boolean promotionLearnsUplift(final int row)
    {
        return Promotion.isLearnedUplift(promotionUpliftBasisPoints(row));
    }

    // Overrides, in (location, SKU) order: row r of overrideCount().

    public int overrideCount()
    {
        return overrides.size();
    }

    /** @return the row of the position's override, or -1. */
    public int overrideRow(final int location, final int sku)
    {
        return overrides.find(positionKey(location, sku));
    }

    public int overrideLocation(final int row)
    {
        return (int)(overrides.key(row) >> 32);
    }

    public int overrideSku(final int row)
    {
        return (int)overrides.key(row);
    }

    /** @return the daily demand in thousandths of the SKU's unit, or -1 for the model's. */
    public long overrideDailyDemandMilli(final int row)
    {
        return overrides.value(row, OVERRIDE_DEMAND_MILLI);
    }

    public long overrideMinLevel(final int row)
    {
        return overrides.value(row, OVERRIDE_MIN);
    }

    /** @return the order-up-to level, or 0 for the computed levels. */
    public long overrideMaxLevel(final int row)
    {
        return overrides.value(row, OVERRIDE_MAX);
    }

    /** @return when it stops winning (engine epoch ms). */
    public long overrideExpiresAt(final int row)
    {
        return overrides.value(row, OVERRIDE_EXPIRES_AT);
    }

    @Override
    public long checksum()
    {
        long sum = pricedSkus;
        for (int sku = 0; sku < unitPrice.length; sku++)
        {
            if (unitPrice[sku] != 0 || unitCost[sku] != 0 || category[sku] != 0)
            {
                sum += StateHash.mix(StateHash.combine(StateHash.combine(StateHash.combine(sku, unitPrice[sku]),
                    unitCost[sku]), category[sku]));
            }
        }
        return StateHash.combine(StateHash.combine(sum, promotions.checksum()), overrides.checksum());
    }

    @Override
    public void writeTo(final DataOutput out) throws IOException
    {
        out.writeInt(pricedSkus);
        for (int sku = 0; sku < unitPrice.length; sku++)
        {
            if (unitPrice[sku] != 0 || unitCost[sku] != 0 || category[sku] != 0)
            {
                out.writeInt(sku);
                out.writeLong(unitPrice[sku]);
                out.writeLong(unitCost[sku]);
                out.writeInt(category[sku]);
            }
        }
        promotions.writeTo(out);
        overrides.writeTo(out);
    }

    @Override
    public void readFrom(final DataInput in, final int formatVersion) throws IOException
    {
        if (formatVersion < SINCE_SNAPSHOT_FORMAT)
        {
            return;
        }
        final int n = in.readInt();
        if (n < 0)
        {
            throw new IOException("negative priced SKU count " + n);
        }
        for (int i = 0; i < n; i++)
        {
            final int sku = in.readInt();
            if (sku < 0)
            {
                throw new IOException("negative SKU id " + sku + " in the SKU prices");
            }
            setSkuPrice(sku, in.readLong(), in.readLong(), in.readInt());
        }
        promotions.readFrom(in, "promotion");
        overrides.readFrom(in, "forecast override");
    }
}

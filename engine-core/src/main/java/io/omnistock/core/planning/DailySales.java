package io.omnistock.core.planning;

import io.omnistock.api.CommandType;
import io.omnistock.api.EventKind;
import io.omnistock.api.EventView;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.journal.CommandFields;
import io.omnistock.core.journal.JournalRecord;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * Units sold per day and days out of stock, per position, aggregated from the journal's events: a
 * sale is an on-hand decrease caused by an accepted SALE, FULFIL or FULFIL_ORDER (as the {@code kpi}
 * tool counts it); a position is out of stock (censored) on the day its available-to-promise fell
 * to 0 and on every whole day it stayed at 0, since those days' sales understate demand; the day
 * stock came back counts as a sales day. Days are UTC dates of the engine's timestamps. Accepted
 * {@code RECORD_SALE_AMOUNT} records (a POS line's amount) are kept per position and day, for the
 * sales value ABC classification ranks by ({@link #salesValue}).
 *
 * <p>Shared by {@code bin/omnistock forecast} (one SKU, at a location or the network) and the
 * daemon's forecast job (every position): both read the journal through their own reader.
 */
public final class DailySales
{
    /**
     * One position's days, in arrays from its own first day: a million positions with two years of
     * history are 730 doubles each (5.8 KB), where a map of boxed days took about 64 bytes a day
     * with sales (the daemon job's 12 GB heap filled at a million positions and 91 days, run 43).
     */
    private static final class Position
    {
        /** The day of its first stock event: before it, the position did not exist. */
        final long firstDay;
        /** {@link DailySales}' index of {@link #firstDay}: the arrays' element 0. */
        final int base;
        /** Units sold per day from {@link #base}; grown as days come. */
        double[] sold = new double[8];
        /**
         * Per day from {@link #base}, the amounts RECORD_SALE_AMOUNT recorded (minor units, even
         * elements) and the units they were for (odd); null until the first.
         */
        long[] amounts;
        final BitSet out = new BitSet();
        long onHand;
        long outSinceDay = -1;

        Position(final long firstDay, final int base)
        {
            this.firstDay = firstDay;
            this.base = base;
        }

        void addSold(final int index, final double units)
        {
            final int i = index - base;
            if (i >= sold.length)
            {
                sold = Arrays.copyOf(sold, Math.max(i + 1, sold.length + (sold.length >> 1)));
            }
            sold[i] += units;
        }

        double sold(final int index)
        {
            final int i = index - base;
            return i >= 0 && i < sold.length ? sold[i] : 0;
        }

        void addAmount(final int index, final long amount, final long units)
        {
            final int i = 2 * (index - base);
            if (amounts == null)
            {
                amounts = new long[Math.max(16, i + 2)];
            }
            else if (i + 1 >= amounts.length)
            {
                amounts = Arrays.copyOf(amounts, Math.max(i + 2, amounts.length + (amounts.length >> 1) & ~1));
            }
            amounts[i] += amount;
            amounts[i + 1] += units;
        }

        /** @return the amount ({@code part} 0) or the units it was for (1) recorded on a day. */
        long amount(final int index, final int part)
        {
            final int i = 2 * (index - base) + part;
            return amounts != null && i >= 0 && i < amounts.length ? amounts[i] : 0;
        }

        /** Adds its days' sales to {@code sales}, indexed as {@link DailySales} indexes days. */
        void addTo(final double[] sales)
        {
            final int n = Math.min(sold.length, sales.length - base);
            for (int i = 0; i < n; i++)
            {
                sales[base + i] += sold[i];
            }
        }
    }

    /** Told of each sale as it is counted (the daemon's forecast job keeps each channel's share). */
    @FunctionalInterface
    public interface SaleListener
    {
        /** A position's on hand fell by {@code units} through the sale of record {@code record}. */
        void sold(JournalRecord record, long positionKey, long units);
    }

    private final int sku;
    private final int location;
    private final SaleListener listener;
    /** By {@link PlanningData#positionKey}, so iteration is in (location, SKU) order. */
    private final Map<Long, Position> positions = new TreeMap<>();
    private long firstDay = -1;
    private long lastDay = -1;

    /**
     * @param sku      the SKU id, or -1 for every SKU.
     * @param location the location id, or -1 for every location (the network).
     */
    public DailySales(final int sku, final int location)
    {
        this(sku, location, (record, positionKey, units) ->
        {
        });
    }

    /** As {@link #DailySales(int, int)}, telling {@code listener} of each sale counted. */
    public DailySales(final int sku, final int location, final SaleListener listener)
    {
        this.sku = sku;
        this.location = location;
        this.listener = listener;
    }

    public void add(final JournalRecord record)
    {
        final long day = day(record.timestamp());
        lastDay = Math.max(lastDay, day);
        final boolean selling = record.reason() == ReasonCode.OK && (record.type() == CommandType.SALE ||
            record.type() == CommandType.FULFIL || record.type() == CommandType.FULFIL_ORDER);
        if (record.reason() == ReasonCode.OK && record.type() == CommandType.RECORD_SALE_AMOUNT)
        {
            amount(record.command(), day);
            return;
        }
        for (int i = 0; i < record.eventCount(); i++)
        {
            final EventView events = record.event(i);
            if (events.kind() != EventKind.STOCK_CHANGED || (sku >= 0 && events.sku() != sku) ||
                (location >= 0 && events.location() != location))
            {
                continue;
            }
            if (firstDay < 0)
            {
                firstDay = day;
            }
            final long key = PlanningData.positionKey(events.location(), events.sku());
            final Position p = positions.computeIfAbsent(key, k -> new Position(day, index(day)));
            if (selling && events.onHand() < p.onHand)
            {
                p.addSold(index(day), p.onHand - events.onHand());
                listener.sold(record, key, p.onHand - events.onHand());
            }
            if (events.available() <= 0 && p.outSinceDay < 0)
            {
                p.outSinceDay = day;
            }
            else if (events.available() > 0 && p.outSinceDay >= 0)
            {
                // the day it ran out and the whole days it stayed out; not the day it came back,
                // whose sales mostly follow the restock (opening hours are not in the journal)
                p.out.set(index(p.outSinceDay), Math.max(index(p.outSinceDay) + 1, index(day)));
                p.outSinceDay = -1;
            }
            p.onHand = events.onHand();
        }
    }

    /** A sale's amount belongs to the position its sale created: one never stocked has no sales to value. */
    private void amount(final CommandFields sale, final long day)
    {
        final Position p = positions.get(PlanningData.positionKey(sale.location(), sale.sku()));
        if (p != null)
        {
            p.addAmount(index(day), sale.reservationId(), sale.quantity());
        }
    }

    /**
     * The sales value of a position over days {@code [from, to)}: the amounts recorded for its sales
     * (the POS lines' own, with their discounts), plus the units sold beyond those the amounts were
     * for at {@code unitPrice}: a position with amounts for every sale needs no price, one with none
     * is valued at its price alone.
     *
     * @param unitPrice the SKU's unit price (master data), 0 for none.
     */
    public double salesValue(final long positionKey, final int from, final int to, final long unitPrice)
    {
        final Position p = positions.get(positionKey);
        if (p == null)
        {
            return 0;
        }
        double units = 0;
        double amount = 0;
        double valuedUnits = 0;
        for (int d = Math.max(0, from); d < to; d++)
        {
            units += p.sold(d);
            amount += p.amount(d, 0);
            valuedUnits += p.amount(d, 1);
        }
        return amount + Math.max(0, units - valuedUnits) * unitPrice;
    }

    /**
     * @return units sold per week at the position over the {@code weeks} whole weeks that end before
     *     day {@code end} (days before the first are zeros): the periods XYZ measures variability over.
     */
    public double[] weeklySales(final long positionKey, final int end, final int weeks)
    {
        final double[] weekly = new double[weeks];
        final Position p = positions.get(positionKey);
        if (p != null)
        {
            for (int w = 0; w < weeks; w++)
            {
                for (int d = 0; d < 7; d++)
                {
                    weekly[w] += p.sold(end - (weeks - w) * 7 + d);
                }
            }
        }
        return weekly;
    }

    public static long day(final long epochMillis)
    {
        return Math.floorDiv(epochMillis, 86_400_000L);
    }

    private int index(final long day)
    {
        return (int)(day - firstDay);
    }

    /** @return whether any stock event of the SKU (at the location) was read. */
    public boolean seen()
    {
        return firstDay >= 0;
    }

    public LocalDate firstDate()
    {
        return LocalDate.ofEpochDay(firstDay);
    }

    /** @return days from the first stock event to the journal's last day, both included. */
    public int days()
    {
        return (int)(lastDay - firstDay + 1);
    }

    /** @return the positions seen, as {@link PlanningData#positionKey}s in (location, SKU) order. */
    public long[] positions()
    {
        return positions.keySet().stream().mapToLong(Long::longValue).toArray();
    }

    /** @return units sold per day, summed over the positions. */
    public double[] sales()
    {
        final double[] sales = new double[days()];
        for (final Position p : positions.values())
        {
            p.addTo(sales);
        }
        return sales;
    }

    /** @return units sold per day at one position (zeros for a position never seen). */
    public double[] sales(final long positionKey)
    {
        final double[] sales = new double[days()];
        final Position p = positions.get(positionKey);
        if (p != null)
        {
            p.addTo(sales);
        }
        return sales;
    }

    /**
     * @return per day, whether a position was out of stock at some moment: for the network, any
     *     position (a day's network sales then understate demand too).
     */
    public boolean[] stockOut()
    {
        final boolean[] out = new boolean[days()];
        for (final Position p : positions.values())
        {
            markOut(p, out);
        }
        return out;
    }

    /**
     * @return per day, whether the position was out of stock at some moment, or did not exist yet:
     *     the days before its first stock event (an item or a store added later) are no more its
     *     demand than a day out of stock is.
     */
    public boolean[] stockOut(final long positionKey)
    {
        final boolean[] out = new boolean[days()];
        final Position p = positions.get(positionKey);
        if (p != null)
        {
            markOut(p, out);
            Arrays.fill(out, 0, Math.min(out.length, index(p.firstDay)), true);
        }
        return out;
    }

    private void markOut(final Position p, final boolean[] out)
    {
        final BitSet days = (BitSet)p.out.clone();
        if (p.outSinceDay >= 0)
        {
            days.set(index(p.outSinceDay), days());
        }
        days.stream().filter(d -> d < out.length).forEach(d -> out[d] = true);
    }
}

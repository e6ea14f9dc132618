package io.omnistock.core.planning;

import io.omnistock.api.CommandType;
import io.omnistock.api.EventKind;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.command.OutputEvents;

import java.time.LocalDate;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Units sold per day and days out of stock, per position, aggregated from the journal's events: a
 * sale is an on-hand decrease caused by an accepted SALE, FULFIL or FULFIL_ORDER (as the {@code kpi}
 * tool counts it); a position is out of stock (censored) on the day its available-to-promise fell
 * to 0 and on every whole day it stayed at 0, since those days' sales understate demand; the day
 * stock came back counts as a sales day. Days are UTC dates of the engine's timestamps.
 *
 * <p>Shared by {@code bin/omnistock forecast} (one SKU, at a location or the network) and the
 * daemon's forecast job (every position): both read the journal through their own reader.
 */
public final class DailySales
{
    /** One position's days, indexed from the epoch day of the first stock event read. */
    private static final class Position
    {
        /** The day of its first stock event: before it, the position did not exist. */
        final long firstDay;
        final Map<Integer, Double> sold = new HashMap<>();
        final BitSet out = new BitSet();
        long onHand;
        long outSinceDay = -1;

        Position(final long firstDay)
        {
            this.firstDay = firstDay;
        }
    }

    /** Told of each sale as it is counted (the daemon's forecast job keeps each channel's share). */
    @FunctionalInterface
    public interface SaleListener
    {
        /** A position's on hand fell by {@code units} through the sale of record {@code slot}. */
        void sold(CommandSlot slot, long positionKey, long units);
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
        this(sku, location, (slot, positionKey, units) ->
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

    public void add(final CommandSlot slot)
    {
        final long day = day(slot.timestamp);
        lastDay = Math.max(lastDay, day);
        final boolean selling = slot.reason == ReasonCode.OK && (slot.type == CommandType.SALE ||
            slot.type == CommandType.FULFIL || slot.type == CommandType.FULFIL_ORDER);
        final OutputEvents events = slot.events;
        for (int i = 0; i < events.count(); i++)
        {
            events.moveTo(i);
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
            final Position p = positions.computeIfAbsent(key, k -> new Position(day));
            if (selling && events.onHand() < p.onHand)
            {
                p.sold.merge(index(day), (double)(p.onHand - events.onHand()), Double::sum);
                listener.sold(slot, key, p.onHand - events.onHand());
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
            p.sold.forEach((d, units) -> sales[d] += units);
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
            p.sold.forEach((d, units) -> sales[d] += units);
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
            java.util.Arrays.fill(out, 0, Math.min(out.length, index(p.firstDay)), true);
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

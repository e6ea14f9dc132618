package io.omnistock.tools;

import io.omnistock.api.CommandType;
import io.omnistock.api.EventKind;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.command.OutputEvents;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Units sold per day and days out of stock, per position of one SKU, aggregated from the journal's
 * events: a sale is an on-hand decrease caused by an accepted SALE, FULFIL or FULFIL_ORDER (as the
 * {@code kpi} tool counts it); a position is out of stock (censored) on the day its
 * available-to-promise fell to 0 and on every whole day it stayed at 0, since those days' sales
 * understate demand; the day stock came back counts as a sales day. Days are UTC dates of the
 * engine's timestamps.
 */
final class DailySales
{
    /** One position's days, indexed from the epoch day of the SKU's first stock event. */
    static final class Position
    {
        final Map<Integer, Double> sold = new HashMap<>();
        final BitSet out = new BitSet();
        long onHand;
        long available;
        long outSinceDay = -1;
    }

    private final int sku;
    private final int location;
    private final Map<Integer, Position> positions = new HashMap<>();
    private long firstDay = -1;
    private long lastDay = -1;

    /** @param location the location id, or -1 for every location (the network). */
    DailySales(final int sku, final int location)
    {
        this.sku = sku;
        this.location = location;
    }

    void add(final CommandSlot slot)
    {
        final long day = day(slot.timestamp);
        lastDay = Math.max(lastDay, day);
        final boolean selling = slot.reason == ReasonCode.OK && (slot.type == CommandType.SALE ||
            slot.type == CommandType.FULFIL || slot.type == CommandType.FULFIL_ORDER);
        final OutputEvents events = slot.events;
        for (int i = 0; i < events.count(); i++)
        {
            events.moveTo(i);
            if (events.kind() != EventKind.STOCK_CHANGED || events.sku() != sku ||
                (location >= 0 && events.location() != location))
            {
                continue;
            }
            if (firstDay < 0)
            {
                firstDay = day;
            }
            final Position p = positions.computeIfAbsent(events.location(), l -> new Position());
            if (selling && events.onHand() < p.onHand)
            {
                p.sold.merge(index(day), (double)(p.onHand - events.onHand()), Double::sum);
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
            p.available = events.available();
        }
    }

    static long day(final long epochMillis)
    {
        return Math.floorDiv(epochMillis, 86_400_000L);
    }

    private int index(final long day)
    {
        return (int)(day - firstDay);
    }

    /** @return whether any stock event of the SKU (at the location) was read. */
    boolean seen()
    {
        return firstDay >= 0;
    }

    LocalDate firstDate()
    {
        return LocalDate.ofEpochDay(firstDay);
    }

    /** @return days from the SKU's first stock event to the journal's last day, both included. */
    int days()
    {
        return (int)(lastDay - firstDay + 1);
    }

    /** @return units sold per day, summed over the positions. */
    double[] sales()
    {
        final double[] sales = new double[days()];
        for (final Position p : positions.values())
        {
            p.sold.forEach((d, units) -> sales[d] += units);
        }
        return sales;
    }

    /**
     * @return per day, whether a position was out of stock at some moment: for the network, any
     *     position (a day's network sales then understate demand too).
     */
    boolean[] stockOut()
    {
        final boolean[] out = new boolean[days()];
        for (final Position p : positions.values())
        {
            final BitSet days = (BitSet)p.out.clone();
            if (p.outSinceDay >= 0)
            {
                days.set(index(p.outSinceDay), days());
            }
            days.stream().filter(d -> d < out.length).forEach(d -> out[d] = true);
        }
        return out;
    }
}

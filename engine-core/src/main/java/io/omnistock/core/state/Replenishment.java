package io.omnistock.core.state;

import io.omnistock.api.AlertKind;
import io.omnistock.core.command.OutputEvents;
import org.agrona.collections.Long2LongHashMap;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Min/max (s, S) replenishment and stock alerts, evaluated on the very command that changes a
 * position, not by a nightly job. Only positions with a policy are tracked (a sparse map from
 * position slot to an entry in primitive arrays), so positions without one cost a map probe.
 *
 * <p>A request opens when available-to-promise plus inbound falls to the reorder point or below,
 * for enough to reach the order-up-to level, rounded up to the pack size and at least the minimum
 * order; at most one is open per position, so stock hovering around the reorder point raises no
 * storm. It closes when available plus inbound is back above the reorder point, or on cancel.
 * Alerts have hysteresis: LOW_STOCK clears only a band above the safety stock, OVERSTOCK a band
 * below the order-up-to level, and OUT_OF_STOCK is answered by BACK_IN_STOCK once.
 */
public final class Replenishment
{
    /** Events one check can add: a request change and two alerts. */
    public static final int MAX_EVENTS_PER_CHECK = 3;
    private static final int LOW = 1;
    private static final int OUT = 1 << 1;
    private static final int OVER = 1 << 2;
    private static final long MISSING = -1;

    private final Long2LongHashMap entryBySlot = new Long2LongHashMap(MISSING);
    private int[] slots = new int[16];
    private long[] reorderPoint = new long[16];
    private long[] orderUpTo = new long[16];
    private long[] packSize = new long[16];
    private long[] minOrder = new long[16];
    private int[] source = new int[16];
    private int[] leadTimeHours = new int[16];
    private long[] openRequest = new long[16];
    private int[] alerts = new int[16];
    private int count;

    public boolean hasPolicy(final int slot)
    {
        return !entryBySlot.isEmpty() && entryBySlot.get(slot) != MISSING;
    }

    /** @return the quantity of the position's open request, or 0. */
    public long openRequest(final int slot)
    {
        final int e = entryBySlot.isEmpty() ? -1 : (int)entryBySlot.get(slot);
        return e < 0 ? 0 : openRequest[e];
    }

    void set(final int slot, final long s, final long upTo, final long pack, final long moq, final int from,
        final int leadHours)
    {
        int e = (int)entryBySlot.get(slot);
        if (e < 0)
        {
            if (count == slots.length)
            {
                grow(count * 2);
            }
            e = count++;
            slots[e] = slot;
            openRequest[e] = 0;
            alerts[e] = 0;
            entryBySlot.put(slot, e);
        }
        reorderPoint[e] = s;
        orderUpTo[e] = upTo;
        packSize[e] = pack;
        minOrder[e] = moq;
        source[e] = from;
        leadTimeHours[e] = leadHours;
    }

    /** Removes the policy (and with it any open request and alert state). */
    void remove(final int slot)
    {
        final int e = (int)entryBySlot.remove(slot);
        if (e < 0)
        {
            return;
        }
        // Keep entries dense: the last one takes the freed place.
        final int last = --count;
        if (e != last)
        {
            slots[e] = slots[last];
            reorderPoint[e] = reorderPoint[last];
            orderUpTo[e] = orderUpTo[last];
            packSize[e] = packSize[last];
            minOrder[e] = minOrder[last];
            source[e] = source[last];
            leadTimeHours[e] = leadTimeHours[last];
            openRequest[e] = openRequest[last];
            alerts[e] = alerts[last];
            entryBySlot.put(slots[e], e);
        }
    }

    /** @return whether a request was open and is now closed. */
    boolean cancel(final int slot)
    {
        final int e = entryBySlot.isEmpty() ? -1 : (int)entryBySlot.get(slot);
        if (e < 0 || openRequest[e] == 0)
        {
            return false;
        }
        openRequest[e] = 0;
        return true;
    }

    /**
     * Evaluates thresholds after a change to the position and emits what crossed.
     */
    void check(final StockLedger ledger, final int slot, final OutputEvents events)
    {
        if (entryBySlot.isEmpty())
        {
            return;
        }
        final int e = (int)entryBySlot.get(slot);
        if (e < 0)
        {
            return;
        }
        final int location = ledger.location(slot);
        final int sku = ledger.sku(slot);
        final long onHand = ledger.onHand(slot);
        final long reserved = ledger.reserved(slot);
        final long inTransit = ledger.inTransit(slot);
        final long safety = ledger.safetyStock(slot);
        final long available = OutputEvents.available(onHand, reserved, safety);

        final long projected = available + inTransit;
        if (openRequest[e] == 0 && projected <= reorderPoint[e])
        {
            final long wanted = Math.max(orderUpTo[e] - projected, minOrder[e]);
            final long quantity = (wanted + packSize[e] - 1) / packSize[e] * packSize[e];
            openRequest[e] = quantity;
            events.addReplenishment(location, sku, quantity, source[e], onHand, reserved, inTransit, safety);
        }
        else if (openRequest[e] != 0 && projected > reorderPoint[e])
        {
            openRequest[e] = 0;
            events.addReplenishmentClosed(location, sku);
        }

        int state = alerts[e];
        if ((state & OUT) == 0 && available == 0)
        {
            state |= OUT;
            events.addAlert(location, sku, AlertKind.OUT_OF_STOCK);
        }
        else if ((state & OUT) != 0 && available > 0)
        {
            state &= ~OUT;
            events.addAlert(location, sku, AlertKind.BACK_IN_STOCK);
        }
        final long free = onHand - reserved;
        if ((state & LOW) == 0 && free < safety)
        {
            state |= LOW;
            events.addAlert(location, sku, AlertKind.LOW_STOCK);
        }
        else if ((state & LOW) != 0 && free >= safety + band(safety))
        {
            state &= ~LOW;
        }
        if ((state & OVER) == 0 && onHand > orderUpTo[e])
        {
            state |= OVER;
            events.addAlert(location, sku, AlertKind.OVERSTOCK);
        }
        else if ((state & OVER) != 0 && onHand <= orderUpTo[e] - band(orderUpTo[e]))
        {
            state &= ~OVER;
        }
        alerts[e] = state;
    }

    /** Hysteresis band: a tenth of the threshold, at least one unit. */
    private static long band(final long threshold)
    {
        return Math.max(1, threshold / 10);
    }

    private void grow(final int n)
    {
        slots = Arrays.copyOf(slots, n);
        reorderPoint = Arrays.copyOf(reorderPoint, n);
        orderUpTo = Arrays.copyOf(orderUpTo, n);
        packSize = Arrays.copyOf(packSize, n);
        minOrder = Arrays.copyOf(minOrder, n);
        source = Arrays.copyOf(source, n);
        leadTimeHours = Arrays.copyOf(leadTimeHours, n);
        openRequest = Arrays.copyOf(openRequest, n);
        alerts = Arrays.copyOf(alerts, n);
    }

    long checksum()
    {
        long sum = count;
        for (int e = 0; e < count; e++)
        {
            long h = StateHash.combine(slots[e], reorderPoint[e]);
            h = StateHash.combine(h, orderUpTo[e]);
            h = StateHash.combine(h, packSize[e] * 31 + minOrder[e]);
            h = StateHash.combine(h, ((long)source[e] << 32) ^ leadTimeHours[e]);
            sum += StateHash.combine(StateHash.combine(h, openRequest[e]), alerts[e]);
        }
        return sum;
    }

    void writeTo(final DataOutput out) throws IOException
    {
        // By slot, so the bytes do not depend on the order policies were set and removed in.
        final int[] order = new int[count];
        for (int e = 0; e < count; e++)
        {
            order[e] = e;
        }
        final Integer[] boxed = Arrays.stream(order).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, (a, b) -> Integer.compare(slots[a], slots[b]));
        out.writeInt(count);
        for (final int e : boxed)
        {
            out.writeInt(slots[e]);
            out.writeLong(reorderPoint[e]);
            out.writeLong(orderUpTo[e]);
            out.writeLong(packSize[e]);
            out.writeLong(minOrder[e]);
            out.writeInt(source[e]);
            out.writeInt(leadTimeHours[e]);
            out.writeLong(openRequest[e]);
            out.writeInt(alerts[e]);
        }
    }

    void readFrom(final DataInput in, final StockLedger ledger) throws IOException
    {
        final int n = in.readInt();
        for (int i = 0; i < n; i++)
        {
            final int slot = in.readInt();
            if (slot < 0 || slot >= ledger.size() || hasPolicy(slot))
            {
                throw new IOException("snapshot replenishment policy " + i + " is invalid");
            }
            set(slot, in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readInt(), in.readInt());
            final int e = (int)entryBySlot.get(slot);
            openRequest[e] = in.readLong();
            alerts[e] = in.readInt();
        }
    }
}

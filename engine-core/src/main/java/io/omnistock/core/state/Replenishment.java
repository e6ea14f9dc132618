package io.omnistock.core.state;

import io.omnistock.api.AlertKind;
import io.omnistock.core.command.OutputEvents;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Min/max (s, S) replenishment and stock alerts, evaluated on the very command that changes a
 * position, not by a nightly job. Only positions with a policy are tracked: a direct index by
 * position slot (pages allocated only where policies exist) leads to one cache line per policy.
 *
 * <p>A request opens when available-to-promise plus inbound falls to the reorder point or below,
 * for enough to reach the order-up-to level, rounded up to the pack size and at least the minimum
 * order; at most one is open per position, so stock hovering around the reorder point raises no
 * storm. It closes when available plus inbound is back above the reorder point, or on cancel.
 * Alerts have hysteresis: LOW_STOCK clears only a band above the safety stock; OVERSTOCK is raised
 * above what pack rounding can explain (S + pack - 1) and clears a band below S; OUT_OF_STOCK is
 * answered by BACK_IN_STOCK once.
 */
public final class Replenishment
{
    /** Events one check can add: a request change and two alerts. */
    public static final int MAX_EVENTS_PER_CHECK = 3;
    private static final int LOW = 1;
    private static final int OUT = 1 << 1;
    private static final int OVER = 1 << 2;

    /**
     * Entry + 1 by position slot (0: no policy), in pages of {@link #PAGE} slots allocated when a
     * policy is first set in them: a direct index, no hash probe on the stock-command path.
     */
    private static final int PAGE_SHIFT = 13;
    private static final int PAGE = 1 << PAGE_SHIFT;
    private int[][] entryPages = new int[0][];
    /**
     * One policy per 64-byte cache line, so a check costs the map probe and one line rather than
     * a line per field.
     */
    private static final int STRIDE = 8;
    private static final int SLOT = 0;
    private static final int REORDER_POINT = 1;
    private static final int ORDER_UP_TO = 2;
    private static final int PACK = 3;
    private static final int MIN_ORDER = 4;
    private static final int SOURCE_AND_LEAD = 5;
    private static final int OPEN_REQUEST = 6;
    private static final int ALERTS = 7;
    private long[] data = new long[16 * STRIDE];
    private int count;
    private int openRequests;

    public boolean hasPolicy(final int slot)
    {
        return entryOf(slot) >= 0;
    }

    /** @return the policy entry of the slot, or -1. */
    private int entryOf(final int slot)
    {
        final int page = slot >>> PAGE_SHIFT;
        return page < entryPages.length && entryPages[page] != null ? entryPages[page][slot & (PAGE - 1)] - 1 : -1;
    }

    private void setEntry(final int slot, final int entry)
    {
        final int page = slot >>> PAGE_SHIFT;
        if (page >= entryPages.length)
        {
            entryPages = Arrays.copyOf(entryPages, page + 1);
        }
        if (entryPages[page] == null)
        {
            entryPages[page] = new int[PAGE];
        }
        entryPages[page][slot & (PAGE - 1)] = entry + 1;
    }

    /** @return how many positions have a policy. */
    /** @return how many requests are open across all positions. */
    public int openRequestCount()
    {
        return openRequests;
    }

    public int policyCount()
    {
        return count;
    }

    /** @return the position slot of policy entry {@code e} (0 to {@link #policyCount()} - 1). */
    public int policySlot(final int e)
    {
        return (int)data[e * STRIDE + SLOT];
    }

    /** @return the source location of policy entry {@code e}, or -1 for the supplier. */
    public int policySource(final int e)
    {
        return (int)(data[e * STRIDE + SOURCE_AND_LEAD] >> 32);
    }

    /** @return the open request of policy entry {@code e}, or 0. */
    public long policyOpenRequest(final int e)
    {
        return data[e * STRIDE + OPEN_REQUEST];
    }

    /** @return whether policy entry {@code e} has the alert raised and not yet cleared. */
    public boolean alertActive(final int e, final AlertKind alert)
    {
        final int bits = (int)data[e * STRIDE + ALERTS];
        return switch (alert)
        {
            case LOW_STOCK -> (bits & LOW) != 0;
            case OUT_OF_STOCK -> (bits & OUT) != 0;
            case OVERSTOCK -> (bits & OVER) != 0;
            case BACK_IN_STOCK -> false;
        };
    }

    /** @return the quantity of the position's open request, or 0. */
    public long openRequest(final int slot)
    {
        final int e = entryOf(slot);
        return e < 0 ? 0 : data[e * STRIDE + OPEN_REQUEST];
    }

    void set(final int slot, final long s, final long upTo, final long pack, final long moq, final int from,
        final int leadHours)
    {
        int e = entryOf(slot);
        if (e < 0)
        {
            if ((count + 1) * STRIDE > data.length)
            {
                data = Arrays.copyOf(data, data.length * 2);
            }
            e = count++;
            data[e * STRIDE + SLOT] = slot;
            data[e * STRIDE + OPEN_REQUEST] = 0;
            data[e * STRIDE + ALERTS] = 0;
            setEntry(slot, e);
        }
        final int o = e * STRIDE;
        data[o + REORDER_POINT] = s;
        data[o + ORDER_UP_TO] = upTo;
        data[o + PACK] = pack;
        data[o + MIN_ORDER] = moq;
        data[o + SOURCE_AND_LEAD] = ((long)from << 32) | (leadHours & 0xFFFF_FFFFL);
    }

    /** Removes the policy (and with it any open request and alert state). */
    void remove(final int slot)
    {
        final int e = entryOf(slot);
        if (e < 0)
        {
            return;
        }
        entryPages[slot >>> PAGE_SHIFT][slot & (PAGE - 1)] = 0;
        if (data[e * STRIDE + OPEN_REQUEST] != 0)
        {
            openRequests--;
        }
        // Keep entries dense: the last one takes the freed place.
        final int last = --count;
        if (e != last)
        {
            System.arraycopy(data, last * STRIDE, data, e * STRIDE, STRIDE);
            setEntry((int)data[e * STRIDE + SLOT], e);
        }
    }

    /** @return whether a request was open and is now closed. */
    boolean cancel(final int slot)
    {
        final int e = entryOf(slot);
        if (e < 0 || data[e * STRIDE + OPEN_REQUEST] == 0)
        {
            return false;
        }
        data[e * STRIDE + OPEN_REQUEST] = 0;
        openRequests--;
        return true;
    }

    /**
     * Evaluates thresholds after a change to the position and emits what crossed.
     */
    void check(final StockLedger ledger, final int slot, final OutputEvents events)
    {
        final int e = entryOf(slot);
        if (e < 0)
        {
            return;
        }
        final int o = e * STRIDE;
        final int location = ledger.location(slot);
        final int sku = ledger.sku(slot);
        final long onHand = ledger.onHand(slot);
        final long reserved = ledger.reserved(slot);
        final long inTransit = ledger.inTransit(slot);
        final long safety = ledger.safetyStock(slot);
        final long available = OutputEvents.available(onHand, reserved, safety);
        final long reorderPoint = data[o + REORDER_POINT];
        final long orderUpTo = data[o + ORDER_UP_TO];

        final long projected = available + inTransit;
        final long open = data[o + OPEN_REQUEST];
        if (open == 0 && projected <= reorderPoint)
        {
            final long pack = data[o + PACK];
            final long wanted = Math.max(orderUpTo - projected, data[o + MIN_ORDER]);
            final long quantity = (wanted + pack - 1) / pack * pack;
            data[o + OPEN_REQUEST] = quantity;
            openRequests++;
            events.addReplenishment(location, sku, quantity, (int)(data[o + SOURCE_AND_LEAD] >> 32), onHand,
                reserved, inTransit, safety);
        }
        else if (open != 0 && projected > reorderPoint)
        {
            data[o + OPEN_REQUEST] = 0;
            openRequests--;
            events.addReplenishmentClosed(location, sku);
        }

        int state = (int)data[o + ALERTS];
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
        // Requests are rounded up to the pack, so stock may land up to a pack less one above S.
        if ((state & OVER) == 0 && onHand > orderUpTo + data[o + PACK] - 1)
        {
            state |= OVER;
            events.addAlert(location, sku, AlertKind.OVERSTOCK);
        }
        else if ((state & OVER) != 0 && onHand <= orderUpTo - band(orderUpTo))
        {
            state &= ~OVER;
        }
        data[o + ALERTS] = state;
    }

    /** Hysteresis band: a tenth of the threshold, at least one unit. */
    private static long band(final long threshold)
    {
        return Math.max(1, threshold / 10);
    }

    long checksum()
    {
        long sum = count;
        for (int e = 0; e < count; e++)
        {
            long h = data[e * STRIDE];
            for (int f = 1; f < STRIDE; f++)
            {
                h = StateHash.combine(h, data[e * STRIDE + f]);
            }
            sum += h;
        }
        return sum;
    }

    void writeTo(final DataOutput out) throws IOException
    {
        // By slot, so the bytes do not depend on the order policies were set and removed in.
        final long[] bySlot = new long[count];
        for (int e = 0; e < count; e++)
        {
            bySlot[e] = (data[e * STRIDE + SLOT] << 32) | e;
        }
        Arrays.sort(bySlot);
        out.writeInt(count);
        for (final long key : bySlot)
        {
            final int o = (int)key * STRIDE;
            for (int f = 0; f < STRIDE; f++)
            {
                out.writeLong(data[o + f]);
            }
        }
    }

    void readFrom(final DataInput in, final StockLedger ledger) throws IOException
    {
        final int n = in.readInt();
        for (int i = 0; i < n; i++)
        {
            final long[] entry = new long[STRIDE];
            for (int f = 0; f < STRIDE; f++)
            {
                entry[f] = in.readLong();
            }
            final int slot = (int)entry[SLOT];
            if (slot < 0 || slot >= ledger.size() || hasPolicy(slot))
            {
                throw new IOException("snapshot replenishment policy " + i + " is invalid");
            }
            set(slot, entry[REORDER_POINT], entry[ORDER_UP_TO], entry[PACK], entry[MIN_ORDER],
                (int)(entry[SOURCE_AND_LEAD] >> 32), (int)entry[SOURCE_AND_LEAD]);
            final int o = entryOf(slot) * STRIDE;
            data[o + OPEN_REQUEST] = entry[OPEN_REQUEST];
            openRequests += entry[OPEN_REQUEST] != 0 ? 1 : 0;
            data[o + ALERTS] = entry[ALERTS];
        }
    }
}

package io.omnistock.core.replenishment;

import io.omnistock.api.AlertKind;
import io.omnistock.api.CommandType;
import io.omnistock.api.ReplenishmentKind;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.Tier;
import io.omnistock.core.catalog.Geo;
import io.omnistock.core.catalog.LocationTable;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.command.OutputEvents;
import io.omnistock.core.state.StateComponent;
import io.omnistock.core.state.StateHash;
import io.omnistock.core.stock.PositionWatcher;
import io.omnistock.core.stock.StockLedger;
import io.omnistock.core.transfer.TransferBook;
import io.omnistock.core.transfer.TransferListener;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

import static io.omnistock.core.replenishment.ReplenishmentRules.NONE;

/**
 * Replenishment and stock alerts, evaluated on the very command that changes a position, not by a
 * nightly job. A position is tracked when a policy applies to it: its own, else its location's
 * default, else its tier's default. A direct index by position slot (pages allocated only where
 * policies exist) leads to one 64-byte entry holding everything a check reads: the levels the
 * policy works out to (units, whatever the policy's kind), the open request, the alert state and
 * today's demand. Policy parameters and the demand averages sit elsewhere and are read only when
 * levels are worked out again (policy change, or the first change of a new day) or a request opens.
 *
 * <p>A request opens when available-to-promise plus inbound falls to the reorder level or below,
 * for enough to reach the order-up-to level, rounded up to the pack size and at least the minimum
 * order; at most one is open per position. It closes when available plus inbound is back above the
 * reorder level, on cancel, or on a receipt from the supplier when the supplier is its source.
 * Alerts have hysteresis: LOW_STOCK clears only a band above the safety stock; OVERSTOCK clears a
 * band below the order-up-to level; OUT_OF_STOCK is answered by BACK_IN_STOCK once; SLOW_MOVER
 * clears after demand on two different days.
 *
 * <p>Most stock commands change nothing here. So a check that ends with no request open and no
 * alert raised leaves a <em>watch</em> in the position's own ledger word: the band within which the
 * next check would find nothing to do either (available above zero, available plus inbound above
 * the reorder level, on hand at or below the overstock level). A later check without demand that
 * lands inside the band returns having read only the position's cache line, which the command has
 * just touched, instead of the entry's. A sale or fulfilment inside the band is demand to record,
 * but nothing to decide: its units and day wait in a small buffer, folded into the entries (their
 * cache misses overlapping) when the buffer fills and before anything reads demand. The band's
 * edges are 13-bit floating-point codes rounded inward (within 1% of the levels), so the band is
 * never wider than the truth. A watch carries a tag
 * that changes with the day and with any default policy, which is all that moves levels without a
 * full check; a position's own policy change clears its watch. Watches are derived: never hashed,
 * journaled or snapshotted, so replay and recovery see the same outputs with or without them.
 */
public final class Replenishment implements StateComponent, PositionWatcher, TransferListener
{
    /** Slots one timed command sweeps at most: bounds the pause it adds (page lookups, ~0.1 ms). */
    static final int SWEEP_SLOTS = 1 << 16;

    private static final long LOW = 1;
    private static final long OUT = 1 << 1;
    private static final long OVER = 1 << 2;
    private static final long SLOW = 1 << 3;
    /**
     * Format 3 snapshots marked a request with an unshipped transfer made from it here, without
     * saying which transfer; read only, to link the request (see {@link #linkFormat3Transfers}).
     */
    private static final long FORMAT3_TRANSFERRING = 1 << 4;
    /** Bits 8-9 of the state: days with demand since SLOW_MOVER was raised; two clear it. */
    private static final int DEMAND_DAYS_SHIFT = 8;
    private static final long DEMAND_DAYS = 3L << DEMAND_DAYS_SHIFT;
    /** Bits 16-31 of the state: the policy's slow-mover days, copied here so a check reads one line. */
    private static final int SLOW_DAYS_SHIFT = 16;
    /** A source slower than this cannot cover a stock-out in time: the plans promise transfers within 24 h. */
    private static final int SUPPLY_BREAK_HOURS = 24;
    /** Reorder level of a policy that asks for nothing (no demand seen yet). */
    private static final long NEVER = -1;

    /** A watch is tag (bits 0-5), lowest quiet projected stock (6-18), highest quiet on hand (19-31). */
    private static final int TAG_MASK = (1 << 6) - 1;
    private static final int LEVEL_MASK = (1 << 13) - 1;
    private static final int LOW_EDGE_SHIFT = 6;
    private static final int HIGH_EDGE_SHIFT = 19;
    /** A level code is an 8-bit mantissa shifted by a 5-bit exponent; the top code means no limit. */
    private static final int NO_LIMIT = LEVEL_MASK;
    private static final int LARGEST_CODE = 31 << 8 | 254;
    private static final long LARGEST_CODED = 254L << 31;
    /** Sales and fulfilments inside a watch whose demand may wait before it is folded in. */
    private static final int DEFERRED = 512;

    /**
     * Entry + 1 by position slot (0: not tracked), in pages of {@link #PAGE} slots allocated when a
     * policy first reaches a slot in them: a direct index, no hash probe on the stock-command path.
     */
    private static final int PAGE_SHIFT = 13;
    private static final int PAGE = 1 << PAGE_SHIFT;
    private int[][] entryPages = new int[0][];

    /** An entry is one 64-byte line: what every check reads and writes. */
    private static final int STRIDE = 8;
    /** Position slot, and (high 32 bits) the defaults generation its levels were worked out for. */
    private static final int KEY = 0;
    /** Alert and request flags, demand days, slow-mover days. */
    private static final int STATE = 1;
    private static final int OPEN_REQUEST = 2;
    private static final int REORDER_LEVEL = 3;
    private static final int UP_TO_LEVEL = 4;
    private static final int OVER_LEVEL = 5;
    /** The day being counted (high 32 bits) and the last day with demand (low 32 bits). */
    private static final int DAYS = 6;
    private static final int DAY_DEMAND = 7;
    private long[] data = new long[16 * STRIDE];

    /** Per entry, what only level changes, new requests and transfers read. */
    private static final int COLD_STRIDE = 5;
    private static final int OWN_RULE = 0;
    private static final int MEAN = 1;
    private static final int VARIANCE = 2;
    private static final int REQUEST_SOURCE = 3;
    /**
     * The created transfer order made from the open request, or 0 (transfer ids are never 0). It
     * names the transfer, not just that there is one: a request may close while its transfer is
     * still created, and that transfer's ship or cancel must not free the position's next request.
     */
    private static final int REQUEST_TRANSFER = 4;
    private long[] cold = new long[16 * COLD_STRIDE];
    private int count;
    private int openRequests;
    /**
     * The daily SLOW_MOVER sweep: positions nobody touches are the slow movers, so once a UTC day
     * every tracked position is checked. It walks slots (not entries, whose order a snapshot does
     * not keep) from {@code sweepSlot}, a chunk per timer command. The day last fully swept is
     * {@code sweptDay}; -1 until the first policy exists.
     */
    private long sweptDay = -1;
    private int sweepSlot = -1;

    private final LocationTable locations;
    private final StockLedger ledger;
    private final SupplyNetwork network;
    private final ReplenishmentRules rules = new ReplenishmentRules();
    private final int[] tierRule = new int[Tier.COUNT];
    private int[] locationRule = new int[0];
    /** How many location and tier defaults exist: while none do, an untracked slot costs one compare. */
    private int defaults;
    /** Bumped when a default changes; an entry of an older generation works its levels out again. */
    private int generation;
    /** The day of the last time seen, so most checks need no division. Derived, not state. */
    private long dayStart = Long.MAX_VALUE;
    private long dayEnd = Long.MIN_VALUE;
    private int day;
    /** The tag of watches still valid, 1 to 63; 0 never is, so a zero word is no watch. Derived. */
    private int tag = 1;
    /** Demand recorded inside a watch, not yet in the entries: {@code day << 32 | slot}, then units. */
    private final long[] deferred = new long[2 * DEFERRED];
    private int deferredCount;

    public Replenishment(final LocationTable locations, final StockLedger ledger)
    {
        this.locations = locations;
        this.ledger = ledger;
        this.network = new SupplyNetwork(locations);
        Arrays.fill(tierRule, NONE);
    }

    // ---- reading (tools, tests) ----

    public boolean hasPolicy(final int slot)
    {
        return entryOf(slot) >= 0;
    }

    /** @return how many positions are tracked (a policy of their own, or a default that reached them). */
    /** @return how many requests are open across all positions. */
    public int openRequestCount()
    {
        return openRequests;
    }

    public int policyCount()
    {
        return count;
    }

    /** @return the position slot of entry {@code e} (0 to {@link #policyCount()} - 1). */
    public int policySlot(final int e)
    {
        return (int)data[e * STRIDE + KEY];
    }

    /** @return the open request of entry {@code e}, or 0. */
    public long policyOpenRequest(final int e)
    {
        return data[e * STRIDE + OPEN_REQUEST];
    }

    /** @return where the open request of entry {@code e} asks stock from: a location, or -1 for the supplier. */
    public int requestSource(final int e)
    {
        return (int)cold[e * COLD_STRIDE + REQUEST_SOURCE];
    }

    /** @return the reorder level of entry {@code e} in units, as last worked out (-1: asks for nothing). */
    public long reorderLevel(final int e)
    {
        return data[e * STRIDE + REORDER_LEVEL];
    }

    /** @return the order-up-to level of entry {@code e} in units, as last worked out. */
    public long orderUpToLevel(final int e)
    {
        return data[e * STRIDE + UP_TO_LEVEL];
    }

    /** @return the average daily demand of entry {@code e} over the days closed so far. */
    public double dailyDemand(final int e)
    {
        return Double.longBitsToDouble(cold[e * COLD_STRIDE + MEAN]);
    }

    /** @return whether entry {@code e} has the alert raised and not yet cleared. */
    public boolean alertActive(final int e, final AlertKind alert)
    {
        final long bits = data[e * STRIDE + STATE];
        return switch (alert)
        {
            case LOW_STOCK -> (bits & LOW) != 0;
            case OUT_OF_STOCK -> (bits & OUT) != 0;
            case OVERSTOCK -> (bits & OVER) != 0;
            case SLOW_MOVER -> (bits & SLOW) != 0;
            case BACK_IN_STOCK -> false;
        };
    }

    /** @return the entry of the slot, or -1. */
    public int entryOf(final int slot)
    {
        final int page = slot >>> PAGE_SHIFT;
        return page < entryPages.length && entryPages[page] != null ? entryPages[page][slot & (PAGE - 1)] - 1 : -1;
    }

    /** @return the quantity of the position's open request, or 0. */
    public long openRequest(final int slot)
    {
        final int e = entryOf(slot);
        return e < 0 ? 0 : data[e * STRIDE + OPEN_REQUEST];
    }

    /** @return whether the position's open request has an unshipped transfer made from it. */
    public boolean requestTransferring(final int slot)
    {
        final int e = entryOf(slot);
        return e >= 0 && cold[e * COLD_STRIDE + REQUEST_TRANSFER] != 0;
    }

    /** @return the source of the position's open request (see {@link #requestSource(int)}); only with one open. */
    public int requestSourceOf(final int slot)
    {
        return requestSource(entryOf(slot));
    }

    // ---- configuration ----

    public void locationDefined(final int location)
    {
        network.locationDefined(location);
        if (location >= locationRule.length)
        {
            final int from = locationRule.length;
            locationRule = Arrays.copyOf(locationRule, Math.max(64, Math.max(location + 1, from * 2)));
            Arrays.fill(locationRule, from, locationRule.length, NONE);
        }
    }

    void setLocationSource(final int location, final int source)
    {
        network.configure(location, source);
    }

    /** Sets the position's own policy (a check follows, which works its levels out). */
    void setOwn(final int slot, final ReplenishmentKind kind, final long reorder, final long upTo, final long overstock,
        final long pack, final long moq, final int source, final int leadHours, final int slowDays, final long now)
    {
        int e = entryOf(slot);
        if (e < 0)
        {
            e = create(slot, now);
        }
        final int own = (int)cold[e * COLD_STRIDE + OWN_RULE];
        if (own == NONE)
        {
            cold[e * COLD_STRIDE + OWN_RULE] = rules.add(kind, reorder, upTo, overstock, pack, moq, source, leadHours,
                slowDays);
        }
        else
        {
            rules.set(own, kind, reorder, upTo, overstock, pack, moq, source, leadHours, slowDays);
        }
        markStale(e);
    }

    /** Removes the position's own policy; a default takes over at the check that follows, if there is one. */
    void removeOwn(final int slot)
    {
        final int e = entryOf(slot);
        if (e >= 0 && cold[e * COLD_STRIDE + OWN_RULE] != NONE)
        {
            rules.remove((int)cold[e * COLD_STRIDE + OWN_RULE]);
            cold[e * COLD_STRIDE + OWN_RULE] = NONE;
            markStale(e);
        }
    }

    /** Sets ({@code kind} non-null) or removes a location's default policy. */
    void setLocationDefault(final int location, final ReplenishmentKind kind, final long reorder, final long upTo,
        final long overstock, final long pack, final long moq, final int source, final int leadHours,
        final int slowDays)
    {
        locationRule[location] = replaceDefault(locationRule[location], kind, reorder, upTo, overstock, pack, moq,
            source, leadHours, slowDays);
    }

    /** Sets ({@code kind} non-null) or removes a tier's default policy. */
    void setTierDefault(final int tier, final ReplenishmentKind kind, final long reorder, final long upTo,
        final long overstock, final long pack, final long moq, final int source, final int leadHours,
        final int slowDays)
    {
        tierRule[tier] = replaceDefault(tierRule[tier], kind, reorder, upTo, overstock, pack, moq, source, leadHours,
            slowDays);
    }

    private int replaceDefault(final int current, final ReplenishmentKind kind, final long reorder, final long upTo,
        final long overstock, final long pack, final long moq, final int source, final int leadHours,
        final int slowDays)
    {
        // Positions pick the change up lazily, at their next check: a tier may hold millions of them.
        generation++;
        nextTag();
        if (kind == null)
        {
            if (current != NONE)
            {
                rules.remove(current);
                defaults--;
            }
            return NONE;
        }
        if (current == NONE)
        {
            defaults++;
            return rules.add(kind, reorder, upTo, overstock, pack, moq, source, leadHours, slowDays);
        }
        rules.set(current, kind, reorder, upTo, overstock, pack, moq, source, leadHours, slowDays);
        return current;
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
        cold[e * COLD_STRIDE + REQUEST_TRANSFER] = 0;
        openRequests--;
        return true;
    }

    /** The position's open request is now transfer {@code transferId}: no second one until it ships or is cancelled. */
    void requestTransferred(final int slot, final long transferId)
    {
        cold[entryOf(slot) * COLD_STRIDE + REQUEST_TRANSFER] = transferId;
    }

    /**
     * Transfer {@code transferId}, made from a request at the position, shipped or was cancelled:
     * that request, if it is still the open one, is free again; a later request is not.
     */
    @Override
    public void requestTransferEnded(final int slot, final long transferId)
    {
        final int e = entryOf(slot);
        if (e >= 0 && cold[e * COLD_STRIDE + REQUEST_TRANSFER] == transferId)
        {
            cold[e * COLD_STRIDE + REQUEST_TRANSFER] = 0;
        }
    }

    // ---- the check ----

    /**
     * A position changed: checks it (at most {@link #MAX_EVENTS_PER_CHECK} events: a supplier
     * receipt's close and a new request, a lateral suggestion and four alerts).
     */
    @Override
    public void positionChanged(final CommandSlot c, final int slot, final long demand)
    {
        check(slot, c.timestamp, demand, c.type == CommandType.RECEIVE, c.events);
    }

    /**
     * Evaluates thresholds after a change to the position and emits what crossed.
     *
     * @param demand          units the command sold or fulfilled here (0 for other changes).
     * @param supplierReceipt whether the command received goods from the supplier here.
     */
    void check(final int slot, final long now, final long demand, final boolean supplierReceipt,
        final OutputEvents events)
    {
        final int today = today(now);
        if (quiet(slot))
        {
            if (demand > 0)
            {
                deferDemand(slot, today, demand);
            }
            return;
        }
        foldDeferredDemand();
        int e = entryOf(slot);
        if (e < 0 && (defaults == 0 || (e = adoptDefault(slot, now)) < 0))
        {
            return;
        }
        final int o = e * STRIDE;
        if ((int)(data[o + KEY] >>> 32) != generation || today != (int)(data[o + DAYS] >> 32))
        {
            final int rule = ruleOf(e);
            if (rule == NONE)
            {
                drop(e, events);
                return;
            }
            rollDays(e, today);
            workOutLevels(e, rule);
        }
        long state = data[o + STATE];
        if (demand > 0)
        {
            state = recordDemand(o, today, demand, state);
        }
        final int location = ledger.location(slot);
        final int sku = ledger.sku(slot);
        final long onHand = ledger.onHand(slot);
        final long reserved = ledger.reserved(slot);
        final long inTransit = ledger.inTransit(slot);
        final long safety = ledger.safetyStock(slot);
        final long available = OutputEvents.available(onHand, reserved, safety);
        final long reorderLevel = data[o + REORDER_LEVEL];
        final long upTo = data[o + UP_TO_LEVEL];

        final long projected = available + inTransit;
        final long wasOpen = data[o + OPEN_REQUEST];
        long open = wasOpen;
        if (supplierReceipt && open != 0 && cold[e * COLD_STRIDE + REQUEST_SOURCE] == ReplenishmentPolicy.SUPPLIER)
        {
            // The supplier delivered: its order is done, even if short; a shortfall asks again below.
            open = 0;
            cold[e * COLD_STRIDE + REQUEST_TRANSFER] = 0;
            events.addReplenishmentClosed(location, sku);
        }
        if (open == 0 && projected <= reorderLevel)
        {
            open = openRequest(e, location, projected, upTo);
            if (open != 0)
            {
                events.addReplenishment(location, sku, open, requestSource(e), onHand, reserved, inTransit, safety);
            }
        }
        else if (open != 0 && projected > reorderLevel)
        {
            open = 0;
            cold[e * COLD_STRIDE + REQUEST_TRANSFER] = 0;
            events.addReplenishmentClosed(location, sku);
        }
        data[o + OPEN_REQUEST] = open;
        openRequests += (open != 0 ? 1 : 0) - (wasOpen != 0 ? 1 : 0);

        if ((state & OUT) == 0 && available == 0)
        {
            state |= OUT;
            events.addAlert(location, sku, AlertKind.OUT_OF_STOCK);
            suggestLateral(e, location, sku, open != 0 ? open : upTo - projected, events);
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
        if ((state & OVER) == 0 && onHand > data[o + OVER_LEVEL])
        {
            state |= OVER;
            events.addAlert(location, sku, AlertKind.OVERSTOCK);
        }
        else if ((state & OVER) != 0 && onHand <= upTo - band(upTo))
        {
            state &= ~OVER;
        }
        state = slowMover(o, state, onHand, today, location, sku, events);
        data[o + STATE] = state;
        // A slow mover's next sale changes its state (two days of demand clear the alert): no watch.
        ledger.setWatch(slot, open == 0 && (state & (LOW | OUT | OVER | SLOW)) == 0 ?
            watch(reorderLevel, data[o + OVER_LEVEL]) : 0);
    }

    /** @return whether the position sits inside its watch's band: a full check would change nothing. */
    private boolean quiet(final int slot)
    {
        final int watch = ledger.watch(slot);
        if ((watch & TAG_MASK) != tag)
        {
            return false;
        }
        final long onHand = ledger.onHand(slot);
        final long available = OutputEvents.available(onHand, ledger.reserved(slot), ledger.safetyStock(slot));
        return available > 0 &&
            available + ledger.inTransit(slot) >= level((watch >>> LOW_EDGE_SHIFT) & LEVEL_MASK) &&
            onHand <= level(watch >>> HIGH_EDGE_SHIFT);
    }

    private void deferDemand(final int slot, final int today, final long demand)
    {
        if (deferredCount == DEFERRED)
        {
            foldDeferredDemand();
        }
        deferred[2 * deferredCount] = (long)today << 32 | slot;
        deferred[2 * deferredCount + 1] = demand;
        deferredCount++;
    }

    /**
     * Records deferred demand in the entries, as each check would have: today's units and the last
     * day with demand. Runs before anything reads them, so no reader can tell it was deferred.
     */
    private void foldDeferredDemand()
    {
        // Two passes, so that neither pass waits on the other's cache misses: entries first (kept
        // in the slot's half of the word), then the entries' demand.
        for (int i = 0; i < deferredCount; i++)
        {
            final long dayAndSlot = deferred[2 * i];
            deferred[2 * i] = (dayAndSlot & 0xFFFF_FFFF_0000_0000L) | entryOf((int)dayAndSlot);
        }
        for (int i = 0; i < deferredCount; i++)
        {
            final long dayAndEntry = deferred[2 * i];
            addDemand((int)dayAndEntry * STRIDE, (int)(dayAndEntry >>> 32), deferred[2 * i + 1]);
        }
        deferredCount = 0;
    }

    /** @return the watch for these levels, or 0 when a level is beyond the codes. */
    private int watch(final long reorderLevel, final long overLevel)
    {
        if (reorderLevel >= LARGEST_CODED || overLevel < 0)
        {
            return 0;
        }
        return tag | levelAtLeast(Math.max(0, reorderLevel + 1)) << LOW_EDGE_SHIFT |
            levelAtMost(overLevel) << HIGH_EDGE_SHIFT;
    }

    /** @return the code of the smallest level at least {@code units} (0 to {@link #LARGEST_CODED}). */
    static int levelAtLeast(final long units)
    {
        int exponent = Math.max(0, Long.SIZE - Long.numberOfLeadingZeros(units) - 8);
        long mantissa = (units + (1L << exponent) - 1) >>> exponent;
        if (mantissa > 0xFF)
        {
            // Rounding up carried into a ninth bit: 256 << e is 128 << (e + 1).
            mantissa >>>= 1;
            exponent++;
        }
        return exponent << 8 | (int)mantissa;
    }

    /** @return the code of the largest level at most {@code units} (at least 0); {@link Long#MAX_VALUE} is no limit. */
    static int levelAtMost(final long units)
    {
        if (units == Long.MAX_VALUE)
        {
            return NO_LIMIT;
        }
        if (units >= LARGEST_CODED)
        {
            return LARGEST_CODE;
        }
        final int exponent = Math.max(0, Long.SIZE - Long.numberOfLeadingZeros(units) - 8);
        return exponent << 8 | (int)(units >>> exponent);
    }

    static long level(final int code)
    {
        return code == NO_LIMIT ? Long.MAX_VALUE : (long)(code & 0xFF) << (code >>> 8);
    }

    /** Watches of the old tag no longer hold; after 63 tags the oldest would look valid again, so all are cleared. */
    private void nextTag()
    {
        if (++tag > TAG_MASK)
        {
            tag = 1;
            ledger.clearWatches();
        }
    }

    /** Raises SLOW_MOVER once stock has sat without demand for the policy's number of days. */
    private long slowMover(
        final int o, final long state, final long onHand, final int today, final int location, final int sku,
        final OutputEvents events)
    {
        final int slowDays = (int)(state >>> SLOW_DAYS_SHIFT) & 0xFFFF;
        if (slowDays != 0 && (state & SLOW) == 0 && onHand > 0 && today - (int)data[o + DAYS] >= slowDays)
        {
            events.addAlert(location, sku, AlertKind.SLOW_MOVER);
            return (state | SLOW) & ~DEMAND_DAYS;
        }
        return state;
    }

    /**
     * @return when the timer should next send the engine's timed command for the sweep: 0 while a
     *     sweep is under way, the start of the next UTC day otherwise, never without policies.
     */
    public long nextSweepAt()
    {
        if (count == 0 || sweptDay < 0)
        {
            return Long.MAX_VALUE;
        }
        return sweepSlot >= 0 ? 0 : (sweptDay + 1) * DemandMath.DAY_MILLIS;
    }

    /**
     * Part of the daily sweep, run by the engine's timed command: checks up to {@link #SWEEP_SLOTS}
     * slots for SLOW_MOVER, stopping early when the command's events are full.
     */
    public void sweep(final long now, final OutputEvents events)
    {
        foldDeferredDemand();
        final int today = today(now);
        if (sweepSlot < 0)
        {
            if (count == 0 || sweptDay < 0 || today <= sweptDay)
            {
                return;
            }
            sweepSlot = 0;
        }
        final int end = (int)Math.min(ledger.size(), (long)sweepSlot + SWEEP_SLOTS);
        int slot = sweepSlot;
        for (; slot < end && events.remaining() > 0; slot++)
        {
            final int e = entryOf(slot);
            if (e >= 0)
            {
                final int o = e * STRIDE;
                data[o + STATE] = slowMover(o, data[o + STATE], ledger.onHand(slot), today, ledger.location(slot),
                    ledger.sku(slot), events);
            }
        }
        if (slot >= ledger.size())
        {
            sweptDay = today;
            sweepSlot = -1;
        }
        else
        {
            sweepSlot = slot;
        }
    }

    /** @return the quantity of a new request, 0 if the policy wants nothing; records its source. */
    private long openRequest(final int e, final int location, final long projected, final long upTo)
    {
        final int rule = ruleOf(e);
        final long pack = rules.pack(rule);
        final long wanted = Math.max(upTo - projected, rules.minOrder(rule));
        final long quantity = (wanted + pack - 1) / pack * pack;
        cold[e * COLD_STRIDE + REQUEST_SOURCE] = resolveSource(rules.source(rule), location);
        return Math.max(0, quantity);
    }

    private int resolveSource(final int source, final int location)
    {
        return source == ReplenishmentPolicy.NETWORK ? network.sourceOf(location) : source;
    }

    private long recordDemand(final int o, final int today, final long demand, final long state)
    {
        final int lastDay = (int)data[o + DAYS];
        addDemand(o, today, demand);
        if ((state & SLOW) == 0 || today == lastDay)
        {
            return state;
        }
        // One stray sale does not make a slow mover sell: demand on a second day clears the alert.
        final long days = ((state & DEMAND_DAYS) >>> DEMAND_DAYS_SHIFT) + 1;
        return days >= 2 ? state & ~(SLOW | DEMAND_DAYS) : (state & ~DEMAND_DAYS) | (days << DEMAND_DAYS_SHIFT);
    }

    /** Adds units to the day being counted and makes {@code day} the last day with demand. */
    private void addDemand(final int o, final int day, final long units)
    {
        data[o + DAY_DEMAND] += units;
        data[o + DAYS] = (data[o + DAYS] & 0xFFFF_FFFF_0000_0000L) | (day & 0xFFFF_FFFFL);
    }

    /**
     * Supply break: the position ran out and its source needs more than 24 hours. Suggests the
     * nearest other location holding the SKU above its own reorder level (not the source itself).
     */
    private void suggestLateral(final int e, final int location, final int sku, final long need,
        final OutputEvents events)
    {
        final int rule = ruleOf(e);
        if (rules.leadHours(rule) <= SUPPLY_BREAK_HOURS || need <= 0)
        {
            return;
        }
        final int source = resolveSource(rules.source(rule), location);
        final int lat = locations.latMicros(location);
        final int lon = locations.lonMicros(location);
        final double scale = Geo.longitudeScale(lat);
        int best = -1;
        long bestMeters = Long.MAX_VALUE;
        long bestSurplus = 0;
        for (int i = 0; i < ledger.holderCount(sku); i++)
        {
            final int holder = ledger.holderSlot(sku, i);
            final int other = ledger.location(holder);
            final long reorder = other == location || other == source ? Long.MAX_VALUE : reorderLevelAt(holder, other);
            final long surplus = reorder == Long.MAX_VALUE ? 0 : ledger.available(holder) - Math.max(0, reorder);
            if (surplus <= 0)
            {
                continue;
            }
            final long meters = Geo.distanceMeters(lat, lon, locations.latMicros(other), locations.lonMicros(other),
                scale);
            // Holder lists are in no particular order: (distance, id) decides, a total order.
            if (meters < bestMeters || (meters == bestMeters && other < best))
            {
                best = other;
                bestMeters = meters;
                bestSurplus = surplus;
            }
        }
        if (best >= 0)
        {
            events.addLateralSuggestion(location, sku, best, Math.min(need, bestSurplus));
        }
    }

    /**
     * @return the position's reorder level as last worked out, or its default's before any demand
     *     was seen there; {@link Long#MAX_VALUE} when no policy manages it (nothing known to spare).
     */
    private long reorderLevelAt(final int slot, final int location)
    {
        final int e = entryOf(slot);
        if (e >= 0)
        {
            return data[e * STRIDE + REORDER_LEVEL];
        }
        final int rule = defaultRule(location);
        if (rule == NONE)
        {
            return Long.MAX_VALUE;
        }
        return rules.kind(rule) == ReplenishmentKind.MIN_MAX ? rules.reorder(rule) : NEVER;
    }

    // ---- levels and demand ----

    private int ruleOf(final int e)
    {
        final int own = (int)cold[e * COLD_STRIDE + OWN_RULE];
        return own != NONE ? own : defaultRule(ledger.location((int)data[e * STRIDE + KEY]));
    }

    private int defaultRule(final int location)
    {
        final int own = locationRule[location];
        return own != NONE ? own : tierRule[locations.tierOrdinal(location)];
    }

    /** Works the policy's levels out in units, from its parameters and the demand averages. */
    private void workOutLevels(final int e, final int rule)
    {
        final int o = e * STRIDE;
        final double mean = dailyDemand(e);
        final long pack = rules.pack(rule);
        long reorder = NEVER;
        long upTo = 0;
        long over = Long.MAX_VALUE;
        final ReplenishmentKind kind = rules.kind(rule);
        if (kind == ReplenishmentKind.MIN_MAX)
        {
            reorder = rules.reorder(rule);
            upTo = rules.upTo(rule);
            over = upTo + pack - 1;
        }
        else if (mean > 0 && kind == ReplenishmentKind.DAYS_OF_COVER)
        {
            // "Covers fewer than D days": projected < mean x D, i.e. at most ceil(mean x D) - 1 units.
            reorder = DemandMath.ceilUnits(mean * rules.reorder(rule)) - 1;
            upTo = DemandMath.ceilUnits(mean * rules.upTo(rule));
            over = Math.max(DemandMath.floorUnits(mean * rules.overstock(rule)), upTo + pack - 1);
        }
        else if (mean > 0)
        {
            final double leadDays = rules.leadHours(rule) / 24.0;
            final double sigma = StrictMath.sqrt(Double.longBitsToDouble(cold[e * COLD_STRIDE + VARIANCE]));
            reorder = DemandMath.ceilUnits(mean * leadDays + rules.safetyFactor(rule) * sigma * StrictMath.sqrt(leadDays));
            upTo = reorder + DemandMath.ceilUnits(mean * rules.upTo(rule));
            over = upTo + pack - 1;
        }
        // Before any demand is seen, a demand-driven policy asks for nothing and calls nothing overstock.
        data[o + REORDER_LEVEL] = reorder;
        data[o + UP_TO_LEVEL] = upTo;
        data[o + OVER_LEVEL] = over;
        data[o + KEY] = (data[o + KEY] & 0xFFFF_FFFFL) | ((long)generation << 32);
        data[o + STATE] = (data[o + STATE] & ~(0xFFFFL << SLOW_DAYS_SHIFT)) |
            ((long)rules.slowMoverDays(rule) << SLOW_DAYS_SHIFT);
    }

    /** Closes the days from the one being counted up to yesterday into the demand averages. */
    private void rollDays(final int e, final int today)
    {
        final int o = e * STRIDE;
        final int counted = (int)(data[o + DAYS] >> 32);
        if (today <= counted)
        {
            return;
        }
        final int c = e * COLD_STRIDE;
        double mean = Double.longBitsToDouble(cold[c + MEAN]);
        double variance = Double.longBitsToDouble(cold[c + VARIANCE]);
        variance = DemandMath.nextVariance(variance, mean, data[o + DAY_DEMAND]);
        mean = DemandMath.nextMean(mean, data[o + DAY_DEMAND]);
        final long emptyDays = (long)today - counted - 1;
        if (emptyDays > DemandMath.MAX_DECAY_DAYS)
        {
            mean = 0;
            variance = 0;
        }
        for (long d = 0; d < emptyDays && mean != 0; d++)
        {
            variance = DemandMath.nextVariance(variance, mean, 0);
            mean = DemandMath.nextMean(mean, 0);
        }
        cold[c + MEAN] = Double.doubleToLongBits(mean);
        cold[c + VARIANCE] = Double.doubleToLongBits(variance);
        data[o + DAYS] = ((long)today << 32) | (data[o + DAYS] & 0xFFFF_FFFFL);
        data[o + DAY_DEMAND] = 0;
    }

    private int today(final long now)
    {
        if (now < dayStart || now >= dayEnd)
        {
            day = (int)DemandMath.day(now);
            nextTag();
            dayStart = day * DemandMath.DAY_MILLIS;
            dayEnd = dayStart + DemandMath.DAY_MILLIS;
        }
        return day;
    }

    /** Hysteresis band: a tenth of the threshold, at least one unit. */
    private static long band(final long threshold)
    {
        return Math.max(1, threshold / 10);
    }

    // ---- entries ----

    private int adoptDefault(final int slot, final long now)
    {
        return defaultRule(ledger.location(slot)) == NONE ? -1 : create(slot, now);
    }

    /** @return a new entry for the slot, counting demand from today, with levels still to be worked out. */
    private int create(final int slot, final long now)
    {
        if ((count + 1) * STRIDE > data.length)
        {
            data = Arrays.copyOf(data, data.length * 2);
            cold = Arrays.copyOf(cold, cold.length * 2);
        }
        final int e = count++;
        final int o = e * STRIDE;
        final long today = today(now);
        if (sweptDay < 0)
        {
            sweptDay = today;
        }
        data[o + KEY] = slot;
        data[o + STATE] = 0;
        data[o + OPEN_REQUEST] = 0;
        data[o + REORDER_LEVEL] = NEVER;
        data[o + UP_TO_LEVEL] = 0;
        data[o + OVER_LEVEL] = Long.MAX_VALUE;
        data[o + DAYS] = (today << 32) | (today & 0xFFFF_FFFFL);
        data[o + DAY_DEMAND] = 0;
        final int c = e * COLD_STRIDE;
        cold[c + OWN_RULE] = NONE;
        cold[c + MEAN] = Double.doubleToLongBits(0);
        cold[c + VARIANCE] = Double.doubleToLongBits(0);
        cold[c + REQUEST_SOURCE] = ReplenishmentPolicy.SUPPLIER;
        cold[c + REQUEST_TRANSFER] = 0;
        setEntry(slot, e);
        markStale(e);
        return e;
    }

    private void markStale(final int e)
    {
        final int o = e * STRIDE;
        data[o + KEY] = (data[o + KEY] & 0xFFFF_FFFFL) | ((long)(generation - 1) << 32);
        ledger.setWatch((int)data[o + KEY], 0);
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

    /** No policy applies any more: the position is no longer tracked, and an open request closes. */
    private void drop(final int e, final OutputEvents events)
    {
        final int slot = (int)data[e * STRIDE + KEY];
        if (data[e * STRIDE + OPEN_REQUEST] != 0)
        {
            openRequests--;
            events.addReplenishmentClosed(ledger.location(slot), ledger.sku(slot));
        }
        entryPages[slot >>> PAGE_SHIFT][slot & (PAGE - 1)] = 0;
        ledger.setWatch(slot, 0);
        // Keep entries dense: the last one takes the freed place.
        final int last = --count;
        if (e != last)
        {
            System.arraycopy(data, last * STRIDE, data, e * STRIDE, STRIDE);
            System.arraycopy(cold, last * COLD_STRIDE, cold, e * COLD_STRIDE, COLD_STRIDE);
            setEntry((int)data[e * STRIDE + KEY], e);
        }
    }

    // ---- checksum and snapshot ----

    /** Folds deferred demand in first: a change of representation only, as every reader does. */
    @Override
    public long checksum()
    {
        foldDeferredDemand();
        long sum = StateHash.combine(StateHash.combine(count, generation), StateHash.combine(sweptDay, sweepSlot));
        for (int e = 0; e < count; e++)
        {
            long h = data[e * STRIDE];
            for (int f = 1; f < STRIDE; f++)
            {
                h = StateHash.combine(h, data[e * STRIDE + f]);
            }
            for (int f = MEAN; f < COLD_STRIDE; f++)
            {
                h = StateHash.combine(h, cold[e * COLD_STRIDE + f]);
            }
            sum += StateHash.combine(h, rules.hash((int)cold[e * COLD_STRIDE + OWN_RULE]));
        }
        for (int location = 0; location < locationRule.length; location++)
        {
            sum += locationRule[location] == NONE ? 0 : StateHash.combine(location, rules.hash(locationRule[location]));
        }
        for (int tier = 0; tier < Tier.COUNT; tier++)
        {
            sum = StateHash.combine(sum, rules.hash(tierRule[tier]));
        }
        return StateHash.combine(sum, network.checksum());
    }

    @Override
    public void writeTo(final DataOutput out) throws IOException
    {
        foldDeferredDemand();
        // By slot, so the bytes do not depend on the order entries were made and dropped in.
        final long[] bySlot = new long[count];
        for (int e = 0; e < count; e++)
        {
            bySlot[e] = ((data[e * STRIDE + KEY] & 0xFFFF_FFFFL) << 32) | e;
        }
        Arrays.sort(bySlot);
        out.writeInt(generation);
        out.writeInt(count);
        for (final long key : bySlot)
        {
            final int e = (int)key;
            for (int f = 0; f < STRIDE; f++)
            {
                out.writeLong(data[e * STRIDE + f]);
            }
            for (int f = MEAN; f < COLD_STRIDE; f++)
            {
                out.writeLong(cold[e * COLD_STRIDE + f]);
            }
            rules.writeTo(out, (int)cold[e * COLD_STRIDE + OWN_RULE]);
        }
        int locationDefaults = 0;
        for (final int rule : locationRule)
        {
            locationDefaults += rule == NONE ? 0 : 1;
        }
        out.writeInt(locationDefaults);
        for (int location = 0; location < locationRule.length; location++)
        {
            if (locationRule[location] != NONE)
            {
                out.writeInt(location);
                rules.writeTo(out, locationRule[location]);
            }
        }
        for (int tier = 0; tier < Tier.COUNT; tier++)
        {
            rules.writeTo(out, tierRule[tier]);
        }
        network.writeTo(out);
        out.writeLong(sweptDay);
        out.writeInt(sweepSlot);
    }

    /**
     * Loads entries into this empty book; every location is defined already. Format 3 has no
     * request's transfer: {@link #linkFormat3Transfers} works it out once the transfers are read.
     */
    @Override
    public void readFrom(final DataInput in, final int formatVersion) throws IOException
    {
        final int coldFields = formatVersion >= 4 ? COLD_STRIDE : REQUEST_TRANSFER;
        generation = in.readInt();
        final int n = in.readInt();
        for (int i = 0; i < n; i++)
        {
            final long key = in.readLong();
            final int slot = (int)key;
            if (slot < 0 || slot >= ledger.size() || hasPolicy(slot))
            {
                throw new IOException("snapshot replenishment entry " + i + " is invalid");
            }
            final int e = create(slot, 0);
            data[e * STRIDE + KEY] = key;
            for (int f = 1; f < STRIDE; f++)
            {
                data[e * STRIDE + f] = in.readLong();
            }
            for (int f = MEAN; f < coldFields; f++)
            {
                cold[e * COLD_STRIDE + f] = in.readLong();
            }
            cold[e * COLD_STRIDE + OWN_RULE] = rules.readFrom(in);
            openRequests += data[e * STRIDE + OPEN_REQUEST] != 0 ? 1 : 0;
        }
        final int locationDefaults = in.readInt();
        for (int i = 0; i < locationDefaults; i++)
        {
            final int location = in.readInt();
            if (!locations.exists(location) || locationRule[location] != NONE)
            {
                throw new IOException("snapshot location default " + i + " is invalid");
            }
            locationRule[location] = rules.readFrom(in);
            defaults += locationRule[location] == NONE ? 0 : 1;
        }
        for (int tier = 0; tier < Tier.COUNT; tier++)
        {
            tierRule[tier] = rules.readFrom(in);
            defaults += tierRule[tier] == NONE ? 0 : 1;
        }
        network.readFrom(in);
        sweptDay = in.readLong();
        sweepSlot = in.readInt();
    }

    /**
     * A format 3 snapshot marked a request with a transfer made from it, not which one. Links each
     * marked request to the created transfer made from a request at its position with the highest
     * id: the one made last when transfers are numbered in order, as they were in every case that
     * build could get wrong. Then clears the marks, which nothing reads any more.
     */
    public void linkFormat3Transfers(final TransferBook transfers)
    {
        for (final long id : transfers.idsInOrder())
        {
            final int t = transfers.find(id);
            final int e = entryOf(transfers.toSlot(t));
            if (e >= 0 && transfers.state(t) == TransferBook.CREATED && transfers.fromRequest(t) &&
                (data[e * STRIDE + STATE] & FORMAT3_TRANSFERRING) != 0)
            {
                cold[e * COLD_STRIDE + REQUEST_TRANSFER] = id;
            }
        }
        for (int e = 0; e < count; e++)
        {
            data[e * STRIDE + STATE] &= ~FORMAT3_TRANSFERRING;
        }
    }
}

package io.omnistock.core.replenishment;

import io.omnistock.api.AlertKind;
import io.omnistock.api.CommandType;
import io.omnistock.api.ReplenishmentKind;
import io.omnistock.api.ReplenishmentPolicy;
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

import static io.omnistock.core.replenishment.ReplenishmentEntries.*;
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
 * never wider than the truth. A watch carries a tag ({@link Watches}) that changes with the day
 * and with any default policy, which is all that moves levels without a full check; a position's
 * own policy change clears its watch. Watches are derived: never hashed, journaled or
 * snapshotted, so replay and recovery see the same outputs with or without them.
 */
public final class Replenishment implements StateComponent, PositionWatcher, TransferListener
{
    /** A source slower than this cannot cover a stock-out in time: the plans promise transfers within 24 h. */
    private static final int SUPPLY_BREAK_HOURS = 24;

    /** The entries' storage: what a check reads, what levels and requests read, by position slot. */
    private final ReplenishmentEntries entries = new ReplenishmentEntries();



    private int openRequests;
    /** The daily SLOW_MOVER sweep, a chunk per timed command. */
    private final SlowMoverSweep sweeper;

    private final LocationTable locations;
    private final StockLedger ledger;
    private final SupplyNetwork network;
    private final ReplenishmentRules rules = new ReplenishmentRules();
    private final PolicyDefaults defaults;
    /** The watches left in the ledger, their tag and the day. Derived, not state. */
    private final Watches watches;
    /** Where a position that ran out, with a slow source, could borrow stock from. */
    private final LateralSuggestion lateral;
    /** Demand recorded inside a watch, not yet in the entries. */
    private final DeferredDemand deferred = new DeferredDemand(entries);

    public Replenishment(final LocationTable locations, final StockLedger ledger)
    {
        this.locations = locations;
        this.ledger = ledger;
        this.watches = new Watches(ledger);
        this.network = new SupplyNetwork(locations);
        this.defaults = new PolicyDefaults(rules, locations);
        this.sweeper = new SlowMoverSweep(entries, ledger);
        this.lateral = new LateralSuggestion(entries, defaults, rules, ledger, locations);
    }

    // ---- reading (tools, tests) ----

    public boolean hasPolicy(final int slot)
    {
        return entryOf(slot) >= 0;
    }

    /** @return how many requests are open across all positions. */
    public int openRequestCount()
    {
        return openRequests;
    }

    public int policyCount()
    {
        return entries.count;
    }

    /** @return the position slot of entry {@code e} (0 to {@link #policyCount()} - 1). */
    public int policySlot(final int e)
    {
        return (int)entries.data[e * STRIDE + KEY];
    }

    /** @return the open request of entry {@code e}, or 0. */
    public long policyOpenRequest(final int e)
    {
        return entries.data[e * STRIDE + OPEN_REQUEST];
    }

    /** @return where the open request of entry {@code e} asks stock from: a location, or -1 for the supplier. */
    public int requestSource(final int e)
    {
        return (int)entries.cold[e * COLD_STRIDE + REQUEST_SOURCE];
    }

    /** @return the reorder level of entry {@code e} in units, as last worked out (-1: asks for nothing). */
    public long reorderLevel(final int e)
    {
        return entries.data[e * STRIDE + REORDER_LEVEL];
    }

    /** @return the order-up-to level of entry {@code e} in units, as last worked out. */
    public long orderUpToLevel(final int e)
    {
        return entries.data[e * STRIDE + UP_TO_LEVEL];
    }

    /** @return the average daily demand of entry {@code e} over the days closed so far. */
    public double dailyDemand(final int e)
    {
        return Double.longBitsToDouble(entries.cold[e * COLD_STRIDE + MEAN]);
    }

    /** @return whether entry {@code e} has the alert raised and not yet cleared. */
    public boolean alertActive(final int e, final AlertKind alert)
    {
        return entries.alertActive(e, alert);
    }

    /** @return the entry of the slot, or -1. */
    public int entryOf(final int slot)
    {
        return entries.entryOf(slot);
    }

    /** @return the quantity of the position's open request, or 0. */
    public long openRequest(final int slot)
    {
        final int e = entryOf(slot);
        return e < 0 ? 0 : entries.data[e * STRIDE + OPEN_REQUEST];
    }

    /** @return whether the position's open request has an unshipped transfer made from it. */
    public boolean requestTransferring(final int slot)
    {
        final int e = entryOf(slot);
        return e >= 0 && entries.cold[e * COLD_STRIDE + REQUEST_TRANSFER] != 0;
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
        defaults.locationDefined(location);
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
        final int own = (int)entries.cold[e * COLD_STRIDE + OWN_RULE];
        if (own == NONE)
        {
            entries.cold[e * COLD_STRIDE + OWN_RULE] = rules.add(kind, reorder, upTo, overstock, pack, moq, source, leadHours,
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
        if (e >= 0 && entries.cold[e * COLD_STRIDE + OWN_RULE] != NONE)
        {
            rules.remove((int)entries.cold[e * COLD_STRIDE + OWN_RULE]);
            entries.cold[e * COLD_STRIDE + OWN_RULE] = NONE;
            markStale(e);
        }
    }

    /** Sets ({@code kind} non-null) or removes a location's default policy. */
    void setLocationDefault(final int location, final ReplenishmentKind kind, final long reorder, final long upTo,
        final long overstock, final long pack, final long moq, final int source, final int leadHours,
        final int slowDays)
    {
        defaults.setLocation(location, kind, reorder, upTo, overstock, pack, moq, source, leadHours, slowDays);
        watches.invalidateAll();
    }

    /** Sets ({@code kind} non-null) or removes a tier's default policy. */
    void setTierDefault(final int tier, final ReplenishmentKind kind, final long reorder, final long upTo,
        final long overstock, final long pack, final long moq, final int source, final int leadHours,
        final int slowDays)
    {
        defaults.setTier(tier, kind, reorder, upTo, overstock, pack, moq, source, leadHours, slowDays);
        watches.invalidateAll();
    }

    /** @return whether a request was open and is now closed. */
    boolean cancel(final int slot)
    {
        final int e = entryOf(slot);
        if (e < 0 || entries.data[e * STRIDE + OPEN_REQUEST] == 0)
        {
            return false;
        }
        entries.data[e * STRIDE + OPEN_REQUEST] = 0;
        entries.cold[e * COLD_STRIDE + REQUEST_TRANSFER] = 0;
        openRequests--;
        return true;
    }

    /** The position's open request is now transfer {@code transferId}: no second one until it ships or is cancelled. */
    void requestTransferred(final int slot, final long transferId)
    {
        assert entryOf(slot) >= 0 && entries.data[entryOf(slot) * STRIDE + OPEN_REQUEST] > 0 :
            "transfer " + transferId + " made from slot " + slot + ", which has no open request";
        entries.cold[entryOf(slot) * COLD_STRIDE + REQUEST_TRANSFER] = transferId;
    }

    /**
     * Transfer {@code transferId}, made from a request at the position, shipped or was cancelled:
     * that request, if it is still the open one, is free again; a later request is not.
     */
    @Override
    public void requestTransferEnded(final int slot, final long transferId)
    {
        final int e = entryOf(slot);
        if (e >= 0 && entries.cold[e * COLD_STRIDE + REQUEST_TRANSFER] == transferId)
        {
            entries.cold[e * COLD_STRIDE + REQUEST_TRANSFER] = 0;
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
        final int today = watches.today(now);
        if (watches.quiet(slot))
        {
            if (demand > 0)
            {
                deferred.add(slot, today, demand);
            }
            return;
        }
        foldDeferredDemand();
        int e = entryOf(slot);
        if (e < 0 && (!defaults.any() || (e = adoptDefault(slot, now)) < 0))
        {
            return;
        }
        final int o = e * STRIDE;
        if ((int)(entries.data[o + KEY] >>> 32) != defaults.generation || today != (int)(entries.data[o + DAYS] >> 32))
        {
            final int rule = ruleOf(e);
            if (rule == NONE)
            {
                drop(e, events);
                return;
            }
            entries.rollDays(e, today);
            entries.workOutLevels(e, rule, rules, defaults.generation);
        }
        long state = entries.data[o + STATE];
        if (demand > 0)
        {
            state = entries.recordDemand(o, today, demand, state);
        }
        final int location = ledger.location(slot);
        final int sku = ledger.sku(slot);
        final long onHand = ledger.onHand(slot);
        final long reserved = ledger.reserved(slot);
        final long inTransit = ledger.inTransit(slot);
        final long safety = ledger.safetyStock(slot);
        final long available = OutputEvents.available(onHand, reserved, safety);
        final long reorderLevel = entries.data[o + REORDER_LEVEL];
        final long upTo = entries.data[o + UP_TO_LEVEL];

        final long projected = available + inTransit;
        final long wasOpen = entries.data[o + OPEN_REQUEST];
        long open = wasOpen;
        if (supplierReceipt && open != 0 && entries.cold[e * COLD_STRIDE + REQUEST_SOURCE] == ReplenishmentPolicy.SUPPLIER)
        {
            // The supplier delivered: its order is done, even if short; a shortfall asks again below.
            open = 0;
            entries.cold[e * COLD_STRIDE + REQUEST_TRANSFER] = 0;
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
            entries.cold[e * COLD_STRIDE + REQUEST_TRANSFER] = 0;
            events.addReplenishmentClosed(location, sku);
        }
        // A transfer is made from an open request only, and forgotten when the request closes.
        assert open >= 0 && (open != 0 || entries.cold[e * COLD_STRIDE + REQUEST_TRANSFER] == 0) :
            "request " + open + " with transfer " + entries.cold[e * COLD_STRIDE + REQUEST_TRANSFER] + " at slot " + slot;
        entries.data[o + OPEN_REQUEST] = open;
        openRequests += (open != 0 ? 1 : 0) - (wasOpen != 0 ? 1 : 0);
        assert openRequests >= 0 && openRequests <= entries.count : openRequests + " open requests in " + entries.count;

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
        if ((state & OVER) == 0 && onHand > entries.data[o + OVER_LEVEL])
        {
            state |= OVER;
            events.addAlert(location, sku, AlertKind.OVERSTOCK);
        }
        else if ((state & OVER) != 0 && onHand <= upTo - band(upTo))
        {
            state &= ~OVER;
        }
        state = entries.slowMover(o, state, onHand, today, location, sku, events);
        entries.data[o + STATE] = state;
        // A slow mover's next sale changes its state (two days of demand clear the alert): no watch.
        if (open == 0 && (state & (LOW | OUT | OVER | SLOW)) == 0)
        {
            watches.watch(slot, reorderLevel, entries.data[o + OVER_LEVEL]);
        }
        else
        {
            watches.clear(slot);
        }
    }

    /** Records deferred demand in the entries; runs before anything reads them. */
    private void foldDeferredDemand()
    {
        deferred.fold();
    }

    /**
     * @return when the timer should next send the engine's timed command for the sweep: 0 while a
     *     sweep is under way, the start of the next UTC day otherwise, never without policies.
     */
    public long nextSweepAt()
    {
        return sweeper.nextAt();
    }

    /**
     * Part of the daily sweep, run by the engine's timed command: checks up to
     * {@link SlowMoverSweep#SWEEP_SLOTS} slots for SLOW_MOVER, stopping early when the command's
     * events are full.
     */
    public void sweep(final long now, final OutputEvents events)
    {
        foldDeferredDemand();
        sweeper.sweep(watches.today(now), events);
    }

    /** @return the quantity of a new request, 0 if the policy wants nothing; records its source. */
    private long openRequest(final int e, final int location, final long projected, final long upTo)
    {
        final int rule = ruleOf(e);
        final long pack = rules.pack(rule);
        final long wanted = Math.max(upTo - projected, rules.minOrder(rule));
        final long quantity = (wanted + pack - 1) / pack * pack;
        entries.cold[e * COLD_STRIDE + REQUEST_SOURCE] = resolveSource(rules.source(rule), location);
        return Math.max(0, quantity);
    }

    /**
     * Supply break: the position ran out and its source needs more than 24 hours; suggests where
     * it could borrow from.
     */
    private void suggestLateral(final int e, final int location, final int sku, final long need,
        final OutputEvents events)
    {
        final int rule = ruleOf(e);
        if (rules.leadHours(rule) <= SUPPLY_BREAK_HOURS || need <= 0)
        {
            return;
        }
        lateral.suggest(location, resolveSource(rules.source(rule), location), sku, need, events);
    }

    private int resolveSource(final int source, final int location)
    {
        return source == ReplenishmentPolicy.NETWORK ? network.sourceOf(location) : source;
    }

    // ---- levels and demand ----

    private int ruleOf(final int e)
    {
        final int own = (int)entries.cold[e * COLD_STRIDE + OWN_RULE];
        return own != NONE ? own : defaultRule(ledger.location((int)entries.data[e * STRIDE + KEY]));
    }

    private int defaultRule(final int location)
    {
        return defaults.ruleFor(location);
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
        final int e = entries.allocate();
        final long today = watches.today(now);
        sweeper.policyFrom(today);
        entries.init(e, slot, today);
        markStale(e);
        return e;
    }

    private void markStale(final int e)
    {
        final int o = e * STRIDE;
        entries.data[o + KEY] = (entries.data[o + KEY] & 0xFFFF_FFFFL) | ((long)(defaults.generation - 1) << 32);
        watches.clear((int)entries.data[o + KEY]);
    }

    /** No policy applies any more: the position is no longer tracked, and an open request closes. */
    private void drop(final int e, final OutputEvents events)
    {
        final int slot = (int)entries.data[e * STRIDE + KEY];
        if (entries.data[e * STRIDE + OPEN_REQUEST] != 0)
        {
            openRequests--;
            events.addReplenishmentClosed(ledger.location(slot), ledger.sku(slot));
        }
        watches.clear(slot);
        entries.remove(e, slot);
    }

    // ---- checksum and snapshot ----

    /** Folds deferred demand in first: a change of representation only, as every reader does. */
    @Override
    public long checksum()
    {
        foldDeferredDemand();
        long sum = StateHash.combine(StateHash.combine(entries.count, defaults.generation), sweeper.checksum());
        sum += entries.checksum(rules);
        return StateHash.combine(defaults.checksum(sum), network.checksum());
    }

    @Override
    public void writeTo(final DataOutput out) throws IOException
    {
        foldDeferredDemand();
        out.writeInt(defaults.generation);
        entries.writeTo(out, rules);
        defaults.writeTo(out);
        network.writeTo(out);
        sweeper.writeTo(out);
    }

    /**
     * Loads entries into this empty book; every location is defined already. Format 3 has no
     * request's transfer: {@link Format3TransferLink} works it out once the transfers are read.
     */
    @Override
    public void readFrom(final DataInput in, final int formatVersion) throws IOException
    {
        final int coldFields = formatVersion >= 4 ? COLD_STRIDE : REQUEST_TRANSFER;
        defaults.generation = in.readInt();
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
            entries.readEntry(e, key, in, coldFields, rules);
            openRequests += entries.data[e * STRIDE + OPEN_REQUEST] != 0 ? 1 : 0;
        }
        defaults.readFrom(in);
        network.readFrom(in);
        sweeper.readFrom(in);
    }

    /** Snapshot format 3 to 4, once the transfers are loaded: see {@link Format3TransferLink}. */
    public void linkFormat3Transfers(final TransferBook transfers)
    {
        Format3TransferLink.link(entries, transfers);
    }
}

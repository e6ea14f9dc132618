package io.omnistock.core.order;

import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Limits;
import io.omnistock.api.Order;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.Tier;
import io.omnistock.core.catalog.ChannelTable;
import io.omnistock.core.catalog.LocationTable;
import io.omnistock.core.catalog.SkuCatalog;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.command.RoutingOutcome;
import io.omnistock.core.routing.Router;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.LogicVersion;
import io.omnistock.core.state.OrderCommands;
import io.omnistock.core.stock.PositionWatcher;
import io.omnistock.core.stock.StockEffects;
import io.omnistock.core.stock.StockLedger;

import static io.omnistock.api.ReasonCode.*;
import static io.omnistock.core.stock.StockEffects.positive;

/**
 * The order domain's commands: routing and holding an order, its lifecycle (confirm, extend,
 * cancel, fulfil, a location rejecting its part, expiry), channel quotas, and the queries that
 * answer as routing would (availability, promise, an order's state).
 */
public final class OrderHandlers implements OrderCommands
{
    private final EngineState state;
    private final StockEffects effects;
    private final StockLedger ledger;
    private final LocationTable locations;
    private final SkuCatalog skus;
    private final ChannelTable channels;
    private final OrderBook orders;
    private final ChannelQuotas quotas;
    private final Router router;

    public OrderHandlers(final EngineState state, final StockEffects effects)
    {
        this.state = state;
        this.effects = effects;
        this.ledger = state.ledger();
        this.locations = state.locations();
        this.skus = state.skus();
        this.channels = state.channels();
        this.orders = state.orders();
        this.quotas = state.quotas();
        this.router = new Router(state);
    }

    // ---- queries ----

    public ReasonCode queryAvailability(final CommandSlot c)
    {
        if (!skus.exists(c.sku))
        {
            return UNKNOWN_SKU;
        }
        if (c.channel >= 0 && !channels.exists(c.channel))
        {
            return UNKNOWN_CHANNEL;
        }
        c.resultSku = c.sku;
        for (int tier = 0; tier < Tier.COUNT; tier++)
        {
            c.tierAvailable[tier] = ledger.tierAvailable(c.sku, tier);
        }
        if (c.channel >= 0)
        {
            c.channelAvailable = quotas.headroom(c.channel, c.sku, networkAvailable(c.sku));
        }
        return OK;
    }

    /** The same checks as routing, in the same order, so the promise is what routing then does. */
    public ReasonCode queryPromise(final CommandSlot c)
    {
        ReasonCode r = validateOrder(c);
        if (r == OK)
        {
            r = checkQuotas(c);
        }
        return r != OK ? r : plan(c);
    }

    public ReasonCode queryOrder(final CommandSlot c)
    {
        final int e = orders.find(c.orderId);
        if (e < 0)
        {
            return UNKNOWN_ORDER;
        }
        for (int a = orders.firstAllocation(e); a >= 0; a = orders.nextAllocation(a))
        {
            final int slot = orders.allocationSlot(a);
            c.routing.addAllocation(orders.allocationLine(a), ledger.location(slot), ledger.sku(slot),
                orders.allocationHeld(a));
        }
        return describeOrder(c, e, OK);
    }

    public ReasonCode setChannelQuota(final CommandSlot c)
    {
        if (!channels.exists(c.channel))
        {
            return UNKNOWN_CHANNEL;
        }
        if (!skus.exists(c.sku))
        {
            return UNKNOWN_SKU;
        }
        if (c.quantity < ChannelQuotas.UNLIMITED || c.quotaPercent < ChannelQuotas.UNLIMITED || c.quotaPercent > 100)
        {
            return INVALID_QUOTA;
        }
        quotas.set(c.channel, c.sku, c.quantity, c.quotaPercent, orders.heldByChannel(c.channel, c.sku, ledger));
        return OK;
    }

    // ---- orders ----

    /** Checks an order's shape and references; nothing is read from stock yet. */
    private ReasonCode validateOrder(final CommandSlot c)
    {
        if (!channels.exists(c.channel))
        {
            return UNKNOWN_CHANNEL;
        }
        if (c.fulfilmentType == null)
        {
            return INVALID_FULFILMENT_TYPE;
        }
        if ((c.orderFlags & ~Order.ALL_FLAGS) != 0)
        {
            return INVALID_ORDER_FLAGS;
        }
        if (c.promiseAt < 0)
        {
            return INVALID_PROMISE_TIME;
        }
        if (c.orderValue < 0 && LogicVersion.refusesNegativeOrderValue(state.logicVersion()))
        {
            return INVALID_ORDER_VALUE;
        }
        if (c.tooManyLines)
        {
            return TOO_MANY_LINES;
        }
        if (c.lineCount == 0)
        {
            return NO_LINES;
        }
        for (int i = 0; i < c.lineCount; i++)
        {
            if (!skus.exists(c.lineSku[i]))
            {
                return UNKNOWN_SKU;
            }
            final ReasonCode quantity = positive(c.lineQuantity[i]);
            if (quantity != OK)
            {
                return quantity;
            }
            for (int j = 0; j < i; j++)
            {
                if (c.lineSku[j] == c.lineSku[i])
                {
                    return DUPLICATE_LINE_SKU;
                }
            }
        }
        final boolean pickupOrder = c.fulfilmentType == FulfilmentType.PICKUP;
        if (pickupOrder && !locations.exists(c.location))
        {
            return PICKUP_STORE_REQUIRED;
        }
        if (!pickupOrder && c.location >= 0 && !locations.exists(c.location))
        {
            return UNKNOWN_LOCATION;
        }
        if (!pickupOrder && (Math.abs((long)c.latMicros) > Limits.MAX_LATITUDE_MICROS ||
            Math.abs((long)c.lonMicros) > Limits.MAX_LONGITUDE_MICROS))
        {
            return INVALID_DESTINATION;
        }
        return OK;
    }

    private ReasonCode plan(final CommandSlot c)
    {
        router.begin(c.fulfilmentType, c.latMicros, c.lonMicros, c.location, c.promiseAt, c.timestamp, c.orderFlags,
            c.orderValue, c.channel);
        for (int i = 0; i < c.lineCount; i++)
        {
            router.addLine(i, c.lineSku[i], c.lineQuantity[i]);
        }
        return router.route(c.routing, c.ruleSets);
    }

    public ReasonCode routeOrder(final CommandSlot c)
    {
        if (c.orderId == 0)
        {
            return INVALID_ORDER_ID;
        }
        if (orders.find(c.orderId) >= 0)
        {
            return DUPLICATE_ORDER;
        }
        ReasonCode r = validateOrder(c);
        if (r == OK)
        {
            r = checkQuotas(c);
        }
        if (r == OK)
        {
            r = plan(c);
        }
        if (r != OK)
        {
            return r;
        }
        final long expiry = c.timestamp + channels.holdTtlMillis(c.channel);
        final int e = orders.open(c.orderId, c.channel, c.fulfilmentType, c.latMicros, c.lonMicros, c.location,
            c.promiseAt, c.orderValue, c.orderFlags, expiry);
        c.events.addOrder(c.orderId, OrderState.HELD);
        hold(c, e, c.routing);
        c.routing.orderState(OrderState.HELD);
        c.routing.expiresAt = expiry;
        return OK;
    }

    private ReasonCode checkQuotas(final CommandSlot c)
    {
        for (int i = 0; i < c.lineCount; i++)
        {
            final int sku = c.lineSku[i];
            if (!quotas.allows(c.channel, sku, c.lineQuantity[i], networkAvailable(sku)))
            {
                return CHANNEL_QUOTA_EXCEEDED;
            }
        }
        return OK;
    }

    private long networkAvailable(final int sku)
    {
        long sum = 0;
        for (int tier = 0; tier < Tier.COUNT; tier++)
        {
            sum += ledger.tierAvailable(sku, tier);
        }
        return sum;
    }

    /**
     * Holds the planned allocations: the single step that makes the promise the real allocation.
     * Each location's first allocation takes one order of its hourly capacity; a line re-routed
     * to a location the order already holds at takes none (the order is counted there already).
     */
    private void hold(final CommandSlot c, final int e, final RoutingOutcome plan)
    {
        for (int i = 0; i < plan.allocationCount; i++)
        {
            final int location = plan.allocationLocation[i];
            final int sku = plan.allocationSku[i];
            final int slot = ledger.findOrCreate(location, sku);
            final long quantity = plan.allocationQuantity[i];
            final long hour = firstAt(plan, i) && !holdsAt(e, location) ?
                locations.consumeCapacity(location, c.timestamp) : OrderBook.NO_HOUR;
            orders.allocate(e, slot, plan.allocationLine[i], quantity, hour);
            ledger.change(slot, 0, quantity, 0);
            quotas.adjustHeld(orders.channel(e), sku, quantity);
            c.events.addAllocation(orders.orderId(e), location, sku, quantity);
            effects.emitStock(c, slot);
        }
    }

    private static boolean firstAt(final RoutingOutcome plan, final int i)
    {
        for (int j = 0; j < i; j++)
        {
            if (plan.allocationLocation[j] == plan.allocationLocation[i])
            {
                return false;
            }
        }
        return true;
    }

    public ReasonCode confirmOrder(final CommandSlot c)
    {
        final int e = orders.find(c.orderId);
        if (e < 0)
        {
            return UNKNOWN_ORDER;
        }
        if (!heldAt(e, c.timestamp))
        {
            return describeOrder(c, e, ORDER_NOT_HELD);
        }
        orders.confirm(e);
        c.events.addOrder(c.orderId, OrderState.CONFIRMED);
        return describeOrder(c, e, OK);
    }

    public ReasonCode extendOrder(final CommandSlot c)
    {
        final int e = orders.find(c.orderId);
        if (e < 0)
        {
            return UNKNOWN_ORDER;
        }
        if (c.quantity <= 0 || c.quantity > Limits.MAX_HOLD_MILLIS)
        {
            return INVALID_EXTENSION;
        }
        if (!heldAt(e, c.timestamp))
        {
            return describeOrder(c, e, ORDER_NOT_HELD);
        }
        orders.extend(e, orders.expiresAt(e) + c.quantity);
        c.events.addOrder(c.orderId, OrderState.HELD);
        return describeOrder(c, e, OK);
    }

    /**
     * Whether the order is an unpaid hold that has not run out at {@code now}. A hold is over at its
     * expiry, not when the timer's {@code EXPIRE_HOLDS} gets round to closing it: otherwise a payment
     * or extension racing the timer would decide by thread timing instead of by the command's time.
     */
    private boolean heldAt(final int e, final long now)
    {
        return orders.state(e) == OrderState.HELD && orders.expiresAt(e) > now;
    }

    public ReasonCode cancelOrder(final CommandSlot c)
    {
        final int e = orders.find(c.orderId);
        if (e < 0)
        {
            return UNKNOWN_ORDER;
        }
        closeOrder(c, e, OrderState.CANCELLED);
        return OK;
    }

    public ReasonCode fulfilOrder(final CommandSlot c)
    {
        final int e = orders.find(c.orderId);
        if (e < 0)
        {
            return UNKNOWN_ORDER;
        }
        if (!locations.exists(c.location))
        {
            return UNKNOWN_LOCATION;
        }
        if (orders.state(e) != OrderState.CONFIRMED)
        {
            return describeOrder(c, e, ORDER_NOT_CONFIRMED);
        }
        if (!holdsAt(e, c.location))
        {
            return describeOrder(c, e, NOTHING_ALLOCATED_HERE);
        }
        releaseAt(c, e, c.location, true);
        if (orders.firstAllocation(e) < 0)
        {
            orders.close(e);
            c.events.addOrder(c.orderId, OrderState.FULFILLED);
            c.routing.orderState(OrderState.FULFILLED);
            return OK;
        }
        return describeOrder(c, e, OK);
    }

    /**
     * A location cannot serve its part (damaged stock found, for example): release it there and
     * route those lines again, never back to a location that rejected the order.
     */
    public ReasonCode rejectAllocation(final CommandSlot c)
    {
        final int e = orders.find(c.orderId);
        if (e < 0)
        {
            return UNKNOWN_ORDER;
        }
        if (!locations.exists(c.location))
        {
            return UNKNOWN_LOCATION;
        }
        if (orders.state(e) == OrderState.HELD && !heldAt(e, c.timestamp))
        {
            // An unpaid hold that has run out is not routed again: the timer is about to close it.
            return describeOrder(c, e, ORDER_NOT_HELD);
        }
        if (!holdsAt(e, c.location))
        {
            return describeOrder(c, e, NOTHING_ALLOCATED_HERE);
        }
        orders.addRejected(e, c.location);
        router.begin(orders.type(e), orders.destLat(e), orders.destLon(e), orders.pickup(e), orders.promiseAt(e),
            c.timestamp, orders.flags(e) | Order.ALLOW_PARTIAL, orders.orderValue(e), orders.channel(e));
        for (int a = orders.firstAllocation(e); a >= 0; a = orders.nextAllocation(a))
        {
            final int slot = orders.allocationSlot(a);
            if (ledger.location(slot) == c.location)
            {
                router.addLine(orders.allocationLine(a), ledger.sku(slot), orders.allocationHeld(a));
            }
            else
            {
                router.serving(ledger.location(slot));
            }
        }
        for (int i = 0; i < orders.rejectedCount(e); i++)
        {
            router.exclude(orders.rejected(e, i));
        }
        releaseAt(c, e, c.location, false);
        // Released stock is excluded with the location, so the plan cannot take it straight back.
        c.routing.clear();
        if (router.route(c.routing, c.ruleSets) == OK)
        {
            hold(c, e, c.routing);
        }
        c.events.addOrder(c.orderId, orders.state(e));
        c.routing.orderState(orders.state(e));
        c.routing.expiresAt = orders.expiresAt(e);
        return OK;
    }

    /**
     * Expires due unpaid holds, oldest first, as long as the events of another whole order fit in
     * this command's output; the engine sends another signal for the rest.
     */
    public void expireDueHolds(final CommandSlot c)
    {
        int e;
        while ((e = orders.peekDue(c.timestamp)) >= 0 && c.events.remaining() >= eventsToClose(e))
        {
            closeOrder(c, e, OrderState.EXPIRED);
        }
    }

    private int eventsToClose(final int e)
    {
        int n = 1;
        for (int a = orders.firstAllocation(e); a >= 0; a = orders.nextAllocation(a))
        {
            n += 2 + PositionWatcher.MAX_EVENTS_PER_CHECK;
        }
        return n;
    }

    private void closeOrder(final CommandSlot c, final int e, final OrderState finalState)
    {
        final long orderId = orders.orderId(e);
        for (int a = orders.firstAllocation(e); a >= 0; a = orders.removeAllocation(e, -1, a))
        {
            release(c, e, a, false);
        }
        orders.close(e);
        c.events.addOrder(orderId, finalState);
        c.routing.orderState(finalState);
    }

    private boolean holdsAt(final int e, final int location)
    {
        for (int a = orders.firstAllocation(e); a >= 0; a = orders.nextAllocation(a))
        {
            if (ledger.location(orders.allocationSlot(a)) == location)
            {
                return true;
            }
        }
        return false;
    }

    /** Releases (or, when fulfilling, consumes) every allocation the order has at the location. */
    private void releaseAt(final CommandSlot c, final int e, final int location, final boolean consume)
    {
        int previous = -1;
        int a = orders.firstAllocation(e);
        while (a >= 0)
        {
            final int slot = orders.allocationSlot(a);
            if (ledger.location(slot) == location)
            {
                release(c, e, a, consume);
                a = orders.removeAllocation(e, previous, a);
            }
            else
            {
                previous = a;
                a = orders.nextAllocation(a);
            }
        }
    }

    /**
     * Gives back (or, when fulfilling, consumes) one allocation: stock, the channel's quota use,
     * and the hourly capacity it took (unless the order is being fulfilled, which used it).
     */
    private void release(final CommandSlot c, final int e, final int a, final boolean consume)
    {
        final int slot = orders.allocationSlot(a);
        final long quantity = orders.allocationHeld(a);
        final int location = ledger.location(slot);
        final int sku = ledger.sku(slot);
        ledger.change(slot, consume ? -quantity : 0, -quantity, 0);
        quotas.adjustHeld(orders.channel(e), sku, -quantity);
        if (!consume && orders.allocationHour(a) != OrderBook.NO_HOUR)
        {
            locations.restoreCapacity(location, orders.allocationHour(a));
        }
        c.events.addAllocation(orders.orderId(e), location, sku, 0);
        effects.emitStock(c, slot, consume ? quantity : 0);
        if (consume)
        {
            c.routing.addAllocation(orders.allocationLine(a), location, sku, quantity);
        }
    }

    /** Reports an order's state, for lifecycle results. */
    private ReasonCode describeOrder(final CommandSlot c, final int e, final ReasonCode reason)
    {
        c.routing.orderState(orders.state(e));
        c.routing.expiresAt = orders.expiresAt(e);
        return reason;
    }
}

package io.omnistock.daemon.reads;

import io.omnistock.api.FulfilmentType;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.RoutingReason;
import io.omnistock.core.command.CommandSlot;

/** Journal records as the reader decodes them, written by hand for the read model's tests. */
final class Journaled
{
    static final int SKU = 7;

    private final CommandSlot slot = new CommandSlot();
    private long sequence;

    /** @return the next record's sequence. */
    long next()
    {
        return sequence + 1;
    }

    /** An order routed and held: {@code quantity} at {@code location}, expiring an hour after {@code time}. */
    CommandSlot route(final long time, final long orderId, final int location, final long quantity)
    {
        begin(time);
        slot.routeOrder(1, orderId, (int)(orderId >>> 40), FulfilmentType.REGULAR, 0, 0, -1, 0, 0, 0);
        slot.addLine(SKU, quantity);
        slot.reason = ReasonCode.OK;
        slot.routing.orderState(OrderState.HELD);
        slot.routing.expiresAt = time + 3_600_000;
        slot.routing.addAllocation(0, location, SKU, quantity);
        slot.routing.addCandidate(location, RoutingReason.SELECTED, 1200);
        slot.routing.addCandidate(location + 1, RoutingReason.INSUFFICIENT_STOCK, 800);
        slot.events.addAllocation(orderId, location, SKU, quantity);
        slot.events.addOrder(orderId, OrderState.HELD);
        return stamped();
    }

    /** A route the engine refused with {@code reason}. */
    CommandSlot refused(final long time, final long orderId, final ReasonCode reason)
    {
        begin(time);
        slot.routeOrder(1, orderId, (int)(orderId >>> 40), FulfilmentType.INSTANT, 0, 0, -1, 0, 0, 0);
        slot.addLine(SKU, 5);
        slot.reason = reason;
        return stamped();
    }

    CommandSlot confirm(final long time, final long orderId)
    {
        begin(time);
        slot.confirmOrder(1, orderId);
        slot.reason = ReasonCode.OK;
        slot.routing.orderState(OrderState.CONFIRMED);
        slot.events.addOrder(orderId, OrderState.CONFIRMED);
        return stamped();
    }

    /** Hands over everything the order holds at {@code location}, which closes it. */
    CommandSlot fulfil(final long time, final long orderId, final int location)
    {
        begin(time);
        slot.fulfilOrder(1, orderId, location);
        slot.reason = ReasonCode.OK;
        slot.routing.orderState(OrderState.FULFILLED);
        slot.events.addAllocation(orderId, location, SKU, 0);
        slot.events.addOrder(orderId, OrderState.FULFILLED);
        return stamped();
    }

    CommandSlot cancel(final long time, final long orderId, final int location)
    {
        begin(time);
        slot.cancelOrder(1, orderId);
        slot.reason = ReasonCode.OK;
        slot.routing.orderState(OrderState.CANCELLED);
        slot.events.addAllocation(orderId, location, SKU, 0);
        slot.events.addOrder(orderId, OrderState.CANCELLED);
        return stamped();
    }

    /** A location refuses the order's allocation and it is held at {@code to} instead. */
    CommandSlot reroute(final long time, final long orderId, final int from, final int to, final long quantity)
    {
        begin(time);
        slot.rejectAllocation(1, orderId, from);
        slot.reason = ReasonCode.OK;
        slot.routing.orderState(OrderState.HELD);
        slot.routing.expiresAt = time + 3_600_000;
        slot.routing.addCandidate(to, RoutingReason.SELECTED, 500);
        slot.events.addAllocation(orderId, from, SKU, 0);
        slot.events.addAllocation(orderId, to, SKU, quantity);
        slot.events.addOrder(orderId, OrderState.HELD);
        return stamped();
    }

    /** The engine's timer: every order named expires, in one command. */
    CommandSlot expire(final long time, final int location, final long... orderIds)
    {
        begin(time);
        slot.expireHolds();
        slot.reason = ReasonCode.OK;
        for (final long id : orderIds)
        {
            slot.events.addAllocation(id, location, SKU, 0);
            slot.events.addOrder(id, OrderState.EXPIRED);
        }
        return stamped();
    }

    /** Any other command (a stock receipt): it moves journal time on. */
    CommandSlot other(final long time)
    {
        begin(time);
        slot.receive(1, 0, SKU, 10);
        slot.reason = ReasonCode.OK;
        return stamped();
    }

    private void begin(final long time)
    {
        slot.clearInput();
        slot.clearResult();
        slot.timestamp = time;
    }

    private CommandSlot stamped()
    {
        slot.sequence = ++sequence;
        return slot;
    }
}

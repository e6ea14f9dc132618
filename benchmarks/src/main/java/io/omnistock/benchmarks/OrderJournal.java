package io.omnistock.benchmarks;

import io.omnistock.api.FulfilmentType;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.RoutingReason;
import io.omnistock.core.command.CommandSlot;

/**
 * Journal records of one order's life, as the daemon's order read model reads them, written into
 * one reused slot with the next sequence and 1 ms of journal time each: for the read model's
 * benchmark and footprint, which feed the model without a journal.
 */
final class OrderJournal
{
    static final int SKU = 7;
    static final int LOCATION = 3;

    private final CommandSlot slot = new CommandSlot();
    private long sequence;
    private long timeMillis = 1_800_000_000_000L;

    /** @param candidates how many locations the routing explanation names (the first selected). */
    CommandSlot route(final long id, final int candidates)
    {
        begin();
        slot.routeOrder(1, id, 0, FulfilmentType.REGULAR, 0, 0, -1, 0, 0, 0);
        slot.addLine(SKU, 2);
        slot.reason = ReasonCode.OK;
        slot.routing.orderState(OrderState.HELD);
        slot.routing.expiresAt = timeMillis + 900_000;
        slot.routing.addAllocation(0, LOCATION, SKU, 2);
        for (int k = 0; k < candidates; k++)
        {
            slot.routing.addCandidate(LOCATION + k, k == 0 ? RoutingReason.SELECTED : RoutingReason.INSUFFICIENT_STOCK,
                1_200 + 400 * k);
        }
        slot.events.addAllocation(id, LOCATION, SKU, 2);
        slot.events.addOrder(id, OrderState.HELD);
        return slot;
    }

    CommandSlot confirm(final long id)
    {
        begin();
        slot.confirmOrder(1, id);
        slot.reason = ReasonCode.OK;
        slot.routing.orderState(OrderState.CONFIRMED);
        slot.events.addOrder(id, OrderState.CONFIRMED);
        return slot;
    }

    CommandSlot fulfil(final long id)
    {
        begin();
        slot.fulfilOrder(1, id, LOCATION);
        slot.reason = ReasonCode.OK;
        slot.routing.orderState(OrderState.FULFILLED);
        slot.events.addAllocation(id, LOCATION, SKU, 0);
        slot.events.addOrder(id, OrderState.FULFILLED);
        return slot;
    }

    private void begin()
    {
        slot.clearInput();
        slot.clearResult();
        slot.sequence = ++sequence;
        slot.timestamp = ++timeMillis;
    }
}

package io.omnistock.daemon.reads;

import io.omnistock.api.CommandType;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.RoutingReason;

import java.util.List;

/**
 * One order as the journal tells it, immutable: what a read takes out of the read model, made from
 * its compact {@link OrderEntry} under the model's lock.
 *
 * @param engineId        the engine's order id (channel in the high bits, see OrderIds).
 * @param createdSequence the journal sequence of the ROUTE_ORDER that created it: the listing order.
 * @param createdAtMillis that command's journal time.
 * @param type            fulfilment type, or null when the route was refused before it was read.
 * @param state           where it stands: an {@link OrderState} name, or {@code REJECTED}.
 * @param rejection       why the route was refused, or null.
 * @param expiresAtMillis an unpaid hold's expiry as last journaled, 0 if none.
 * @param lines           what was ordered.
 * @param allocations     every location and SKU it ever held stock at, with the most held and what it holds now.
 * @param candidates      the routing explanation of its last routing (locations considered and why they lost).
 * @param steps           its history, oldest first (at most {@link #MAX_STEPS}: the first and the newest).
 * @param stepsDropped    how many middle steps were dropped to keep that bound.
 * @param closedAtMillis  journal time it closed (or was rejected), 0 while open.
 */
public record OrderRecord(long engineId, long createdSequence, long createdAtMillis, FulfilmentType type, String state,
    ReasonCode rejection, long expiresAtMillis, List<Line> lines, List<Allocation> allocations,
    List<Candidate> candidates, List<Step> steps, int stepsDropped, long closedAtMillis) implements OrderView
{
    /** Bounds one order's memory: extensions can be repeated without end, the history cannot. */
    static final int MAX_STEPS = 32;
    static final String REJECTED = "REJECTED";

    public record Line(int sku, long quantity)
    {
    }

    /** @param quantity the most it held there; @param held what it holds there now. */
    public record Allocation(int location, int sku, long quantity, long held)
    {
    }

    public record Candidate(int location, RoutingReason reason, long distanceMeters)
    {
    }

    /** One held quantity as a step left it. */
    public record Change(int location, int sku, long heldAfter)
    {
    }

    /**
     * One command that changed the order.
     *
     * @param location the location a fulfil or reject named, or -1.
     */
    public record Step(long sequence, long timeMillis, CommandType command, String state, int location,
        List<Change> changes)
    {
    }

    public boolean closed()
    {
        return closedAtMillis > 0;
    }

    @Override
    public boolean touches(final int location)
    {
        for (final Allocation a : allocations)
        {
            if (a.location() == location)
            {
                return true;
            }
        }
        return false;
    }

    static boolean terminal(final OrderState state)
    {
        return state == OrderState.FULFILLED || state == OrderState.CANCELLED || state == OrderState.EXPIRED;
    }
}

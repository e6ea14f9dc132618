package io.omnistock.daemon.reads;

import io.omnistock.api.CommandType;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.RoutingReason;

import java.util.ArrayList;
import java.util.List;

/**
 * One order as the journal tells it, immutable: the read model replaces the whole record on every
 * change, so HTTP threads read it without locks while the tail thread moves on.
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
    List<Candidate> candidates, List<Step> steps, int stepsDropped, long closedAtMillis)
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

    /** @return whether it ever held stock at {@code location}. */
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

    /** @return this record after {@code step}, with its held quantities and state applied. */
    OrderRecord with(final Step step, final long expiresAt, final List<Candidate> newCandidates)
    {
        final List<Allocation> held = new ArrayList<>(allocations);
        for (final Change c : step.changes())
        {
            int at = -1;
            for (int i = 0; i < held.size(); i++)
            {
                if (held.get(i).location() == c.location() && held.get(i).sku() == c.sku())
                {
                    at = i;
                }
            }
            if (at < 0)
            {
                held.add(new Allocation(c.location(), c.sku(), c.heldAfter(), c.heldAfter()));
            }
            else
            {
                final Allocation a = held.get(at);
                held.set(at, new Allocation(c.location(), c.sku(), Math.max(a.quantity(), c.heldAfter()), c.heldAfter()));
            }
        }
        final List<Step> history = new ArrayList<>(steps.size() + 1);
        history.addAll(steps);
        int dropped = stepsDropped;
        if (history.size() == MAX_STEPS)
        {
            // The first step (how it was routed) and the newest tell the most; the middle goes.
            history.remove(1);
            dropped++;
        }
        history.add(step);
        final OrderState now = stateOf(step.state());
        return new OrderRecord(engineId, createdSequence, createdAtMillis, type, step.state(), rejection, expiresAt,
            lines, List.copyOf(held), newCandidates == null ? candidates : newCandidates, List.copyOf(history), dropped,
            terminal(now) ? step.timeMillis() : closedAtMillis);
    }

    static OrderState stateOf(final String name)
    {
        for (final OrderState s : OrderState.values())
        {
            if (s.name().equals(name))
            {
                return s;
            }
        }
        return null;
    }
}

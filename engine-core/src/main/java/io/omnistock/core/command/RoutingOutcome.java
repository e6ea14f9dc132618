package io.omnistock.core.command;

import io.omnistock.api.Limits;
import io.omnistock.api.OrderState;
import io.omnistock.api.RoutingReason;

/**
 * The order part of a command's outcome: allocations made or proposed, lines left unfilled, and
 * the routing explanation. Primitive arrays in the slot, reused without allocation.
 */
public final class RoutingOutcome implements CandidateSink
{
    /** Explanations list the chosen locations and the nearest runners-up, up to this many entries. */
    public static final int MAX_CANDIDATES = 16;

    private static final OrderState[] STATES = OrderState.values();
    private static final RoutingReason[] REASONS = RoutingReason.values();
    /** No state, or no reason. */
    private static final byte NO_STATE = -1;

    /**
     * The order's state after the command, as an ordinal ({@link #NO_STATE} for none), and the
     * candidates' verdicts below likewise: primitives, not enum references. A reference stored into
     * a slot, which lives as long as the engine, dirties a card that G1's refinement threads then
     * scan, even a constant's; per routed order these stores were the largest source of the
     * daemon's refinement (docs/benchmarks.md run 52).
     */
    private byte orderState = NO_STATE;
    public long expiresAt;

    private static final int INITIAL = 4;

    public int allocationCount;
    public int[] allocationLine = new int[INITIAL];
    public int[] allocationLocation = new int[INITIAL];
    public int[] allocationSku = new int[INITIAL];
    public long[] allocationQuantity = new long[INITIAL];

    public int unfilledCount;
    public int[] unfilledLine = new int[INITIAL];

    public int candidateCount;
    public final int[] candidateLocation = new int[MAX_CANDIDATES];
    private final byte[] candidateReason = new byte[MAX_CANDIDATES];
    public final long[] candidateDistance = new long[MAX_CANDIDATES];

    /** @return the order's state after the command, or null when the command set none. */
    public OrderState orderState()
    {
        return orderState == NO_STATE ? null : STATES[orderState];
    }

    /** Sets the order's state after the command; null for none. */
    public void orderState(final OrderState state)
    {
        orderState = state == null ? NO_STATE : (byte)state.ordinal();
    }

    /** @return candidate {@code i}'s verdict (null for a code no reason has, read from a journal). */
    public RoutingReason candidateReason(final int i)
    {
        return candidateReason[i] == NO_STATE ? null : REASONS[candidateReason[i]];
    }

    public void clear()
    {
        orderState = NO_STATE;
        expiresAt = 0;
        allocationCount = 0;
        unfilledCount = 0;
        candidateCount = 0;
    }

    public void addAllocation(final int line, final int location, final int sku, final long quantity)
    {
        if (allocationCount == allocationLine.length)
        {
            // Grows once per slot, only for larger orders; at most MAX_ORDER_LINES.
            final int n = Math.min(Limits.MAX_ORDER_LINES, allocationCount * 2);
            allocationLine = java.util.Arrays.copyOf(allocationLine, n);
            allocationLocation = java.util.Arrays.copyOf(allocationLocation, n);
            allocationSku = java.util.Arrays.copyOf(allocationSku, n);
            allocationQuantity = java.util.Arrays.copyOf(allocationQuantity, n);
        }
        final int i = allocationCount++;
        allocationLine[i] = line;
        allocationLocation[i] = location;
        allocationSku[i] = sku;
        allocationQuantity[i] = quantity;
    }

    public void addUnfilled(final int line)
    {
        if (unfilledCount == unfilledLine.length)
        {
            unfilledLine = java.util.Arrays.copyOf(unfilledLine, Math.min(Limits.MAX_ORDER_LINES, unfilledCount * 2));
        }
        unfilledLine[unfilledCount++] = line;
    }

    @Override
    public boolean addCandidate(final int location, final RoutingReason reason, final long distanceMeters)
    {
        if (candidateCount == MAX_CANDIDATES)
        {
            return false;
        }
        final int i = candidateCount++;
        candidateLocation[i] = location;
        candidateReason[i] = reason == null ? NO_STATE : (byte)reason.ordinal();
        candidateDistance[i] = distanceMeters;
        return true;
    }
}

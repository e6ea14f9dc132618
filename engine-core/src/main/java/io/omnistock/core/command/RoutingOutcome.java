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

    public OrderState orderState;
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
    public final RoutingReason[] candidateReason = new RoutingReason[MAX_CANDIDATES];
    public final long[] candidateDistance = new long[MAX_CANDIDATES];

    public void clear()
    {
        orderState = null;
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
        candidateReason[i] = reason;
        candidateDistance[i] = distanceMeters;
        return true;
    }
}

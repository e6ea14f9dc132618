package io.omnistock.core.routing;

import io.omnistock.api.RoutingReason;
import io.omnistock.core.command.RoutingOutcome;

/**
 * The nearest locations a rule set's filters or a stock probe kept out, each with its reason, for
 * the explanation.
 */
final class Excluded
{
    static final int MAX = RoutingOutcome.MAX_CANDIDATES;

    int count;
    /** How many are kept: {@link #MAX}, or the room a holder note has. */
    private int limit = MAX;
    final int[] location = new int[MAX];
    final long[] distance = new long[MAX];
    final RoutingReason[] reason = new RoutingReason[MAX];

    void reset(final int keep)
    {
        count = 0;
        limit = keep;
    }

    boolean contains(final int loc)
    {
        for (int i = 0; i < count; i++)
        {
            if (location[i] == loc)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Keeps the nearest excluded locations (by distance, then id) for the explanation. A total
     * order, not visit order, decides which are kept, so the explanation does not depend on the
     * order the holder lists happen to be in.
     */
    void note(final int loc, final long meters, final RoutingReason why)
    {
        int at = count;
        if (count == limit)
        {
            at = 0;
            for (int i = 1; i < limit; i++)
            {
                if (distance[i] > distance[at] || (distance[i] == distance[at] && location[i] > location[at]))
                {
                    at = i;
                }
            }
            if (meters > distance[at] || (meters == distance[at] && loc > location[at]))
            {
                return;
            }
        }
        else
        {
            count++;
        }
        location[at] = loc;
        distance[at] = meters;
        reason[at] = why;
    }

    void sort()
    {
        for (int i = 1; i < count; i++)
        {
            final int loc = location[i];
            final long d = distance[i];
            final RoutingReason r = reason[i];
            int j = i - 1;
            while (j >= 0 && (distance[j] > d || (distance[j] == d && location[j] > loc)))
            {
                location[j + 1] = location[j];
                distance[j + 1] = distance[j];
                reason[j + 1] = reason[j];
                j--;
            }
            location[j + 1] = loc;
            distance[j + 1] = d;
            reason[j + 1] = r;
        }
    }
}

package io.omnistock.core.routing;

/**
 * Probed locations holding stock for at least one line, in rank order: for each, the lines it can
 * fill whole (a bit mask), its rank key and distance. What the plan is chosen from and the
 * explanation lists.
 */
final class Scored
{
    final int[] candidate = new int[Router.MAX_SCORED];
    final long[] distance = new long[Router.MAX_SCORED];
    final long[] rankKey = new long[Router.MAX_SCORED];
    final long[] mask = new long[Router.MAX_SCORED];
    int count;
    /** How many may be scored in this phase: the grid search's share, then the holder lists' too. */
    int limit;
    /**
     * How many locations the plan may add to those the order already holds at: the rule set's
     * {@code maxSplits} bounds the whole order, not each re-route (all of them without re-routing).
     */
    int newAllowed;

    private final RouteRequest request;

    Scored(final RouteRequest request)
    {
        this.request = request;
    }

    /** @return the new entry's position. */
    int add(final int location, final long meters, final long key, final long lines)
    {
        candidate[count] = location;
        distance[count] = meters;
        rankKey[count] = key;
        mask[count] = lines;
        return count++;
    }

    /** Whether the scored location is one the order does not hold at yet, so counts against the split limit. */
    boolean isNew(final int position)
    {
        return request.servingLocationCount == 0 || !request.isServing(candidate[position]);
    }

    /** Whether the scored location may take every line alone without spreading the order too wide. */
    boolean fitsAlone(final int position)
    {
        return newAllowed >= 1 || !isNew(position);
    }

    int firstFull(final long full)
    {
        for (int i = 0; i < count; i++)
        {
            if (mask[i] == full && fitsAlone(i))
            {
                return i;
            }
        }
        return -1;
    }

    /** Slow path only (after adding holders): puts the scored locations back in rank order. */
    void sort()
    {
        for (int i = 1; i < count; i++)
        {
            final int loc = candidate[i];
            final long d = distance[i];
            final long key = rankKey[i];
            final long m = mask[i];
            int j = i - 1;
            while (j >= 0 && ranksBefore(key, loc, rankKey[j], candidate[j]))
            {
                candidate[j + 1] = candidate[j];
                distance[j + 1] = distance[j];
                rankKey[j + 1] = rankKey[j];
                mask[j + 1] = mask[j];
                j--;
            }
            candidate[j + 1] = loc;
            distance[j + 1] = d;
            rankKey[j + 1] = key;
            mask[j + 1] = m;
        }
    }

    /** Rank order: the rank key, then the location id, a strict total order. */
    static boolean ranksBefore(final long keyA, final int locationA, final long keyB, final int locationB)
    {
        return keyA < keyB || (keyA == keyB && locationA < locationB);
    }
}

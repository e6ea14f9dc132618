package io.omnistock.core.routing;

import io.omnistock.api.Limits;

/**
 * Chooses the locations of a plan from the scored candidates: one that fills every line, else the
 * fewest (up to the rule set's split limit) whose masks cover the order, cheapest first, by an
 * exhaustive search over the best {@link #SPLIT_POOL}; for a partial order, a greedy cover.
 * Leaves the choice, positions into {@link Scored} in rank order, in {@link #chosen}.
 */
final class SplitPlanner
{
    /** Split search looks at this many best-ranked partial candidates: C(16, 4) = 1820 sets at most. */
    private static final int SPLIT_POOL = 16;
    private static final long NO_COST = Long.MAX_VALUE;

    final int[] chosen = new int[Limits.MAX_SPLITS];
    int chosenCount;
    private final int[] combo = new int[Limits.MAX_SPLITS];
    private final int[] pool = new int[SPLIT_POOL];
    private final int[] coverPool = new int[SPLIT_POOL];

    private final Scored scored;

    SplitPlanner(final Scored scored)
    {
        this.scored = scored;
    }

    void clear()
    {
        chosenCount = 0;
    }

    void chooseAlone(final int position)
    {
        chosen[0] = position;
        chosenCount = 1;
    }

    boolean isChosen(final int position)
    {
        for (int c = 0; c < chosenCount; c++)
        {
            if (chosen[c] == position)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Split search, fewest locations first: for each size k, the cheapest covering set among the
     * {@link #SPLIT_POOL} best-ranked partial candidates; failing that (more candidates than the
     * pool holds), among a pool that takes first, in rank order, every candidate holding a line no
     * better-ranked member holds (so each line's best-ranked holder is in, however many holders of
     * the other lines rank ahead of it), then the best-ranked of the rest.
     */
    boolean planSplit(final long full, final int maxSplits)
    {
        final int count = scored.count;
        final long[] mask = scored.mask;
        final int topSize = Math.min(count, SPLIT_POOL);
        int coverSize = 0;
        if (count > SPLIT_POOL)
        {
            long covered = 0;
            for (int i = 0; i < count && coverSize < SPLIT_POOL; i++)
            {
                if ((mask[i] & ~covered) != 0)
                {
                    coverPool[coverSize++] = i;
                    covered |= mask[i];
                }
            }
            if (covered != full)
            {
                coverSize = 0;
            }
            else
            {
                final int covering = coverSize;
                for (int i = 0; i < count && coverSize < SPLIT_POOL; i++)
                {
                    if (!inPool(i, covering))
                    {
                        coverPool[coverSize++] = i;
                    }
                }
                java.util.Arrays.sort(coverPool, 0, coverSize);
            }
        }
        for (int i = 0; i < topSize; i++)
        {
            pool[i] = i;
        }
        for (int k = 2; k <= maxSplits; k++)
        {
            if (k <= topSize && bestCover(pool, topSize, k, full) != NO_COST)
            {
                return true;
            }
            if (k <= coverSize && bestCover(coverPool, coverSize, k, full) != NO_COST)
            {
                return true;
            }
        }
        return false;
    }

    private boolean inPool(final int position, final int size)
    {
        for (int p = 0; p < size; p++)
        {
            if (coverPool[p] == position)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Exhaustive search over the k-subsets of the pool (in rank order, so the first of equal cost
     * is the best ranked) for the cheapest covering set; leaves it in {@link #chosen}.
     */
    private long bestCover(final int[] members, final int poolSize, final int k, final long full)
    {
        final long[] mask = scored.mask;
        final long[] rankKey = scored.rankKey;
        long bestCost = NO_COST;
        for (int i = 0; i < k; i++)
        {
            combo[i] = i;
        }
        while (true)
        {
            long covered = 0;
            long cost = 0;
            int added = 0;
            for (int i = 0; i < k; i++)
            {
                covered |= mask[members[combo[i]]];
                cost += rankKey[members[combo[i]]];
                added += scored.isNew(members[combo[i]]) ? 1 : 0;
            }
            if (covered == full && cost < bestCost && added <= scored.newAllowed)
            {
                bestCost = cost;
                for (int i = 0; i < k; i++)
                {
                    chosen[i] = members[combo[i]];
                }
                chosenCount = k;
            }
            int i = k - 1;
            while (i >= 0 && combo[i] == poolSize - k + i)
            {
                i--;
            }
            if (i < 0)
            {
                return bestCost;
            }
            combo[i]++;
            for (int j = i + 1; j < k; j++)
            {
                combo[j] = combo[j - 1] + 1;
            }
        }
    }

    /**
     * Greedy cover within the split limit: repeatedly the candidate that adds the most lines (the
     * better ranked on ties). Leaves the picks in {@link #chosen}.
     *
     * @return the lines covered.
     */
    long greedyCover(final int maxSplits)
    {
        long covered = 0;
        chosenCount = 0;
        int added = 0;
        while (chosenCount < maxSplits)
        {
            int best = -1;
            int bestGain = 0;
            for (int i = 0; i < scored.count; i++)
            {
                final int gain = Long.bitCount(scored.mask[i] & ~covered);
                if (gain > bestGain && (added < scored.newAllowed || !scored.isNew(i)))
                {
                    best = i;
                    bestGain = gain;
                }
            }
            if (best < 0)
            {
                break;
            }
            chosen[chosenCount++] = best;
            covered |= scored.mask[best];
            added += scored.isNew(best) ? 1 : 0;
        }
        // Keep the chosen locations in rank order: lines go to the best ranked that can fill them.
        java.util.Arrays.sort(chosen, 0, chosenCount);
        return covered;
    }
}

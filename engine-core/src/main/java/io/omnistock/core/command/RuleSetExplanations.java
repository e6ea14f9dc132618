package io.omnistock.core.command;

import io.omnistock.api.Limits;
import io.omnistock.api.RoutingReason;

/**
 * Every rule set a routing tried, in order, with its verdicts: computed on the business-logic
 * thread for the result and never journaled (the journal keeps {@link RoutingOutcome}'s explanation
 * of one rule set, and its records stay as they are). Each rule set keeps up to
 * {@link RoutingOutcome#MAX_CANDIDATES} entries, at a fixed stride in flat primitive arrays of
 * 9 bytes an entry: location, distance in metres as an int (no two points on Earth are more than
 * about 20,000 km apart; an int holds 2,147,483 km) and the reason's ordinal; 144 bytes a rule set.
 *
 * <p>The arrays start empty and grow, once per slot, to what the slot's largest routing needed
 * (1, 2, 4, then {@link Limits#MAX_RULE_SETS} rule sets): a slot that never carries a routing
 * costs nothing, and a default REGULAR order shipped from the warehouse (two rule sets) 288
 * bytes, where room for eight in each of the ring's 16,384 slots would take 19 MB at start-up.
 * After that nothing is allocated.
 */
public final class RuleSetExplanations implements CandidateSink
{
    private static final int STRIDE = RoutingOutcome.MAX_CANDIDATES;
    private static final RoutingReason[] REASONS = RoutingReason.values();

    private int count;
    /** The rule set {@link #addCandidate} writes to. */
    private int current = -1;
    private String[] name = new String[0];
    private boolean[] routed = new boolean[0];
    private int[] candidateCount = new int[0];
    private int[] location = new int[0];
    private int[] distanceMeters = new int[0];
    private byte[] reason = new byte[0];

    public void clear()
    {
        count = 0;
        current = -1;
    }

    /**
     * Starts the explanation of the next rule set tried; {@link #addCandidate} writes to it.
     *
     * @return its index.
     */
    public int begin(final String ruleSetName, final boolean producedRoute)
    {
        if (count == name.length)
        {
            grow();
        }
        final int r = count++;
        if (name[r] != ruleSetName)
        {
            // Stored only when it changed: the same rule set's name in the same slot, order after
            // order, is no reference store into a long-lived array (see RoutingOutcome#orderState).
            name[r] = ruleSetName;
        }
        routed[r] = producedRoute;
        candidateCount[r] = 0;
        current = r;
        return r;
    }

    /**
     * Writes rule set {@code r}'s explanation again, as the one that produced the route (a partial
     * route comes from a rule set tried, and explained, before).
     */
    public void rewrite(final int r, final boolean producedRoute)
    {
        routed[r] = producedRoute;
        candidateCount[r] = 0;
        current = r;
    }

    /** Goes on writing rule set {@code r}'s explanation after what it holds. */
    public void resume(final int r)
    {
        current = r;
    }

    /** @return whether rule set {@code r}'s explanation lists the location. */
    public boolean lists(final int r, final int candidateLocation)
    {
        for (int i = 0; i < candidateCount[r]; i++)
        {
            if (location[r * STRIDE + i] == candidateLocation)
            {
                return true;
            }
        }
        return false;
    }

    private void grow()
    {
        final int n = Math.min(Limits.MAX_RULE_SETS, Math.max(1, name.length * 2));
        name = java.util.Arrays.copyOf(name, n);
        routed = java.util.Arrays.copyOf(routed, n);
        candidateCount = java.util.Arrays.copyOf(candidateCount, n);
        location = java.util.Arrays.copyOf(location, n * STRIDE);
        distanceMeters = java.util.Arrays.copyOf(distanceMeters, n * STRIDE);
        reason = java.util.Arrays.copyOf(reason, n * STRIDE);
    }

    @Override
    public boolean addCandidate(final int candidateLocation, final RoutingReason verdict, final long meters)
    {
        if (candidateCount[current] == STRIDE)
        {
            return false;
        }
        final int i = current * STRIDE + candidateCount[current]++;
        location[i] = candidateLocation;
        distanceMeters[i] = (int)Math.min(Integer.MAX_VALUE, meters);
        reason[i] = (byte)verdict.ordinal();
        return true;
    }

    public int count()
    {
        return count;
    }

    public String name(final int r)
    {
        return name[r];
    }

    public boolean routed(final int r)
    {
        return routed[r];
    }

    public int candidateCount(final int r)
    {
        return candidateCount[r];
    }

    public int location(final int r, final int i)
    {
        return location[r * STRIDE + i];
    }

    public RoutingReason reason(final int r, final int i)
    {
        return REASONS[reason[r * STRIDE + i]];
    }

    public long distanceMeters(final int r, final int i)
    {
        return distanceMeters[r * STRIDE + i];
    }
}

package io.omnistock.api;

/**
 * What a rule set ranks qualifying locations by, most significant first. Ties after all criteria
 * go to the lower location id. The ordinal is journaled: append new criteria at the end only.
 */
public enum RankCriterion
{
    /** The rule set's tier preference (earlier in its list is better). */
    TIER,
    /** The location's configured priority (lower is better), for explicit node ranking. */
    NODE_PRIORITY,
    /** Distance from the destination (nearer is better): a proxy for freight cost and delivery time. */
    DISTANCE;

    private static final RankCriterion[] VALUES = values();

    /**
     * @param ordinal the wire code.
     * @return the criterion, or {@code null} if the code names none.
     */
    public static RankCriterion fromOrdinal(final int ordinal)
    {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : null;
    }
}

package io.omnistock.api;

/**
 * How a replenishment policy sets its levels. The ordinal is journaled: append new kinds at the
 * end only.
 */
public enum ReplenishmentKind
{
    /** Fixed levels in units: reorder point s and order-up-to level S. */
    MIN_MAX,
    /** Levels in days of demand: reorder below D days of cover, order up to U days, overstock beyond N days. */
    DAYS_OF_COVER,
    /**
     * Reorder point from observed demand: rate x lead time + z x sigma x sqrt(lead time), z for the
     * service level; order up to that plus a cycle of days of demand.
     */
    DYNAMIC;

    private static final ReplenishmentKind[] VALUES = values();

    /**
     * @param ordinal the wire code.
     * @return the kind, or {@code null} if the code is not a kind.
     */
    public static ReplenishmentKind fromOrdinal(final int ordinal)
    {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : null;
    }
}

package io.omnistock.api;

/**
 * The tier of a stock location in the retail network. Wire codes are stable: they are journaled.
 */
public enum Tier
{
    /** Central or regional distribution centre; ships regular parcels (1-3 days). */
    WAREHOUSE,
    /** Dark store / community front warehouse near customers, for instant delivery. */
    FRONT_WAREHOUSE,
    /** Physical store: POS sales, ship-from-store, pickup, instant delivery. */
    STORE;

    private static final Tier[] VALUES = values();

    /** Number of tiers, for arrays indexed by {@link #ordinal()}. */
    public static final int COUNT = VALUES.length;

    /**
     * @param ordinal the wire code.
     * @return the tier, or {@code null} if the code is not a tier.
     */
    public static Tier fromOrdinal(final int ordinal)
    {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : null;
    }
}

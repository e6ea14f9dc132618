package io.omnistock.api;

/**
 * Why on-hand stock was adjusted by hand. Journaled with the adjustment for audits.
 */
public enum AdjustmentReason
{
    /** Damaged goods written off. */
    DAMAGED,
    /** Goods past their date written off. */
    EXPIRED,
    /** Goods that cannot be found written off. */
    LOST,
    /** Stolen goods written off. */
    THEFT,
    /** Goods found that were not counted. */
    FOUND,
    /** A correction of an earlier mistake. */
    CORRECTION;

    private static final AdjustmentReason[] VALUES = values();

    /**
     * @param ordinal the wire code.
     * @return the reason, or {@code null} if the code is not a reason.
     */
    public static AdjustmentReason fromOrdinal(final int ordinal)
    {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : null;
    }
}

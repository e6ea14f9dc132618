package io.omnistock.api;

/**
 * Why on-hand stock was adjusted by hand. Journaled with the adjustment for audits.
 */
public enum AdjustmentReason
{
    DAMAGED,
    EXPIRED,
    LOST,
    THEFT,
    FOUND,
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

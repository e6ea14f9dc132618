package io.omnistock.api;

/**
 * Stock alerts raised on the command that crosses a threshold. The ordinal is journaled: append
 * new kinds at the end only.
 */
public enum AlertKind
{
    /** Free stock (on hand less reserved) fell below the safety stock. */
    LOW_STOCK,
    /** Nothing is available to promise any more. */
    OUT_OF_STOCK,
    /** Stock is available again after an out-of-stock alert. */
    BACK_IN_STOCK,
    /** On hand rose above the policy's overstock level (order-up-to plus pack rounding, or N days of cover). */
    OVERSTOCK,
    /** Stock is on hand and nothing has been sold or fulfilled for the policy's slow-mover days. */
    SLOW_MOVER;

    private static final AlertKind[] VALUES = values();

    /**
     * @param ordinal the wire code.
     * @return the kind, or {@code null} if the code names none.
     */
    public static AlertKind fromOrdinal(final int ordinal)
    {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : null;
    }
}

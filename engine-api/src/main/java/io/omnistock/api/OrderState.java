package io.omnistock.api;

/**
 * Where an order stands. The ordinal is journaled: append new states at the end only.
 */
public enum OrderState
{
    /** Stock held, unpaid: expires at {@link ResultView#expiresAt()} unless confirmed or extended. */
    HELD,
    /** Paid: holds until fulfilled or cancelled. */
    CONFIRMED,
    /** Every allocation was handed over. */
    FULFILLED,
    /** Cancelled; what it held was released. */
    CANCELLED,
    /** Not paid in time; what it held was released. */
    EXPIRED;

    private static final OrderState[] VALUES = values();

    /**
     * @param ordinal the wire code.
     * @return the state, or {@code null} if the code is not a state.
     */
    public static OrderState fromOrdinal(final int ordinal)
    {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : null;
    }
}

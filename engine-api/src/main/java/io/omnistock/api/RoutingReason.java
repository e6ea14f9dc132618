package io.omnistock.api;

/**
 * Why a candidate location was chosen, or why it lost or was excluded, in a routing explanation.
 * The ordinal is journaled: append new reasons at the end only.
 */
public enum RoutingReason
{
    /** Allocated some or all of the order. */
    SELECTED,
    /** Could fill the order, or its part, but ranked below the chosen location(s). */
    RANKED_LOWER,
    /** Could fill only part of the order; the chosen assignment needed fewer locations. */
    MORE_SPLITS,
    /** Holds too little available stock for any line it was considered for. */
    INSUFFICIENT_STOCK,
    /** Farther from the destination than the rule set's radius. */
    OUT_OF_RADIUS,
    /** Its tier is not in the rule set. */
    TIER_NOT_ALLOWED,
    /** Lacks a capability the rule set requires (instant delivery, parcels, pickup). */
    MISSING_CAPABILITY,
    /** Cannot pick, pack and deliver before the promise time. */
    TOO_SLOW,
    /** Rejected an allocation of this order earlier. */
    REJECTED_BEFORE,
    /** Not the pickup store the customer named, and alternatives are not allowed. */
    NOT_PICKUP_STORE,
    /** Has accepted as many orders this hour as it is configured to. */
    CAPACITY_REACHED,
    /** Does not serve the order's channel. */
    NOT_ELIGIBLE_FOR_CHANNEL;

    private static final RoutingReason[] VALUES = values();

    /**
     * @param ordinal the wire code.
     * @return the reason, or {@code null} if the code is not a reason.
     */
    public static RoutingReason fromOrdinal(final int ordinal)
    {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : null;
    }
}

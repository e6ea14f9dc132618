package io.omnistock.api;

/**
 * How an order reaches the customer; each type has its own default routing rules
 * (see docs/routing.md). The ordinal is journaled: append new types at the end only.
 */
public enum FulfilmentType
{
    /** Delivered within the hour by instant-delivery couriers, from stores and front warehouses nearby. */
    INSTANT,
    /** Parcel in 1-3 days, from a store that ships parcels (preferred) or a warehouse. */
    REGULAR,
    /** A delivery slot or pickup date ahead (pre-sale); routed like REGULAR, or like PICKUP with a pickup store. */
    SCHEDULED,
    /** Collected by the customer at a named store, or at a nearby one when alternatives are allowed. */
    PICKUP;

    private static final FulfilmentType[] VALUES = values();

    /** Number of types, for arrays indexed by {@link #ordinal()}. */
    public static final int COUNT = VALUES.length;

    /**
     * @param ordinal the wire code.
     * @return the type, or {@code null} if the code is not a type.
     */
    public static FulfilmentType fromOrdinal(final int ordinal)
    {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : null;
    }
}

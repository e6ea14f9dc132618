package io.omnistock.api;

/**
 * Every command the engine accepts. The ordinal is the journal's wire code: append new types at
 * the end only.
 */
public enum CommandType
{
    /** Register a location: code, tier, position and capabilities. Result carries its id. */
    DEFINE_LOCATION(true),
    /** Register a SKU: code and stock unit. Result carries its id. */
    DEFINE_SKU(true),
    /** Goods received into on hand (supplier delivery). */
    RECEIVE(true),
    /** On hand changed by a signed delta, with an {@link AdjustmentReason}. */
    ADJUST(true),
    /** Absolute physical count; open reservations stay intact. */
    STOCKTAKE(true),
    /** Over-the-counter POS sale: a fact, recorded even when the ledger believed the stock gone. */
    SALE(true),
    /** Customer return, restocked at the returning location. */
    RETURN(true),
    /** Hold available stock at a named location under a client reservation id. */
    RESERVE(true),
    /** Give back part or all of a reservation's held quantity. */
    RELEASE(true),
    /** Consume part or all of a reservation: the goods leave on hand. */
    FULFIL(true),
    /** Ship stock from one location towards another: source on hand down, destination in transit up. */
    TRANSFER_OUT(true),
    /** Receive in-transit stock: in transit down, on hand up. */
    TRANSFER_IN(true),
    /** Set the safety stock kept out of available-to-promise at a position. */
    SET_SAFETY_STOCK(true),
    /** Read one position. Not journaled. */
    QUERY_POSITION(false),
    /** Read a SKU's network availability, in total and per tier. Not journaled. */
    QUERY_AVAILABILITY(false);

    private static final CommandType[] VALUES = values();

    private final boolean journaled;

    CommandType(final boolean journaled)
    {
        this.journaled = journaled;
    }

    /**
     * @return whether the command can change state and is therefore journaled (queries are not).
     */
    public boolean journaled()
    {
        return journaled;
    }

    /**
     * @param ordinal the wire code.
     * @return the type, or {@code null} if the code is not a command type.
     */
    public static CommandType fromOrdinal(final int ordinal)
    {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : null;
    }
}

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
    QUERY_AVAILABILITY(false),
    /** Register a sales channel with its hold time-to-live. Result carries its id. */
    DEFINE_CHANNEL(true),
    /** Route an order and hold its stock, all lines or none (or a partial fill when allowed). */
    ROUTE_ORDER(true),
    /** Where could this basket be fulfilled? Routes without holding. Not journaled. */
    QUERY_PROMISE(false),
    /** Mark an order paid; its hold stops expiring. */
    CONFIRM_ORDER(true),
    /** Extend an unpaid order's hold. */
    EXTEND_ORDER(true),
    /** Release what an order holds. */
    CANCEL_ORDER(true),
    /** Consume a confirmed order's allocations at one location. */
    FULFIL_ORDER(true),
    /** A location cannot serve its allocations of an order; release and re-route them. */
    REJECT_ALLOCATION(true),
    /**
     * Engine time advances: expire unpaid holds that are due. Sent by the engine itself, journaled
     * with its timestamp, so expiry replays at exactly the same point.
     */
    EXPIRE_HOLDS(true),
    /** Set a location's capacity, ranking priority and pick-and-pack time. */
    CONFIGURE_LOCATION(true),
    /** Set the quantity of a position reserved for instant and high-value orders. */
    SET_PROTECTED_STOCK(true),
    /** Set the quantity of a position kept for walk-in customers. */
    SET_WALK_IN_RESERVE(true),
    /** Set a channel's quota on a SKU. */
    SET_CHANNEL_QUOTA(true),
    /** Replace the routing policy. */
    SET_ROUTING_POLICY(true),
    /** Allow or exclude a location for a channel's orders. */
    SET_CHANNEL_ELIGIBILITY(true),
    /** Set or remove a position's min/max replenishment policy. */
    SET_REPLENISHMENT_POLICY(true),
    /** Close a position's open replenishment request. */
    CANCEL_REPLENISHMENT(true),
    /** Create a transfer order, holding the stock at its source. */
    CREATE_TRANSFER(true),
    /** Ship a transfer: source on hand down, destination in transit up, with an ETA. */
    SHIP_TRANSFER(true),
    /** Receive a transfer, possibly short or over. */
    RECEIVE_TRANSFER(true),
    /** Cancel a transfer that has not shipped. */
    CANCEL_TRANSFER(true),
    /**
     * Set or remove a replenishment policy of any {@link ReplenishmentKind}: for a position, as a
     * location's default, or as a tier's default.
     */
    SET_REPLENISHMENT_RULE(true),
    /** Set where a location's stock comes from when its policies name the {@link ReplenishmentPolicy#NETWORK}. */
    SET_LOCATION_SOURCE(true),
    /** Turn a position's open replenishment request into a transfer order from the request's source. */
    TRANSFER_FROM_REQUEST(true),
    /** Read an open order (not journaled). */
    QUERY_ORDER(false),
    /**
     * Switch the rules the engine decides by to a newer logic version, from this command's
     * sequence on. Journaled, so replay decides every earlier command under the rules in force
     * when it was first decided. An engine writes it itself when it starts on a journal of an
     * older logic version (see {@code docs/journal-format.md}); operators pinning a version send it.
     */
    UPGRADE_LOGIC(true);

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

package io.omnistock.api;

/**
 * Kinds of output event. The ordinal is the journal's wire code: append new kinds at the end only.
 */
public enum EventKind
{
    /** A location was defined; {@link EventView#location()} is its id. */
    LOCATION_DEFINED,
    /** A SKU was defined; {@link EventView#sku()} is its id. */
    SKU_DEFINED,
    /** A position's quantities changed; the event carries the position after the change. */
    STOCK_CHANGED,
    /** A reservation was opened, reduced or closed; {@link EventView#held()} is what it still holds. */
    RESERVATION_CHANGED,
    /** A channel was defined; {@link EventView#location()} is -1 and {@link EventView#reservationId()} its id. */
    CHANNEL_DEFINED,
    /** An order's state changed; {@link EventView#orderState()} is the new state. */
    ORDER_CHANGED,
    /** What an order holds at one location for one SKU changed; {@link EventView#held()} is what it still holds. */
    ALLOCATION_CHANGED,
    /**
     * A position needs stock: {@link EventView#held()} is the quantity requested, the position's
     * quantities are as after the command, {@link EventView#reservationId()} is the source
     * location (-1: the supplier).
     */
    REPLENISHMENT_REQUESTED,
    /** A position's open request closed: stock came in above the reorder point, or it was cancelled. */
    REPLENISHMENT_CLOSED,
    /** A stock alert; {@link EventView#alertKind()} says which. */
    ALERT,
    /**
     * A transfer order changed: {@link EventView#reservationId()} is its id, {@link EventView#held()}
     * its quantity (for a receipt, what was received), {@link EventView#location()} the location it
     * concerns at this step, {@link EventView#flags()} its {@code TRANSFER_*} state.
     */
    TRANSFER_CHANGED,
    /**
     * Supply break: a position ran out and its source needs more than 24 hours. A nearby location
     * has stock above its own reorder point: {@link EventView#location()} is the position that ran
     * out, {@link EventView#reservationId()} the suggested source location, {@link EventView#held()}
     * the suggested quantity. A suggestion only: nothing is held or moved.
     */
    LATERAL_TRANSFER_SUGGESTED;

    private static final EventKind[] VALUES = values();

    /**
     * @param ordinal the wire code.
     * @return the kind, or {@code null} if the code is not a kind.
     */
    public static EventKind fromOrdinal(final int ordinal)
    {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : null;
    }
}

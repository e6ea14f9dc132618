package io.omnistock.api;

/**
 * One output event, read in place. Valid only during {@link EventListener#onEvent}. What the kind
 * carries besides its position (ids, quantities, states) comes through the typed accessors of
 * {@link EventFields}, each answered only for the kinds that carry it.
 */
public interface EventView extends EventFields
{
    /** Flag: on hand is below what reservations hold (a count or POS sale found less stock). */
    int FLAG_SHORTFALL = 1;
    /** Flag: on hand is negative (a POS sale of stock the ledger believed gone). */
    int FLAG_NEGATIVE_ON_HAND = 1 << 1;

    /** Transfer state in a {@link EventKind#TRANSFER_CHANGED} event's flags. */
    int TRANSFER_CREATED = 1;
    /** See {@link #TRANSFER_CREATED}. */
    int TRANSFER_SHIPPED = 2;
    /** See {@link #TRANSFER_CREATED}. */
    int TRANSFER_RECEIVED = 3;
    /** See {@link #TRANSFER_CREATED}. */
    int TRANSFER_CANCELLED = 4;

    /** @return the kind of event. */
    EventKind kind();

    /** @return the journal sequence of the command that caused it. */
    long sequence();

    /** @return the engine timestamp of that command, epoch milliseconds. */
    long timestamp();

    /** @return the command id of that command. */
    long commandId();

    /** @return the location, or -1. */
    int location();

    /** @return the SKU, or -1. */
    int sku();

    /** @return the order's new state for {@link EventKind#ORDER_CHANGED}, otherwise {@code null}. */
    OrderState orderState();

    /** @return the alert for {@link EventKind#ALERT}, otherwise {@code null}. */
    AlertKind alertKind();

    /** @return on hand after the change. */
    long onHand();

    /** @return reserved after the change. */
    long reserved();

    /** @return in transit after the change. */
    long inTransit();

    /** @return safety stock after the change. */
    long safetyStock();

    /** @return available-to-promise after the change. */
    long available();
}

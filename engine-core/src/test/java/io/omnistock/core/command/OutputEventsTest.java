package io.omnistock.core.command;

import io.omnistock.api.AlertKind;
import io.omnistock.api.EventKind;
import io.omnistock.api.EventView;
import io.omnistock.api.OrderState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Every kind of event reads back field for field from its packed words, extremes included. */
class OutputEventsTest
{
    private final OutputEvents events = new CommandSlot().events;

    @Test
    void eachEventReadsBackWhatWasAdded()
    {
        events.addStock(-1, Integer.MAX_VALUE, -5, 7, Long.MAX_VALUE, Long.MIN_VALUE);
        events.addReservation(Long.MIN_VALUE, Integer.MIN_VALUE, -1, 3);
        events.addOrder(-9, OrderState.EXPIRED);
        events.addAlert(4, 5, AlertKind.SLOW_MOVER);
        events.addTransfer(77, 6, 8, 12, -2);
        events.addReplenishment(1, 2, 40, 9, 10, 11, 12, 13);
        events.addChannel(Integer.MAX_VALUE);
        events.addDefinition(EventKind.SKU_DEFINED, -1, 0);
        assertEquals(8, events.count());

        final EventView stock = events.moveTo(0);
        assertEquals(EventKind.STOCK_CHANGED, stock.kind());
        assertEquals(-1, stock.location());
        assertEquals(Integer.MAX_VALUE, stock.sku());
        assertEquals(-5, stock.onHand());
        assertEquals(7, stock.reserved());
        assertEquals(Long.MAX_VALUE, stock.inTransit());
        assertEquals(Long.MIN_VALUE, stock.safetyStock());
        assertEquals(EventView.FLAG_SHORTFALL | EventView.FLAG_NEGATIVE_ON_HAND, stock.flags());
        assertEquals(0, stock.reservationId(), "a stock change is no reservation's");
        assertEquals(0, stock.orderId());
        assertEquals(0, stock.quantity());
        assertNull(stock.orderState());
        assertNull(stock.alertKind());

        final EventView reservation = events.moveTo(1);
        assertEquals(EventKind.RESERVATION_CHANGED, reservation.kind());
        assertEquals(Integer.MIN_VALUE, reservation.location());
        assertEquals(-1, reservation.sku());
        assertEquals(Long.MIN_VALUE, reservation.reservationId());
        assertEquals(3, reservation.held());
        assertEquals(0, reservation.flags());
        assertEquals(0, reservation.orderId(), "a reservation's id is not an order's");
        assertEquals(0, reservation.onHand());

        final EventView order = events.moveTo(2);
        assertEquals(EventKind.ORDER_CHANGED, order.kind());
        assertEquals(-9, order.orderId());
        assertEquals(0, order.reservationId(), "an order's id is not a reservation's");
        assertEquals(OrderState.EXPIRED, order.orderState());
        assertNull(order.alertKind());

        final EventView alert = events.moveTo(3);
        assertEquals(EventKind.ALERT, alert.kind());
        assertEquals(AlertKind.SLOW_MOVER, alert.alertKind());
        assertNull(alert.orderState());
        assertEquals(4, alert.location());
        assertEquals(5, alert.sku());

        final EventView transfer = events.moveTo(4);
        assertEquals(EventKind.TRANSFER_CHANGED, transfer.kind());
        assertEquals(77, transfer.transferId());
        assertEquals(12, transfer.quantity());
        assertEquals(-2, transfer.transferState());
        assertEquals(0, transfer.flags(), "a transfer's state is not a position's flags");
        assertEquals(0, transfer.held());
        assertEquals(0, transfer.reservationId());

        final EventView request = events.moveTo(5);
        assertEquals(EventKind.REPLENISHMENT_REQUESTED, request.kind());
        assertEquals(40, request.quantity());
        assertEquals(9, request.sourceLocation());
        assertEquals(0, request.held());
        assertEquals(0, request.transferId());
        assertEquals(10, request.onHand());
        assertEquals(11, request.reserved());
        assertEquals(12, request.inTransit());
        assertEquals(13, request.safetyStock());

        assertEquals(Integer.MAX_VALUE, events.moveTo(6).channelId());
        assertEquals(-1, events.moveTo(5).channelId(), "no channel: -1");
        assertEquals(-1, events.moveTo(6).sourceLocation(), "no source: -1");
        assertEquals(EventKind.SKU_DEFINED, events.moveTo(7).kind());
        assertEquals(0, events.moveTo(7).sku());
    }

    @Test
    void aSlotReusedAfterClearCarriesNothingOverAndGrowsKeepingEarlierEvents()
    {
        events.addOrder(5, OrderState.CONFIRMED);
        events.addStock(1, 1, -1, 0, 0, 0);
        events.clear();
        events.addDefinition(EventKind.LOCATION_DEFINED, 3, -1);
        for (int i = 1; i <= 40; i++)
        {
            events.addReservation(i, i, -i, 100 + i);
        }
        final EventView definition = events.moveTo(0);
        assertNull(definition.orderState());
        assertEquals(0, definition.reservationId());
        assertEquals(0, definition.flags());
        assertEquals(0, definition.onHand());
        assertEquals(41, events.count());
        for (int i = 1; i <= 40; i++)
        {
            final EventView reservation = events.moveTo(i);
            assertEquals(i, reservation.reservationId());
            assertEquals(i, reservation.location());
            assertEquals(-i, reservation.sku());
            assertEquals(100 + i, reservation.held());
        }
    }
}

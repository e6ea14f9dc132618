package io.omnistock.core.state;

import io.omnistock.api.AdjustmentReason;
import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.Tier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.omnistock.api.ReasonCode.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TransferOrderTest
{
    private static final long HOUR = 3_600_000L;

    private ProcessorHarness h;
    private int warehouse;
    private int store;
    private int milk;
    private int channel;

    @BeforeEach
    void network()
    {
        h = new ProcessorHarness();
        channel = h.channel("app", 15 * 60_000L);
        warehouse = h.locationAt("WH", Tier.WAREHOUSE, Capabilities.SHIPS_PARCELS, -20_000, 0);
        store = h.locationAt("ST", Tier.STORE, Capabilities.ALL, 500, 0);
        milk = h.sku("MILK");
        h.run(Commands.receive(h.id(), warehouse, milk, 100));
    }

    private void assertPosition(final int location, final long onHand, final long reserved, final long inTransit)
    {
        final CommandResult p = h.position(location, milk);
        assertEquals(onHand, p.onHand(), "on hand");
        assertEquals(reserved, p.reserved(), "reserved");
        assertEquals(inTransit, p.inTransit(), "in transit");
    }

    @Test
    void createHoldsShipMovesReceiveLands()
    {
        assertEquals(OK, h.run(Commands.createTransfer(h.id(), 7, warehouse, store, milk, 40)).reason());
        assertPosition(warehouse, 100, 40, 0);
        assertEquals(OK, h.run(Commands.shipTransfer(h.id(), 7, h.now + 4 * HOUR)).reason());
        assertPosition(warehouse, 60, 0, 0);
        assertPosition(store, 0, 0, 40);
        assertEquals(OK, h.run(Commands.receiveTransfer(h.id(), 7, 40, null)).reason());
        assertPosition(store, 40, 0, 0);
        assertEquals(UNKNOWN_TRANSFER, h.run(Commands.receiveTransfer(h.id(), 7, 40, null)).reason());
    }

    @Test
    void aShortReceiptNeedsAReasonAndIsRecorded()
    {
        h.run(Commands.createTransfer(h.id(), 7, warehouse, store, milk, 40));
        h.run(Commands.shipTransfer(h.id(), 7, h.now + HOUR));
        assertEquals(DISCREPANCY_REASON_REQUIRED, h.run(Commands.receiveTransfer(h.id(), 7, 37, null)).reason());
        assertPosition(store, 0, 0, 40);
        assertEquals(OK, h.run(Commands.receiveTransfer(h.id(), 7, 37, AdjustmentReason.DAMAGED)).reason());
        assertPosition(store, 37, 0, 0);
    }

    @Test
    void cancelReleasesOnlyBeforeShipping()
    {
        h.run(Commands.createTransfer(h.id(), 7, warehouse, store, milk, 40));
        assertEquals(OK, h.run(Commands.cancelTransfer(h.id(), 7)).reason());
        assertPosition(warehouse, 100, 0, 0);
        h.run(Commands.createTransfer(h.id(), 8, warehouse, store, milk, 40));
        h.run(Commands.shipTransfer(h.id(), 8, h.now + HOUR));
        assertEquals(TRANSFER_NOT_CREATED, h.run(Commands.cancelTransfer(h.id(), 8)).reason());
        assertEquals(TRANSFER_NOT_CREATED, h.run(Commands.shipTransfer(h.id(), 8, h.now + HOUR)).reason());
    }

    @Test
    void badTransfersAreRejected()
    {
        assertEquals(INVALID_TRANSFER_ID, h.run(Commands.createTransfer(h.id(), 0, warehouse, store, milk, 1)).reason());
        assertEquals(SAME_LOCATION, h.run(Commands.createTransfer(h.id(), 1, store, store, milk, 1)).reason());
        assertEquals(TRANSFER_EXCEEDS_FREE_STOCK,
            h.run(Commands.createTransfer(h.id(), 1, warehouse, store, milk, 101)).reason());
        h.run(Commands.createTransfer(h.id(), 1, warehouse, store, milk, 1));
        assertEquals(DUPLICATE_TRANSFER, h.run(Commands.createTransfer(h.id(), 1, warehouse, store, milk, 1)).reason());
        assertEquals(INVALID_ETA, h.run(Commands.shipTransfer(h.id(), 1, h.now - 1)).reason());
        assertEquals(TRANSFER_NOT_SHIPPED, h.run(Commands.receiveTransfer(h.id(), 1, 1, null)).reason());
        assertEquals(UNKNOWN_TRANSFER, h.run(Commands.shipTransfer(h.id(), 99, h.now)).reason());
        assertPosition(warehouse, 100, 1, 0);
    }

    @Test
    void aLegacyTransferInCannotTakeUnitsShippedByATransferOrder()
    {
        h.run(Commands.createTransfer(h.id(), 7, warehouse, store, milk, 40));
        h.run(Commands.shipTransfer(h.id(), 7, h.now + HOUR));
        assertEquals(RECEIPT_EXCEEDS_IN_TRANSIT, h.run(Commands.transferIn(h.id(), store, milk, 40)).reason());
        assertEquals(RECEIPT_EXCEEDS_IN_TRANSIT, h.run(Commands.transferIn(h.id(), store, milk, 1)).reason());
        assertPosition(store, 0, 0, 40);
        assertEquals(OK, h.run(Commands.receiveTransfer(h.id(), 7, 40, null)).reason());
        assertPosition(store, 40, 0, 0);
    }

    @Test
    void aLegacyTransferInTakesOnlyTheInTransitNoTransferOrderOwns()
    {
        h.run(Commands.transferOut(h.id(), warehouse, store, milk, 10));
        h.run(Commands.createTransfer(h.id(), 7, warehouse, store, milk, 40));
        h.run(Commands.shipTransfer(h.id(), 7, h.now + HOUR));
        assertPosition(store, 0, 0, 50);
        assertEquals(RECEIPT_EXCEEDS_IN_TRANSIT, h.run(Commands.transferIn(h.id(), store, milk, 11)).reason());
        assertEquals(OK, h.run(Commands.transferIn(h.id(), store, milk, 10)).reason());
        assertEquals(OK, h.run(Commands.receiveTransfer(h.id(), 7, 40, null)).reason());
        assertPosition(store, 50, 0, 0);
    }

    @Test
    void aReceiptIsRefusedWhenLessIsInTransitThanWasShipped()
    {
        h.run(Commands.createTransfer(h.id(), 7, warehouse, store, milk, 40));
        h.run(Commands.shipTransfer(h.id(), 7, h.now + HOUR));
        // What a TRANSFER_IN of an older build could leave behind: order 7's units taken already.
        h.state.ledger().change(h.state.ledger().find(store, milk), 40, 0, -40);
        assertEquals(RECEIPT_EXCEEDS_IN_TRANSIT, h.run(Commands.receiveTransfer(h.id(), 7, 40, null)).reason());
        assertPosition(store, 40, 0, 0);
        assertEquals(TRANSFER_NOT_CREATED, h.run(Commands.cancelTransfer(h.id(), 7)).reason(), "still shipped");
    }

    @Test
    void scheduledOrdersCountStockArrivingBeforeTheirSlotOnce()
    {
        h.run(Commands.createTransfer(h.id(), 7, warehouse, store, milk, 10));
        h.run(Commands.shipTransfer(h.id(), 7, h.now + 5 * HOUR));
        final Order tomorrow = scheduled(1, 24 * HOUR, 6);
        final CommandResult first = h.run(Commands.routeOrder(h.id(), tomorrow));
        assertEquals(OK, first.reason());
        assertEquals(store, first.allocations().get(0).location());
        // 4 of the 10 inbound are left for the store; a second order for 6 must go elsewhere.
        final CommandResult second = h.run(Commands.routeOrder(h.id(), scheduled(2, 24 * HOUR, 6)));
        assertEquals(warehouse, second.allocations().get(0).location());
        // An order due before the van arrives cannot count on it.
        final CommandResult soon = h.run(Commands.routeOrder(h.id(), scheduled(3, 2 * HOUR, 1)));
        assertEquals(warehouse, soon.allocations().get(0).location());
        // Regular orders see only what is on hand now.
        final CommandResult regular = h.run(Commands.routeOrder(h.id(), new Order(4, channel,
            FulfilmentType.REGULAR, ProcessorHarness.CENTRE_LAT, ProcessorHarness.CENTRE_LON, -1, 0, 0, 0,
            List.of(new OrderLine(milk, 1)))));
        assertEquals(warehouse, regular.allocations().get(0).location());
    }

    private Order scheduled(final long orderId, final long dueIn, final long quantity)
    {
        return new Order(orderId, channel, FulfilmentType.SCHEDULED, ProcessorHarness.CENTRE_LAT,
            ProcessorHarness.CENTRE_LON, -1, 0, h.now + dueIn, 0, List.of(new OrderLine(milk, quantity)));
    }
}

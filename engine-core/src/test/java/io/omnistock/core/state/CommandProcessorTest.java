package io.omnistock.core.state;

import io.omnistock.api.AdjustmentReason;
import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.EventKind;
import io.omnistock.api.EventView;
import io.omnistock.api.Limits;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.omnistock.api.ReasonCode.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandProcessorTest
{
    private ProcessorHarness h;
    private int store;
    private int warehouse;
    private int milk;

    @BeforeEach
    void network()
    {
        h = new ProcessorHarness();
        store = h.location("S-001", Tier.STORE);
        warehouse = h.location("WH-01", Tier.WAREHOUSE);
        milk = h.sku("MILK-1L");
    }

    private void assertPosition(final int location, final long onHand, final long reserved, final long inTransit,
        final long safety, final long available)
    {
        final CommandResult p = h.position(location, milk);
        assertEquals(OK, p.reason());
        assertEquals(onHand, p.onHand(), "on hand");
        assertEquals(reserved, p.reserved(), "reserved");
        assertEquals(inTransit, p.inTransit(), "in transit");
        assertEquals(safety, p.safetyStock(), "safety stock");
        assertEquals(available, p.available(), "available");
    }

    /** A rejection must leave every quantity and the checksum-relevant stock untouched. */
    private void assertRejectedWithoutChange(final ReasonCode expected, final io.omnistock.api.Command command)
    {
        final long ledgerBefore = h.state.ledger.checksum();
        final long reservationsBefore = h.state.reservations.checksum();
        final int positionsBefore = h.state.ledger.size();
        final CommandResult r = h.run(command);
        assertEquals(expected, r.reason());
        assertEquals(expected, r.originalReason());
        assertEquals(ledgerBefore, h.state.ledger.checksum(), "ledger changed on rejection");
        assertEquals(reservationsBefore, h.state.reservations.checksum(), "reservations changed on rejection");
        assertEquals(positionsBefore, h.state.ledger.size(), "a rejection created a position");
        assertEquals(List.of(), h.lastEvents(), "a rejection emitted events");
    }

    @Nested
    class Definitions
    {
        @Test
        void assignsDenseIdsInOrder()
        {
            assertEquals(0, store);
            assertEquals(1, warehouse);
            assertEquals(0, milk);
            assertEquals(1, h.sku("EGGS-12"));
            assertEquals(List.of(EventKind.SKU_DEFINED), h.lastEvents());
            assertEquals(1, h.state.skus.idOf("EGGS-12"));
            assertEquals(Tier.WAREHOUSE, h.state.locations.tier(warehouse));
        }

        @Test
        void acceptsUnicodeCodesUpToTheByteLimit()
        {
            final String code = "牛奶".repeat(10); // 60 bytes of UTF-8
            final CommandResult r = h.run(Commands.defineSku(h.id(), code, StockUnit.GRAM));
            assertEquals(OK, r.reason());
            assertEquals(StockUnit.GRAM, h.state.skus.unit(r.assignedId()));
        }

        @Test
        void rejectsBadDefinitions()
        {
            assertRejectedWithoutChange(CODE_EMPTY, Commands.defineSku(h.id(), "", StockUnit.PIECE));
            assertRejectedWithoutChange(CODE_EMPTY, Commands.defineSku(h.id(), null, StockUnit.PIECE));
            assertRejectedWithoutChange(CODE_TOO_LONG,
                Commands.defineSku(h.id(), "x".repeat(Limits.MAX_CODE_BYTES + 1), StockUnit.PIECE));
            assertRejectedWithoutChange(CODE_TOO_LONG,
                Commands.defineSku(h.id(), "牛".repeat(22), StockUnit.PIECE)); // 66 bytes, 22 chars
            assertRejectedWithoutChange(CODE_INVALID, Commands.defineSku(h.id(), "bad\uD800", StockUnit.PIECE));
            assertRejectedWithoutChange(DUPLICATE_SKU, Commands.defineSku(h.id(), "MILK-1L", StockUnit.PIECE));
            assertRejectedWithoutChange(INVALID_UNIT, Commands.defineSku(h.id(), "NEW", null));
            assertRejectedWithoutChange(DUPLICATE_LOCATION,
                Commands.defineLocation(h.id(), "S-001", Tier.STORE, 0, 0, 0));
            assertRejectedWithoutChange(INVALID_TIER, Commands.defineLocation(h.id(), "S-002", null, 0, 0, 0));
            assertRejectedWithoutChange(INVALID_COORDINATES,
                Commands.defineLocation(h.id(), "S-002", Tier.STORE, 90_000_001, 0, 0));
            assertRejectedWithoutChange(INVALID_COORDINATES,
                Commands.defineLocation(h.id(), "S-002", Tier.STORE, 0, -180_000_001, 0));
            assertRejectedWithoutChange(INVALID_CAPABILITIES,
                Commands.defineLocation(h.id(), "S-002", Tier.STORE, 0, 0, Capabilities.ALL + 1));
            assertEquals(2, h.state.locations.count());
            assertEquals(1, h.state.skus.count());
        }
    }

    @Nested
    class Movements
    {
        @Test
        void receiveAddsToOnHand()
        {
            final CommandResult r = h.run(Commands.receive(h.id(), store, milk, 40));
            assertEquals(OK, r.reason());
            assertEquals(40, r.onHand());
            assertEquals(40, r.available());
            assertEquals(List.of(EventKind.STOCK_CHANGED), h.lastEvents());
            assertPosition(store, 40, 0, 0, 0, 40);
        }

        @Test
        void adjustAppliesSignedDeltaWithReason()
        {
            h.run(Commands.receive(h.id(), store, milk, 10));
            assertEquals(OK, h.run(Commands.adjust(h.id(), store, milk, -3, AdjustmentReason.DAMAGED)).reason());
            assertEquals(OK, h.run(Commands.adjust(h.id(), store, milk, 1, AdjustmentReason.FOUND)).reason());
            assertPosition(store, 8, 0, 0, 0, 8);
        }

        @Test
        void adjustMayNotTakeOnHandBelowReserved()
        {
            h.run(Commands.receive(h.id(), store, milk, 10));
            h.run(Commands.reserve(h.id(), 500, store, milk, 6));
            assertRejectedWithoutChange(ADJUSTMENT_BELOW_RESERVED,
                Commands.adjust(h.id(), store, milk, -5, AdjustmentReason.LOST));
            assertEquals(OK, h.run(Commands.adjust(h.id(), store, milk, -4, AdjustmentReason.LOST)).reason());
            assertPosition(store, 6, 6, 0, 0, 0);
        }

        @Test
        void compareAndSetAppliesOnlyOnTheValueRead()
        {
            final CommandResult never = h.run(Commands.compareAndSetOnHand(h.id(), store, milk, 3, 9,
                AdjustmentReason.CORRECTION));
            assertEquals(ON_HAND_CHANGED, never.reason(), "a position never stocked reads 0");
            assertEquals(0, never.onHand());
            assertEquals(OK, h.run(Commands.compareAndSetOnHand(h.id(), store, milk, 0, 9, AdjustmentReason.FOUND)).reason());
            assertEquals(List.of(EventKind.STOCK_CHANGED), h.lastEvents());
            h.run(Commands.receive(h.id(), store, milk, 1));
            // The caller read 9, another movement made it 10: refused, the current 10 in the result.
            final CommandResult stale = h.run(Commands.compareAndSetOnHand(h.id(), store, milk, 9, 4,
                AdjustmentReason.DAMAGED));
            assertEquals(ON_HAND_CHANGED, stale.reason());
            assertEquals(10, stale.onHand());
            assertPosition(store, 10, 0, 0, 0, 10);
            final CommandResult retried = h.run(Commands.compareAndSetOnHand(h.id(), store, milk, stale.onHand(), 4,
                AdjustmentReason.DAMAGED));
            assertEquals(OK, retried.reason());
            assertEquals(4, retried.onHand());
            assertPosition(store, 4, 0, 0, 0, 4);
        }

        @Test
        void compareAndSetMayNotTakeOnHandBelowReserved()
        {
            h.run(Commands.receive(h.id(), store, milk, 10));
            h.run(Commands.reserve(h.id(), 500, store, milk, 6));
            assertRejectedWithoutChange(ADJUSTMENT_BELOW_RESERVED,
                Commands.compareAndSetOnHand(h.id(), store, milk, 10, 5, AdjustmentReason.LOST));
            assertEquals(OK, h.run(Commands.compareAndSetOnHand(h.id(), store, milk, 10, 6, AdjustmentReason.LOST))
                .reason());
            assertPosition(store, 6, 6, 0, 0, 0);
        }

        @Test
        void stocktakeSetsAbsoluteCountAndKeepsReservations()
        {
            h.run(Commands.receive(h.id(), store, milk, 10));
            h.run(Commands.reserve(h.id(), 500, store, milk, 4));
            assertEquals(OK, h.run(Commands.stocktake(h.id(), store, milk, 7)).reason());
            assertPosition(store, 7, 4, 0, 0, 3);
            assertEquals(OK, h.run(Commands.fulfil(h.id(), 500, 4)).reason());
            assertPosition(store, 3, 0, 0, 0, 3);
        }

        @Test
        void stocktakeBelowReservedIsRecordedAndFlagged()
        {
            h.run(Commands.receive(h.id(), store, milk, 10));
            h.run(Commands.reserve(h.id(), 500, store, milk, 8));
            final CommandResult r = h.run(Commands.stocktake(h.id(), store, milk, 5));
            assertEquals(OK, r.reason());
            assertEquals(0, r.available());
            assertPosition(store, 5, 8, 0, 0, 0);
        }

        @Test
        void posSaleIsRecordedEvenWhenTheLedgerBelievedTheStockGone()
        {
            h.run(Commands.receive(h.id(), store, milk, 2));
            assertEquals(OK, h.run(Commands.sale(h.id(), store, milk, 2)).reason());
            final CommandResult oversold = h.run(Commands.sale(h.id(), store, milk, 1));
            assertEquals(OK, oversold.reason());
            assertEquals(-1, oversold.onHand());
            assertEquals(0, oversold.available());
            assertPosition(store, -1, 0, 0, 0, 0);
        }

        @Test
        void posSaleFlagsShortfallAndNegativeOnHandInItsEvent()
        {
            final int[] flags = new int[1];
            final io.omnistock.core.command.CommandSlot slot = new io.omnistock.core.command.CommandSlot();
            h.run(Commands.receive(h.id(), store, milk, 1));
            slot.clearInput();
            slot.sale(h.id(), store, milk, 3);
            h.apply(slot);
            flags[0] = slot.events.moveTo(0).flags();
            assertEquals(EventView.FLAG_SHORTFALL | EventView.FLAG_NEGATIVE_ON_HAND, flags[0]);
        }

        @Test
        void returnRestocksAtTheReturningLocation()
        {
            assertEquals(OK, h.run(Commands.returnToStock(h.id(), warehouse, milk, 2)).reason());
            assertPosition(warehouse, 2, 0, 0, 0, 2);
            assertPosition(store, 0, 0, 0, 0, 0);
        }

        @Test
        void safetyStockIsKeptOutOfAvailable()
        {
            h.run(Commands.receive(h.id(), store, milk, 10));
            assertEquals(OK, h.run(Commands.setSafetyStock(h.id(), store, milk, 3)).reason());
            assertPosition(store, 10, 0, 0, 3, 7);
            assertRejectedWithoutChange(INSUFFICIENT_STOCK, Commands.reserve(h.id(), 9, store, milk, 8));
            assertEquals(OK, h.run(Commands.reserve(h.id(), 9, store, milk, 7)).reason());
            assertPosition(store, 10, 7, 0, 3, 0);
        }

        @Test
        void transferMovesFreeStockIntoTransitThenOnHand()
        {
            h.run(Commands.receive(h.id(), warehouse, milk, 100));
            h.run(Commands.reserve(h.id(), 1, warehouse, milk, 30));
            assertRejectedWithoutChange(TRANSFER_EXCEEDS_FREE_STOCK,
                Commands.transferOut(h.id(), warehouse, store, milk, 71));
            final CommandResult out = h.run(Commands.transferOut(h.id(), warehouse, store, milk, 70));
            assertEquals(OK, out.reason());
            assertEquals(List.of(EventKind.STOCK_CHANGED, EventKind.STOCK_CHANGED), h.lastEvents());
            assertEquals(warehouse, out.location());
            assertPosition(warehouse, 30, 30, 0, 0, 0);
            assertPosition(store, 0, 0, 70, 0, 0);
            assertRejectedWithoutChange(RECEIPT_EXCEEDS_IN_TRANSIT, Commands.transferIn(h.id(), store, milk, 71));
            assertEquals(OK, h.run(Commands.transferIn(h.id(), store, milk, 70)).reason());
            assertPosition(store, 70, 0, 0, 0, 70);
        }

        @Test
        void transferToItselfOrUnknownIsRejected()
        {
            h.run(Commands.receive(h.id(), warehouse, milk, 10));
            assertRejectedWithoutChange(SAME_LOCATION, Commands.transferOut(h.id(), warehouse, warehouse, milk, 1));
            assertRejectedWithoutChange(UNKNOWN_LOCATION, Commands.transferOut(h.id(), warehouse, 99, milk, 1));
        }
    }

    @Nested
    class Reservations
    {
        @BeforeEach
        void stock()
        {
            h.run(Commands.receive(h.id(), store, milk, 10));
        }

        @Test
        void reserveHoldsAvailableStock()
        {
            final CommandResult r = h.run(Commands.reserve(h.id(), 42, store, milk, 4));
            assertEquals(OK, r.reason());
            assertEquals(4, r.held());
            assertEquals(6, r.available());
            assertEquals(List.of(EventKind.RESERVATION_CHANGED, EventKind.STOCK_CHANGED), h.lastEvents());
            assertPosition(store, 10, 4, 0, 0, 6);
        }

        @Test
        void reserveMoreThanAvailableIsRejectedWithThePosition()
        {
            final CommandResult r = h.run(Commands.reserve(h.id(), 42, store, milk, 11));
            assertEquals(INSUFFICIENT_STOCK, r.reason());
            assertEquals(10, r.available());
            assertRejectedWithoutChange(INSUFFICIENT_STOCK, Commands.reserve(h.id(), 43, warehouse, milk, 1));
        }

        @Test
        void reservationIdsMustBeValidAndNotOpen()
        {
            assertRejectedWithoutChange(INVALID_RESERVATION_ID, Commands.reserve(h.id(), 0, store, milk, 1));
            h.run(Commands.reserve(h.id(), 42, store, milk, 1));
            assertRejectedWithoutChange(DUPLICATE_RESERVATION, Commands.reserve(h.id(), 42, store, milk, 1));
        }

        @Test
        void releaseGivesBackPartThenAll()
        {
            h.run(Commands.reserve(h.id(), 42, store, milk, 5));
            final CommandResult part = h.run(Commands.release(h.id(), 42, 2));
            assertEquals(OK, part.reason());
            assertEquals(3, part.held());
            assertEquals(store, part.location());
            assertPosition(store, 10, 3, 0, 0, 7);
            assertEquals(0, h.run(Commands.release(h.id(), 42, 3)).held());
            assertEquals(0, h.state.reservations.openCount());
            assertRejectedWithoutChange(UNKNOWN_RESERVATION, Commands.release(h.id(), 42, 1));
        }

        @Test
        void releasingMoreThanHeldIsRejected()
        {
            h.run(Commands.reserve(h.id(), 42, store, milk, 5));
            final CommandResult r = h.run(Commands.release(h.id(), 42, 6));
            assertEquals(RELEASE_EXCEEDS_HELD, r.reason());
            assertEquals(5, r.held());
            assertRejectedWithoutChange(RELEASE_EXCEEDS_HELD, Commands.fulfil(h.id(), 42, 6));
            assertPosition(store, 10, 5, 0, 0, 5);
        }

        @Test
        void fulfilConsumesOnHandAndTheReservation()
        {
            h.run(Commands.reserve(h.id(), 42, store, milk, 5));
            assertEquals(OK, h.run(Commands.fulfil(h.id(), 42, 5)).reason());
            assertPosition(store, 5, 0, 0, 0, 5);
            assertRejectedWithoutChange(UNKNOWN_RESERVATION, Commands.fulfil(h.id(), 42, 1));
        }

        @Test
        void aClosedReservationIdCanBeReused()
        {
            h.run(Commands.reserve(h.id(), 42, store, milk, 5));
            h.run(Commands.release(h.id(), 42, 5));
            assertEquals(OK, h.run(Commands.reserve(h.id(), 42, store, milk, 1)).reason());
        }
    }

    @Nested
    class BadInput
    {
        @Test
        void unknownReferences()
        {
            assertRejectedWithoutChange(UNKNOWN_LOCATION, Commands.receive(h.id(), 7, milk, 1));
            assertRejectedWithoutChange(UNKNOWN_LOCATION, Commands.receive(h.id(), -1, milk, 1));
            assertRejectedWithoutChange(UNKNOWN_SKU, Commands.receive(h.id(), store, 3, 1));
            assertRejectedWithoutChange(UNKNOWN_SKU, Commands.queryAvailability(h.id(), 3));
            assertRejectedWithoutChange(UNKNOWN_LOCATION, Commands.queryPosition(h.id(), 7, milk));
        }

        @Test
        void quantitiesMustBePositiveAndBounded()
        {
            assertRejectedWithoutChange(INVALID_QUANTITY, Commands.receive(h.id(), store, milk, 0));
            assertRejectedWithoutChange(INVALID_QUANTITY, Commands.receive(h.id(), store, milk, -5));
            assertRejectedWithoutChange(INVALID_QUANTITY, Commands.sale(h.id(), store, milk, Long.MIN_VALUE));
            assertRejectedWithoutChange(QUANTITY_TOO_LARGE,
                Commands.receive(h.id(), store, milk, Limits.MAX_COMMAND_QUANTITY + 1));
            assertRejectedWithoutChange(QUANTITY_TOO_LARGE, Commands.receive(h.id(), store, milk, Long.MAX_VALUE));
            assertRejectedWithoutChange(ZERO_ADJUSTMENT, Commands.adjust(h.id(), store, milk, 0, AdjustmentReason.LOST));
            assertRejectedWithoutChange(QUANTITY_TOO_LARGE,
                Commands.adjust(h.id(), store, milk, Long.MIN_VALUE, AdjustmentReason.LOST));
            assertRejectedWithoutChange(INVALID_ADJUSTMENT_REASON, Commands.adjust(h.id(), store, milk, 1, null));
            assertRejectedWithoutChange(NEGATIVE_QUANTITY, Commands.stocktake(h.id(), store, milk, -1));
            assertRejectedWithoutChange(NEGATIVE_QUANTITY, Commands.setSafetyStock(h.id(), store, milk, -1));
            assertRejectedWithoutChange(INVALID_QUANTITY, Commands.release(h.id(), 1, 0));
        }

        @Test
        void positionsCannotOverflow()
        {
            long total = 0;
            while (total + Limits.MAX_COMMAND_QUANTITY <= Limits.MAX_POSITION_QUANTITY)
            {
                assertEquals(OK, h.run(Commands.receive(h.id(), store, milk, Limits.MAX_COMMAND_QUANTITY)).reason());
                total += Limits.MAX_COMMAND_QUANTITY;
            }
            assertEquals(Limits.MAX_POSITION_QUANTITY, total);
            assertRejectedWithoutChange(QUANTITY_OVERFLOW, Commands.receive(h.id(), store, milk, 1));
            assertRejectedWithoutChange(QUANTITY_OVERFLOW,
                Commands.adjust(h.id(), store, milk, 1, AdjustmentReason.FOUND));
            assertRejectedWithoutChange(QUANTITY_OVERFLOW, Commands.returnToStock(h.id(), store, milk, 1));
            assertPosition(store, Limits.MAX_POSITION_QUANTITY, 0, 0, 0, Limits.MAX_POSITION_QUANTITY);
        }

        @Test
        void commandIdZeroIsRejected()
        {
            assertRejectedWithoutChange(INVALID_COMMAND_ID, Commands.receive(0, store, milk, 1));
        }

        @Test
        void aCommandThatWroteNothingIsAnUnknownCommand()
        {
            assertRejectedWithoutChange(UNKNOWN_COMMAND, writer -> { });
        }
    }

    @Nested
    class Idempotency
    {
        @Test
        void aRetriedCommandIsAppliedOnceAndReportsTheOriginalReason()
        {
            final long id = h.id();
            assertEquals(OK, h.run(Commands.receive(id, store, milk, 5)).reason());
            final long before = h.state.ledger.checksum();
            final CommandResult retry = h.run(Commands.receive(id, store, milk, 5));
            assertEquals(DUPLICATE_COMMAND, retry.reason());
            assertEquals(OK, retry.originalReason());
            assertEquals(before, h.state.ledger.checksum());
            assertPosition(store, 5, 0, 0, 0, 5);
        }

        @Test
        void aRetriedRejectionReportsItsOriginalRejection()
        {
            final long id = h.id();
            assertEquals(INSUFFICIENT_STOCK, h.run(Commands.reserve(id, 9, store, milk, 1)).reason());
            h.run(Commands.receive(h.id(), store, milk, 5));
            final CommandResult retry = h.run(Commands.reserve(id, 9, store, milk, 1));
            assertEquals(DUPLICATE_COMMAND, retry.reason());
            assertEquals(INSUFFICIENT_STOCK, retry.originalReason());
            assertPosition(store, 5, 0, 0, 0, 5);
        }

        @Test
        void theWindowForgetsTheOldestIdsFirst()
        {
            final CommandWindow window = new CommandWindow(2);
            window.record(1, OK, 0);
            window.record(2, INSUFFICIENT_STOCK, 0);
            window.record(3, OK, 0);
            assertEquals(null, window.originalReason(1));
            assertEquals(INSUFFICIENT_STOCK, window.originalReason(2));
            assertEquals(OK, window.originalReason(3));
        }
    }

    @Nested
    class NetworkAvailability
    {
        @Test
        void sumsAvailablePerTierWithoutScanning()
        {
            final int front = h.location("FW-01", Tier.FRONT_WAREHOUSE);
            h.run(Commands.receive(h.id(), store, milk, 10));
            h.run(Commands.receive(h.id(), warehouse, milk, 100));
            h.run(Commands.receive(h.id(), front, milk, 20));
            h.run(Commands.reserve(h.id(), 1, store, milk, 4));
            h.run(Commands.setSafetyStock(h.id(), front, milk, 5));
            h.run(Commands.sale(h.id(), store, milk, 20)); // store goes negative: contributes 0, not -14
            final CommandResult a = h.run(Commands.queryAvailability(h.id(), milk));
            assertEquals(OK, a.reason());
            assertEquals(100, a.tierAvailable(Tier.WAREHOUSE));
            assertEquals(15, a.tierAvailable(Tier.FRONT_WAREHOUSE));
            assertEquals(0, a.tierAvailable(Tier.STORE));
            assertEquals(115, a.networkAvailable());
        }
    }

    @Test
    void queriesAreNotSequenced()
    {
        h.run(Commands.receive(h.id(), store, milk, 1));
        final long sequence = h.state.lastSequence();
        final CommandResult q = h.position(store, milk);
        assertEquals(0, q.sequence());
        assertEquals(sequence, h.state.lastSequence());
        assertTrue(q.accepted());
    }
}

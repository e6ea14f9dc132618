package io.omnistock.core.state;

import io.omnistock.api.AdjustmentReason;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.Tier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.omnistock.api.ReasonCode.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplenishmentTest
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
        h.run(Commands.receive(h.id(), warehouse, milk, 1_000));
        h.run(Commands.receive(h.id(), store, milk, 30));
        // Reorder at 10 up to 50, in cases of 6, from the warehouse with a 24 h lead time.
        assertEquals(OK, h.run(Commands.setReplenishmentPolicy(h.id(), store, milk, 10, 50, 6, 0, warehouse, 24))
            .reason());
        assertEquals(List.of(), h.lastEventDetails(), "30 on hand is above the reorder point");
    }

    private List<String> details(final io.omnistock.api.Command command)
    {
        assertEquals(OK, h.run(command).reason());
        return h.lastEventDetails();
    }

    @Test
    void crossingTheReorderPointRequestsUpToTheMaxRoundedToThePack()
    {
        // 30 - 21 = 9 <= 10: wants 41, rounded up to 42 (7 cases of 6), from the warehouse.
        assertEquals(List.of("STOCK_CHANGED", "REQUEST 42 from " + warehouse),
            details(Commands.sale(h.id(), store, milk, 21)));
        assertEquals(42, h.state.replenishment().openRequest(h.state.ledger().find(store, milk)));
    }

    @Test
    void oneOpenRequestPerPositionNoStormsWhileStockHovers()
    {
        details(Commands.sale(h.id(), store, milk, 21));
        assertEquals(List.of("STOCK_CHANGED"), details(Commands.sale(h.id(), store, milk, 1)));
        assertEquals(List.of("STOCK_CHANGED"), details(Commands.returnToStock(h.id(), store, milk, 1)));
        assertEquals(List.of("STOCK_CHANGED"), details(Commands.sale(h.id(), store, milk, 2)));
    }

    @Test
    void inboundCountsAndReceiptClosesTheRequest()
    {
        details(Commands.sale(h.id(), store, milk, 21)); // 9 left, request open
        // Shipped from the warehouse: in transit to the store lifts available + inbound above 10.
        assertEquals(List.of("STOCK_CHANGED", "STOCK_CHANGED", "CLOSED"),
            details(Commands.transferOut(h.id(), warehouse, store, milk, 40)));
        assertEquals(List.of("STOCK_CHANGED"), details(Commands.transferIn(h.id(), store, milk, 40))); // 49
        // Selling down again opens a new request: 50 - 9 = 41, 42 in cases of 6.
        assertEquals(List.of("STOCK_CHANGED", "REQUEST 42 from " + warehouse),
            details(Commands.sale(h.id(), store, milk, 40)));
    }

    @Test
    void minimumOrderQuantityApplies()
    {
        h.run(Commands.setReplenishmentPolicy(h.id(), store, milk, 29, 31, 1, 20, -1, 0));
        assertEquals(List.of("STOCK_CHANGED", "REQUEST 20 from -1"), details(Commands.sale(h.id(), store, milk, 1)));
    }

    @Test
    void aPolicyBelowWhichThePositionAlreadyIsRequestsAtOnce()
    {
        assertEquals(OK, h.run(Commands.setReplenishmentPolicy(h.id(), store, milk, 40, 60, 1, 0, warehouse, 24))
            .reason());
        assertEquals(List.of("REQUEST 30 from " + warehouse), h.lastEventDetails());
    }

    @Test
    void outOfStockThenBackInStockOnce()
    {
        // Nothing left: wants 50, 54 in cases of 6.
        assertEquals(List.of("STOCK_CHANGED", "REQUEST 54 from " + warehouse, "OUT_OF_STOCK"),
            details(Commands.sale(h.id(), store, milk, 30)));
        assertTrue(details(Commands.adjust(h.id(), store, milk, 1, AdjustmentReason.FOUND)).contains("BACK_IN_STOCK"));
        assertEquals(List.of("STOCK_CHANGED"), details(Commands.returnToStock(h.id(), store, milk, 1)));
    }

    @Test
    void lowStockHasHysteresis()
    {
        h.run(Commands.setSafetyStock(h.id(), store, milk, 5)); // hysteresis band: 1
        assertFalse(details(Commands.sale(h.id(), store, milk, 24)).contains("LOW_STOCK")); // free 6
        assertTrue(details(Commands.sale(h.id(), store, milk, 2)).contains("LOW_STOCK")); // free 4 < 5
        assertFalse(details(Commands.returnToStock(h.id(), store, milk, 1)).contains("LOW_STOCK")); // 5
        assertFalse(details(Commands.sale(h.id(), store, milk, 1)).contains("LOW_STOCK"), "still raised");
        h.run(Commands.returnToStock(h.id(), store, milk, 2)); // free 6 = safety + band: cleared
        assertTrue(details(Commands.sale(h.id(), store, milk, 2)).contains("LOW_STOCK"), "raised again");
    }

    @Test
    void overstockHasHysteresisAndAllowsForPackRounding()
    {
        // S = 50 with cases of 6: up to 55 is what rounding a request can deliver.
        assertFalse(details(Commands.receive(h.id(), store, milk, 25)).contains("OVERSTOCK")); // 55
        assertTrue(details(Commands.receive(h.id(), store, milk, 1)).contains("OVERSTOCK")); // 56
        assertFalse(details(Commands.receive(h.id(), store, milk, 5)).contains("OVERSTOCK"), "already raised");
        h.run(Commands.sale(h.id(), store, milk, 16)); // 45 = S - band: cleared
        assertTrue(details(Commands.receive(h.id(), store, milk, 11)).contains("OVERSTOCK"), "raised again");
    }

    @Test
    void cancellingClosesTheRequestAndANewOneNeedsAnotherCrossing()
    {
        assertEquals(NO_OPEN_REQUEST, h.run(Commands.cancelReplenishment(h.id(), store, milk)).reason());
        details(Commands.sale(h.id(), store, milk, 21));
        assertEquals(List.of("CLOSED"), details(Commands.cancelReplenishment(h.id(), store, milk)));
        // Still at the reorder point: the next change opens a fresh request (50 - 8 = 42).
        assertEquals(List.of("STOCK_CHANGED", "REQUEST 42 from " + warehouse),
            details(Commands.sale(h.id(), store, milk, 1)));
    }

    @Test
    void badPoliciesAreRejectedAndChangeNothing()
    {
        final long ledgerBefore = h.state.ledger.checksum();
        final long policiesBefore = h.state.replenishment.checksum();
        assertRejected(INVALID_REPLENISHMENT_POLICY, 50, 10, 1, 0, warehouse, 0); // s >= S
        assertRejected(INVALID_REPLENISHMENT_POLICY, -1, 10, 1, 0, warehouse, 0);
        assertRejected(INVALID_REPLENISHMENT_POLICY, 1, 10, 0, 0, warehouse, 0); // pack 0
        assertRejected(INVALID_REPLENISHMENT_POLICY, 1, 10, 1, -5, warehouse, 0);
        assertRejected(INVALID_REPLENISHMENT_POLICY, 1, 10, 1, 0, warehouse, 9_000);
        assertRejected(UNKNOWN_LOCATION, 1, 10, 1, 0, 77, 0);
        assertRejected(SAME_LOCATION, 1, 10, 1, 0, store, 0); // its own source
        assertEquals(UNKNOWN_SKU, h.run(Commands.setReplenishmentPolicy(h.id(), store, 9, 1, 10, 1, 0, -1, 0)).reason());
        assertEquals(ledgerBefore, h.state.ledger.checksum());
        assertEquals(policiesBefore, h.state.replenishment.checksum());
    }

    private void assertRejected(final ReasonCode reason, final long s, final long upTo, final long pack,
        final long moq, final int source, final int lead)
    {
        final CommandResult r = h.run(Commands.setReplenishmentPolicy(h.id(), store, milk, s, upTo, pack, moq, source,
            lead));
        assertEquals(reason, r.reason());
        assertEquals(List.of(), h.lastEventDetails());
    }

    @Test
    void removingThePolicyStopsRequests()
    {
        assertEquals(OK, h.run(Commands.setReplenishmentPolicy(h.id(), store, milk, 0, 0, 1, 0, -1, 0)).reason());
        assertEquals(List.of("STOCK_CHANGED"), details(Commands.sale(h.id(), store, milk, 30)));
    }
}

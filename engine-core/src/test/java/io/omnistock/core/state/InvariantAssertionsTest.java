package io.omnistock.core.state;

import io.omnistock.api.Commands;
import io.omnistock.api.Tier;
import io.omnistock.core.order.OrderBook;
import io.omnistock.core.stock.StockLedger;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger's and order book's invariants are {@code assert}s where their state changes
 * (docs/testing.md), checked in every test because Surefire runs with {@code -ea}: each is shown
 * here to fire on a change the handlers never make, so none is dead.
 */
class InvariantAssertionsTest
{
    private final ProcessorHarness h = new ProcessorHarness();

    @Test
    void theTestsRunWithAssertionsEnabled()
    {
        assertTrue(StockLedger.class.desiredAssertionStatus(), "Surefire's enableAssertions is off");
        assertTrue(OrderBook.class.desiredAssertionStatus(), "Surefire's enableAssertions is off");
    }

    @Test
    void releasingMoreThanIsReservedOrReceivingMoreThanIsInTransitIsCaught()
    {
        final int store = h.location("S", Tier.STORE);
        final int milk = h.sku("MILK");
        final int tea = h.sku("TEA");
        h.run(Commands.receive(h.id(), store, milk, 5));
        h.run(Commands.receive(h.id(), store, tea, 5));
        final StockLedger ledger = h.state.ledger();
        // One position each: a failed assertion leaves its position half changed.
        final AssertionError reserved = assertThrows(AssertionError.class,
            () -> ledger.change(ledger.find(store, milk), 0, -1, 0));
        assertTrue(reserved.getMessage().startsWith("reserved below zero"), reserved.getMessage());
        final AssertionError inTransit = assertThrows(AssertionError.class,
            () -> ledger.change(ledger.find(store, tea), 0, 0, -1));
        assertTrue(inTransit.getMessage().startsWith("in transit below zero"), inTransit.getMessage());
    }

    @Test
    void anAllocationOfNothingIsCaught()
    {
        final AssertionError error = assertThrows(AssertionError.class, () -> h.state.orders().allocate(0, 0, 0, 0, 0));
        assertTrue(error.getMessage().startsWith("an allocation of 0"), error.getMessage());
    }
}

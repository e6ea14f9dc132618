package io.omnistock.core.routing;

import io.omnistock.api.Allocation;
import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.state.ProcessorHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hourly node capacity counts orders: a line re-routed to a location the order already holds at
 * must not count the order there a second time.
 */
class RerouteCapacityTest
{
    private final ProcessorHarness h = CheckedRun.harness();
    private long id = 1;
    private int channel;
    private int tea;
    private int cup;
    private int near;
    private int far;

    /** Tea at a near store, cups at a far one. */
    @BeforeEach
    void twoStores()
    {
        channel = h.run(Commands.defineChannel(id++, "app", 600_000)).assignedId();
        tea = h.run(Commands.defineSku(id++, "TEA", StockUnit.PIECE)).assignedId();
        cup = h.run(Commands.defineSku(id++, "CUP", StockUnit.PIECE)).assignedId();
        near = h.run(Commands.defineLocation(id++, "NEAR", Tier.STORE, Scenario.lat(500), Scenario.lon(0),
            Capabilities.ALL)).assignedId();
        far = h.run(Commands.defineLocation(id++, "FAR", Tier.STORE, Scenario.lat(1_000), Scenario.lon(0),
            Capabilities.ALL)).assignedId();
        h.run(Commands.receive(id++, near, tea, 5));
        h.run(Commands.receive(id++, far, cup, 5));
    }

    @Test
    void aLineReRoutedToWhereTheOrderAlreadyIsTakesNoMoreCapacity()
    {
        assertEquals(ReasonCode.OK, h.run(Commands.configureLocation(id++, near, 2, 0, 0)).reason());

        // Tea from the near store, cups from the far one: one order counted at each.
        final CommandResult routed = h.run(Commands.routeOrder(id++, order(7, channel, Scenario.lat(0),
            new OrderLine(tea, 1), new OrderLine(cup, 1))));
        assertEquals(ReasonCode.OK, routed.reason());
        assertEquals(List.of(new Allocation(0, near, tea, 1), new Allocation(1, far, cup, 1)), routed.allocations());

        // Cups arrive at the near store; the far store rejects, so the cups move to the near store.
        h.run(Commands.receive(id++, near, cup, 5));
        final CommandResult moved = h.run(Commands.rejectAllocation(id++, 7, far));
        assertEquals(List.of(new Allocation(1, near, cup, 1)), moved.allocations());
        assertTrue(h.state.locations().hasCapacity(near, h.now), "one order at a 2-per-hour store");

        // So another order still fits this hour, and a third does not.
        final CommandResult second = h.run(Commands.routeOrder(id++, order(8, channel, Scenario.lat(500),
            new OrderLine(tea, 1))));
        assertEquals(ReasonCode.OK, second.reason(), second.candidates().toString());
        assertEquals(near, second.allocations().get(0).location());
        assertEquals(ReasonCode.NO_ROUTE, h.run(Commands.routeOrder(id++, order(9, channel, Scenario.lat(500),
            new OrderLine(tea, 1)))).reason());

        // Cancelling the first order gives back exactly the one order of capacity it took.
        assertEquals(ReasonCode.OK, h.run(Commands.cancelOrder(id++, 7)).reason());
        assertEquals(ReasonCode.OK, h.run(Commands.routeOrder(id++, order(10, channel, Scenario.lat(500),
            new OrderLine(tea, 1)))).reason());
        assertEquals(ReasonCode.NO_ROUTE, h.run(Commands.routeOrder(id++, order(11, channel, Scenario.lat(500),
            new OrderLine(tea, 1)))).reason());
    }

    private static Order order(final long orderId, final int channel, final int lat, final OrderLine... lines)
    {
        return new Order(orderId, channel, FulfilmentType.REGULAR, lat, Scenario.lon(0), -1, 100, 0, 0,
            List.of(lines));
    }

    @Test
    void aStoreAtCapacityStillTakesALineOfAnOrderItAlreadyServes()
    {
        assertEquals(ReasonCode.OK, h.run(Commands.configureLocation(id++, near, 1, 0, 0)).reason());
        assertEquals(ReasonCode.OK, h.run(Commands.routeOrder(id++, order(7, channel, Scenario.lat(0),
            new OrderLine(tea, 1), new OrderLine(cup, 1)))).reason());
        assertTrue(!h.state.locations().hasCapacity(near, h.now), "the near store's one order this hour is taken");

        h.run(Commands.receive(id++, near, cup, 5));
        final CommandResult moved = h.run(Commands.rejectAllocation(id++, 7, far));
        assertEquals(List.of(new Allocation(1, near, cup, 1)), moved.allocations(), moved.candidates().toString());
        assertEquals(List.of(), moved.unfilledLines());
    }
}

package io.omnistock.core.state;

import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentRules;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.RoutingPolicy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static io.omnistock.api.ReasonCode.INSUFFICIENT_STOCK;
import static io.omnistock.api.ReasonCode.NO_ROUTE;
import static io.omnistock.api.ReasonCode.OK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three rules a fulfilment type brings to routing (who may take protected stock, who is routed
 * from a named pickup store, who counts stock arriving in time) as routing-policy data: the
 * defaults decide as the hard-coded rules did (RoutingTest and RoutingSemanticsTest keep checking
 * that), and a policy that changes them is obeyed, journaled and read back.
 */
class FulfilmentRulesTest extends RoutingCity
{
    private long orderIds = 9_000;

    private CommandResult route(final FulfilmentType type, final int pickup, final long promise, final long quantity)
    {
        return h.run(Commands.routeOrder(h.id(), new Order(++orderIds, mall, type, LAT, LON, pickup, 10_000, promise, 0,
            List.of(new OrderLine(milk, quantity)))));
    }

    private void policy(final FulfilmentType type, final FulfilmentRules rules)
    {
        assertEquals(OK, h.run(Commands.setRoutingPolicy(h.id(), RoutingPolicy.defaults().withRules(type, rules))).reason());
    }

    @Test
    void aRegularOrderTakesProtectedStockWhenItsTypeMayAndAnInstantOneNoLonger()
    {
        stock(nearStore, milk, 5);
        assertEquals(OK, h.run(Commands.setProtectedStock(h.id(), nearStore, milk, 4)).reason());
        assertEquals(NO_ROUTE, route(FulfilmentType.REGULAR, -1, 0, 2).reason(), "by default it sees 1 unit");

        policy(FulfilmentType.REGULAR, new FulfilmentRules(true, false, false));
        assertEquals(OK, route(FulfilmentType.REGULAR, -1, 0, 2).reason());
        assertEquals(OK, h.run(Commands.setRoutingPolicy(h.id(), RoutingPolicy.defaults()
            .withRules(FulfilmentType.INSTANT, new FulfilmentRules(false, false, false)))).reason());
        assertEquals(NO_ROUTE, route(FulfilmentType.INSTANT, -1, 0, 3).reason(),
            "an instant order no longer takes the protected units");
        assertEquals(INSUFFICIENT_STOCK, h.run(Commands.reserve(h.id(), 1, nearStore, milk, 4)).reason());
    }

    @Test
    void aScheduledOrderNamingAStoreIsRoutedToTheCustomerWhenItsTypeIsNotRoutedByPickupStore()
    {
        stock(farStore, milk, 5);
        stock(nearStore, milk, 5);
        assertEquals(List.of(farStore), locationsOf(route(FulfilmentType.SCHEDULED, farStore, 0, 1)),
            "by default: from the named store");

        policy(FulfilmentType.SCHEDULED, new FulfilmentRules(false, false, true));
        assertEquals(List.of(nearStore), locationsOf(route(FulfilmentType.SCHEDULED, farStore, 0, 1)),
            "as a regular parcel: the store nearest the customer");
    }

    @Test
    void aRegularOrderCountsStockArrivingInTimeWhenItsTypeDoes()
    {
        stock(warehouse, milk, 10);
        assertEquals(OK, h.run(Commands.createTransfer(h.id(), 77, warehouse, nearStore, milk, 4)).reason());
        assertEquals(OK, h.run(Commands.shipTransfer(h.id(), 77, h.now + 3_600_000)).reason());
        final long promise = h.now + 3 * 3_600_000;
        assertEquals(List.of(warehouse), locationsOf(route(FulfilmentType.REGULAR, -1, promise, 4)),
            "by default a regular order takes only stock on hand");

        policy(FulfilmentType.REGULAR, new FulfilmentRules(false, false, true));
        assertEquals(List.of(nearStore), locationsOf(route(FulfilmentType.REGULAR, -1, promise, 4)),
            "the 4 arriving two hours before the promise");
    }

    @Test
    void rulesEqualToTheDefaultsKeepAPolicysBytesAndOthersRoundTrip() throws IOException
    {
        final RoutingPolicy defaults = RoutingPolicy.defaults();
        final RoutingPolicy explicit = defaults.withRules(FulfilmentType.PICKUP,
            FulfilmentRules.defaultsFor(FulfilmentType.PICKUP));
        assertTrue(explicit.rulesByType().isEmpty(), "the defaults, named, are kept as none");
        assertArrayEquals(PolicyCodec.toBytes(defaults), PolicyCodec.toBytes(explicit));

        final RoutingPolicy changed = defaults.withRules(FulfilmentType.REGULAR, new FulfilmentRules(true, true, true));
        final byte[] bytes = PolicyCodec.toBytes(changed);
        assertNotEquals(PolicyCodec.toBytes(defaults).length, bytes.length);
        assertEquals(changed, PolicyCodec.fromBytes(bytes));
        assertEquals(new FulfilmentRules(true, true, true), PolicyCodec.fromBytes(bytes).rules(FulfilmentType.REGULAR));
        assertEquals(FulfilmentRules.defaultsFor(FulfilmentType.INSTANT),
            PolicyCodec.fromBytes(bytes).rules(FulfilmentType.INSTANT));

        final byte[] unknownFlag = bytes.clone();
        unknownFlag[unknownFlag.length - 1] |= 0x40;
        assertThrows(IOException.class, () -> PolicyCodec.fromBytes(unknownFlag));
        final byte[] repeated = java.util.Arrays.copyOf(bytes, bytes.length + 5);
        System.arraycopy(bytes, bytes.length - 5, repeated, bytes.length, 5);
        assertThrows(IOException.class, () -> PolicyCodec.fromBytes(repeated), "a section at most once");
    }

    @Test
    void aPolicyWithTooFewTypesOfRulesIsRefused()
    {
        final RoutingPolicy d = RoutingPolicy.defaults();
        final RoutingPolicy short1 = new RoutingPolicy(d.ruleSets(), d.pickPackMinutes(), d.courierMetersPerHour(),
            d.instantWindowMinutes(), d.highValueThreshold(), d.pickPackMinutesByType(),
            List.of(new FulfilmentRules(true, true, true)));
        assertTrue(short1.problem().contains("fulfilment rules"), short1.problem());
        assertEquals(io.omnistock.api.ReasonCode.INVALID_POLICY, h.run(Commands.setRoutingPolicy(h.id(), short1)).reason());
    }
}

package io.omnistock.core.state;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.RankCriterion;
import io.omnistock.api.RoutingPolicy;
import io.omnistock.api.RuleSet;
import io.omnistock.api.Tier;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.omnistock.api.ReasonCode.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Targeted checks of documented routing rules (docs/routing.md) that the scenario tests do not cover.
 */
class RoutingSemanticsTest extends RoutingCity
{
    private long orderIds = 5_000;

    private Order order(final int channel, final FulfilmentType type, final int flags, final OrderLine... lines)
    {
        return new Order(++orderIds, channel, type, LAT, LON, -1, 10_000, 0, flags, List.of(lines));
    }

    @Test
    void aPromiseQueryAnswersAsRoutingDoesForAChannelQuota()
    {
        final int marketplace = h.channel("marketplace", TTL);
        stock(warehouse, milk, 100);
        assertEquals(OK, h.run(Commands.setChannelQuota(h.id(), marketplace, milk, 5, -1)).reason());
        final Order six = order(marketplace, FulfilmentType.REGULAR, 0, new OrderLine(milk, 6));
        final CommandResult promise = h.run(Commands.queryPromise(h.id(), six));
        final CommandResult routed = h.run(Commands.routeOrder(h.id(), six));
        assertEquals(CHANNEL_QUOTA_EXCEEDED, routed.reason());
        assertEquals(routed.reason(), promise.reason(), "the promise query must answer as routing then does");
    }

    @Test
    void capacityIsRestoredWhenAHoldExpires()
    {
        stock(nearStore, milk, 10);
        stock(farStore, milk, 10);
        h.run(Commands.configureLocation(h.id(), nearStore, 1, 0, 0));
        final CommandResult first = h.run(Commands.routeOrder(h.id(), order(mall, FulfilmentType.REGULAR, 0,
            new OrderLine(milk, 1))));
        assertEquals(List.of(nearStore), locationsOf(first));
        h.now += TTL;
        h.timer();
        assertEquals(10, h.position(nearStore, milk).available());
        assertEquals(List.of(nearStore), locationsOf(h.run(Commands.routeOrder(h.id(), order(mall,
            FulfilmentType.REGULAR, 0, new OrderLine(milk, 1))))));
    }

    @Test
    void capacityFollowsARejectedAllocation()
    {
        stock(nearStore, milk, 10);
        stock(farStore, milk, 10);
        stock(warehouse, milk, 10);
        h.run(Commands.configureLocation(h.id(), nearStore, 1, 0, 0));
        h.run(Commands.configureLocation(h.id(), farStore, 1, 0, 0));
        final CommandResult first = h.run(Commands.routeOrder(h.id(), order(mall, FulfilmentType.REGULAR, 0,
            new OrderLine(milk, 1))));
        assertEquals(List.of(nearStore), locationsOf(first));
        final CommandResult moved = h.run(Commands.rejectAllocation(h.id(), first.orderId(), nearStore));
        assertEquals(OK, moved.reason());
        assertEquals(List.of(farStore), locationsOf(moved));
        // The near store's capacity came back; the far store's is used.
        final CommandResult second = h.run(Commands.routeOrder(h.id(), order(mall, FulfilmentType.REGULAR, 0,
            new OrderLine(milk, 1))));
        assertEquals(List.of(nearStore), locationsOf(second));
        final CommandResult third = h.run(Commands.routeOrder(h.id(), order(mall, FulfilmentType.REGULAR, 0,
            new OrderLine(milk, 1))));
        assertEquals(List.of(warehouse), locationsOf(third), third.candidates().toString());
        h.run(Commands.cancelOrder(h.id(), first.orderId()));
        final CommandResult fourth = h.run(Commands.routeOrder(h.id(), order(mall, FulfilmentType.REGULAR, 0,
            new OrderLine(milk, 1))));
        assertEquals(List.of(farStore), locationsOf(fourth));
    }

    @Test
    void partialFillOnlyWhenAllowedAndStated()
    {
        stock(nearStore, milk, 5);
        final Order strict = order(mall, FulfilmentType.REGULAR, 0, new OrderLine(milk, 1), new OrderLine(eggs, 1));
        assertEquals(NO_ROUTE, h.run(Commands.routeOrder(h.id(), strict)).reason());
        assertEquals(5, h.position(nearStore, milk).available());
        final Order partial = order(mall, FulfilmentType.REGULAR, Order.ALLOW_PARTIAL, new OrderLine(milk, 1),
            new OrderLine(eggs, 1));
        final CommandResult r = h.run(Commands.routeOrder(h.id(), partial));
        assertEquals(OK, r.reason());
        assertEquals(List.of(1), r.unfilledLines());
        assertEquals(1, r.allocations().size());
    }

    @Test
    void nothingAtAllIsNoRouteEvenWithPartialAllowed()
    {
        final CommandResult r = h.run(Commands.routeOrder(h.id(), order(mall, FulfilmentType.REGULAR,
            Order.ALLOW_PARTIAL, new OrderLine(milk, 1))));
        assertEquals(NO_ROUTE, r.reason());
    }

    @Test
    void splitLinesGoToTheBestRankedLocationOfTheSet()
    {
        // Near store has milk and eggs, far store has milk and bread: milk goes to the near one.
        stock(nearStore, milk, 5);
        stock(nearStore, eggs, 5);
        stock(farStore, milk, 5);
        stock(farStore, bread, 5);
        final CommandResult r = h.run(Commands.routeOrder(h.id(), order(mall, FulfilmentType.REGULAR, 0,
            new OrderLine(milk, 1), new OrderLine(eggs, 1), new OrderLine(bread, 1))));
        assertEquals(OK, r.reason());
        assertEquals(List.of(nearStore, farStore).stream().sorted().toList(), locationsOf(r));
        assertEquals(nearStore, r.allocations().stream().filter(a -> a.sku() == milk).findFirst().get().location());
    }

    @Test
    void partialPlansStayWithinSplitLimitAndConserveStock()
    {
        stock(nearStore, milk, 5);
        stock(farStore, eggs, 5);
        stock(warehouse, bread, 5);
        final CommandResult r = h.run(Commands.routeOrder(h.id(), order(mall, FulfilmentType.REGULAR,
            Order.ALLOW_PARTIAL, new OrderLine(milk, 1), new OrderLine(eggs, 1), new OrderLine(bread, 1),
            new OrderLine(h.sku("SALT"), 1))));
        assertEquals(OK, r.reason());
        assertEquals(List.of(3), r.unfilledLines());
        h.run(Commands.cancelOrder(h.id(), r.orderId()));
        assertEquals(5, h.position(nearStore, milk).available());
        assertEquals(5, h.position(farStore, eggs).available());
        assertEquals(5, h.position(warehouse, bread).available());
    }

    @Test
    void cancellingAClosedOrderChangesNothing()
    {
        stock(nearStore, milk, 5);
        final CommandResult r = h.run(Commands.routeOrder(h.id(), order(mall, FulfilmentType.REGULAR, 0,
            new OrderLine(milk, 2))));
        assertEquals(OK, h.run(Commands.confirmOrder(h.id(), r.orderId())).reason());
        assertEquals(OK, h.run(Commands.fulfilOrder(h.id(), r.orderId(), nearStore)).reason());
        final CommandResult again = h.run(Commands.cancelOrder(h.id(), r.orderId()));
        assertEquals(UNKNOWN_ORDER, again.reason());
        assertEquals(3, h.position(nearStore, milk).available());
    }

    @Test
    void aPromiseQueryAgreesWithRoutingOnCapacity()
    {
        stock(nearStore, milk, 10);
        stock(farStore, milk, 10);
        h.run(Commands.configureLocation(h.id(), nearStore, 1, 0, 0));
        h.run(Commands.routeOrder(h.id(), order(mall, FulfilmentType.REGULAR, 0, new OrderLine(milk, 1))));
        final Order next = order(mall, FulfilmentType.REGULAR, 0, new OrderLine(milk, 1));
        final CommandResult promise = h.run(Commands.queryPromise(h.id(), next));
        final CommandResult routed = h.run(Commands.routeOrder(h.id(), next));
        assertEquals(locationsOf(routed), locationsOf(promise));
    }

    /** Logic 1 (the holder lists had a maxCandidates of their own); logic 2: {@link LogicVersionRulesTest}. */
    @Test
    void aScarceLineIsFoundEvenWhenTheMostCandidatesAllowedHoldTheOthers()
    {
        buildCityInLogic(1);
        // The documented maximum of candidates, every one of them holding milk; the only bread is far away.
        final List<List<RuleSet>> sets = new ArrayList<>(RoutingPolicy.defaults().ruleSets());
        sets.set(FulfilmentType.REGULAR.ordinal(), List.of(new RuleSet("any-store", List.of(Tier.STORE),
            Capabilities.SHIPS_PARCELS, false, false, 0, false, List.of(), List.of(RankCriterion.DISTANCE), 2,
            io.omnistock.api.Limits.MAX_ROUTING_CANDIDATES)));
        assertEquals(OK, h.run(Commands.setRoutingPolicy(h.id(), new RoutingPolicy(sets, 30, 20_000, 60, 100_000)))
            .reason());
        for (int i = 0; i < 300; i++)
        {
            stock(h.locationAt("S" + i, Tier.STORE, Capabilities.ALL, (i / 20) * 100.0, (i % 20) * 100.0), milk, 5);
        }
        stock(nearStore, milk, 5);
        stock(farStore, milk, 5);
        final int remote = h.locationAt("REMOTE", Tier.STORE, Capabilities.ALL, 60_000, 0);
        stock(remote, bread, 5);
        final CommandResult r = h.run(Commands.routeOrder(h.id(), order(mall, FulfilmentType.REGULAR, 0,
            new OrderLine(milk, 1), new OrderLine(bread, 1))));
        assertEquals(OK, r.reason(), r.candidates().toString());
        assertEquals(2, locationsOf(r).size());
        assertEquals(remote, r.allocations().stream().filter(a -> a.sku() == bread).findFirst().get().location());
    }

    @Test
    void sixtyFourLinesOverFourLocations()
    {
        final List<List<RuleSet>> sets = new ArrayList<>(RoutingPolicy.defaults().ruleSets());
        sets.set(FulfilmentType.REGULAR.ordinal(), List.of(new RuleSet("any", List.of(Tier.STORE, Tier.WAREHOUSE),
            Capabilities.SHIPS_PARCELS, false, false, 0, false, List.of(), List.of(RankCriterion.DISTANCE), 4, 64)));
        assertEquals(OK, h.run(Commands.setRoutingPolicy(h.id(), new RoutingPolicy(sets, 30, 20_000, 60, 100_000)))
            .reason());
        final int fourth = h.locationAt("ST-4", Tier.STORE, Capabilities.ALL, -3_000, 0);
        final int[] where = {nearStore, farStore, warehouse, fourth};
        final List<OrderLine> lines = new ArrayList<>();
        for (int i = 0; i < 64; i++)
        {
            final int sku = h.sku("SKU-" + i);
            stock(where[i % 4], sku, 1);
            lines.add(new OrderLine(sku, 1));
        }
        final Order o = new Order(++orderIds, mall, FulfilmentType.REGULAR, LAT, LON, -1, 0, 0, 0, lines);
        final CommandResult r = h.run(Commands.routeOrder(h.id(), o));
        assertEquals(OK, r.reason());
        assertEquals(64, r.allocations().size());
        assertEquals(4, locationsOf(r).size());
        final CommandResult partial = h.run(Commands.routeOrder(h.id(), new Order(++orderIds, mall,
            FulfilmentType.REGULAR, LAT, LON, -1, 0, 0, Order.ALLOW_PARTIAL, lines)));
        assertEquals(NO_ROUTE, partial.reason());
    }

    @Test
    void aSplitReachesTheOnlyHolderOfALineBehindManyHoldersOfTheOthers()
    {
        // Default policy: twenty stores hold milk, only the warehouse holds bread; a store and the
        // warehouse together fill the order (split-stores-and-warehouses, up to 3 locations).
        for (int i = 0; i < 20; i++)
        {
            stock(h.locationAt("S" + i, Tier.STORE, Capabilities.ALL, (i / 5) * 200.0, (i % 5) * 200.0), milk, 5);
        }
        stock(warehouse, bread, 5);
        final CommandResult r = h.run(Commands.routeOrder(h.id(), order(mall, FulfilmentType.REGULAR, 0,
            new OrderLine(milk, 1), new OrderLine(bread, 1))));
        assertEquals(OK, r.reason(), r.candidates().toString());
        assertEquals(2, locationsOf(r).size());
        assertEquals(warehouse, r.allocations().stream().filter(a -> a.sku() == bread).findFirst().get().location());
    }

    @Test
    void distancesAcrossTheAntimeridianAreShort()
    {
        // Fiji: a store just east of 180 degrees, a customer just west of it, about 210 m apart.
        final int lat = -17_800_000;
        final int store = h.run(Commands.defineLocation(h.id(), "ST-FIJI", Tier.STORE, lat, 179_999_000,
            Capabilities.ALL)).assignedId();
        stock(store, milk, 5);
        final Order o = new Order(++orderIds, mall, FulfilmentType.INSTANT, lat, -179_999_000, -1, 10_000, 0, 0,
            List.of(new OrderLine(milk, 1)));
        final CommandResult r = h.run(Commands.routeOrder(h.id(), o));
        assertEquals(OK, r.reason(), r.candidates().toString());
        assertEquals(List.of(store), locationsOf(r));
        final long metres = r.candidates().get(0).distanceMeters();
        org.junit.jupiter.api.Assertions.assertTrue(metres > 150 && metres < 260, "distance " + metres);
    }

    @Test
    void routingNearAPoleTerminates()
    {
        final int store = h.run(Commands.defineLocation(h.id(), "ST-POLE", Tier.STORE, 89_999_000, 10_000_000,
            Capabilities.ALL)).assignedId();
        stock(store, milk, 5);
        final Order o = new Order(++orderIds, mall, FulfilmentType.INSTANT, 90_000_000, 0, -1, 10_000, 0, 0,
            List.of(new OrderLine(milk, 1)));
        final CommandResult r = h.run(Commands.routeOrder(h.id(), o));
        assertEquals(OK, r.reason(), r.candidates().toString());
        assertEquals(List.of(store), locationsOf(r));
    }

    private Order pickupOrder(final FulfilmentType type, final int store, final int flags, final long promiseAt,
        final OrderLine... lines)
    {
        return new Order(++orderIds, mall, type, LAT, LON, store, 10_000, promiseAt, flags, List.of(lines));
    }

    @Test
    void aRejectedPickupMovesToAnotherStoreOnlyWhenAllowed()
    {
        stock(nearStore, milk, 5);
        stock(farStore, milk, 5);
        final CommandResult strict = h.run(Commands.routeOrder(h.id(), pickupOrder(FulfilmentType.PICKUP, farStore,
            0, 0, new OrderLine(milk, 1))));
        assertEquals(List.of(farStore), locationsOf(strict));
        final CommandResult moved = h.run(Commands.rejectAllocation(h.id(), strict.orderId(), farStore));
        assertEquals(OK, moved.reason());
        assertEquals(List.of(), locationsOf(moved));
        assertEquals(List.of(0), moved.unfilledLines());
        assertEquals(5, h.position(farStore, milk).available());
        assertEquals(5, h.position(nearStore, milk).available());

        final CommandResult loose = h.run(Commands.routeOrder(h.id(), pickupOrder(FulfilmentType.PICKUP, farStore,
            Order.ALLOW_ALTERNATIVE_PICKUP, 0, new OrderLine(milk, 1))));
        final CommandResult elsewhere = h.run(Commands.rejectAllocation(h.id(), loose.orderId(), farStore));
        assertEquals(List.of(nearStore), locationsOf(elsewhere));
    }

    @Test
    void scheduledOrdersCountStockArrivingInTimeAndOthersDoNot()
    {
        stock(warehouse, milk, 10);
        assertEquals(OK, h.run(Commands.createTransfer(h.id(), 77, warehouse, nearStore, milk, 4)).reason());
        assertEquals(OK, h.run(Commands.shipTransfer(h.id(), 77, h.now + 3_600_000)).reason());
        final long promise = h.now + 3 * 3_600_000;
        // The near store has nothing on hand; 4 arrive two hours before the slot.
        final CommandResult scheduled = h.run(Commands.routeOrder(h.id(), new Order(++orderIds, mall,
            FulfilmentType.SCHEDULED, LAT, LON, -1, 10_000, promise, 0, List.of(new OrderLine(milk, 4)))));
        assertEquals(List.of(nearStore), locationsOf(scheduled), scheduled.candidates().toString());
        final CommandResult again = h.run(Commands.routeOrder(h.id(), new Order(++orderIds, mall,
            FulfilmentType.SCHEDULED, LAT, LON, -1, 10_000, promise, 0, List.of(new OrderLine(milk, 1)))));
        assertEquals(List.of(warehouse), locationsOf(again), "the inbound is promised once only");
        final CommandResult tooEarly = h.run(Commands.queryPromise(h.id(), new Order(++orderIds, mall,
            FulfilmentType.SCHEDULED, LAT, LON, -1, 10_000, h.now + 3_600_000, 0, List.of(new OrderLine(milk, 1)))));
        assertEquals(List.of(warehouse), locationsOf(tooEarly));
    }

    @Test
    void aPromiseQueryForAnInstantOrderAgreesWithRouting()
    {
        final int front = h.locationAt("FW", Tier.FRONT_WAREHOUSE, Capabilities.INSTANT_DELIVERY, -1_500, 0);
        stock(front, milk, 5);
        stock(nearStore, milk, 5);
        h.run(Commands.setProtectedStock(h.id(), nearStore, milk, 5));
        final Order o = new Order(++orderIds, mall, FulfilmentType.INSTANT, LAT, LON, -1, 10_000,
            h.now + 40 * 60_000, 0, List.of(new OrderLine(milk, 2)));
        final CommandResult promise = h.run(Commands.queryPromise(h.id(), o));
        final CommandResult routed = h.run(Commands.routeOrder(h.id(), o));
        assertEquals(routed.reason(), promise.reason());
        assertEquals(routed.allocations(), promise.allocations());
        assertEquals(List.of(nearStore), locationsOf(routed), "instant orders may take protected stock");
    }

    @Test
    void aReRouteNeverSpreadsAnOrderOverMoreLocationsThanThePolicyAllows()
    {
        // Default REGULAR split: up to 3 locations. The order sits at three; the warehouse then
        // rejects its two lines, and only two other stores hold them, one line each.
        final int salt = h.sku("SALT");
        final int s3 = h.locationAt("S3", Tier.STORE, Capabilities.ALL, 4_000, 0);
        final int s4 = h.locationAt("S4", Tier.STORE, Capabilities.ALL, 5_000, 0);
        stock(nearStore, milk, 5);
        stock(farStore, eggs, 5);
        stock(warehouse, bread, 5);
        stock(warehouse, salt, 5);
        stock(s3, bread, 5);
        stock(s4, salt, 5);
        final CommandResult r = h.run(Commands.routeOrder(h.id(), order(mall, FulfilmentType.REGULAR, 0,
            new OrderLine(milk, 1), new OrderLine(eggs, 1), new OrderLine(bread, 1), new OrderLine(salt, 1))));
        assertEquals(OK, r.reason());
        assertEquals(3, locationsOf(r).size(), r.allocations().toString());
        final CommandResult moved = h.run(Commands.rejectAllocation(h.id(), r.orderId(), warehouse));
        assertEquals(OK, moved.reason());
        assertEquals(List.of(3), moved.unfilledLines(), "the salt would be a fourth location");
        assertEquals(List.of(s3), locationsOf(moved));
        assertEquals(5, h.position(s4, salt).available());
        final CommandResult now = h.run(Commands.queryOrder(h.id(), r.orderId()));
        org.junit.jupiter.api.Assertions.assertTrue(locationsOf(now).size() <= 3,
            "at most 3 locations share the order: " + now.allocations());
    }
}

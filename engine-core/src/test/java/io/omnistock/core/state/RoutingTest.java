package io.omnistock.core.state;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandType;
import io.omnistock.api.Commands;
import io.omnistock.api.EventKind;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Limits;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.OrderState;
import io.omnistock.api.RankCriterion;
import io.omnistock.api.RoutingPolicy;
import io.omnistock.api.RuleSet;
import io.omnistock.api.RoutingReason;
import io.omnistock.api.Tier;
import io.omnistock.core.command.CommandSlot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.omnistock.api.ReasonCode.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario tests for every default routing rule, on a small city laid out in metres around a centre.
 */
class RoutingTest extends RoutingCity
{
    private int front;
    private long orderIds = 1_000;

    @BeforeEach
    void frontWarehouse()
    {
        front = h.locationAt("FW", Tier.FRONT_WAREHOUSE, Capabilities.INSTANT_DELIVERY, -1_500, 0);
    }

    private Order order(final FulfilmentType type, final int pickup, final int flags, final OrderLine... lines)
    {
        return new Order(++orderIds, mall, type, LAT, LON, pickup, 10_000, 0, flags, List.of(lines));
    }

    private CommandResult route(final Order order)
    {
        return h.run(Commands.routeOrder(h.id(), order));
    }

    @Nested
    class Regular
    {
        @Test
        void nearestStoreWithTheWholeOrderShipsIt()
        {
            stock(nearStore, milk, 5);
            stock(farStore, milk, 5);
            stock(warehouse, milk, 100);
            final CommandResult r = route(order(FulfilmentType.REGULAR, -1, 0, new OrderLine(milk, 2)));
            assertEquals(OK, r.reason());
            assertEquals(List.of(nearStore), locationsOf(r));
            assertEquals(RoutingReason.SELECTED, verdict(r, nearStore));
            assertEquals(RoutingReason.RANKED_LOWER, verdict(r, farStore));
            assertEquals(OrderState.HELD, r.orderState());
            assertEquals(h.now + TTL, r.expiresAt());
            assertEquals(2, h.position(nearStore, milk).reserved());
        }

        @Test
        void nearestStoreLacksStockSoTheWarehouseShips()
        {
            stock(nearStore, milk, 1);
            stock(warehouse, milk, 100);
            final CommandResult r = route(order(FulfilmentType.REGULAR, -1, 0, new OrderLine(milk, 2)));
            assertEquals(OK, r.reason());
            assertEquals(List.of(warehouse), locationsOf(r));
            assertEquals(2, h.position(warehouse, milk).reserved());
            assertEquals(0, h.position(nearStore, milk).reserved());
        }

        @Test
        void splitsIntoTheFewestLocations()
        {
            // No single location has all three; the near store + warehouse pair covers them.
            stock(nearStore, milk, 5);
            stock(nearStore, eggs, 5);
            stock(farStore, bread, 5);
            stock(warehouse, bread, 5);
            stock(warehouse, eggs, 5);
            final CommandResult r = route(order(FulfilmentType.REGULAR, -1, 0,
                new OrderLine(milk, 1), new OrderLine(eggs, 1), new OrderLine(bread, 1)));
            assertEquals(OK, r.reason());
            assertEquals(2, locationsOf(r).size(), r.allocations().toString());
            assertTrue(locationsOf(r).contains(nearStore));
            assertEquals(3, r.allocations().size());
            assertEquals(0, r.unfilledLines().size());
        }

        @Test
        void neverSplitsBeyondThePolicyLimit()
        {
            final int s3 = h.locationAt("ST-3", Tier.STORE, Capabilities.ALL, 3_000, 3_000);
            final int s4 = h.locationAt("ST-4", Tier.STORE, Capabilities.ALL, -3_000, 3_000);
            final int tea = h.sku("TEA");
            stock(nearStore, milk, 1);
            stock(farStore, eggs, 1);
            stock(s3, bread, 1);
            stock(s4, tea, 1);
            final CommandResult r = route(order(FulfilmentType.REGULAR, -1, 0, new OrderLine(milk, 1),
                new OrderLine(eggs, 1), new OrderLine(bread, 1), new OrderLine(tea, 1)));
            assertEquals(NO_ROUTE, r.reason());
            assertEquals(0, h.state.orders.openCount());
            assertEquals(0, h.position(nearStore, milk).reserved());
            assertEquals(4, r.unfilledLines().size());
        }

        @Test
        void partialFillWhenTheOrderAllowsIt()
        {
            stock(nearStore, milk, 5);
            final CommandResult r = route(order(FulfilmentType.REGULAR, -1, Order.ALLOW_PARTIAL,
                new OrderLine(milk, 1), new OrderLine(eggs, 1)));
            assertEquals(OK, r.reason());
            assertEquals(List.of(1), r.unfilledLines());
            assertEquals(1, r.allocations().size());
            assertEquals(1, h.position(nearStore, milk).reserved());
        }
    }

    @Nested
    class Instant
    {
        @Test
        void nearestInstantNodeWithStockWins()
        {
            stock(front, milk, 5);
            stock(nearStore, milk, 5);
            final CommandResult r = route(order(FulfilmentType.INSTANT, -1, 0, new OrderLine(milk, 1)));
            assertEquals(OK, r.reason());
            assertEquals(List.of(nearStore), locationsOf(r));
        }

        @Test
        void stockOnlyInTheWarehouseIsRejectedWithReasons()
        {
            stock(warehouse, milk, 100);
            final CommandResult r = route(order(FulfilmentType.INSTANT, -1, 0, new OrderLine(milk, 1)));
            assertEquals(NO_ROUTE, r.reason());
            assertEquals(0, h.position(warehouse, milk).reserved());
            assertEquals(RoutingReason.INSUFFICIENT_STOCK, verdict(r, nearStore));
            assertEquals(RoutingReason.INSUFFICIENT_STOCK, verdict(r, front));
            assertTrue(r.candidates().size() >= 2);
        }

        @Test
        void nodesBeyondTheRadiusAreExcluded()
        {
            final int distant = h.locationAt("ST-5KM", Tier.STORE, Capabilities.ALL, 5_000, 0);
            stock(distant, milk, 5);
            final CommandResult r = route(order(FulfilmentType.INSTANT, -1, 0, new OrderLine(milk, 1)));
            assertEquals(NO_ROUTE, r.reason());
            assertEquals(RoutingReason.OUT_OF_RADIUS, verdict(r, distant));
        }

        @Test
        void aPromiseTooSoonExcludesNodesThatCannotMakeIt()
        {
            stock(nearStore, milk, 5);
            // 12 min pick and pack + travel cannot beat a promise 10 minutes away.
            final Order rushed = new Order(++orderIds, mall, FulfilmentType.INSTANT, LAT, LON, -1, 1, h.now + 10 * 60_000,
                0, List.of(new OrderLine(milk, 1)));
            final CommandResult r = route(rushed);
            assertEquals(NO_ROUTE, r.reason());
            assertEquals(RoutingReason.TOO_SLOW, verdict(r, nearStore));
        }

        @Test
        void nodesWithoutInstantDeliveryAreExcluded()
        {
            final int plain = h.locationAt("ST-PLAIN", Tier.STORE, Capabilities.OVER_THE_COUNTER, 200, 0);
            stock(plain, milk, 5);
            stock(farStore, milk, 5);
            final CommandResult r = route(order(FulfilmentType.INSTANT, -1, 0, new OrderLine(milk, 1)));
            assertEquals(List.of(farStore), locationsOf(r));
            assertEquals(RoutingReason.MISSING_CAPABILITY, verdict(r, plain));
        }
    }

    @Nested
    class Pickup
    {
        @Test
        void theNamedStoreServesWhenItCan()
        {
            stock(farStore, milk, 5);
            stock(nearStore, milk, 5);
            final CommandResult r = route(order(FulfilmentType.PICKUP, farStore, 0, new OrderLine(milk, 1)));
            assertEquals(List.of(farStore), locationsOf(r));
        }

        @Test
        void outOfStockPickupStoreIsRejectedUnlessAlternativesAreAllowed()
        {
            stock(nearStore, milk, 5);
            assertEquals(NO_ROUTE, route(order(FulfilmentType.PICKUP, farStore, 0, new OrderLine(milk, 1))).reason());
            final CommandResult r = route(order(FulfilmentType.PICKUP, farStore, Order.ALLOW_ALTERNATIVE_PICKUP,
                new OrderLine(milk, 1)));
            assertEquals(OK, r.reason());
            assertEquals(List.of(nearStore), locationsOf(r));
        }

        @Test
        void scheduledPickupRoutesLikePickup()
        {
            stock(farStore, milk, 5);
            stock(nearStore, milk, 5);
            final CommandResult r = route(order(FulfilmentType.SCHEDULED, farStore, 0, new OrderLine(milk, 1)));
            assertEquals(List.of(farStore), locationsOf(r));
        }
    }

    @Nested
    class Lifecycle
    {
        private long orderId;

        @BeforeEach
        void held()
        {
            stock(nearStore, milk, 10);
            final CommandResult r = route(order(FulfilmentType.REGULAR, -1, 0, new OrderLine(milk, 4)));
            assertEquals(OK, r.reason());
            orderId = r.orderId();
        }

        private CommandResult expire()
        {
            final CommandSlot slot = new CommandSlot();
            slot.clearInput();
            slot.expireHolds();
            h.apply(slot);
            return CommandResult.copyOf(slot);
        }

        @Test
        void anUnpaidHoldExpiresAndReleasesItsStock()
        {
            h.now += TTL - 1;
            expire();
            assertEquals(4, h.position(nearStore, milk).reserved());
            h.now += 1;
            final CommandResult r = expire();
            assertEquals(OK, r.reason());
            assertEquals(CommandType.EXPIRE_HOLDS, r.type());
            assertEquals(0, h.position(nearStore, milk).reserved());
            assertEquals(0, h.state.orders.openCount());
            assertEquals(UNKNOWN_ORDER, h.run(Commands.confirmOrder(h.id(), orderId)).reason());
        }

        @Test
        void extendingPostponesExpiry()
        {
            assertEquals(INVALID_EXTENSION, h.run(Commands.extendOrder(h.id(), orderId, 0)).reason());
            assertEquals(INVALID_EXTENSION,
                h.run(Commands.extendOrder(h.id(), orderId, Limits.MAX_HOLD_MILLIS + 1)).reason());
            assertEquals(OK, h.run(Commands.extendOrder(h.id(), orderId, 60_000)).reason());
            h.now += TTL;
            expire();
            assertEquals(4, h.position(nearStore, milk).reserved());
            h.now += 60_000;
            expire();
            assertEquals(0, h.position(nearStore, milk).reserved());
        }

        @Test
        void aHoldRunsOutAtItsExpiryEvenBeforeTheTimerClosesIt()
        {
            final long expiresAt = h.now + TTL;
            h.now = expiresAt - 1;
            final CommandResult extended = h.run(Commands.extendOrder(h.id(), orderId, 1_000));
            assertEquals(OK, extended.reason());
            assertEquals(expiresAt + 1_000, extended.expiresAt());
            h.now = expiresAt + 1_000;
            final CommandResult lateExtension = h.run(Commands.extendOrder(h.id(), orderId, Limits.MAX_HOLD_MILLIS));
            assertEquals(ORDER_NOT_HELD, lateExtension.reason());
            assertEquals(OrderState.HELD, lateExtension.orderState(), "still open until the timer expires it");
            assertEquals(expiresAt + 1_000, lateExtension.expiresAt());
            assertEquals(ORDER_NOT_HELD, h.run(Commands.confirmOrder(h.id(), orderId)).reason());
            assertEquals(ORDER_NOT_HELD, h.run(Commands.rejectAllocation(h.id(), orderId, nearStore)).reason(),
                "a hold that ran out is not routed again");
            assertEquals(4, h.position(nearStore, milk).reserved(), "a rejection changes no stock");
            expire();
            assertEquals(0, h.position(nearStore, milk).reserved());
            assertEquals(UNKNOWN_ORDER, h.run(Commands.confirmOrder(h.id(), orderId)).reason());
        }

        @Test
        void aConfirmedOrderNoLongerExpiresAndIsFulfilled()
        {
            final CommandResult confirmed = h.run(Commands.confirmOrder(h.id(), orderId));
            assertEquals(OK, confirmed.reason());
            assertEquals(OrderState.CONFIRMED, confirmed.orderState());
            assertEquals(ORDER_NOT_HELD, h.run(Commands.confirmOrder(h.id(), orderId)).reason());
            assertEquals(ORDER_NOT_HELD, h.run(Commands.extendOrder(h.id(), orderId, 1_000)).reason());
            h.now += 10 * TTL;
            expire();
            assertEquals(4, h.position(nearStore, milk).reserved());
            assertEquals(NOTHING_ALLOCATED_HERE, h.run(Commands.fulfilOrder(h.id(), orderId, farStore)).reason());
            final CommandResult done = h.run(Commands.fulfilOrder(h.id(), orderId, nearStore));
            assertEquals(OK, done.reason());
            assertEquals(OrderState.FULFILLED, done.orderState());
            assertEquals(4, done.allocations().get(0).quantity());
            final CommandResult p = h.position(nearStore, milk);
            assertEquals(6, p.onHand());
            assertEquals(0, p.reserved());
        }

        @Test
        void onlyConfirmedOrdersAreFulfilled()
        {
            assertEquals(ORDER_NOT_CONFIRMED, h.run(Commands.fulfilOrder(h.id(), orderId, nearStore)).reason());
            assertEquals(10, h.position(nearStore, milk).onHand());
        }

        @Test
        void cancelReleasesEverything()
        {
            final CommandResult r = h.run(Commands.cancelOrder(h.id(), orderId));
            assertEquals(OK, r.reason());
            assertEquals(OrderState.CANCELLED, r.orderState());
            assertEquals(List.of(EventKind.ALLOCATION_CHANGED, EventKind.STOCK_CHANGED, EventKind.ORDER_CHANGED),
                h.lastEvents());
            assertEquals(0, h.position(nearStore, milk).reserved());
            assertEquals(UNKNOWN_ORDER, h.run(Commands.cancelOrder(h.id(), orderId)).reason());
        }

        @Test
        void aRejectedAllocationIsReRoutedElsewhereNeverBack()
        {
            stock(farStore, milk, 10);
            final CommandResult r = h.run(Commands.rejectAllocation(h.id(), orderId, nearStore));
            assertEquals(OK, r.reason());
            assertEquals(List.of(farStore), locationsOf(r));
            assertEquals(0, h.position(nearStore, milk).reserved());
            assertEquals(4, h.position(farStore, milk).reserved());
            assertEquals(RoutingReason.REJECTED_BEFORE, verdict(r, nearStore));
            // The far store rejects too; only the warehouse is left, and it has nothing.
            final CommandResult again = h.run(Commands.rejectAllocation(h.id(), orderId, farStore));
            assertEquals(OK, again.reason());
            assertEquals(List.of(0), again.unfilledLines());
            assertEquals(0, h.position(farStore, milk).reserved());
            assertEquals(OrderState.HELD, again.orderState());
        }

        @Test
        void aSecondOrderNeverSeesStockTheFirstHolds()
        {
            final CommandResult second = route(order(FulfilmentType.REGULAR, -1, 0, new OrderLine(milk, 7)));
            assertEquals(NO_ROUTE, second.reason());
            assertEquals(OK, route(order(FulfilmentType.REGULAR, -1, 0, new OrderLine(milk, 6))).reason());
        }

        @Test
        void orderIdsAreUniqueWhileOpen()
        {
            final Order dup = new Order(orderId, mall, FulfilmentType.REGULAR, LAT, LON, -1, 0, 0, 0,
                List.of(new OrderLine(milk, 1)));
            assertEquals(DUPLICATE_ORDER, route(dup).reason());
        }
    }

    @Nested
    class BadOrders
    {
        private CommandResult routeRaw(final int channel, final FulfilmentType type, final int lat, final int pickup,
            final int flags, final List<OrderLine> lines)
        {
            return route(new Order(++orderIds, channel, type, lat, LON, pickup, 0, 0, flags, lines));
        }

        @Test
        void eachShapeErrorHasItsReason()
        {
            stock(nearStore, milk, 5);
            final List<OrderLine> one = List.of(new OrderLine(milk, 1));
            assertEquals(UNKNOWN_CHANNEL, routeRaw(9, FulfilmentType.REGULAR, LAT, -1, 0, one).reason());
            assertEquals(INVALID_FULFILMENT_TYPE, routeRaw(mall, null, LAT, -1, 0, one).reason());
            assertEquals(INVALID_ORDER_FLAGS, routeRaw(mall, FulfilmentType.REGULAR, LAT, -1, 64, one).reason());
            assertEquals(NO_LINES, routeRaw(mall, FulfilmentType.REGULAR, LAT, -1, 0, List.of()).reason());
            assertEquals(UNKNOWN_SKU, routeRaw(mall, FulfilmentType.REGULAR, LAT, -1, 0,
                List.of(new OrderLine(77, 1))).reason());
            assertEquals(INVALID_QUANTITY, routeRaw(mall, FulfilmentType.REGULAR, LAT, -1, 0,
                List.of(new OrderLine(milk, 0))).reason());
            assertEquals(DUPLICATE_LINE_SKU, routeRaw(mall, FulfilmentType.REGULAR, LAT, -1, 0,
                List.of(new OrderLine(milk, 1), new OrderLine(milk, 1))).reason());
            assertEquals(INVALID_DESTINATION, routeRaw(mall, FulfilmentType.REGULAR, 91_000_000, -1, 0, one).reason());
            assertEquals(PICKUP_STORE_REQUIRED, routeRaw(mall, FulfilmentType.PICKUP, LAT, -1, 0, one).reason());
            assertEquals(INVALID_PROMISE_TIME, route(new Order(++orderIds, mall, FulfilmentType.REGULAR, LAT, LON, -1,
                0, -1, 0, one)).reason());
            final List<OrderLine> tooMany = new ArrayList<>();
            for (int i = 0; i <= Limits.MAX_ORDER_LINES; i++)
            {
                tooMany.add(new OrderLine(milk, 1));
            }
            assertEquals(TOO_MANY_LINES, routeRaw(mall, FulfilmentType.REGULAR, LAT, -1, 0, tooMany).reason());
            assertEquals(INVALID_ORDER_ID, h.run(Commands.routeOrder(h.id(), new Order(0, mall,
                FulfilmentType.REGULAR, LAT, LON, -1, 0, 0, 0, one))).reason());
            assertEquals(0, h.state.orders.openCount());
            assertEquals(0, h.position(nearStore, milk).reserved());
        }

        @Test
        void channelDefinitionsAreChecked()
        {
            assertEquals(DUPLICATE_CHANNEL, h.run(Commands.defineChannel(h.id(), "online-mall", TTL)).reason());
            assertEquals(INVALID_HOLD_TTL, h.run(Commands.defineChannel(h.id(), "tmall", 999)).reason());
            assertEquals(INVALID_HOLD_TTL,
                h.run(Commands.defineChannel(h.id(), "tmall", Limits.MAX_HOLD_MILLIS + 1)).reason());
        }
    }

    @Nested
    class Allocation
    {
        @Test
        void protectedStockIsForInstantAndHighValueOrdersOnly()
        {
            stock(nearStore, milk, 5);
            assertEquals(OK, h.run(Commands.setProtectedStock(h.id(), nearStore, milk, 4)).reason());
            final Order regular = order(FulfilmentType.REGULAR, -1, 0, new OrderLine(milk, 2));
            assertEquals(NO_ROUTE, route(regular).reason(), "regular orders see only 1 unit");
            final Order highValue = new Order(++orderIds, mall, FulfilmentType.REGULAR, LAT, LON, -1, 500_000, 0, 0,
                List.of(new OrderLine(milk, 2)));
            assertEquals(OK, route(highValue).reason());
            assertEquals(OK, route(order(FulfilmentType.INSTANT, -1, 0, new OrderLine(milk, 3))).reason());
            assertEquals(INSUFFICIENT_STOCK, h.run(Commands.reserve(h.id(), 1, nearStore, milk, 1)).reason());
        }

        @Test
        void theWalkInReserveIsNeverPromisedButPosSellsIt()
        {
            stock(nearStore, milk, 5);
            assertEquals(OK, h.run(Commands.setWalkInReserve(h.id(), nearStore, milk, 3)).reason());
            assertEquals(NO_ROUTE, route(order(FulfilmentType.INSTANT, -1, 0, new OrderLine(milk, 3))).reason());
            assertEquals(OK, route(order(FulfilmentType.INSTANT, -1, 0, new OrderLine(milk, 2))).reason());
            assertEquals(OK, h.run(Commands.sale(h.id(), nearStore, milk, 3)).reason());
            assertEquals(0, h.position(nearStore, milk).available());
        }

        @Test
        void aChannelQuotaCapsWhatItHolds()
        {
            final int marketplace = h.channel("marketplace", TTL);
            stock(warehouse, milk, 100);
            assertEquals(OK, h.run(Commands.setChannelQuota(h.id(), marketplace, milk, 10, -1)).reason());
            final Order seven = new Order(++orderIds, marketplace, FulfilmentType.REGULAR, LAT, LON, -1, 0, 0, 0,
                List.of(new OrderLine(milk, 7)));
            assertEquals(OK, route(seven).reason());
            final Order four = new Order(++orderIds, marketplace, FulfilmentType.REGULAR, LAT, LON, -1, 0, 0, 0,
                List.of(new OrderLine(milk, 4)));
            assertEquals(CHANNEL_QUOTA_EXCEEDED, route(four).reason());
            assertEquals(OK, route(order(FulfilmentType.REGULAR, -1, 0, new OrderLine(milk, 4))).reason(),
                "other channels share the pool freely");
            h.run(Commands.cancelOrder(h.id(), seven.orderId()));
            assertEquals(OK, route(four).reason(), "a cancelled hold gives the quota back");
        }

        @Test
        void aPercentQuotaCapsTheShareOfStock()
        {
            final int marketplace = h.channel("marketplace", TTL);
            stock(warehouse, milk, 100);
            assertEquals(OK, h.run(Commands.setChannelQuota(h.id(), marketplace, milk, -1, 20)).reason());
            assertEquals(CHANNEL_QUOTA_EXCEEDED, route(new Order(++orderIds, marketplace, FulfilmentType.REGULAR,
                LAT, LON, -1, 0, 0, 0, List.of(new OrderLine(milk, 21)))).reason());
            assertEquals(OK, route(new Order(++orderIds, marketplace, FulfilmentType.REGULAR,
                LAT, LON, -1, 0, 0, 0, List.of(new OrderLine(milk, 20)))).reason());
            assertEquals(INVALID_QUOTA, h.run(Commands.setChannelQuota(h.id(), marketplace, milk, -1, 101)).reason());
            assertEquals(INVALID_QUOTA, h.run(Commands.setChannelQuota(h.id(), marketplace, milk, -2, 5)).reason());
        }

        @Test
        void aLocationCanBeExcludedFromAChannel()
        {
            final int marketplace = h.channel("marketplace", TTL);
            stock(nearStore, milk, 5);
            stock(farStore, milk, 5);
            assertEquals(OK, h.run(Commands.setChannelEligibility(h.id(), nearStore, marketplace, false)).reason());
            final CommandResult r = route(new Order(++orderIds, marketplace, FulfilmentType.REGULAR, LAT, LON, -1, 0,
                0, 0, List.of(new OrderLine(milk, 1))));
            assertEquals(List.of(farStore), locationsOf(r));
            assertEquals(RoutingReason.NOT_ELIGIBLE_FOR_CHANNEL, verdict(r, nearStore));
            assertEquals(List.of(nearStore), locationsOf(route(order(FulfilmentType.REGULAR, -1, 0,
                new OrderLine(milk, 1)))), "other channels still use it");
            assertEquals(OK, h.run(Commands.setChannelEligibility(h.id(), nearStore, marketplace, true)).reason());
            assertEquals(List.of(nearStore), locationsOf(route(new Order(++orderIds, marketplace,
                FulfilmentType.REGULAR, LAT, LON, -1, 0, 0, 0, List.of(new OrderLine(milk, 1))))));
            assertEquals(UNKNOWN_CHANNEL, h.run(Commands.setChannelEligibility(h.id(), nearStore, 99, false)).reason());
        }

        @Test
        void channelAvailabilityIsCappedByItsQuota()
        {
            final int marketplace = h.channel("marketplace", TTL);
            stock(warehouse, milk, 100);
            assertEquals(100, h.run(Commands.queryChannelAvailability(h.id(), marketplace, milk)).networkAvailable());
            h.run(Commands.setChannelQuota(h.id(), marketplace, milk, 30, -1));
            assertEquals(30, h.run(Commands.queryChannelAvailability(h.id(), marketplace, milk)).networkAvailable());
            route(new Order(++orderIds, marketplace, FulfilmentType.REGULAR, LAT, LON, -1, 0, 0, 0,
                List.of(new OrderLine(milk, 12))));
            assertEquals(18, h.run(Commands.queryChannelAvailability(h.id(), marketplace, milk)).networkAvailable());
            assertEquals(88, h.run(Commands.queryAvailability(h.id(), milk)).networkAvailable());
            h.run(Commands.setChannelQuota(h.id(), marketplace, milk, -1, 10));
            // 10% of (88 free + 12 held) = 10, and it already holds 12.
            assertEquals(0, h.run(Commands.queryChannelAvailability(h.id(), marketplace, milk)).networkAvailable());
            assertEquals(UNKNOWN_CHANNEL, h.run(Commands.queryChannelAvailability(h.id(), 42, milk)).reason());
        }

        @Test
        void nodeCapacityIsConsumedPerHourAndRestoredOnCancel()
        {
            stock(nearStore, milk, 100);
            stock(farStore, milk, 100);
            assertEquals(OK, h.run(Commands.configureLocation(h.id(), nearStore, 2, 0, 0)).reason());
            final CommandResult first = route(order(FulfilmentType.REGULAR, -1, 0, new OrderLine(milk, 1)));
            route(order(FulfilmentType.REGULAR, -1, 0, new OrderLine(milk, 1)));
            final CommandResult third = route(order(FulfilmentType.REGULAR, -1, 0, new OrderLine(milk, 1)));
            assertEquals(List.of(farStore), locationsOf(third));
            assertEquals(RoutingReason.CAPACITY_REACHED, verdict(third, nearStore));
            h.run(Commands.cancelOrder(h.id(), first.orderId()));
            assertEquals(List.of(nearStore), locationsOf(route(order(FulfilmentType.REGULAR, -1, 0,
                new OrderLine(milk, 1)))));
            h.now += 3_600_000;
            assertEquals(List.of(nearStore), locationsOf(route(order(FulfilmentType.REGULAR, -1, 0,
                new OrderLine(milk, 1)))), "a new hour, a new capacity");
            assertEquals(INVALID_LOCATION_SETTINGS, h.run(Commands.configureLocation(h.id(), nearStore, 0, 256, 0))
                .reason());
        }

        @Test
        void explicitNodePriorityOutranksDistance()
        {
            stock(nearStore, milk, 5);
            stock(farStore, milk, 5);
            h.run(Commands.configureLocation(h.id(), nearStore, 0, 9, 0));
            assertEquals(List.of(farStore), locationsOf(route(order(FulfilmentType.REGULAR, -1, 0,
                new OrderLine(milk, 1)))));
        }

        @Test
        void aPolicyChangeIsVersionedAndApplies()
        {
            stock(nearStore, milk, 5);
            final RoutingPolicy defaults = RoutingPolicy.defaults();
            final List<List<RuleSet>> sets = new ArrayList<>(defaults.ruleSets());
            sets.set(FulfilmentType.INSTANT.ordinal(), List.of(new RuleSet("instant-500m",
                List.of(Tier.STORE), Capabilities.INSTANT_DELIVERY, false, false, 500, false, List.of(),
                List.of(RankCriterion.DISTANCE), 1, 8)));
            final RoutingPolicy tight = new RoutingPolicy(sets, 30, 20_000, 60, 100_000);
            final CommandResult set = h.run(Commands.setRoutingPolicy(h.id(), tight));
            assertEquals(OK, set.reason());
            assertEquals(1, set.assignedId());
            final CommandResult r = route(order(FulfilmentType.INSTANT, -1, 0, new OrderLine(milk, 1)));
            assertEquals(NO_ROUTE, r.reason());
            assertEquals(RoutingReason.OUT_OF_RADIUS, verdict(r, nearStore));
            final RoutingPolicy broken = new RoutingPolicy(List.of(), 30, 20_000, 60, 0);
            assertEquals(INVALID_POLICY, h.run(Commands.setRoutingPolicy(h.id(), broken)).reason());
            assertEquals(1, h.state.policyVersion());
        }
    }

    /**
     * Logic 1: the holder lists add up to maxCandidates locations of their own when the grid
     * search found no route. (From logic 2 maxCandidates bounds both together: see
     * {@link LogicVersionRulesTest}.)
     */
    @Test
    void scarceStockIsFoundThroughTheSkuHoldersNotANetworkScan()
    {
        buildCityInLogic(1);
        // 400 stores nearby hold no milk; the only milk is in a store 40 km away.
        for (int i = 0; i < 400; i++)
        {
            final int s = h.locationAt("EMPTY-" + i, Tier.STORE, Capabilities.ALL, (i / 20) * 300.0, (i % 20) * 300.0);
            stock(s, eggs, 1);
        }
        final int remote = h.locationAt("REMOTE", Tier.STORE, Capabilities.ALL, 40_000, 0);
        stock(remote, milk, 3);
        assertEquals(1, h.state.ledger.holderCount(milk));
        final CommandResult r = route(order(FulfilmentType.REGULAR, -1, 0, new OrderLine(milk, 1)));
        assertEquals(OK, r.reason());
        assertEquals(List.of(remote), locationsOf(r));
        // The explanation still names the nearest stores it passed over for lack of stock.
        assertEquals(RoutingReason.INSUFFICIENT_STOCK, r.candidates().get(1).reason());

        route(order(FulfilmentType.REGULAR, -1, 0, new OrderLine(milk, 2)));
        assertEquals(0, h.state.ledger.holderCount(milk), "no available milk left anywhere");
        assertEquals(NO_ROUTE, route(order(FulfilmentType.REGULAR, -1, 0, new OrderLine(milk, 1))).reason());
        stock(remote, milk, 1);
        assertEquals(1, h.state.ledger.holderCount(milk));
    }

    @Test
    void aPromiseQueryRoutesWithoutHolding()
    {
        stock(nearStore, milk, 5);
        final long before = h.state.checksum();
        final CommandResult r = h.run(Commands.queryPromise(h.id(), order(FulfilmentType.INSTANT, -1, 0,
            new OrderLine(milk, 5))));
        assertEquals(OK, r.reason());
        assertEquals(List.of(nearStore), locationsOf(r));
        assertEquals(0, r.sequence());
        assertEquals(before, h.state.checksum());
    }

    @Test
    void routingIsADeterministicFunctionOfStateAndOrder()
    {
        for (int i = 0; i < 6; i++)
        {
            h.locationAt("ST-R" + i, Tier.STORE, Capabilities.ALL, 700 * i, -900 * i);
        }
        for (int location = 0; location < h.state.locations.count(); location++)
        {
            stock(location, milk, 3);
            stock(location, eggs, 2);
        }
        final Order o = order(FulfilmentType.REGULAR, -1, 0, new OrderLine(milk, 2), new OrderLine(eggs, 2));
        final CommandResult first = h.run(Commands.queryPromise(h.id(), o));
        for (int i = 0; i < 5; i++)
        {
            final CommandResult again = h.run(Commands.queryPromise(h.id(), o));
            assertEquals(first.allocations(), again.allocations());
            assertEquals(first.candidates(), again.candidates());
        }
    }
}

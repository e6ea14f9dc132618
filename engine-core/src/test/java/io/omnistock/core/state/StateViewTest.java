package io.omnistock.core.state;

import io.omnistock.api.AlertKind;
import io.omnistock.api.Allocation;
import io.omnistock.api.Capabilities;
import io.omnistock.api.ChannelQuota;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.ForecastOverride;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.OpenTransfer;
import io.omnistock.api.Order;
import io.omnistock.api.OrderState;
import io.omnistock.api.Promotion;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.RoutingPolicy;
import io.omnistock.api.StateView;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link OmnistockEngine#query}'s {@link StateView} against a state built by known commands: every
 * method's answer, unknown ids refused by name without harming the engine, and a view that
 * cannot change anything.
 */
class StateViewTest
{
    private static final long NOW = 1_700_000_000_000L;
    private static final long MINUTE = 60_000;
    private static final int LAT = 31_230_000;
    private static final int LON = 121_470_000;

    @TempDir
    Path dir;

    private long id;

    @Test
    void everyViewMethodAnswersTheStateTheCommandsMade() throws Exception
    {
        final AtomicLong now = new AtomicLong(NOW);
        try (OmnistockEngine engine = OmnistockEngine.start(
            EngineConfig.builder().journalDir(dir.resolve("j")).clock(now::get).build()))
        {
            final int app = ok(engine, Commands.defineChannel(++id, "app", 15 * MINUTE)).assignedId();
            final int milk = ok(engine, Commands.defineSku(++id, "MILK", StockUnit.PIECE)).assignedId();
            final int flour = ok(engine, Commands.defineSku(++id, "FLOUR", StockUnit.GRAM)).assignedId();
            final int store = ok(engine, Commands.defineLocation(++id, "ST", Tier.STORE, LAT, LON,
                Capabilities.ALL)).assignedId();
            final int warehouse = ok(engine, Commands.defineLocation(++id, "WH", Tier.WAREHOUSE, LAT + 50_000,
                LON - 40_000, Capabilities.ALL)).assignedId();
            ok(engine, Commands.receive(++id, store, milk, 20));
            ok(engine, Commands.receive(++id, warehouse, milk, 100));
            ok(engine, Commands.setSafetyStock(++id, store, milk, 2));
            ok(engine, Commands.setProtectedStock(++id, store, milk, 3));
            ok(engine, Commands.setWalkInReserve(++id, store, milk, 1));
            ok(engine, Commands.reserve(++id, 1001, store, milk, 4));
            ok(engine, Commands.configureLocation(++id, store, 30, 2, 10));
            ok(engine, Commands.setChannelEligibility(++id, warehouse, app, false));
            final CommandResult held = ok(engine, Commands.routeOrder(++id, Order.builder(77, app, FulfilmentType.REGULAR)
                .destination(31.23, 121.47).orderValue(500).line(milk, 5).build()));
            assertEquals(1, held.allocations().size());
            final Allocation allocation = held.allocations().get(0);
            assertEquals(store, allocation.location(), "the warehouse does not serve the app");
            ok(engine, Commands.createTransfer(++id, 500, warehouse, store, milk, 10));
            ok(engine, Commands.shipTransfer(++id, 500, NOW + 60 * MINUTE));
            ok(engine, Commands.setChannelQuota(++id, app, milk, 40, ChannelQuota.UNLIMITED));
            ok(engine, Commands.setChannelQuota(++id, app, flour, ChannelQuota.UNLIMITED, 25));
            ok(engine, Commands.setSkuPrice(++id, milk, 199, 120, 7));
            ok(engine, Commands.putPromotion(++id, 9, -1, 7, store, app, 20_000, 20_006, 5_000));
            ok(engine, Commands.putPromotion(++id, 8, flour, 0, -1, -1, 20_001, 20_002, 2_500));
            ok(engine, Commands.putForecastOverride(++id, store, milk, 4_500, 10, 50, NOW + 600 * MINUTE));
            final CommandResult last = ok(engine, Commands.setPositionPolicy(++id, store, milk, ReplenishmentPolicy.minMax(30, 60)));

            // The view's answers are copied out on the engine's thread and compared here: an assertion
            // failing inside a query would be the engine's problem, not the test's.
            final Seen answers = engine.query(view ->
            {
                final Seen seen = new Seen();
                // catalog
                seen.equal(2, view.locationCount());
                seen.equal("ST", view.locationCode(store));
                seen.equal(Tier.WAREHOUSE, view.locationTier(warehouse));
                seen.equal(LAT + 50_000, view.locationLatMicros(warehouse));
                seen.equal(LON - 40_000, view.locationLonMicros(warehouse));
                seen.equal(Capabilities.ALL, view.locationCapabilities(store));
                seen.equal(30, view.locationOrdersPerHour(store));
                seen.equal(2, view.locationPriority(store));
                seen.equal(10, view.locationPickPackMinutes(store));
                seen.equal(2, view.skuCount());
                seen.equal("FLOUR", view.skuCode(flour));
                seen.equal(StockUnit.GRAM, view.skuUnit(flour));
                seen.equal(1, view.channelCount());
                seen.equal("app", view.channelCode(app));
                seen.equal(15 * MINUTE, view.channelHoldTtlMillis(app));
                seen.equal(true, view.servesChannel(store, app));
                seen.equal(false, view.servesChannel(warehouse, app));
                seen.equal(2, view.channelQuotaCount());
                seen.equal(new ChannelQuota(app, milk, 40, ChannelQuota.UNLIMITED, 5), view.channelQuota(0),
                    "set while the order holds 5");
                seen.equal(new ChannelQuota(app, flour, ChannelQuota.UNLIMITED, 25, 0), view.channelQuota(1));
                seen.equal(199L, view.skuUnitPrice(milk));
                seen.equal(120L, view.skuUnitCost(milk));
                seen.equal(7, view.skuCategory(milk));
                seen.equal(0L, view.skuUnitPrice(flour), "no price set");
                seen.equal(2, view.promotionCount());
                final Promotion byCategory = new Promotion(9, -1, 7, store, app, 20_000, 20_006, 5_000);
                seen.equal(new Promotion(8, flour, 0, -1, -1, 20_001, 20_002, 2_500), view.promotionAt(0), "id order");
                seen.equal(byCategory, view.promotionAt(1));
                seen.equal(byCategory, view.promotion(9));
                seen.equal(null, view.promotion(10));
                seen.equal(1, view.forecastOverrideCount());
                seen.equal(new ForecastOverride(store, milk, 4_500, 10, 50, NOW + 600 * MINUTE),
                    view.forecastOverrideAt(0));
                // stock: 20 received, 4 reserved and 5 held by the order, 10 coming from the warehouse
                seen.equal(20, view.onHand(store, milk));
                seen.equal(9, view.reserved(store, milk));
                seen.equal(10, view.inTransit(store, milk));
                seen.equal(2, view.safetyStock(store, milk));
                seen.equal(20 - 9 - 2, view.available(store, milk));
                seen.equal(3, view.protectedStock(store, milk));
                seen.equal(1, view.walkInReserve(store, milk));
                seen.equal(90, view.onHand(warehouse, milk), "the shipped 10 left the warehouse");
                seen.equal(0, view.onHand(warehouse, flour), "a position never stocked");
                seen.equal(0, view.available(warehouse, flour));
                seen.equal(true, view.positionStocked(store, milk));
                seen.equal(false, view.positionStocked(warehouse, flour), "all zero, but never stocked");
                seen.equal(2, view.positionCount());
                seen.equal(store, view.positionLocation(0), "first stocked first");
                seen.equal(milk, view.positionSku(0));
                seen.equal(warehouse, view.positionLocation(1));
                seen.equal(20L - 9 - 2, view.tierAvailable(milk, Tier.STORE));
                seen.equal(90L, view.tierAvailable(milk, Tier.WAREHOUSE));
                seen.equal(0L, view.tierAvailable(flour, Tier.STORE));
                // replenishment: available 9 + inbound 10 = 19 is at or below the reorder point 30
                seen.equal(true, view.hasReplenishmentPolicy(store, milk));
                seen.equal(false, view.hasReplenishmentPolicy(warehouse, milk));
                seen.equal(30, view.replenishmentReorderLevel(store, milk));
                seen.equal(60, view.replenishmentOrderUpToLevel(store, milk));
                seen.equal(-1, view.replenishmentReorderLevel(warehouse, milk));
                seen.equal(60 - 19, view.openReplenishmentRequest(store, milk));
                seen.equal(warehouse, view.replenishmentRequestSource(store, milk), "the store's network source");
                seen.equal(ReplenishmentPolicy.SUPPLIER, view.replenishmentRequestSource(warehouse, milk));
                seen.equal(false, view.alertActive(store, milk, AlertKind.OUT_OF_STOCK));
                seen.equal(false, view.alertActive(warehouse, flour, AlertKind.LOW_STOCK));
                seen.equal(1, view.replenishedPositionCount());
                seen.equal(store, view.replenishedLocation(0));
                seen.equal(milk, view.replenishedSku(0));
                seen.equal(1, view.openReplenishmentRequestCount());
                // orders and transfers
                seen.equal(OrderState.HELD, view.orderState(77));
                seen.equal(held.expiresAt(), view.orderExpiresAt(77));
                seen.equal(NOW + 15 * MINUTE, view.orderExpiresAt(77));
                seen.equal(null, view.orderState(78));
                seen.equal(-1, view.orderExpiresAt(78));
                seen.equal(new OpenTransfer(500, warehouse, store, milk, 10, true, NOW + 60 * MINUTE, false),
                    view.openTransfer(500));
                seen.equal(null, view.openTransfer(501));
                seen.equal(1, view.transferSlotCount());
                seen.equal(500L, view.transferIdAt(0));
                // counts and versions
                seen.equal(1, view.openOrderCount());
                seen.equal(1, view.openReservationCount());
                seen.equal(RoutingPolicy.defaults(), view.routingPolicy());
                seen.equal(0, view.routingPolicyVersion());
                seen.equal(LogicVersion.LATEST, view.logicVersion());
                seen.equal(last.sequence(), view.lastSequence());
                seen.equal(last.timestamp(), view.lastTimestamp());
                return seen;
            }).get();
            answers.assertAll();
            assertEquals(20L, engine.query(view -> view.onHand(store, milk)).get(), "a query's answer");
        }
    }

    @Test
    void anUnknownIdFailsTheQueryNamingItAndTheEngineGoesOn() throws Exception
    {
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(dir.resolve("j")).build()))
        {
            final int sku = ok(engine, Commands.defineSku(++id, "MILK", StockUnit.PIECE)).assignedId();
            for (final java.util.function.Function<StateView, Object> query : java.util.List.<java.util.function.Function<StateView, Object>>of(
                v -> v.onHand(0, sku), v -> v.locationCode(-1), v -> v.skuCode(1), v -> v.channelCode(0),
                v -> v.replenishedLocation(0), v -> v.positionSku(0), v -> v.transferIdAt(0), v -> v.channelQuota(0),
                v -> v.promotionAt(0), v -> v.forecastOverrideAt(0), v -> v.skuUnitPrice(1)))
            {
                final ExecutionException e = assertThrows(ExecutionException.class, () -> engine.query(query).get());
                assertInstanceOf(IllegalArgumentException.class, e.getCause());
                assertTrue(e.getCause().getMessage().startsWith("no "), e.getCause().getMessage());
            }
            assertEquals("no location has id 0 (0 defined)", assertThrows(ExecutionException.class,
                () -> engine.query(v -> v.onHand(0, sku)).get()).getCause().getMessage());
            final int store = ok(engine, Commands.defineLocation(++id, "ST", Tier.STORE, LAT, LON, Capabilities.ALL))
                .assignedId();
            assertEquals("ST", engine.query(v -> v.locationCode(store)).get(), "the engine went on");
        }
    }

    /** What a query is handed answers; it has nothing that changes state, and what it returns is a value. */
    @Test
    void theViewCannotChangeTheState()
    {
        for (final Method m : StateView.class.getMethods())
        {
            final Class<?> type = m.getReturnType();
            assertFalse(type == void.class, m + " returns nothing: a view method that does something");
            assertFalse(m.getName().matches("(set|add|remove|put|clear|apply|submit|change|write).*"), m.toString());
            assertTrue(type.isPrimitive() || type == String.class || type.isEnum() || type.isRecord(),
                m + " returns " + type + ", which could be mutable");
        }
        for (final Class<?> record : java.util.List.of(OpenTransfer.class, ChannelQuota.class, Promotion.class,
            ForecastOverride.class))
        {
            assertTrue(record.isRecord());
            for (final var component : record.getRecordComponents())
            {
                assertTrue(component.getType().isPrimitive(), component.toString());
            }
        }
        final RoutingPolicy policy = RoutingPolicy.defaults();
        assertThrows(UnsupportedOperationException.class, () -> policy.ruleSets().clear(), "the policy's lists are copies");
        assertTrue(Modifier.isFinal(EngineStateView.class.getModifiers()));
    }

    @Test
    @SuppressWarnings("deprecation")
    void theDeprecatedRawReadStillWorks() throws Exception
    {
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(dir.resolve("j")).build()))
        {
            ok(engine, Commands.defineSku(++id, "MILK", StockUnit.PIECE));
            final int[] skus = new int[1];
            engine.read(state -> skus[0] = state.skus().count()).get();
            assertEquals(1, skus[0]);
        }
    }

    /** (expected, actual, what) triples taken inside a query, asserted outside it. */
    private static final class Seen
    {
        private final java.util.List<Object[]> pairs = new java.util.ArrayList<>();

        void equal(final Object expected, final Object actual)
        {
            equal(expected, actual, "");
        }

        void equal(final Object expected, final Object actual, final String what)
        {
            pairs.add(new Object[] {expected, actual, what + " (check " + (pairs.size() + 1) + ")"});
        }

        void assertAll()
        {
            assertTrue(pairs.size() > 40, "checks: " + pairs.size());
            for (final Object[] p : pairs)
            {
                // An int expected against a long answer compares as numbers.
                final Object expected = p[0] instanceof Number n && p[1] instanceof Number ? (Object)n.longValue() : p[0];
                final Object actual = p[1] instanceof Number n ? (Object)n.longValue() : p[1];
                assertEquals(expected, actual, (String)p[2]);
            }
        }
    }

    private static CommandResult ok(final OmnistockEngine engine, final io.omnistock.api.Command command) throws Exception
    {
        final CommandResult result = engine.submit(command).get();
        assertEquals(ReasonCode.OK, result.reason(), result.toString());
        return result;
    }
}

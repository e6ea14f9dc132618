package io.omnistock.core.routing;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandTranslator;
import io.omnistock.api.CommandType;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ResultListener;
import io.omnistock.api.ResultView;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A flash sale: 1,000 units of one SKU in 20 nearby stores, 200,000 single-unit orders from 8
 * producer threads at once. Exactly 1,000 orders win; everyone else is told NO_ROUTE; nothing is
 * oversold; every command is answered exactly once; and the journal replays to the same state.
 */
class FlashSaleTest
{
    private static final int STORES = 20;
    private static final long UNITS_PER_STORE = 50;
    private static final long TOTAL_UNITS = STORES * UNITS_PER_STORE;
    private static final int PRODUCERS = 8;
    private static final int ORDERS = 200_000;
    private static final long FIRST_ORDER_COMMAND = 1_000_000;
    private static final long FIRST_ORDER_ID = 70_000_000;
    private static final int CENTRE_LAT = 31_230_000;
    private static final int CENTRE_LON = 121_470_000;
    private static final double METRES_PER_LAT_MICRO = 0.111_195;
    private static final double METRES_PER_LON_MICRO = METRES_PER_LAT_MICRO * Math.cos(Math.toRadians(31.23));

    @TempDir
    Path dir;

    /** Per order: how many results arrived, and what the (last) one said. */
    private final AtomicIntegerArray resultCount = new AtomicIntegerArray(ORDERS);
    private final ReasonCode[] reason = new ReasonCode[ORDERS];
    private final int[] allocationCount = new int[ORDERS];
    private final int[] allocatedAt = new int[ORDERS];
    private final long[] allocatedQuantity = new long[ORDERS];
    private final int[] unfilledCount = new int[ORDERS];
    private final AtomicInteger delivered = new AtomicInteger();
    private final AtomicReference<String> strayResult = new AtomicReference<>();

    private static int lat(final double northMetres)
    {
        return CENTRE_LAT + (int)Math.round(northMetres / METRES_PER_LAT_MICRO);
    }

    private static int lon(final double eastMetres)
    {
        return CENTRE_LON + (int)Math.round(eastMetres / METRES_PER_LON_MICRO);
    }

    /** Runs on the engine's journal thread; must not throw (the engine would swallow it). */
    private final ResultListener recorder = new ResultListener()
    {
        @Override
        public void onResult(final ResultView r)
        {
            final long index = r.commandId() - FIRST_ORDER_COMMAND;
            if (index < 0 || index >= ORDERS || r.type() != CommandType.ROUTE_ORDER ||
                r.orderId() != FIRST_ORDER_ID + index)
            {
                strayResult.compareAndSet(null, "command " + r.commandId() + " type " + r.type() + " order " +
                    r.orderId());
                return;
            }
            final int i = (int)index;
            reason[i] = r.reason();
            allocationCount[i] = r.allocationCount();
            allocatedAt[i] = r.allocationCount() > 0 ? r.allocationLocation(0) : -1;
            allocatedQuantity[i] = r.allocationCount() > 0 ? r.allocationQuantity(0) : 0;
            unfilledCount[i] = r.unfilledLineCount();
            // The volatile increment publishes the plain writes above to the test thread.
            resultCount.incrementAndGet(i);
            delivered.incrementAndGet();
        }
    };

    private static final CommandTranslator<Order> ROUTE = (writer, order) ->
        order.writeTo(FIRST_ORDER_COMMAND + (order.orderId() - FIRST_ORDER_ID), writer, true);

    @Test
    void exactlyTheStockOnSaleIsSoldAndReplayRoutesIdentically() throws Exception
    {
        final AtomicLong now = new AtomicLong(1_700_000_000_000L);
        final EngineConfig config = EngineConfig.builder()
            .journalDir(dir.resolve("journal"))
            .clock(now::get)
            .expectedReservations(4_096)
            .build();
        final int[] stores = new int[STORES];
        final int channel;
        final int sku;
        final long liveChecksum;
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            long id = 1;
            channel = engine.submit(Commands.defineChannel(id++, "flash", 3_600_000)).get().assignedId();
            sku = engine.submit(Commands.defineSku(id++, "PHONE-X", StockUnit.PIECE)).get().assignedId();
            for (int s = 0; s < STORES; s++)
            {
                // A ring of stores 1.2 km around the centre: every destination below is within 2 km of each.
                final double angle = 2 * Math.PI * s / STORES;
                final CommandResult defined = engine.submit(Commands.defineLocation(id++, "ST-" + s, Tier.STORE,
                    lat(1_200 * Math.sin(angle)), lon(1_200 * Math.cos(angle)), Capabilities.ALL)).get();
                assertEquals(ReasonCode.OK, defined.reason());
                stores[s] = defined.assignedId();
                assertEquals(ReasonCode.OK,
                    engine.submit(Commands.receive(id++, stores[s], sku, UNITS_PER_STORE)).get().reason());
            }
            assertEquals(TOTAL_UNITS, engine.submit(Commands.queryAvailability(id++, sku)).get().storeAvailable());

            final CountDownLatch start = new CountDownLatch(1);
            final List<Thread> producers = new ArrayList<>();
            final AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            for (int p = 0; p < PRODUCERS; p++)
            {
                final int producer = p;
                final Thread t = new Thread(() ->
                {
                    try
                    {
                        final Random random = new Random(42 + producer);
                        start.await();
                        // Interleaved indices, so every producer competes for the stock from the first order.
                        for (int i = producer; i < ORDERS; i += PRODUCERS)
                        {
                            final double r = 800 * Math.sqrt(random.nextDouble());
                            final double a = 2 * Math.PI * random.nextDouble();
                            final FulfilmentType type = random.nextBoolean() ? FulfilmentType.INSTANT :
                                FulfilmentType.REGULAR;
                            final Order order = new Order(FIRST_ORDER_ID + i, channel, type, lat(r * Math.sin(a)),
                                lon(r * Math.cos(a)), -1, 1_999, 0, 0, List.of(new OrderLine(sku, 1)));
                            engine.publish(ROUTE, order, recorder);
                        }
                    }
                    catch (final Throwable e)
                    {
                        producerFailure.compareAndSet(null, e);
                    }
                }, "flash-producer-" + p);
                producers.add(t);
                t.start();
            }
            start.countDown();
            for (final Thread t : producers)
            {
                t.join(TimeUnit.SECONDS.toMillis(120));
                assertFalse(t.isAlive(), "producer " + t.getName() + " did not finish");
            }
            assertNull(producerFailure.get());

            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (delivered.get() < ORDERS && System.nanoTime() < deadline && strayResult.get() == null)
            {
                Thread.sleep(5);
            }
            // The checksum request queues behind every order, so its answer means all were answered.
            liveChecksum = engine.stateChecksum().get(30, TimeUnit.SECONDS);
            assertNull(strayResult.get());
            assertEquals(ORDERS, delivered.get(), "results delivered");

            int ok = 0;
            int noRoute = 0;
            final long[] wonAt = new long[STORES];
            for (int i = 0; i < ORDERS; i++)
            {
                assertEquals(1, resultCount.get(i), "results for order " + i);
                final ReasonCode r = reason[i];
                assertNotNull(r, "order " + i + " has no reason");
                if (r == ReasonCode.OK)
                {
                    ok++;
                    assertEquals(1, allocationCount[i], "order " + i);
                    assertEquals(1, allocatedQuantity[i], "order " + i);
                    assertEquals(0, unfilledCount[i], "order " + i);
                    final int store = indexOf(stores, allocatedAt[i]);
                    assertTrue(store >= 0, "order " + i + " allocated at unknown location " + allocatedAt[i]);
                    wonAt[store]++;
                }
                else
                {
                    assertEquals(ReasonCode.NO_ROUTE, r, "order " + i);
                    assertEquals(0, allocationCount[i], "a rejected order holds nothing");
                    assertEquals(1, unfilledCount[i], "a rejected order's line is unfilled");
                    noRoute++;
                }
            }
            assertEquals(TOTAL_UNITS, ok, "orders won");
            assertEquals(ORDERS - TOTAL_UNITS, noRoute, "orders refused");

            long totalReserved = 0;
            for (int s = 0; s < STORES; s++)
            {
                final CommandResult p = engine.submit(Commands.queryPosition(id++, stores[s], sku)).get();
                assertEquals(UNITS_PER_STORE, p.onHand(), "on hand never moves on a hold");
                assertTrue(p.reserved() <= p.onHand(), "store " + s + " oversold: " + p);
                assertEquals(wonAt[s], p.reserved(), "store " + s + " reserves exactly what its winners hold");
                assertEquals(0, p.available(), "store " + s + " has nothing left to promise");
                totalReserved += p.reserved();
            }
            assertEquals(TOTAL_UNITS, totalReserved);
            final CommandResult network = engine.submit(Commands.queryAvailability(id++, sku)).get();
            assertEquals(0, network.storeAvailable());
            assertEquals(0, network.networkAvailable());
        }

        // Recovery re-routes every one of the 200,000 orders and verifies each record byte for byte.
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            assertEquals(liveChecksum, engine.stateChecksum().get(30, TimeUnit.SECONDS));
            assertTrue(engine.recoveryReport().replayedCommands() >= ORDERS, engine.recoveryReport().toString());
            // The recovered order book is live: a cancelled winner frees exactly one unit for the next buyer.
            final int winner = firstWinner();
            final CommandResult cancelled = engine.submit(Commands.cancelOrder(2_000_000, FIRST_ORDER_ID + winner))
                .get();
            assertEquals(ReasonCode.OK, cancelled.reason());
            assertEquals(OrderState.CANCELLED, cancelled.orderState());
            final CommandResult freed =
                engine.submit(Commands.queryPosition(2_000_001, allocatedAt[winner], sku)).get();
            assertEquals(UNITS_PER_STORE - 1, freed.reserved());
            assertEquals(1, freed.available());
            final Order late = new Order(99_000_000, channel, FulfilmentType.REGULAR, CENTRE_LAT, CENTRE_LON, -1, 1,
                0, 0, List.of(new OrderLine(sku, 1)));
            final CommandResult lateResult = engine.submit(Commands.routeOrder(2_000_002, late)).get();
            assertEquals(ReasonCode.OK, lateResult.reason());
            assertEquals(allocatedAt[winner], lateResult.allocations().get(0).location());
            final Order tooLate = new Order(99_000_001, channel, FulfilmentType.INSTANT, CENTRE_LAT, CENTRE_LON, -1,
                1, 0, 0, List.of(new OrderLine(sku, 1)));
            assertEquals(ReasonCode.NO_ROUTE, engine.submit(Commands.routeOrder(2_000_003, tooLate)).get().reason());
        }
    }

    private int firstWinner()
    {
        for (int i = 0; i < ORDERS; i++)
        {
            if (reason[i] == ReasonCode.OK)
            {
                return i;
            }
        }
        fail("no order won");
        return -1;
    }

    private static int indexOf(final int[] values, final int value)
    {
        for (int i = 0; i < values.length; i++)
        {
            if (values[i] == value)
            {
                return i;
            }
        }
        return -1;
    }
}

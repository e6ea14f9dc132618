package io.omnistock.core;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.EventKind;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderEngineTest
{
    @TempDir
    Path dir;

    /** A journaled engine on a settable clock, recording each order's state changes as "orderId:STATE". */
    private EngineConfig config(final AtomicLong now, final List<String> orderEvents)
    {
        return EngineConfig.builder()
            .journalDir(dir.resolve("journal"))
            .clock(now::get)
            .eventListener(e ->
            {
                if (e.kind() == EventKind.ORDER_CHANGED)
                {
                    orderEvents.add(e.orderId() + ":" + e.orderState());
                }
            })
            .build();
    }

    @Test
    void holdsExpireOnTheEngineTimerAndExpiryReplaysIdentically() throws Exception
    {
        final AtomicLong now = new AtomicLong(1_000_000);
        final List<String> orderEvents = new CopyOnWriteArrayList<>();
        final EngineConfig config = config(now, orderEvents);
        final long checksum;
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            final int channel = engine.submit(Commands.defineChannel(1, "app", 60_000)).get().assignedId();
            final int store = engine.submit(Commands.defineLocation(2, "S", Tier.STORE, 31_000_000, 121_000_000,
                Capabilities.ALL)).get().assignedId();
            final int sku = engine.submit(Commands.defineSku(3, "MILK", StockUnit.PIECE)).get().assignedId();
            engine.submit(Commands.receive(4, store, sku, 10)).get();
            for (int i = 0; i < 3; i++)
            {
                final CommandResult held = engine.submit(Commands.routeOrder(10 + i, new Order(500 + i, channel,
                    FulfilmentType.REGULAR, 31_000_000, 121_000_000, -1, 100, 0, 0,
                    List.of(new OrderLine(sku, 2))))).get();
                assertEquals(ReasonCode.OK, held.reason());
                now.addAndGet(10_000);
            }
            engine.submit(Commands.confirmOrder(20, 501)).get();

            now.addAndGet(60_000); // orders 500 and 502 are due; 501 is paid
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (orderEvents.stream().filter(e -> e.endsWith("EXPIRED")).count() < 2 && System.nanoTime() < deadline)
            {
                Thread.sleep(5);
            }
            final CommandResult p = engine.submit(Commands.queryPosition(30, store, sku)).get();
            assertEquals(2, p.reserved(), "only the paid order still holds stock");
            assertTrue(orderEvents.contains("500:" + OrderState.EXPIRED), orderEvents.toString());
            assertTrue(orderEvents.contains("502:" + OrderState.EXPIRED), orderEvents.toString());
            assertTrue(!orderEvents.contains("501:" + OrderState.EXPIRED), orderEvents.toString());
            checksum = engine.stateChecksum().get();
        }
        // Recovery replays every routing decision and expiry, verifying each record byte for byte.
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            assertEquals(checksum, engine.stateChecksum().get());
            assertEquals(ReasonCode.OK, engine.submit(Commands.fulfilOrder(40, 501, 0)).get().reason());
        }
    }

    /**
     * The business thread is held while a payment and an extension queue up, and the clock moves
     * past the holds' expiry only then: both commands are stamped after the expiry but run before
     * the timer's EXPIRE_HOLDS, which queues behind them.
     */
    @Test
    void aPaymentOrExtensionAfterTheExpiryButBeforeTheTimerIsRejectedAndReplays() throws Exception
    {
        final AtomicLong now = new AtomicLong(1_000_000);
        final List<String> orderEvents = new CopyOnWriteArrayList<>();
        final EngineConfig config = config(now, orderEvents);
        final long checksum;
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            final int channel = engine.submit(Commands.defineChannel(1, "app", 1_000)).get().assignedId();
            final int store = engine.submit(Commands.defineLocation(2, "S", Tier.STORE, 31_000_000, 121_000_000,
                Capabilities.ALL)).get().assignedId();
            final int sku = engine.submit(Commands.defineSku(3, "MILK", StockUnit.PIECE)).get().assignedId();
            engine.submit(Commands.receive(4, store, sku, 10)).get();
            for (int i = 0; i < 2; i++)
            {
                assertEquals(ReasonCode.OK, engine.submit(Commands.routeOrder(10 + i, new Order(500 + i, channel,
                    FulfilmentType.REGULAR, 31_000_000, 121_000_000, -1, 0, 0, 0,
                    List.of(new OrderLine(sku, 2))))).get().reason());
            }

            final CountDownLatch gate = new CountDownLatch(1);
            final CompletableFuture<Void> held = engine.read(state -> awaitQuietly(gate));
            final CompletableFuture<CommandResult> confirm = engine.submit(Commands.confirmOrder(20, 500));
            final CompletableFuture<CommandResult> extend = engine.submit(Commands.extendOrder(21, 501, 60_000));
            now.addAndGet(1_000);
            gate.countDown();
            held.get();
            assertEquals(ReasonCode.ORDER_NOT_HELD, confirm.get().reason());
            assertEquals(ReasonCode.ORDER_NOT_HELD, extend.get().reason());
            assertEquals(1_001_000, extend.get().expiresAt(), "the expiry it had, not a later one");

            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (orderEvents.stream().filter(e -> e.endsWith("EXPIRED")).count() < 2 && System.nanoTime() < deadline)
            {
                Thread.sleep(5);
            }
            assertEquals(List.of("500:HELD", "501:HELD", "500:EXPIRED", "501:EXPIRED"), orderEvents);
            assertEquals(0, engine.submit(Commands.queryPosition(30, store, sku)).get().reserved());
            checksum = engine.stateChecksum().get();
        }
        // Recovery re-decides both rejections from their journaled time, verifying each record.
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            assertEquals(List.of(), engine.recoveryReport().problems());
            assertEquals(checksum, engine.stateChecksum().get());
        }
    }

    private static void awaitQuietly(final CountDownLatch gate)
    {
        try
        {
            gate.await();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void routingConfigurationReplaysFromJournalAndSnapshot() throws Exception
    {
        final AtomicLong now = new AtomicLong(5_000_000);
        final EngineConfig config = EngineConfig.builder().journalDir(dir.resolve("j")).clock(now::get).build();
        final long checksum;
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            long id = 1;
            final int channel = engine.submit(Commands.defineChannel(id++, "tmall", 900_000)).get().assignedId();
            final int[] stores = new int[4];
            for (int i = 0; i < stores.length; i++)
            {
                stores[i] = engine.submit(Commands.defineLocation(id++, "S" + i, Tier.STORE, 31_000_000 + i * 5_000,
                    121_000_000, Capabilities.ALL)).get().assignedId();
            }
            final int sku = engine.submit(Commands.defineSku(id++, "TEA", StockUnit.PIECE)).get().assignedId();
            for (final int store : stores)
            {
                engine.submit(Commands.receive(id++, store, sku, 20)).get();
            }
            assertEquals(ReasonCode.OK, engine.submit(Commands.configureLocation(id++, stores[0], 3, 1, 20)).get().reason());
            assertEquals(ReasonCode.OK, engine.submit(Commands.setProtectedStock(id++, stores[1], sku, 5)).get().reason());
            assertEquals(ReasonCode.OK, engine.submit(Commands.setWalkInReserve(id++, stores[2], sku, 2)).get().reason());
            assertEquals(ReasonCode.OK, engine.submit(Commands.setChannelQuota(id++, channel, sku, 30, 50)).get().reason());
            assertEquals(ReasonCode.OK, engine.submit(Commands.setRoutingPolicy(id++, io.omnistock.api.RoutingPolicy
                .defaults())).get().reason());
            engine.snapshot().get();
            for (int i = 0; i < 12; i++)
            {
                engine.submit(Commands.routeOrder(id++, new Order(9_000 + i, channel, FulfilmentType.REGULAR,
                    31_000_000, 121_000_000, -1, i * 50_000, 0, Order.ALLOW_PARTIAL, List.of(new OrderLine(sku, 3)))))
                    .get();
                now.addAndGet(60_000);
            }
            engine.submit(Commands.rejectAllocation(id++, 9_000, stores[0])).get();
            checksum = engine.stateChecksum().get();
        }
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            assertTrue(engine.recoveryReport().snapshotSequence() > 0);
            assertEquals(checksum, engine.stateChecksum().get(), "snapshot + verified tail");
        }
        final Path snapshots = dir.resolve("j").resolve("snapshots");
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(snapshots))
        {
            for (final Path p : files.toList())
            {
                java.nio.file.Files.delete(p);
            }
        }
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            assertEquals(checksum, engine.stateChecksum().get(), "full verified replay");
        }
    }
}

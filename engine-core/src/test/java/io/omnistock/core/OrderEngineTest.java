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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderEngineTest
{
    @TempDir
    Path dir;

    @Test
    void holdsExpireOnTheEngineTimerAndExpiryReplaysIdentically() throws Exception
    {
        final AtomicLong now = new AtomicLong(1_000_000);
        final List<String> orderEvents = new CopyOnWriteArrayList<>();
        final EngineConfig config = EngineConfig.builder()
            .journalDir(dir.resolve("journal"))
            .clock(now::get)
            .eventListener(e ->
            {
                if (e.kind() == EventKind.ORDER_CHANGED)
                {
                    orderEvents.add(e.reservationId() + ":" + e.orderState());
                }
            })
            .build();
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
}

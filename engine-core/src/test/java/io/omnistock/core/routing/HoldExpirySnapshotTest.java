package io.omnistock.core.routing;

import io.omnistock.api.Capabilities;
import io.omnistock.api.Commands;
import io.omnistock.api.EventKind;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hold expiry after a snapshot: the tail replayed onto the snapshot must reproduce every expiry
 * record byte for byte, although the snapshot does not carry the expiry queue's stale entries
 * (orders cancelled, confirmed or extended before it was taken).
 */
class HoldExpirySnapshotTest
{
    private static final int LAT = 31_230_000;
    private static final int LON = 121_470_000;

    @TempDir
    Path dir;

    @Test
    void expiryAfterASnapshotReplaysFromTheSnapshot() throws Exception
    {
        final AtomicLong now = new AtomicLong(1_700_000_000_000L);
        final AtomicInteger expired = new AtomicInteger();
        final EngineConfig config = EngineConfig.builder()
            .journalDir(dir.resolve("j"))
            .clock(now::get)
            .eventListener(e ->
            {
                if (e.kind() == EventKind.ORDER_CHANGED && e.orderState() == OrderState.EXPIRED)
                {
                    expired.incrementAndGet();
                }
            })
            .build();
        final long checksum;
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            final int channel = engine.submit(Commands.defineChannel(1, "app", 60_000)).get().assignedId();
            final int sku = engine.submit(Commands.defineSku(2, "TEA", StockUnit.PIECE)).get().assignedId();
            final int store = engine.submit(Commands.defineLocation(3, "ST", Tier.STORE, LAT, LON, Capabilities.ALL))
                .get().assignedId();
            engine.submit(Commands.receive(4, store, sku, 10)).get();
            assertEquals(ReasonCode.OK, engine.submit(Commands.routeOrder(5, order(100, channel, sku))).get().reason());
            now.addAndGet(10_000);
            assertEquals(ReasonCode.OK, engine.submit(Commands.routeOrder(6, order(200, channel, sku))).get().reason());
            // Order 200's queue entry goes stale: it is paid before it is due.
            assertEquals(ReasonCode.OK, engine.submit(Commands.confirmOrder(7, 200)).get().reason());
            engine.snapshot().get(10, TimeUnit.SECONDS);

            now.addAndGet(55_000); // order 100 is due
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (expired.get() < 1 && System.nanoTime() < deadline)
            {
                Thread.sleep(2);
            }
            assertEquals(1, expired.get());
            assertEquals(1, engine.submit(Commands.queryPosition(8, store, sku)).get().reserved(),
                "the paid order still holds");
            checksum = engine.stateChecksum().get();
        }
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            assertTrue(engine.recoveryReport().snapshotSequence() > 0, engine.recoveryReport().toString());
            assertEquals(checksum, engine.stateChecksum().get(), "snapshot + verified tail");
        }
    }

    private static Order order(final long orderId, final int channel, final int sku)
    {
        return new Order(orderId, channel, FulfilmentType.REGULAR, LAT, LON, -1, 100, 0, 0,
            List.of(new OrderLine(sku, 1)));
    }
}

package io.omnistock.daemon.events;

import io.omnistock.api.Capabilities;
import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandType;
import io.omnistock.api.Commands;
import io.omnistock.api.InventoryEngine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A figure the engine had no room to give is asked for again on the next tick, never dropped. */
class FeedsTest
{
    @TempDir
    Path dir;

    @Test
    void aQueryThatFindsTheRingFullIsAskedAgain() throws Exception
    {
        final Path journal = dir.resolve("journal");
        try (OmnistockEngine real = OmnistockEngine.start(EngineConfig.builder().journalDir(journal).build()))
        {
            submit(real, Commands.defineLocation(1, "S1", Tier.STORE, 31_000_000, 121_000_000, Capabilities.ALL));
            submit(real, Commands.defineSku(2, "B", StockUnit.PIECE));
            submit(real, Commands.receive(3, 0, 0, 5));
            // The feeds ask the engine through trySubmit, which answers RING_FULL when the ring has no free slot.
            final AtomicBoolean ringFull = new AtomicBoolean(true);
            final InventoryEngine busy = (InventoryEngine)Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {InventoryEngine.class}, (proxy, method, args) ->
                    method.getName().equals("trySubmit") && ringFull.getAndSet(false) ?
                        CompletableFuture.completedFuture(
                            CommandResult.rejected(1, CommandType.QUERY_AVAILABILITY, ReasonCode.RING_FULL)) :
                        method.invoke(real, args));
            try (Feeds feeds = new Feeds(journal, busy, real.gauges()::lastSequence, Duration.ofMillis(10), 2, 10))
            {
                feeds.start();
                final FeedSubscriber subscriber = new FeedSubscriber(-1, Set.of(0), -1);
                feeds.subscribe(subscriber);
                assertEquals(availability(5, "IN_STOCK"), subscriber.queue().poll(10, TimeUnit.SECONDS),
                    "the starting figure");
                assertFalse(ringFull.get(), "the greeting found the ring full first");

                ringFull.set(true);
                submit(real, Commands.stocktake(4, 0, 0, 0));
                assertEquals(availability(0, "OUT_OF_STOCK"), subscriber.queue().poll(10, TimeUnit.SECONDS),
                    "the change");
                assertFalse(ringFull.get(), "the change found the ring full first");
            }
        }
    }

    private static String availability(final long available, final String status)
    {
        return "event: availability\ndata: {\"sku\":\"B\",\"available\":" + available + ",\"status\":\"" + status +
            "\"}\n\n";
    }

    private static void submit(final OmnistockEngine engine, final Command command) throws Exception
    {
        assertEquals(ReasonCode.OK, engine.submit(command).get(10, TimeUnit.SECONDS).reason());
    }
}

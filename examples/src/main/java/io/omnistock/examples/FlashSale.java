package io.omnistock.examples;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandTranslator;
import io.omnistock.api.Commands;
import io.omnistock.api.CommandWriter;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ResultListener;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A livestream flash sale (秒杀): 1,000 units of one SKU in 20 stores, and 8 producer threads
 * sending 200,000 single-unit instant orders at once through the allocation-free publish path.
 * Every order is routed to a store near its customer with stock left, or refused with a reason;
 * the engine never holds more than it has.
 */
public final class FlashSale
{
    private static final int STORES = 20;
    private static final int UNITS_PER_STORE = 50;
    private static final int THREADS = 8;
    private static final int CENTRE_LAT = 31_230_000;
    private static final int CENTRE_LON = 121_470_000;

    /** One producer's next order, written into the engine's slot by the translator. */
    private static final class Next
    {
        long commandId;
        long orderId;
        int lat;
        int lon;
    }

    private static final CommandTranslator<Next> ORDER = (CommandWriter w, Next n) ->
    {
        w.routeOrder(n.commandId, n.orderId, 0, FulfilmentType.INSTANT, n.lat, n.lon, -1, 19_900, 0, 0);
        w.addLine(0, 1);
    };

    private final PrintStream out;

    FlashSale(final PrintStream out)
    {
        this.out = out;
    }

    public static void main(final String[] args) throws Exception
    {
        final Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("omnistock-flash-sale");
        final int orders = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        new FlashSale(System.out).run(dir, orders);
    }

    /** @return [orders held, orders refused, units reserved at the end]. */
    long[] run(final Path dir, final int orders) throws Exception
    {
        final AtomicLongArray outcomes = new AtomicLongArray(2);
        final AtomicLong answered = new AtomicLong();
        final ResultListener listener = r ->
        {
            outcomes.incrementAndGet(r.reason() == ReasonCode.OK ? 0 : 1);
            answered.incrementAndGet();
        };
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(dir.resolve("journal"))
            .build()))
        {
            engine.submit(Commands.defineChannel(1, "livestream", 15 * 60_000)).get();
            engine.submit(Commands.defineSku(2, "HIT-ITEM", StockUnit.PIECE)).get();
            for (int s = 0; s < STORES; s++)
            {
                final double angle = 2 * Math.PI * s / STORES;
                engine.submit(Commands.defineLocation(10 + s, String.format("ST-%02d", s + 1), Tier.STORE,
                    CENTRE_LAT + (int)(Math.cos(angle) * 10_000), CENTRE_LON + (int)(Math.sin(angle) * 10_000),
                    Capabilities.ALL)).get();
                engine.submit(Commands.receive(100 + s, s, 0, UNITS_PER_STORE)).get();
            }
            out.printf("flash sale: %,d units of HIT-ITEM in %d stores; %d threads send %,d orders%n",
                STORES * UNITS_PER_STORE, STORES, THREADS, orders);
            final CountDownLatch start = new CountDownLatch(1);
            final Thread[] producers = new Thread[THREADS];
            for (int t = 0; t < THREADS; t++)
            {
                final int thread = t;
                producers[t] = new Thread(() ->
                {
                    final Next next = new Next();
                    final java.util.Random random = new java.util.Random(thread);
                    try
                    {
                        start.await();
                    }
                    catch (final InterruptedException e)
                    {
                        return;
                    }
                    for (int i = thread; i < orders; i += THREADS)
                    {
                        next.commandId = 1_000_000 + i;
                        next.orderId = 1 + i;
                        next.lat = CENTRE_LAT + (int)((random.nextDouble() - 0.5) * 30_000);
                        next.lon = CENTRE_LON + (int)((random.nextDouble() - 0.5) * 30_000);
                        engine.publish(ORDER, next, listener);
                    }
                }, "producer-" + t);
                producers[t].start();
            }
            final long began = System.nanoTime();
            start.countDown();
            for (final Thread producer : producers)
            {
                producer.join();
            }
            while (answered.get() < orders)
            {
                Thread.onSpinWait();
            }
            final double seconds = (System.nanoTime() - began) / 1e9;
            long reserved = 0;
            long overHeld = 0;
            for (int s = 0; s < STORES; s++)
            {
                final var p = engine.submit(Commands.queryPosition(500 + s, s, 0)).get();
                reserved += p.reserved();
                overHeld += Math.max(0, p.reserved() - p.onHand());
            }
            out.printf("%,d orders answered in %.2f s (%,.0f orders/s, each routed, held and journaled)%n",
                orders, seconds, orders / seconds);
            out.printf("held: %,d   refused (NO_ROUTE): %,d   units reserved: %,d   held beyond stock: %,d%n",
                outcomes.get(0), outcomes.get(1), reserved, overHeld);
            return new long[] {outcomes.get(0), outcomes.get(1), reserved};
        }
    }
}

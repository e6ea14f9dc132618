package io.omnistock.core;

import io.omnistock.api.Capabilities;
import io.omnistock.api.Commands;
import io.omnistock.api.EventKind;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static io.omnistock.core.model.EngineProbe.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compact thread model (a budget of two cores): one engine thread journals, keeps the timer and
 * pretouches. Holds still expire on time through a journaled {@code EXPIRE_HOLDS}, idle or busy;
 * periodic durability still forces while idle; the journal replays bit for bit. Time is the test's
 * clock: the engine sees it only through its stamps, as ever.
 */
class CompactThreadModelTest
{
    private static final long T0 = 1_000_000;
    private static final int HOLD_MILLIS = 60_000;
    private static final long INTERVAL_MILLIS = 200;

    @TempDir
    Path dir;

    private EngineConfig.Builder compact(final AtomicLong now, final List<String> expired)
    {
        return EngineConfig.builder()
            .journalDir(dir.resolve("journal"))
            .cpuBudget(2)
            .clock(now::get)
            .eventListener(e ->
            {
                if (e.kind() == EventKind.ORDER_CHANGED && e.orderState() == io.omnistock.api.OrderState.EXPIRED)
                {
                    expired.add(Thread.currentThread().getName() + ":" + e.orderId());
                }
            });
    }

    @Test
    void oneEngineThreadDoesTheWorkOfFour() throws Exception
    {
        try (OmnistockEngine engine = OmnistockEngine.start(compact(new AtomicLong(T0), new CopyOnWriteArrayList<>())
            .build()))
        {
            assertEquals(TimerThread.WRITER, engine.threadModel().timerThread());
            await(engine.submit(Commands.defineSku(1, "MILK", StockUnit.PIECE)));
            assertEquals(Set.of("omnistock-logic"), engineThreads());
        }
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(dir.resolve("journal"))
            .cpuBudget(4).build()))
        {
            await(engine.submit(Commands.defineSku(2, "BREAD", StockUnit.PIECE)));
            assertEquals(Set.of("omnistock-logic", "omnistock-journal", "omnistock-timer", "omnistock-journal-pretouch"),
                engineThreads());
        }
    }

    @Test
    void aHoldDueWhileTheEngineIsIdleExpiresThroughAJournaledCommandAndReplays() throws Exception
    {
        final AtomicLong now = new AtomicLong(T0);
        final List<String> expired = new CopyOnWriteArrayList<>();
        final EngineConfig config = compact(now, expired).build();
        final long checksum;
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            final int sku = define(engine);
            hold(engine, 10, 500, sku);
            hold(engine, 11, 501, sku);
            now.addAndGet(HOLD_MILLIS - 1);
            pause(50);
            assertEquals(List.of(), expired, "expired before it was due");

            now.addAndGet(1); // due; nothing else happens: only the writer's idle tick can notice
            awaitTrue(() -> expired.size() == 2, () -> "expired: " + expired);
            assertEquals(List.of("omnistock-logic:500", "omnistock-logic:501"), expired);
            assertEquals(0, await(engine.submit(Commands.queryPosition(30, 0, sku))).reserved());
            checksum = await(engine.stateChecksum());
        }
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            // Recovery re-applies every record, the EXPIRE_HOLDS included, and compares it byte for byte.
            assertTrue(engine.recoveryReport().replayedCommands() >= 7, engine.recoveryReport()::toString);
            assertEquals(checksum, await(engine.stateChecksum()));
        }
    }

    @Test
    void aHoldDueWhileCommandsKeepTheWriterBusyExpiresBetweenBatches() throws Exception
    {
        final AtomicLong now = new AtomicLong(T0);
        final List<String> expired = new CopyOnWriteArrayList<>();
        try (OmnistockEngine engine = OmnistockEngine.start(compact(now, expired).build()))
        {
            final int sku = define(engine);
            hold(engine, 10, 500, sku);
            // Each answer publishes the next query from the writer's own thread, so the ring is never
            // empty for an idle tick, however the machine schedules this test: only the check between
            // batches can see the hold fall due.
            final AtomicBoolean stop = new AtomicBoolean();
            final AtomicLong nextId = new AtomicLong(1_000);
            final Runnable[] chain = new Runnable[1];
            chain[0] = () ->
            {
                if (!stop.get())
                {
                    engine.trySubmit(Commands.queryPosition(nextId.getAndIncrement(), 0, sku)).thenRun(chain[0]);
                }
            };
            chain[0].run();
            try
            {
                now.addAndGet(HOLD_MILLIS);
                awaitTrue(() -> expired.size() == 1, () -> "expired: " + expired);
            }
            finally
            {
                stop.set(true);
            }
            assertEquals(List.of("omnistock-logic:500"), expired);
            assertTrue(nextId.get() > 1_001, "the writer was not kept busy");
        }
    }

    @Test
    void periodicDurabilityStillForcesWhileIdle() throws Exception
    {
        final Set<String> forcedOn = ConcurrentHashMap.newKeySet();
        final AtomicLong forces = new AtomicLong();
        final JournalFaults counted = new JournalFaults()
        {
            @Override
            public void beforeSync()
            {
                forcedOn.add(Thread.currentThread().getName());
                forces.incrementAndGet();
            }
        };
        final AtomicLong now = new AtomicLong(T0);
        // Never by count: only the interval forces, and only a sync tick reaches an idle writer.
        final EngineConfig config = compact(now, new CopyOnWriteArrayList<>())
            .durability(Durability.periodic(1 << 30, Duration.ofMillis(INTERVAL_MILLIS))).build();
        try (OmnistockEngine engine = OmnistockEngine.start(config, new RecoveryProgress(), counted))
        {
            pause(INTERVAL_MILLIS + 50);
            // The first is forced as its batch ends (the interval has passed since the start), the
            // second not (it has not since that force): it waits, unforced, for the interval's tick.
            await(engine.submit(Commands.defineSku(1, "MILK", StockUnit.PIECE)));
            await(engine.submit(Commands.defineSku(2, "BREAD", StockUnit.PIECE)));
            pause(2 * INTERVAL_MILLIS);
            final long before = forces.get();
            now.addAndGet(INTERVAL_MILLIS); // the engine's time reaches the interval: the writer's idle tick sends a sync tick
            awaitTrue(() -> forces.get() > before, () -> "no force while idle after " + before);
            assertEquals(Set.of("omnistock-journal-sync"), forcedOn);
        }
    }

    private static int define(final OmnistockEngine engine)
    {
        await(engine.submit(Commands.defineChannel(1, "app", HOLD_MILLIS)));
        await(engine.submit(Commands.defineLocation(2, "S", Tier.STORE, 31_000_000, 121_000_000, Capabilities.ALL)));
        final int sku = await(engine.submit(Commands.defineSku(3, "MILK", StockUnit.PIECE))).assignedId();
        await(engine.submit(Commands.receive(4, 0, sku, 10)));
        return sku;
    }

    private static void hold(final OmnistockEngine engine, final long commandId, final long orderId, final int sku)
    {
        assertEquals(ReasonCode.OK, await(engine.submit(Commands.routeOrder(commandId, new Order(orderId, 0,
            FulfilmentType.REGULAR, 31_000_000, 121_000_000, -1, 100, 0, 0, List.of(new OrderLine(sku, 2)))))).reason());
    }

    private static Set<String> engineThreads()
    {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
            .filter(name -> name.startsWith("omnistock-") && !name.equals("omnistock-close"))
            .collect(Collectors.toSet());
    }

    private static void awaitTrue(final BooleanSupplier condition, final java.util.function.Supplier<String> message)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline)
        {
            pause(2);
        }
        assertTrue(condition.getAsBoolean(), message);
    }

    private static void pause(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}

package io.omnistock.core.concurrency;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandTranslator;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ResultListener;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.RecoveryReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import static io.omnistock.core.model.EngineProbe.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Eight producer threads race 200,000 single-unit reservations (distinct command and reservation
 * ids) for the last 1,000 units of one SKU at one location, through the real engine with a
 * journal. Exactly 1,000 win, every other attempt is INSUFFICIENT_STOCK, every command gets
 * exactly one result, and the results are consistent with one serial order.
 */
class ReserveRaceTest
{
    private static final int THREADS = 8;
    private static final int ATTEMPTS = 200_000;
    private static final int PER_THREAD = ATTEMPTS / THREADS;
    private static final long STOCK = 1_000;
    private static final long FIRST_ID = 1_000_000;
    private static final int SETUP_COMMANDS = 3;

    @TempDir
    Path dir;

    /** One attempt: its index into the result arrays. */
    private record Attempt(int index, int location, int sku)
    {
    }

    private static final CommandTranslator<Attempt> RESERVE_ONE = (writer, a) ->
        writer.reserve(FIRST_ID + a.index(), FIRST_ID + a.index(), a.location(), a.sku(), 1);

    @Test
    void eightProducersRaceForTheLastThousandUnits() throws Exception
    {
        final EngineConfig config = EngineConfig.builder().journalDir(dir.resolve("journal")).build();
        final AtomicIntegerArray resultCount = new AtomicIntegerArray(ATTEMPTS);
        final ReasonCode[] reasons = new ReasonCode[ATTEMPTS];
        final long[] sequences = new long[ATTEMPTS];
        final long[] available = new long[ATTEMPTS];
        final long[] reserved = new long[ATTEMPTS];
        final long[] held = new long[ATTEMPTS];
        final long[] commandIds = new long[ATTEMPTS];
        final CountDownLatch answered = new CountDownLatch(ATTEMPTS);
        final AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        final long checksum;
        final int location;
        final int sku;

        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            location = await(engine.submit(Commands.defineLocation(1, "STORE-1", Tier.STORE, 31_000_000, 121_000_000,
                Capabilities.ALL))).assignedId();
            sku = await(engine.submit(Commands.defineSku(2, "LAST-UNITS", StockUnit.PIECE))).assignedId();
            assertEquals(ReasonCode.OK, await(engine.submit(Commands.receive(3, location, sku, STOCK))).reason());

            final CountDownLatch go = new CountDownLatch(1);
            final List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++)
            {
                final int thread = t;
                // Half the producers use the blocking publish, half tryPublish with retry on a full ring.
                final boolean nonBlocking = t % 2 == 1;
                final Thread producer = new Thread(() ->
                {
                    try
                    {
                        go.await();
                        for (int i = 0; i < PER_THREAD; i++)
                        {
                            final int index = thread * PER_THREAD + i;
                            final Attempt attempt = new Attempt(index, location, sku);
                            final ResultListener listener = r ->
                            {
                                resultCount.incrementAndGet(index);
                                reasons[index] = r.reason();
                                sequences[index] = r.sequence();
                                available[index] = r.available();
                                reserved[index] = r.reserved();
                                held[index] = r.held();
                                commandIds[index] = r.commandId();
                                answered.countDown();
                            };
                            if (nonBlocking)
                            {
                                while (!engine.tryPublish(RESERVE_ONE, attempt, listener))
                                {
                                    Thread.yield();
                                }
                            }
                            else
                            {
                                engine.publish(RESERVE_ONE, attempt, listener);
                            }
                        }
                    }
                    catch (final Throwable e)
                    {
                        producerFailure.compareAndSet(null, e);
                    }
                }, "producer-" + t);
                producers.add(producer);
                producer.start();
            }
            go.countDown();
            for (final Thread producer : producers)
            {
                producer.join(TimeUnit.MINUTES.toMillis(3));
                assertTrue(!producer.isAlive(), producer.getName() + " did not finish publishing");
            }
            assertNull(producerFailure.get(), "a producer failed");
            if (!answered.await(3, TimeUnit.MINUTES))
            {
                fail(answered.getCount() + " of " + ATTEMPTS + " commands never got a result");
            }

            final CommandResult position = await(engine.submit(Commands.queryPosition(9, location, sku)));
            assertEquals(STOCK, position.onHand());
            assertEquals(STOCK, position.reserved());
            assertEquals(0, position.available());
            final CommandResult network = await(engine.submit(Commands.queryAvailability(10, sku)));
            assertEquals(0, network.networkAvailable());
            // Every attempt is remembered: retrying any of them is a duplicate, not a second chance.
            final CommandResult retry = await(engine.submit(Commands.reserve(FIRST_ID, FIRST_ID, location, sku, 1)));
            assertEquals(ReasonCode.DUPLICATE_COMMAND, retry.reason());
            assertEquals(reasons[0], retry.originalReason());
            checksum = await(engine.stateChecksum());
        }

        // Exactly one result per command, for that command.
        int won = 0;
        int lost = 0;
        for (int i = 0; i < ATTEMPTS; i++)
        {
            assertEquals(1, resultCount.get(i), "results delivered for attempt " + i);
            assertEquals(FIRST_ID + i, commandIds[i], "attempt " + i + " got another command's result");
            if (reasons[i] == ReasonCode.OK)
            {
                won++;
                assertEquals(1, held[i], "a winning reservation holds one unit");
            }
            else if (reasons[i] == ReasonCode.INSUFFICIENT_STOCK)
            {
                lost++;
                assertEquals(STOCK, reserved[i], "a loser sees everything reserved");
                assertEquals(0, available[i], "a loser sees nothing available");
            }
            else
            {
                fail("attempt " + i + " got " + reasons[i]);
            }
        }
        assertEquals(STOCK, won, "winners");
        assertEquals(ATTEMPTS - STOCK, lost, "losers");

        // One serial order: sequences are exactly the next 200,000 numbers, the k-th winner saw
        // 1000 - k left, and every loser comes after the last winner.
        final List<Integer> bySequence = new ArrayList<>(ATTEMPTS);
        for (int i = 0; i < ATTEMPTS; i++)
        {
            bySequence.add(i);
        }
        bySequence.sort(Comparator.comparingLong(i -> sequences[i]));
        long k = 0;
        for (int n = 0; n < ATTEMPTS; n++)
        {
            final int i = bySequence.get(n);
            assertEquals(SETUP_COMMANDS + 1 + n, sequences[i], "sequences are dense and distinct");
            if (reasons[i] == ReasonCode.OK)
            {
                k++;
                assertEquals(n + 1, k, "a reservation succeeded after one failed for want of stock");
                assertEquals(STOCK - k, available[i], "available after the " + k + "th winner");
                assertEquals(k, reserved[i], "reserved after the " + k + "th winner");
            }
        }

        // The journal holds the same outcome: recovery replays (and verifies) all of it.
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            final RecoveryReport report = engine.recoveryReport();
            assertEquals(SETUP_COMMANDS + ATTEMPTS + 1, report.lastSequence(), "setup, attempts and the retry");
            assertEquals(SETUP_COMMANDS + ATTEMPTS + 1, report.replayedCommands());
            assertEquals(checksum, await(engine.stateChecksum()), "recovered state");
            final CommandResult position = await(engine.submit(Commands.queryPosition(11, location, sku)));
            assertEquals(STOCK, position.reserved());
            assertEquals(0, position.available());
        }
    }
}

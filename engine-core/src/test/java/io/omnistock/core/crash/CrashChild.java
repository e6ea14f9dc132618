package io.omnistock.core.crash;

import io.omnistock.core.JournalThread;
import io.omnistock.api.AdjustmentReason;
import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandType;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.model.Cmd;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM for {@link KillNineRecoveryTest}: runs an engine on a journal and applies an endless
 * stream of commands (up to 64 in flight), printing {@code ACK <commandId> <reason> <sequence> $}
 * for each as soon as its future completes, until it is killed.
 *
 * <p>Each line goes out in one unbuffered write(2) of far less than PIPE_BUF bytes, so the parent
 * never reads half an acknowledgement. Snapshots are taken every 1,500 commands so recovery
 * after the kill exercises snapshot + tail. The child exits by itself if its stdin closes (the
 * test JVM died) or after two minutes.
 *
 * <p>Arguments: journal directory, first command id, random seed.
 */
public final class CrashChild
{
    static final String[] LOCATIONS = {"CRASH-W", "CRASH-F", "CRASH-S"};
    static final Tier[] TIERS = {Tier.WAREHOUSE, Tier.FRONT_WAREHOUSE, Tier.STORE};
    static final String[] SKUS = {"CRASH-A", "CRASH-B", "CRASH-C"};
    private static final int IN_FLIGHT = 64;
    private static final int SNAPSHOT_EVERY = 1_500;

    private static final FileOutputStream OUT = new FileOutputStream(FileDescriptor.out);

    private CrashChild()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path journal = Path.of(args[0]);
        final long firstId = Long.parseLong(args[1]);
        final Random random = new Random(Long.parseLong(args[2]));
        final JournalThread journalThread = JournalThread.valueOf(args[3]);
        exitWhenParentGoes();

        // A small ring: 64 commands are in flight at most, and the child runs in a small heap.
        try (OmnistockEngine engine = OmnistockEngine.start(
            EngineConfig.builder().journalDir(journal).ringSize(1024).journalThread(journalThread).build()))
        {
            long id = firstId;
            final int[] locations = new int[LOCATIONS.length];
            for (int i = 0; i < LOCATIONS.length; i++)
            {
                locations[i] = engine.locationId(LOCATIONS[i]);
                if (locations[i] < 0)
                {
                    locations[i] = engine.submit(Cmd.defineLocation(id++, LOCATIONS[i], TIERS[i], 31_000_000,
                        121_000_000, Capabilities.ALL).toCommand()).get(60, TimeUnit.SECONDS).assignedId();
                }
            }
            final int[] skus = new int[SKUS.length];
            for (int i = 0; i < SKUS.length; i++)
            {
                skus[i] = engine.skuId(SKUS[i]);
                if (skus[i] < 0)
                {
                    skus[i] = engine.submit(Cmd.defineSku(id++, SKUS[i], StockUnit.PIECE).toCommand())
                        .get(60, TimeUnit.SECONDS).assignedId();
                }
            }
            emit("READY " + engine.recoveryReport().lastSequence() + " $");

            final Semaphore inFlight = new Semaphore(IN_FLIGHT);
            final ArrayDeque<Long> reservations = new ArrayDeque<>();
            for (long n = 1; ; n++)
            {
                final Cmd cmd = next(random, id++, locations, skus, reservations);
                inFlight.acquire();
                engine.submit(cmd.toCommand()).whenComplete((result, error) ->
                {
                    if (result != null)
                    {
                        acknowledge(result);
                    }
                    inFlight.release();
                });
                if (n % SNAPSHOT_EVERY == 0)
                {
                    engine.snapshot();
                }
            }
        }
    }

    private static Cmd next(
        final Random random, final long id, final int[] locations, final int[] skus, final ArrayDeque<Long> reservations)
    {
        final int location = locations[random.nextInt(locations.length)];
        final int sku = skus[random.nextInt(skus.length)];
        final int roll = random.nextInt(100);
        if (roll < 25)
        {
            return Cmd.stock(CommandType.RECEIVE, id, location, sku, 1 + random.nextInt(20));
        }
        if (roll < 50)
        {
            reservations.addLast(id);
            if (reservations.size() > 64)
            {
                reservations.removeFirst();
            }
            return Cmd.reserve(id, id, location, sku, 1 + random.nextInt(5));
        }
        if (roll < 70 && !reservations.isEmpty())
        {
            final long reservation = reservations.stream().skip(random.nextInt(reservations.size())).findFirst()
                .orElseThrow();
            return roll < 60 ? Cmd.release(id, reservation, 1 + random.nextInt(3)) :
                Cmd.fulfil(id, reservation, 1 + random.nextInt(3));
        }
        if (roll < 78)
        {
            return Cmd.stock(CommandType.SALE, id, location, sku, 1 + random.nextInt(5));
        }
        if (roll < 83)
        {
            return Cmd.adjust(id, location, sku, random.nextInt(11) - 5,
                AdjustmentReason.values()[random.nextInt(AdjustmentReason.values().length)]);
        }
        if (roll < 90)
        {
            final int to = locations[(location + 1 + random.nextInt(locations.length - 1)) % locations.length];
            return Cmd.transferOut(id, location, to, sku, 1 + random.nextInt(10));
        }
        if (roll < 95)
        {
            return Cmd.stock(CommandType.TRANSFER_IN, id, location, sku, 1 + random.nextInt(5));
        }
        if (roll < 97)
        {
            return Cmd.stock(CommandType.STOCKTAKE, id, location, sku, random.nextInt(50));
        }
        if (roll < 98)
        {
            return Cmd.stock(CommandType.SET_SAFETY_STOCK, id, location, sku, random.nextInt(5));
        }
        if (roll < 99)
        {
            return Cmd.stock(CommandType.RECEIVE, id, locations.length + 7, sku, 1);
        }
        // A retry of a recent command id: a duplicate.
        return Cmd.stock(CommandType.RECEIVE, id - 1 - random.nextInt(10), location, sku, 1);
    }

    private static void acknowledge(final CommandResult result)
    {
        emit("ACK " + result.commandId() + " " + result.reason() + " " + result.sequence() + " $");
    }

    private static synchronized void emit(final String line)
    {
        try
        {
            OUT.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        catch (final IOException e)
        {
            Runtime.getRuntime().halt(5);
        }
    }

    /** Halts when stdin reaches end of file (the test JVM is gone) or after two minutes. */
    static void exitWhenParentGoes()
    {
        final Thread stdin = new Thread(() ->
        {
            try
            {
                while (System.in.read() >= 0)
                {
                    // nothing is sent; just wait for end of file
                }
            }
            catch (final IOException e)
            {
                // parent gone
            }
            Runtime.getRuntime().halt(4);
        }, "parent-watchdog");
        stdin.setDaemon(true);
        stdin.start();
        final Thread deadline = new Thread(() ->
        {
            try
            {
                Thread.sleep(TimeUnit.MINUTES.toMillis(2));
            }
            catch (final InterruptedException e)
            {
                return;
            }
            Runtime.getRuntime().halt(4);
        }, "deadline");
        deadline.setDaemon(true);
        deadline.start();
    }
}

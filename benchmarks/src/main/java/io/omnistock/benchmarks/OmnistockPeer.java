package io.omnistock.benchmarks;

import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandTranslator;
import io.omnistock.api.CommandWriter;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Limits;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ResultListener;
import io.omnistock.api.ResultView;
import io.omnistock.core.Durability;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.WaitStrategyKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * omnistock embedded in the benchmark's JVM, with its journal. A flash-sale order is a RESERVE of 1
 * unit; a basket is a routed PICKUP order naming its store, all lines held there or none. Clients
 * publish a batch through the allocation-free path and wait for its results, like a pipelined
 * Redis client. Each {@link #load} starts a fresh engine on a fresh journal.
 */
final class OmnistockPeer implements PeerSystem
{
    private static final long HOLD_TTL_MILLIS = Limits.MAX_HOLD_MILLIS;
    private final String durabilityName;
    private final Durability durability;
    /** Open holds are never released in a run; the books are sized for them so they do not grow mid-run. */
    private final int expectedHolds;
    private Path journal;
    private OmnistockEngine engine;
    private int channel;
    private final AtomicLong nextClientBase = new AtomicLong();

    OmnistockPeer(final String durabilityName, final int expectedHolds)
    {
        this.durabilityName = durabilityName;
        this.expectedHolds = expectedHolds;
        this.durability = switch (durabilityName)
        {
            case "pagecache" -> Durability.pageCache();
            // Forced at least once a second: what Redis appendfsync everysec and PostgreSQL
            // synchronous_commit=off (WAL flushed every 200 ms) promise too.
            case "equal" -> Durability.periodic(Integer.MAX_VALUE, Duration.ofSeconds(1));
            case "strongest" -> Durability.syncEachBatch();
            default -> throw new IllegalArgumentException("durability must be pagecache, equal or strongest");
        };
    }

    @Override
    public String describe()
    {
        return switch (durabilityName)
        {
            case "pagecache" -> "omnistock embedded, journal in page cache (never forced)";
            case "equal" -> "omnistock embedded, journal forced every 1 s";
            default -> "omnistock embedded, journal forced before each batch is answered";
        };
    }

    @Override
    public void load(final PeerWorkload workload, final long quantity) throws Exception
    {
        stop();
        journal = Files.createTempDirectory("omnistock-peers");
        engine = OmnistockEngine.start(EngineConfig.builder().journalDir(journal).snapshotDir(null)
            .durability(durability).waitStrategy(WaitStrategyKind.YIELDING)
            .expectedPositions(Math.max(1024, workload.positions())).expectedReservations(expectedHolds).build());
        channel = engine.submit(Commands.defineChannel(1, "peers", HOLD_TTL_MILLIS)).get().assignedId();
        Network.loadInto(engine, workload.locations, workload.skus, quantity, 2);
        nextClientBase.set(1L << 40);
    }

    @Override
    public Client client(final PeerWorkload workload, final int index)
    {
        // Command, reservation and order ids: a block of 2^32 per client, above the load's ids.
        return new OmnistockClient(engine, workload, channel, nextClientBase.getAndAdd(1L << 32));
    }

    @Override
    public long[] available(final PeerWorkload workload) throws Exception
    {
        final long[] available = new long[workload.positions()];
        long commandId = 1L << 62;
        for (int l = 0; l < workload.locations; l++)
        {
            for (int s = 0; s < workload.skus; s++)
            {
                final CommandResult r = engine.submit(Commands.queryPosition(commandId++, l, s)).get();
                if (r.reason() != ReasonCode.OK)
                {
                    throw new IllegalStateException("query of position " + l + "/" + s + ": " + r.reason());
                }
                available[l * workload.skus + s] = r.available();
            }
        }
        return available;
    }

    @Override
    public void close() throws IOException
    {
        stop();
    }

    private void stop() throws IOException
    {
        if (engine != null)
        {
            engine.close();
            if (engine.halted())
            {
                throw new IllegalStateException("the engine halted during the run");
            }
            engine = null;
            PipelineBenchmark.deleteRecursively(journal);
        }
    }

    /** One client: publishes a batch, then waits until the journal thread has answered all of it. */
    private static final class OmnistockClient implements Client, ResultListener
    {
        private static final CommandTranslator<OmnistockClient> WRITE = OmnistockClient::write;

        private final OmnistockEngine engine;
        private final PeerWorkload workload;
        private final int channel;
        private long nextId;
        private final AtomicLong answered = new AtomicLong();
        private long answeredCount;
        private int[][] positions = new int[0][];
        private long batchFirstId;
        private Outcome outcome;
        // The order being published, read by WRITE on this thread.
        private long id;
        private PeerWorkload.Orders current;

        OmnistockClient(final OmnistockEngine engine, final PeerWorkload workload, final int channel, final long base)
        {
            this.engine = engine;
            this.workload = workload;
            this.channel = channel;
            this.nextId = base;
        }

        @Override
        public void send(final PeerWorkload.Orders orders, final int count, final Outcome outcome)
        {
            if (positions.length < count)
            {
                positions = new int[count][workload.lines];
            }
            this.outcome = outcome;
            this.current = orders;
            batchFirstId = nextId;
            final long target = answeredCount + count;
            for (int k = 0; k < count; k++)
            {
                orders.next();
                for (int line = 0; line < workload.lines; line++)
                {
                    positions[k][line] = orders.position(line);
                }
                id = nextId++;
                while (!engine.tryPublish(WRITE, this, this))
                {
                    Thread.yield();
                }
            }
            while (answered.get() < target)
            {
                Thread.yield();
            }
        }

        private static void write(final CommandWriter w, final OmnistockClient c)
        {
            final PeerWorkload.Orders o = c.current;
            if (c.workload.lines == 1)
            {
                w.reserve(c.id, c.id, o.location, o.sku[0], 1);
            }
            else
            {
                w.routeOrder(c.id, c.id, c.channel, FulfilmentType.PICKUP, 0, 0, o.location, 5_000, 0, 0);
                for (int line = 0; line < c.workload.lines; line++)
                {
                    w.addLine(o.sku[line], 1);
                }
            }
        }

        @Override
        public void onResult(final ResultView result)
        {
            final int k = (int)(result.commandId() - batchFirstId);
            outcome.answered(k, positions[k], result.reason() == ReasonCode.OK, System.nanoTime());
            answered.lazySet(++answeredCount);
        }

        @Override
        public void close()
        {
        }
    }
}

package io.omnistock.benchmarks;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandTranslator;
import io.omnistock.api.CommandWriter;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ResultListener;
import io.omnistock.api.ResultView;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.JournalThread;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.WaitStrategyKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * End-to-end throughput of the full engine: producer -> ring -> business-logic thread -> journal
 * stage (Chronicle Queue append, page-cache durability, when the journal is on) -> result listener.
 *
 * <p>The benchmark thread is the single producer. Each invocation publishes {@link #BATCH}
 * single-line commands (alternating RESERVE of a new reservation and RELEASE of it) through the
 * allocation-free {@code tryPublish} path, with a pre-allocated translator, argument and listener,
 * and then waits until the listener has received every one of those results. Throughput is
 * therefore completed (journaled and answered) commands per second, not enqueued ones. One
 * operation is one command.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
    BenchmarkJvm.EXPORT_MISC, BenchmarkJvm.EXPORT_REF, BenchmarkJvm.EXPORT_NIO_CH, BenchmarkJvm.EXPORT_SUN_MISC,
    BenchmarkJvm.EXPORT_JAVAC_FILE, BenchmarkJvm.OPEN_JAVAC, BenchmarkJvm.OPEN_LANG, BenchmarkJvm.OPEN_REFLECT,
    BenchmarkJvm.OPEN_IO, BenchmarkJvm.OPEN_UTIL, BenchmarkJvm.OPEN_NIO, BenchmarkJvm.OPEN_NIO_CH, BenchmarkJvm.OPEN_ZIP,
    BenchmarkJvm.NO_ANALYTICS, BenchmarkJvm.NO_ANNOUNCER, "-Xms2g", "-Xmx2g"})
public class PipelineBenchmark
{
    /** Commands published per invocation before waiting for all their results. */
    public static final int BATCH = 10_000;

    /** Ring slots; the engine's default is 16,384. */
    @Param("16384")
    public int ringSize;

    /** {@code off}: no journal. {@code on}: Chronicle Queue journal in a fresh temp dir, page-cache durability. */
    @Param({"off", "on"})
    public String journal;

    /** Which thread journals: {@code OWN} (the default wiring), or {@code WRITER} (the single writer itself). */
    @Param({"OWN"})
    public JournalThread journalThread;

    /** {@code on} (the engine's default): the journal file is read in ahead of the writer; {@code off}: not. */
    @Param({"on"})
    public String pretouch;

    @Param("100")
    public int locations;

    @Param("1000")
    public int skus;

    /** Writes the command described by a {@link Next}; stateless, so one instance serves every publication. */
    static final CommandTranslator<Next> WRITE_NEXT = PipelineBenchmark::writeNext;

    private Path journalDir;
    private OmnistockEngine engine;
    private final Next next = new Next();
    private final Completions completions = new Completions();
    private Positions positions;
    private int positionIndex;
    private long commandId;
    private long reservationId;
    private long published;

    /** The producer's mutable description of the next command; read by the translator on the producer thread. */
    static final class Next
    {
        int kind;
        long commandId;
        long reservationId;
        int location;
        int sku;
        long quantity;
        String code;
    }

    static final int RESERVE = 0;
    static final int RELEASE = 1;
    private static final int DEFINE_LOCATION = 2;
    private static final int DEFINE_SKU = 3;
    private static final int RECEIVE = 4;

    private static void writeNext(final CommandWriter w, final Next n)
    {
        switch (n.kind)
        {
            case RESERVE -> w.reserve(n.commandId, n.reservationId, n.location, n.sku, n.quantity);
            case RELEASE -> w.release(n.commandId, n.reservationId, n.quantity);
            case DEFINE_LOCATION -> w.defineLocation(n.commandId, n.code, Tier.values()[n.location % Tier.COUNT],
                31_000_000 + n.location, 121_000_000 + n.location, Capabilities.ALL);
            case DEFINE_SKU -> w.defineSku(n.commandId, n.code, StockUnit.PIECE);
            case RECEIVE -> w.receive(n.commandId, n.location, n.sku, n.quantity);
            default -> throw new IllegalStateException("unknown kind " + n.kind);
        }
    }

    /**
     * The result listener: runs on the engine's journal thread, counts results and rejections, and
     * publishes the count with a release store so the producer can wait for it.
     */
    static final class Completions implements ResultListener
    {
        private final AtomicLong completed = new AtomicLong();
        private long count;
        private long rejected;
        private ReasonCode firstRejection;

        @Override
        public void onResult(final ResultView result)
        {
            if (result.reason() != ReasonCode.OK)
            {
                if (rejected++ == 0)
                {
                    firstRejection = result.reason();
                }
            }
            completed.lazySet(++count);
        }

        void awaitAtLeast(final long target)
        {
            while (completed.get() < target)
            {
                Thread.yield();
            }
        }

        long completed()
        {
            return completed.get();
        }

        /** Read after {@link #awaitAtLeast} has seen every result, which orders it after the writes. */
        long rejected()
        {
            return rejected;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        journalDir = switch (journal)
        {
            case "off" -> null;
            case "on" -> Files.createTempDirectory("omnistock-bench-journal");
            default -> throw new IllegalArgumentException("journal must be off or on: " + journal);
        };
        try
        {
            engine = OmnistockEngine.start(EngineConfig.builder()
                .journalDir(journalDir)
                .waitStrategy(WaitStrategyKind.YIELDING)
                .journalThread(journalThread)
                .journalPretouch("on".equals(pretouch))
                .ringSize(ringSize)
                .expectedPositions(locations * skus)
                .build());
        }
        catch (final RuntimeException e)
        {
            // JMH skips the trial tear-down when set-up fails: do not leave the journal behind.
            if (journalDir != null)
            {
                deleteRecursively(journalDir);
            }
            throw e;
        }

        for (int l = 0; l < locations; l++)
        {
            next.kind = DEFINE_LOCATION;
            next.code = "L" + l;
            next.location = l;
            publish();
        }
        for (int s = 0; s < skus; s++)
        {
            next.kind = DEFINE_SKU;
            next.code = "SKU" + s;
            publish();
        }
        next.code = null;
        for (int l = 0; l < locations; l++)
        {
            for (int s = 0; s < skus; s++)
            {
                next.kind = RECEIVE;
                next.location = l;
                next.sku = s;
                next.quantity = 1L << 30;
                publish();
            }
        }
        completions.awaitAtLeast(published);
        if (completions.rejected != 0)
        {
            throw new IllegalStateException("loading the network: " + completions.rejected +
                " commands rejected, first " + completions.firstRejection);
        }
        positions = new Positions(locations, skus, 42);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long reserveRelease()
    {
        final Next n = next;
        for (int k = 0; k < BATCH; k += 2)
        {
            final int i = positionIndex++ & Positions.MASK;
            final long reservation = ++reservationId;
            n.kind = RESERVE;
            n.reservationId = reservation;
            n.location = positions.location[i];
            n.sku = positions.sku[i];
            n.quantity = 1;
            publish();
            n.kind = RELEASE;
            publish();
        }
        completions.awaitAtLeast(published);
        return completions.completed();
    }

    private void publish()
    {
        next.commandId = ++commandId;
        while (!engine.tryPublish(WRITE_NEXT, next, completions))
        {
            Thread.yield();
        }
        published++;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        try
        {
            engine.close();
            if (engine.halted())
            {
                throw new IllegalStateException("the engine halted during the benchmark");
            }
            if (completions.rejected != 0)
            {
                throw new IllegalStateException(completions.rejected + " benchmark commands were rejected, first " +
                    completions.firstRejection + "; the benchmark is invalid");
            }
        }
        finally
        {
            if (journalDir != null)
            {
                deleteRecursively(journalDir);
            }
        }
    }

    static void deleteRecursively(final Path dir) throws IOException
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path ->
            {
                try
                {
                    Files.delete(path);
                }
                catch (final IOException e)
                {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

package io.omnistock.benchmarks;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandTranslator;
import io.omnistock.api.CommandWriter;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ResultListener;
import io.omnistock.api.ResultView;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.JournalThread;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.WaitStrategyKind;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.state.CommandProcessor;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.Sequencer;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Smart order routing: an INSTANT order of {@code lines} lines whose destination has
 * {@code candidates} qualifying stores within its 3 km radius, every one able to fill it. One
 * operation is one order routed and held, then cancelled (two commands), so stock stays level.
 *
 * <ul>
 *   <li>{@link #routeInLogic}: the business logic alone (no ring, no journal), as sampled time
 *       per routed order: its percentiles are the routing latency.</li>
 *   <li>{@link #routeThroughPipeline}: the whole engine with the journal on, producer ->
 *       ring -> logic -> journal -> result listener, as completed orders per second.</li>
 * </ul>
 */
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
    BenchmarkJvm.EXPORT_MISC, BenchmarkJvm.EXPORT_REF, BenchmarkJvm.EXPORT_NIO_CH, BenchmarkJvm.EXPORT_SUN_MISC,
    BenchmarkJvm.EXPORT_JAVAC_FILE, BenchmarkJvm.OPEN_JAVAC, BenchmarkJvm.OPEN_LANG, BenchmarkJvm.OPEN_REFLECT,
    BenchmarkJvm.OPEN_IO, BenchmarkJvm.OPEN_UTIL, BenchmarkJvm.OPEN_NIO, BenchmarkJvm.OPEN_NIO_CH, BenchmarkJvm.OPEN_ZIP,
    BenchmarkJvm.NO_ANALYTICS, BenchmarkJvm.NO_ANNOUNCER, "-Xms2g", "-Xmx2g"})
public class RoutingBenchmark
{
    /** Orders published per pipeline invocation before waiting for all their results. */
    public static final int BATCH = 5_000;
    private static final int DEST_LAT = 31_230_000;
    private static final int DEST_LON = 121_470_000;
    private static final long TIMESTAMP = 1_700_000_000_000L;

    /** The network shape; each benchmark's own state builds only what that benchmark uses. */
    @State(Scope.Benchmark)
    public static class Shape
    {
        @Param({"10", "100", "1000"})
        public int candidates;

        @Param({"1", "3", "10"})
        public int lines;

        long commandId;
        long orderId;

        /** Candidates on a disk of 2.9 km around the destination, every one holding every SKU. */
        void load(final Consumer<Consumer<CommandWriter>> sink)
        {
            sink.accept(w -> w.defineChannel(++commandId, "bench", 3_600_000));
            for (int i = 0; i < candidates; i++)
            {
                final double angle = i * 2.399963; // golden angle: an even spread
                final double radius = 2_900.0 * Math.sqrt((i + 0.5) / candidates);
                final int lat = DEST_LAT + (int)Math.round(radius * Math.cos(angle) / 0.111_195);
                final int lon = DEST_LON + (int)Math.round(radius * Math.sin(angle) / 0.095_06);
                final int index = i;
                sink.accept(w -> w.defineLocation(++commandId, "S" + index,
                    index % 4 == 0 ? Tier.FRONT_WAREHOUSE : Tier.STORE, lat, lon, Capabilities.ALL));
            }
            for (int sku = 0; sku < lines; sku++)
            {
                final int s = sku;
                sink.accept(w -> w.defineSku(++commandId, "SKU" + s, StockUnit.PIECE));
            }
            for (int location = 0; location < candidates; location++)
            {
                for (int sku = 0; sku < lines; sku++)
                {
                    final int l = location;
                    final int s = sku;
                    sink.accept(w -> w.receive(++commandId, l, s, 1_000_000_000L));
                }
            }
        }
    }

    private static void writeOrder(final CommandWriter w, final long commandId, final long orderId, final int lines)
    {
        w.routeOrder(commandId, orderId, 0, FulfilmentType.INSTANT, DEST_LAT, DEST_LON, -1, 10_000, 0, 0);
        for (int sku = 0; sku < lines; sku++)
        {
            w.addLine(sku, 1);
        }
    }

    /** The business logic alone. */
    @State(Scope.Benchmark)
    public static class Logic
    {
        final CommandSlot slot = new CommandSlot();
        EngineState state;
        CommandProcessor processor;
        Sequencer sequencer;

        @Setup(Level.Trial)
        public void setUp(final Shape shape)
        {
            state = new EngineState(shape.candidates * shape.lines * 2, 1 << 12, 1 << 20);
            processor = new CommandProcessor(state);
            sequencer = new Sequencer(state);
            shape.load(command ->
            {
                slot.clearInput();
                command.accept(slot);
                apply();
            });
        }

        void apply()
        {
            sequencer.stamp(slot, TIMESTAMP);
            processor.apply(slot);
        }
    }

    /** The whole engine with its journal. */
    @State(Scope.Benchmark)
    public static class Pipeline
    {
        private static final CommandTranslator<Next> WRITE_NEXT = Pipeline::writeNext;

        /** Which thread journals: {@code OWN} (the default wiring), or {@code WRITER} (the single writer itself). */
        @Param({"OWN"})
        public JournalThread journalThread;

        /** {@code on} (the engine's default): the journal file is read in ahead of the writer; {@code off}: not. */
        @Param({"on"})
        public String pretouch;

        final Next next = new Next();
        final Completions completions = new Completions();
        Path journalDir;
        OmnistockEngine engine;
        long published;

        @Setup(Level.Trial)
        public void setUp(final Shape shape) throws IOException
        {
            journalDir = Files.createTempDirectory("omnistock-bench-routing");
            engine = OmnistockEngine.start(EngineConfig.builder().journalDir(journalDir).snapshotDir(null)
                .waitStrategy(WaitStrategyKind.YIELDING).journalThread(journalThread).journalPretouch("on".equals(pretouch))
                .expectedPositions(shape.candidates * shape.lines * 2).build());
            shape.load(command ->
            {
                try
                {
                    final var result = engine.submit(command::accept).get();
                    if (!result.accepted())
                    {
                        throw new IllegalStateException("set-up command rejected: " + result.reason());
                    }
                }
                catch (final InterruptedException | java.util.concurrent.ExecutionException e)
                {
                    throw new IllegalStateException(e);
                }
            });
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException
        {
            engine.close();
            try (Stream<Path> files = Files.walk(journalDir))
            {
                for (final Path p : files.sorted(Comparator.reverseOrder()).toList())
                {
                    Files.delete(p);
                }
            }
        }

        private static void writeNext(final CommandWriter w, final Next n)
        {
            if (n.cancel)
            {
                w.cancelOrder(n.commandId, n.orderId);
            }
            else
            {
                writeOrder(w, n.commandId, n.orderId, n.lines);
            }
        }
    }

    /** The producer's description of the next command, read by the translator on the producer thread. */
    static final class Next
    {
        boolean cancel;
        long commandId;
        long orderId;
        int lines;
    }

    /** Counts results on the journal thread; the producer waits on the count. */
    static final class Completions implements ResultListener
    {
        private final AtomicLong completed = new AtomicLong();
        private long count;
        private volatile ReasonCode firstRejection;

        @Override
        public void onResult(final ResultView result)
        {
            if (result.reason() != ReasonCode.OK && firstRejection == null)
            {
                firstRejection = result.reason();
            }
            completed.lazySet(++count);
        }

        void awaitAtLeast(final long target)
        {
            while (completed.get() < target)
            {
                Thread.yield();
            }
            if (firstRejection != null)
            {
                throw new IllegalStateException("a benchmark command was rejected: " + firstRejection);
            }
        }
    }

    /** Route and hold one order in the business logic, then cancel it. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public ReasonCode routeInLogic(final Shape shape, final Logic logic)
    {
        final long order = ++shape.orderId;
        final CommandSlot slot = logic.slot;
        slot.clearInput();
        writeOrder(slot, ++shape.commandId, order, shape.lines);
        logic.apply();
        final ReasonCode routed = slot.reason;
        slot.clearInput();
        slot.cancelOrder(++shape.commandId, order);
        logic.apply();
        if (routed != ReasonCode.OK)
        {
            throw new IllegalStateException("routing failed: " + routed);
        }
        return routed;
    }

    /** {@link #BATCH} orders routed, held and cancelled through the engine with its journal. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public long routeThroughPipeline(final Shape shape, final Pipeline pipeline)
    {
        final Next next = pipeline.next;
        for (int i = 0; i < BATCH; i++)
        {
            next.cancel = false;
            next.commandId = ++shape.commandId;
            next.orderId = ++shape.orderId;
            next.lines = shape.lines;
            pipeline.engine.publish(Pipeline.WRITE_NEXT, next, pipeline.completions);
            next.cancel = true;
            next.commandId = ++shape.commandId;
            pipeline.engine.publish(Pipeline.WRITE_NEXT, next, pipeline.completions);
        }
        pipeline.published += 2L * BATCH;
        pipeline.completions.awaitAtLeast(pipeline.published);
        return pipeline.published;
    }
}

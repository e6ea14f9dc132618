package io.omnistock.benchmarks;

import io.omnistock.api.CommandTranslator;
import io.omnistock.api.CommandWriter;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.JournalReplayer;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.WaitStrategyKind;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.core.snapshot.SnapshotStore;
import io.omnistock.core.state.CommandProcessor;
import io.omnistock.core.state.EngineState;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What recovery is made of: writing a snapshot, loading it, and replaying a journal with
 * byte-for-byte verification (as {@code OmnistockEngine.start} does for the tail after a snapshot).
 *
 * <p>Set-up runs a real engine with its journal: it loads {@code locations x skus} positions (one
 * RECEIVE each) and then {@code commands} RESERVE/RELEASE commands, and closes it. The journal it
 * leaves is what {@link #replayJournal} replays into a fresh state, and that replayed state is what
 * {@link #writeSnapshot} writes (forced to the device) and {@link #loadSnapshot} reads back,
 * checksum verified. Each operation is one whole snapshot or one whole journal, timed once
 * (single-shot): divide positions or records by the time for a rate; set-up prints both counts
 * and the snapshot's size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {
    BenchmarkJvm.EXPORT_MISC, BenchmarkJvm.EXPORT_REF, BenchmarkJvm.EXPORT_NIO_CH, BenchmarkJvm.EXPORT_SUN_MISC,
    BenchmarkJvm.EXPORT_JAVAC_FILE, BenchmarkJvm.OPEN_JAVAC, BenchmarkJvm.OPEN_LANG, BenchmarkJvm.OPEN_REFLECT,
    BenchmarkJvm.OPEN_IO, BenchmarkJvm.OPEN_UTIL, BenchmarkJvm.OPEN_NIO, BenchmarkJvm.OPEN_NIO_CH, BenchmarkJvm.OPEN_ZIP,
    BenchmarkJvm.NO_ANALYTICS, BenchmarkJvm.NO_ANNOUNCER, "-Xms3g", "-Xmx3g"})
public class SnapshotBenchmark
{
    private static final int EXPECTED_RESERVATIONS = 1 << 14;
    private static final int IDEMPOTENCY_WINDOW = 1 << 20;

    @Param("1000")
    public int locations;

    @Param("1000")
    public int skus;

    /** Journaled RESERVE/RELEASE commands after the network load. */
    @Param("1000000")
    public int commands;

    private Path dir;
    private Path journalDir;
    private SnapshotStore store;
    private EngineState state;
    private long records;

    /** Describes the next RESERVE or RELEASE; read by the translator on the producer thread. */
    private static final class Next
    {
        static final CommandTranslator<Next> WRITE = Next::write;

        long commandId;
        long reservationId;
        boolean release;
        int location;
        int sku;

        private static void write(final CommandWriter w, final Next n)
        {
            if (n.release)
            {
                w.release(n.commandId, n.reservationId, 1);
            }
            else
            {
                w.reserve(n.commandId, n.reservationId, n.location, n.sku, 1);
            }
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        dir = Files.createTempDirectory("omnistock-bench-snapshot");
        journalDir = dir.resolve("journal");
        final int positions = locations * skus;
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(journalDir)
            .snapshotDir(null).waitStrategy(WaitStrategyKind.YIELDING).expectedPositions(positions).build()))
        {
            long commandId = Network.loadInto(engine, locations, skus, 1L << 30, 1);
            final Positions picks = new Positions(locations, skus, 42);
            final Next next = new Next();
            final PipelineBenchmark.Completions completions = new PipelineBenchmark.Completions();
            for (int i = 0; i < commands; i++)
            {
                next.commandId = commandId++;
                next.release = (i & 1) == 1;
                if (!next.release)
                {
                    final int p = (i >>> 1) & Positions.MASK;
                    next.reservationId = i + 1L;
                    next.location = picks.location[p];
                    next.sku = picks.sku[p];
                }
                engine.publish(Next.WRITE, next, completions);
            }
            completions.awaitAtLeast(commands);
            if (completions.rejected() != 0)
            {
                throw new IllegalStateException(completions.rejected() + " RESERVE/RELEASE commands were rejected");
            }
        }
        catch (final RuntimeException e)
        {
            PipelineBenchmark.deleteRecursively(dir);
            throw e;
        }
        state = replay();
        records = state.lastSequence();
        store = new SnapshotStore(dir.resolve("snapshots"), 1);
        final Path file = store.write(state, -1);
        System.out.printf(Locale.ROOT, "%n%,d positions, %,d journaled commands; journal %,d bytes; snapshot %,d bytes%n",
            state.ledger().size(), records, sizeOf(journalDir), Files.size(file));
    }

    private EngineState replay()
    {
        final EngineState fresh = new EngineState(locations * skus, EXPECTED_RESERVATIONS, IDEMPOTENCY_WINDOW);
        try (ChronicleQueue queue = Journal.open(journalDir, false); JournalReader reader = new JournalReader(queue))
        {
            new JournalReplayer(new CommandProcessor(fresh)).replay(reader, Long.MAX_VALUE, true);
        }
        return fresh;
    }

    /** Rebuilds the state from the whole journal, verifying every record as recovery does. */
    @Benchmark
    public long replayJournal()
    {
        final long replayed = replay().lastSequence();
        if (replayed != records)
        {
            throw new IllegalStateException("replayed " + replayed + " records, expected " + records);
        }
        return replayed;
    }

    /** Writes the state to a snapshot file, forced to the device and renamed into place. */
    @Benchmark
    public Path writeSnapshot()
    {
        return store.write(state, -1);
    }

    /** Verifies the newest snapshot's checksum and loads it into a fresh state. */
    @Benchmark
    public EngineState loadSnapshot()
    {
        final List<String> problems = new ArrayList<>();
        final SnapshotStore.Loaded loaded = store.loadNewest(
            () -> new EngineState(locations * skus, EXPECTED_RESERVATIONS, IDEMPOTENCY_WINDOW), problems);
        if (loaded == null || loaded.state().lastSequence() != records)
        {
            throw new IllegalStateException("snapshot did not load: " + problems);
        }
        return loaded.state();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        PipelineBenchmark.deleteRecursively(dir);
    }

    private static long sizeOf(final Path dir) throws IOException
    {
        try (var files = Files.walk(dir))
        {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}

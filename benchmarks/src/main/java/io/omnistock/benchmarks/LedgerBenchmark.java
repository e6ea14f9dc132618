package io.omnistock.benchmarks;

import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalPretoucher;
import io.omnistock.core.journal.JournalWriter;
import io.omnistock.core.state.CommandProcessor;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.Sequencer;
import net.openhft.chronicle.queue.ChronicleQueue;
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
import java.util.concurrent.TimeUnit;

/**
 * The ledger-only ceiling: single-line RESERVE then RELEASE of the same reservation (and, in
 * {@link #saleReceive}, a SALE then a RECEIVE), applied
 * directly by the {@link CommandProcessor} on the calling thread, with no ring, no journal and no
 * result delivery. Each command is written into one reused {@link CommandSlot} and stamped with
 * sequence and time exactly as the engine's business-logic stage does, so the full business logic
 * runs (validation, idempotency window, reservation book, ledger, per-tier availability sums,
 * output events). One operation is one command.
 *
 * <p>With {@code -p journal=on} each command is also appended to a journal on the same thread
 * right after it is applied, as the single writer does with {@code JournalThread.WRITER}, but with
 * no ring before it: the most one writer thread can do with the journal on, whatever the pipeline.
 * With {@code -p pretouch=on} (the default) a {@link JournalPretoucher} reads the journal file
 * ahead, as in the engine's default wiring.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
    BenchmarkJvm.EXPORT_MISC, BenchmarkJvm.EXPORT_REF, BenchmarkJvm.EXPORT_NIO_CH, BenchmarkJvm.EXPORT_SUN_MISC,
    BenchmarkJvm.EXPORT_JAVAC_FILE, BenchmarkJvm.OPEN_JAVAC, BenchmarkJvm.OPEN_LANG, BenchmarkJvm.OPEN_REFLECT,
    BenchmarkJvm.OPEN_IO, BenchmarkJvm.OPEN_UTIL, BenchmarkJvm.OPEN_NIO, BenchmarkJvm.OPEN_NIO_CH, BenchmarkJvm.OPEN_ZIP,
    BenchmarkJvm.NO_ANALYTICS, BenchmarkJvm.NO_ANNOUNCER, "-Xms2g", "-Xmx2g"})
public class LedgerBenchmark
{
    /** Network size; every position starts with plenty of stock. */
    @Param("100")
    public int locations;

    @Param("1000")
    public int skus;

    /** Recent command ids remembered for duplicate detection; the engine's default is 1,048,576. */
    @Param("1048576")
    public int idempotencyWindow;

    /**
     * {@code off}: no replenishment policies. {@code on}: a min/max policy on every position
     * (thresholds far below the stock, so every command is checked and none crosses): the
     * difference is what threshold checking costs a stock command.
     */
    @Param({"off", "on"})
    public String replenishment;

    /**
     * {@code counted}: each command's id is the previous one plus one, as a client numbering its
     * commands sends them. {@code scattered}: the same count passed through a bijective hash, as
     * random or hashed idempotency keys look; no two are equal and nothing about them is in order.
     */
    @Param({"counted"})
    public String commandIds;

    /**
     * {@code off}: the ledger alone. {@code on}: each command is also appended to a Chronicle Queue
     * journal in a fresh temp dir (page-cache durability), on the same thread.
     */
    @Param({"off"})
    public String journal;

    /** With the journal on: {@code on} reads the file in ahead on another thread, as the engine does by default. */
    @Param({"on"})
    public String pretouch;

    private Path journalDir;
    private ChronicleQueue queue;
    private JournalWriter journalWriter;
    private JournalPretoucher pretoucher;
    private EngineState state;
    private CommandProcessor processor;
    private Sequencer sequencer;
    private final CommandSlot slot = new CommandSlot();
    private Positions positions;
    private int next;
    private long commandId;
    private long reservationId;
    private long rejected;
    private boolean scattered;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        state = new EngineState(locations * skus, 1 << 14, idempotencyWindow);
        processor = new CommandProcessor(state);
        sequencer = new Sequencer(state);
        final Network network = new Network(processor);
        network.load(locations, skus, 1L << 30);
        commandId = network.nextCommandId();
        scattered = "scattered".equals(commandIds);
        positions = new Positions(locations, skus, 42);
        if ("on".equals(journal))
        {
            journalDir = Files.createTempDirectory("omnistock-bench-journal");
            queue = Journal.open(journalDir, false);
            // Set-up runs on the benchmark thread, which then owns the appender as Chronicle requires.
            journalWriter = new JournalWriter(queue);
            if ("on".equals(pretouch))
            {
                pretoucher = new JournalPretoucher("bench-journal-pretouch");
                journalWriter.pretouchWith(pretoucher);
            }
        }
        if ("on".equals(replenishment))
        {
            for (int location = 0; location < locations; location++)
            {
                for (int sku = 0; sku < skus; sku++)
                {
                    slot.clearInput();
                    slot.setReplenishmentPolicy(commandId++, location, sku, 1_000, 1L << 31, 12, 0, -1, 24);
                    apply();
                }
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(2)
    public long reserveRelease()
    {
        final int i = next++ & Positions.MASK;
        final long reservation = ++reservationId;

        slot.clearInput();
        slot.reserve(nextId(), reservation, positions.location[i], positions.sku[i], 1);
        apply();

        slot.clearInput();
        slot.release(nextId(), reservation, 1);
        apply();
        return slot.resultOnHand;
    }

    /**
     * A POS sale then a receipt of the same unit: the sale is demand, which every policy records
     * (demand averages, slow movers), so its check always reads the policy entry; the receipt's
     * check usually does not.
     */
    @Benchmark
    @OperationsPerInvocation(2)
    public long saleReceive()
    {
        final int i = next++ & Positions.MASK;

        slot.clearInput();
        slot.sale(nextId(), positions.location[i], positions.sku[i], 1);
        apply();

        slot.clearInput();
        slot.receive(nextId(), positions.location[i], positions.sku[i], 1);
        apply();
        return slot.resultOnHand;
    }

    private long nextId()
    {
        final long id = commandId++;
        return scattered ? scatter(id) : id;
    }

    /** A bijection of the non-zero longs onto themselves (the murmur3 finaliser): distinct in, distinct out. */
    static long scatter(final long id)
    {
        long z = id;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    private void apply()
    {
        sequencer.stamp(slot, Network.TIMESTAMP);
        processor.apply(slot);
        if (journalWriter != null)
        {
            journalWriter.append(slot);
        }
        if (slot.reason != ReasonCode.OK)
        {
            rejected++;
        }
    }

    @TearDown(Level.Trial)
    public void checkNothingRejected() throws IOException
    {
        if (journalWriter != null)
        {
            journalWriter.close();
            if (pretoucher != null)
            {
                pretoucher.close();
            }
            queue.close();
            PipelineBenchmark.deleteRecursively(journalDir);
        }
        if (rejected != 0)
        {
            throw new IllegalStateException(rejected + " benchmark commands were rejected; the benchmark is invalid");
        }
        if (state.reservations().openCount() != 0)
        {
            throw new IllegalStateException(state.reservations().openCount() + " reservations left open");
        }
    }
}

package io.omnistock.benchmarks;

import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.RoutingReason;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalCodec;
import io.omnistock.core.journal.JournalPretoucher;
import io.omnistock.core.journal.JournalWriter;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the journal stage costs per command, on one thread, without the ring: {@code encode} is the
 * record codec alone (the current format plus CRC32C), {@code decode} the record read back; {@code append} is a full
 * {@link JournalWriter#append} of the same record ({@link #record})
 * to a Chronicle Queue in a fresh temp dir (page-cache durability, as the pipeline benchmark's
 * journal). One operation is one record. Iterations are short because {@code append} writes a few hundred MB per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    BenchmarkJvm.EXPORT_MISC, BenchmarkJvm.EXPORT_REF, BenchmarkJvm.EXPORT_NIO_CH, BenchmarkJvm.EXPORT_SUN_MISC,
    BenchmarkJvm.EXPORT_JAVAC_FILE, BenchmarkJvm.OPEN_JAVAC, BenchmarkJvm.OPEN_LANG, BenchmarkJvm.OPEN_REFLECT,
    BenchmarkJvm.OPEN_IO, BenchmarkJvm.OPEN_UTIL, BenchmarkJvm.OPEN_NIO, BenchmarkJvm.OPEN_NIO_CH, BenchmarkJvm.OPEN_ZIP,
    BenchmarkJvm.NO_ANALYTICS, BenchmarkJvm.NO_ANNOUNCER, "-Xms1g", "-Xmx1g"})
public class JournalBenchmark
{
    /**
     * {@code on}: a {@link JournalPretoucher} reads the file ahead, as the engine does by default.
     * {@code off}: the appending thread faults each new page of the file in itself.
     */
    @Param({"on"})
    public String pretouch;

    /**
     * {@code reserve}: a RESERVE of small ids and a zero timestamp (32 bytes). {@code order}: a routed
     * one-line flash-sale order as the daemon journals it: a command id and a fingerprint of 64
     * random-looking bits each (hashes of the Idempotency-Key and the request), an epoch-millisecond
     * timestamp, a sequence in the tens of millions, its routing (held, one allocation, one
     * candidate) and its three events.
     */
    @Param({"reserve", "order"})
    public String record;

    private Path dir;
    private JournalPretoucher pretoucher;
    private ChronicleQueue queue;
    private JournalWriter writer;
    private final JournalCodec codec = new JournalCodec();
    private final CommandSlot slot = new CommandSlot();
    /** Holds the same RESERVE record, encoded once, for {@link #decode}. */
    private final JournalCodec decoder = new JournalCodec();
    private final CommandSlot decoded = new CommandSlot();

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        slot.clearInput();
        if ("order".equals(record))
        {
            final long orderId = 17_179_869_184L + 1_234_567;
            Commands.routeOrder(0x9E37_79B9_7F4A_7C15L, new Order(orderId, 1, FulfilmentType.PICKUP, 31_230_000,
                121_470_000, 0, 0, 0, 0, List.of(new OrderLine(0, 1)))).writeTo(slot);
            slot.fingerprint(0xC2B2_AE3D_27D4_EB4FL);
            slot.clearResult();
            slot.sequence = 41_000_000;
            slot.timestamp = 1_796_600_000_123L;
            slot.reason = ReasonCode.OK;
            slot.originalReason = ReasonCode.OK;
            slot.routing.orderState(OrderState.HELD);
            slot.routing.expiresAt = slot.timestamp + 604_800_000;
            slot.routing.addAllocation(0, 0, 0, 1);
            slot.routing.addCandidate(0, RoutingReason.SELECTED, 1_200);
            slot.events.addOrder(orderId, OrderState.HELD);
            slot.events.addAllocation(orderId, 0, 0, 1);
            slot.events.addStock(0, 0, 549_755_813_888L, 7_654_321, 0, 0);
        }
        else
        {
            // A RESERVE as the business logic leaves it: accepted, with its two output events.
            slot.reserve(1, 1, 3, 4, 1);
            slot.clearResult();
            slot.reason = ReasonCode.OK;
            slot.originalReason = ReasonCode.OK;
            slot.resultHeld = 1;
            slot.events.addReservation(1, 3, 4, 1);
            slot.events.addStock(3, 4, 1_000, 1, 0, 0);
        }
        slot.journal = true;
        decoder.encode(slot);

        dir = Files.createTempDirectory("omnistock-bench-journal");
        try
        {
            queue = Journal.open(dir, false);
            // Set-up runs on the benchmark thread, which then owns the appender as Chronicle requires.
            writer = new JournalWriter(queue);
            if ("on".equals(pretouch))
            {
                pretoucher = new JournalPretoucher("bench-journal-pretouch");
                writer.pretouchWith(pretoucher);
            }
        }
        catch (final RuntimeException e)
        {
            PipelineBenchmark.deleteRecursively(dir);
            throw e;
        }
    }

    @Benchmark
    public int encode()
    {
        slot.sequence++;
        return codec.encode(slot);
    }

    /** Reading a record back, as replay, recovery's tail and the daemon's read models do for every record. */
    @Benchmark
    public long decode()
    {
        decoder.decode(decoded);
        return decoded.commandId;
    }

    @Benchmark
    public long append()
    {
        slot.sequence++;
        slot.commandId++;
        writer.append(slot);
        return slot.sequence;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        try
        {
            writer.close();
            if (pretoucher != null)
            {
                pretoucher.close();
            }
            queue.close();
        }
        finally
        {
            PipelineBenchmark.deleteRecursively(dir);
        }
    }
}

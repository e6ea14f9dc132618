package io.omnistock.benchmarks;

import io.omnistock.daemon.reads.OrderHistory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What the daemon's order read model ({@link OrderHistory}) costs per order, on its own thread,
 * without the journal: one operation is one order's life as the journal tells it, three records
 * (routed and held at one location with two candidates, confirmed, fulfilled), applied in turn.
 * Journal time moves 1 ms per record and closed orders are kept for 1 s of it, so the model holds
 * about 330 orders throughout, as a daemon in steady state holds its retention window.
 *
 * <p>The read model tails the journal beside the engine on a 2-core machine, so what it spends
 * per order, and the garbage it leaves for the collector, comes out of the same cores that answer
 * requests: read {@code gc.alloc.rate.norm} (B/op, with {@code -prof gc}) beside the time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {BenchmarkJvm.NO_ANALYTICS, "-Xms1g", "-Xmx1g"})
public class OrderReadModelBenchmark
{
    private OrderJournal journal;
    private OrderHistory history;
    private long orderId;

    @Setup(Level.Trial)
    public void setUp()
    {
        history = new OrderHistory(Duration.ofSeconds(1));
        journal = new OrderJournal();
    }

    /** @return how many orders the model holds, so nothing is optimised away. */
    @Benchmark
    public int orderLifecycle()
    {
        final long id = ++orderId;
        history.apply(journal.route(id, 2));
        history.apply(journal.confirm(id));
        history.apply(journal.fulfil(id));
        return history.size();
    }
}

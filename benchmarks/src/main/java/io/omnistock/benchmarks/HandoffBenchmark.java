package io.omnistock.benchmarks;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
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

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor under {@link PipelineBenchmark}: the same ring shape with no engine in it. A producer
 * publishes batches of {@link PipelineBenchmark#BATCH} events into a Disruptor of
 * 16,384 slots (the engine default) (multi-producer sequencer, {@code YIELDING} waits, as
 * the engine is configured there) and waits for the last stage to have seen them all. With
 * {@code stages=2} the events pass two handlers in a chain, as commands pass the business logic and
 * then the journal; with {@code stages=1}, one. The handlers only read the event and count it.
 * What this carries per second is what any work done in those stages can at best reach on the
 * machine, whatever the work costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class HandoffBenchmark
{
    /** The engine's default ring size, as {@link PipelineBenchmark} runs by default. */
    static final int RING_SIZE = 1 << 14;

    @Param({"1", "2"})
    public int stages;

    private Disruptor<Event> disruptor;
    private RingBuffer<Event> ring;
    private final Last last = new Last();
    private long published;

    /** A command-sized stand-in would only measure copying; the handoff is the point, so a long. */
    static final class Event
    {
        long value;
    }

    /** The first of two stages: reads the event, as the business logic reads a command. */
    static final class Pass implements EventHandler<Event>
    {
        long sum;

        @Override
        public void onEvent(final Event event, final long sequence, final boolean endOfBatch)
        {
            sum += event.value;
        }
    }

    /** The last stage: reads the event and publishes its count for the producer to wait on. */
    static final class Last implements EventHandler<Event>
    {
        private final AtomicLong seen = new AtomicLong();
        private long count;
        long sum;

        @Override
        public void onEvent(final Event event, final long sequence, final boolean endOfBatch)
        {
            sum += event.value;
            seen.lazySet(++count);
        }

        void awaitAtLeast(final long target)
        {
            while (seen.get() < target)
            {
                Thread.yield();
            }
        }
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        if (stages != 1 && stages != 2)
        {
            throw new IllegalArgumentException("stages must be 1 or 2: " + stages);
        }
        disruptor = new Disruptor<>(Event::new, RING_SIZE, runnable ->
        {
            final Thread thread = new Thread(runnable, "handoff-stage");
            thread.setDaemon(true);
            return thread;
        }, ProducerType.MULTI, new YieldingWaitStrategy());
        if (stages == 2)
        {
            disruptor.handleEventsWith(new Pass()).then(last);
        }
        else
        {
            disruptor.handleEventsWith(last);
        }
        ring = disruptor.start();
    }

    @Benchmark
    @OperationsPerInvocation(PipelineBenchmark.BATCH)
    public long handoff()
    {
        for (int k = 0; k < PipelineBenchmark.BATCH; k++)
        {
            // The batch is smaller than the ring and the previous one is done: a claim never waits.
            final long sequence = ring.next();
            ring.get(sequence).value = ++published;
            ring.publish(sequence);
        }
        last.awaitAtLeast(published);
        return last.sum;
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        disruptor.halt();
    }
}

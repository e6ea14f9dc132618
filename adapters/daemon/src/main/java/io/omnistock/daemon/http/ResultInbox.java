package io.omnistock.daemon.http;

import io.omnistock.daemon.metrics.CommandLatencies;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Engine results on their way to one thread (a connection's I/O thread), handed over in bursts: the
 * engine's thread queues a result and wakes the thread with a task only when no drain is already
 * due there; the drain then delivers every result queued meanwhile. Before, each result was a
 * future completed on the engine's thread and then an XNIO task (its queue under a lock, a selector
 * wake-up) to run the future's dependents on the I/O thread: CompletableFuture's completion code
 * alone was 7.4% of the I/O threads' CPU samples on batches of 256 orders, 5.3% with the inbox
 * (async-profiler, docs/benchmarks.md run 55).
 *
 * <p>No result waits unseen: a producer queues before it looks at {@code due}, the drain clears
 * {@code due} before it looks at the queue again (all volatile, so one of the two sees the other).
 */
final class ResultInbox implements Runnable
{
    /** What is delivered: on the inbox's thread, and never throwing. */
    interface Delivery
    {
        void deliver();
    }

    /** Results delivered by one drain before the thread's other work gets a turn. */
    static final int BURST = 256;
    /**
     * Results queued at once, at most: more than the engine's ring holds in flight for one thread in
     * practice; a result that finds the queue full is a task of its own.
     */
    static final int CAPACITY = 16_384;

    private final Executor thread;
    /** The round trips of the results handed on here. */
    private final CommandLatencies latencies;
    private final ManyToOneConcurrentArrayQueue<Delivery> queue = new ManyToOneConcurrentArrayQueue<>(CAPACITY);
    private final AtomicBoolean due = new AtomicBoolean();

    ResultInbox(final Executor thread, final CommandLatencies latencies)
    {
        this.thread = thread;
        this.latencies = latencies;
    }

    Executor thread()
    {
        return thread;
    }

    CommandLatencies latencies()
    {
        return latencies;
    }

    /** Called by any thread: {@code delivery} runs on the inbox's thread. */
    void add(final Delivery delivery)
    {
        if (!queue.offer(delivery))
        {
            execute(delivery::deliver);
            return;
        }
        if (!due.get() && due.compareAndSet(false, true))
        {
            execute(this);
        }
    }

    /** The drain, on the inbox's thread. */
    @Override
    public void run()
    {
        if (queue.drain(Delivery::deliver, BURST) == BURST)
        {
            // Maybe more: after the thread's other ready work, still due.
            execute(this);
            return;
        }
        due.set(false);
        if (!queue.isEmpty() && due.compareAndSet(false, true))
        {
            execute(this);
        }
    }

    private void execute(final Runnable task)
    {
        try
        {
            thread.execute(task);
        }
        catch (final RejectedExecutionException stopping)
        {
            // The thread is stopping (the listener closes): deliver here rather than never.
            task.run();
        }
    }
}

package io.omnistock.core;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Blocks a consumer on a lock until the ring's cursor passes its sequence (or, with a timeout, until
 * the timeout passes), and lets a publisher take that lock only when a consumer is blocked on it.
 *
 * <p>Why: Disruptor's {@code BlockingWaitStrategy} and {@code TimeoutBlockingWaitStrategy} take the
 * lock and notify on every publish, whether anyone waits or not. With {@link WaitStrategyKind#PHASED}
 * the single writer spins and yields while commands flow and blocks only when idle, yet every
 * publisher still paid the lock: 1.1% of the daemon's I/O threads' CPU samples on single orders and
 * 3.4% on batches of 256, none after (async-profiler, flash sale, 64 connections, docs/benchmarks.md
 * run 54), the publishers contending for the lock with each other and with the writer.
 *
 * <p>Why no wake-up is missed (Disruptor keeps its own lock-eliding strategy experimental for that
 * reason): a consumer counts itself in {@link #blocked} before it reads the cursor for the last time
 * and waits, and a publisher advances the cursor before it reads {@link #blocked}, each with a full
 * fence between its write and its read (the classic store-buffer pattern). So either the consumer
 * reads the new cursor and does not wait, or the publisher reads the count and notifies; and it
 * notifies under the lock the consumer holds from its count to its wait, so the notification cannot
 * fall between them. The same holds for an alert ({@code SequenceBarrier.alert} sets its flag, then
 * signals). {@code SignalWhenBlockedWaitStrategyTest} ping-pongs a single command through the ring
 * tens of thousands of times, each time to a consumer that has gone to sleep, with no timeout to
 * hide a miss.
 */
final class SignalWhenBlockedWaitStrategy implements WaitStrategy
{
    private final Object mutex = new Object();
    /** Consumers between counting themselves in (under {@link #mutex}) and leaving their wait. */
    private final AtomicInteger blocked = new AtomicInteger();
    /** How long a consumer waits before {@link TimeoutException}; 0: for ever. */
    private final long timeoutNanos;

    /** @param timeoutNanos how long a consumer waits before it is handed a timeout; 0 for none. */
    SignalWhenBlockedWaitStrategy(final long timeoutNanos)
    {
        if (timeoutNanos < 0)
        {
            throw new IllegalArgumentException("a timeout of " + timeoutNanos + " ns");
        }
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence,
        final SequenceBarrier barrier) throws AlertException, InterruptedException, TimeoutException
    {
        if (cursor.get() < sequence)
        {
            synchronized (mutex)
            {
                blocked.incrementAndGet();
                try
                {
                    VarHandle.fullFence();
                    long remainingNanos = timeoutNanos;
                    while (cursor.get() < sequence)
                    {
                        barrier.checkAlert();
                        if (timeoutNanos == 0)
                        {
                            mutex.wait();
                            continue;
                        }
                        remainingNanos = awaitNanos(remainingNanos);
                        if (remainingNanos <= 0)
                        {
                            throw TimeoutException.INSTANCE;
                        }
                    }
                }
                finally
                {
                    blocked.decrementAndGet();
                }
            }
        }
        // Past the cursor, a stage gated on another stage waits for that stage by spinning, as
        // every Disruptor strategy that blocks does: only the cursor has a lock to wait on.
        long available;
        while ((available = dependentSequence.get()) < sequence)
        {
            barrier.checkAlert();
            Thread.onSpinWait();
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking()
    {
        // The caller has just moved the cursor (or raised an alert): that write before this read.
        VarHandle.fullFence();
        if (blocked.get() > 0)
        {
            synchronized (mutex)
            {
                mutex.notifyAll();
            }
        }
    }

    /** @return the nanoseconds left of {@code nanos} after waiting on {@link #mutex} (held) for at most that long. */
    private long awaitNanos(final long nanos) throws InterruptedException
    {
        final long startNanos = System.nanoTime();
        mutex.wait(nanos / 1_000_000, (int)(nanos % 1_000_000));
        return nanos - (System.nanoTime() - startNanos);
    }

    @Override
    public String toString()
    {
        return "SignalWhenBlockedWaitStrategy{timeoutNanos=" + timeoutNanos + '}';
    }
}

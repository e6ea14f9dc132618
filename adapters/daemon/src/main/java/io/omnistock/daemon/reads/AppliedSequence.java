package io.omnistock.daemon.reads;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.PriorityBlockingQueue;

/**
 * How far the read models have applied the journal, and the one way to wait for it: a future per
 * wait, completed by the tail's thread when it passes the sequence, so nobody waits on a thread.
 * Both models are fed every record by one tail ({@link ReadModels}), so one sequence serves both;
 * the reservations' read parked its worker in a loop before.
 */
public final class AppliedSequence
{
    private final PriorityBlockingQueue<Waiter> waiters = new PriorityBlockingQueue<>();
    private volatile long applied;
    private volatile Throwable failure;

    private record Waiter(long sequence, CompletableFuture<Long> future) implements Comparable<Waiter>
    {
        @Override
        public int compareTo(final Waiter o)
        {
            return Long.compare(sequence, o.sequence);
        }
    }

    /** @return the sequence of the last journal record applied. */
    public long get()
    {
        return applied;
    }

    /**
     * @return done once the models have applied {@code sequence} (at once if they have). Fails if
     *     the tail stopped.
     */
    public CompletableFuture<Long> whenApplied(final long sequence)
    {
        final CompletableFuture<Long> done = new CompletableFuture<>();
        if (failure != null)
        {
            done.completeExceptionally(failure);
            return done;
        }
        if (applied >= sequence)
        {
            done.complete(applied);
            return done;
        }
        waiters.add(new Waiter(sequence, done));
        // The tail may have passed it, or stopped, between the looks above and the add: look again.
        if (failure != null)
        {
            fail(failure);
        }
        release();
        return done;
    }

    /** The record at {@code sequence} is applied: the tail's thread only. */
    void advance(final long sequence)
    {
        applied = sequence;
        if (!waiters.isEmpty())
        {
            release();
        }
    }

    /** The tail stopped, or the models closed: whoever waits, and waits from now on, hears why. */
    void fail(final Throwable why)
    {
        failure = why;
        for (Waiter w; (w = waiters.poll()) != null; )
        {
            w.future().completeExceptionally(why);
        }
    }

    private void release()
    {
        for (Waiter w; (w = waiters.peek()) != null && w.sequence() <= applied; )
        {
            if (waiters.remove(w))
            {
                w.future().complete(applied);
            }
        }
    }
}

package io.omnistock.daemon.http;

import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.InventoryEngine;
import io.omnistock.api.ReasonCode;
import io.omnistock.daemon.metrics.DaemonMetrics;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Requests' way into the engine: never blocks, neither on a full ring (503 with Retry-After
 * instead) nor for the result (a future, bounded in time), and records every round trip in the metrics.
 *
 * <p>The time bound is one sweep, not a timer per command: every command waits the same
 * {@code timeout}, so the queue of commands in submission order is also in deadline order, and a
 * sweep every {@link #SWEEP_MILLIS} ms fails the overdue ones at its head. {@code
 * CompletableFuture.orTimeout}, used before, scheduled a task per command on one JDK-wide delay queue
 * under a lock, and its cancellation leaves the task queued until it would have fired: at 100,000
 * commands a second and a 10 s timeout, a million dead tasks kept on the heap.
 */
public final class EngineGateway implements AutoCloseable
{
    /** How often overdue commands are looked for: the timeout is met to within this. */
    static final long SWEEP_MILLIS = 20;

    /**
     * What an overdue command's future fails with; one, without a stack (it says only "late"). A
     * new exception per command swept, answered or not, was the largest allocation of the daemon
     * per request after the metrics' (JFR, single orders).
     */
    private static final TimeoutException OVERDUE = new TimeoutException("no engine result in time")
    {
        @Override
        public synchronized Throwable fillInStackTrace()
        {
            return this;
        }
    };

    private final InventoryEngine engine;
    private final DaemonMetrics metrics;
    private final long timeoutNanos;
    /** Commands not yet answered, in submission order, so in deadline order. */
    private final ConcurrentLinkedQueue<Answer<?>> waiting = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService sweeper;
    /** One per thread results are handed to (the I/O threads): added to, never removed. */
    private volatile ResultInbox[] inboxes = new ResultInbox[0];

    public EngineGateway(final InventoryEngine engine, final DaemonMetrics metrics, final Duration timeout)
    {
        this.engine = engine;
        this.metrics = metrics;
        this.timeoutNanos = timeout.toNanos();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(task ->
        {
            final Thread thread = new Thread(task, "omnistock-engine-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Drops answered commands from the head and fails the overdue ones (on their own threads). */
    private void sweep()
    {
        final long now = System.nanoTime();
        for (Answer<?> head = waiting.peek(); head != null; head = waiting.peek())
        {
            if (!head.isDone() && head.deadlineNanos - now > 0)
            {
                return;
            }
            waiting.poll();
            if (!head.isDone())
            {
                head.overdue();
            }
        }
    }

    /** @return commands tracked for their deadline: answered ones leave at the next sweep. */
    int waiting()
    {
        return waiting.size();
    }

    @Override
    public void close()
    {
        sweeper.shutdownNow();
    }

    public InventoryEngine engine()
    {
        return engine;
    }

    /**
     * Submits {@code command} without waiting for it: the result is handed on on {@code executor}
     * (the request's I/O thread) through its {@link ResultInbox}, so nothing but queueing the
     * result runs on the engine's threads, and the future is completed on the thread that made it.
     *
     * @return the engine's result, accepted or rejected by the business logic; failed with an
     *     {@link ApiError} (503) when the ring is full, the engine halted or the result is late.
     */
    public CompletableFuture<CommandResult> submit(final Command command, final Executor executor)
    {
        return submit(command, executor, Function.identity());
    }

    /**
     * {@link #submit(Command, Executor)}, the result made into what the caller answers by {@code then}
     * on the submitter's thread as it is handed on: a write's reply is made and remembered in the
     * step that takes the result, where each was a stage of its own (a future and a completion per
     * stage; the stages between the engine and the answer were 20% of the bytes the I/O threads
     * allocated per order on batches of 256, docs/benchmarks.md run 57). A {@link Reply} that is
     * itself pending (an answer that needs a second command) completes the future when it does.
     */
    public <T> CompletableFuture<T> submit(final Command command, final Executor executor,
        final Function<CommandResult, T> then)
    {
        if (engine.halted())
        {
            return CompletableFuture.failedFuture(
                ApiError.of(ReasonCode.ENGINE_HALTED, "the engine stopped after a journal failure; see the log"));
        }
        final Answer<T> answer = new Answer<>(System.nanoTime(), inbox(executor), then);
        try
        {
            engine.trySubmit(command, answer);
        }
        catch (final IllegalStateException closed)
        {
            return CompletableFuture.failedFuture(new ApiError(503, "SHUTTING_DOWN", "the daemon is shutting down"));
        }
        waiting.add(answer);
        return answer;
    }

    private ResultInbox inbox(final Executor executor)
    {
        for (final ResultInbox inbox : inboxes)
        {
            if (inbox.thread() == executor)
            {
                return inbox;
            }
        }
        return addInbox(executor);
    }

    private synchronized ResultInbox addInbox(final Executor executor)
    {
        final ResultInbox[] known = inboxes;
        for (final ResultInbox inbox : known)
        {
            if (inbox.thread() == executor)
            {
                return inbox;
            }
        }
        final ResultInbox inbox = new ResultInbox(executor, metrics.latencies());
        final ResultInbox[] more = java.util.Arrays.copyOf(known, known.length + 1);
        more[known.length] = inbox;
        inboxes = more;
        return inbox;
    }

    /**
     * One command's answer: its result arrives on the engine's thread ({@link #accept}), or its
     * deadline passes on the sweeper's ({@link #overdue}); either way it is taken on the
     * submitter's thread, through its inbox, by whichever comes first, and made into what the
     * submitter awaits there ({@code then}).
     */
    private final class Answer<T> extends CompletableFuture<T>
        implements Consumer<CommandResult>, ResultInbox.Delivery
    {
        final long startNanos;
        final long deadlineNanos;
        private final ResultInbox inbox;
        private final Function<CommandResult, T> then;
        /**
         * Written before this answer is queued, read after it is taken from the queue, which orders
         * the two; a sweep's delivery racing it reads either null or the (immutable) result.
         */
        private CommandResult result;
        private volatile boolean late;
        /** The result was taken (on the inbox's thread): a later delivery (the sweep's) does nothing. */
        private boolean taken;

        Answer(final long startNanos, final ResultInbox inbox, final Function<CommandResult, T> then)
        {
            this.startNanos = startNanos;
            this.deadlineNanos = startNanos + timeoutNanos;
            this.inbox = inbox;
            this.then = then;
        }

        @Override
        public void accept(final CommandResult result)
        {
            this.result = result;
            inbox.add(this);
        }

        void overdue()
        {
            late = true;
            inbox.add(this);
        }

        @Override
        public void deliver()
        {
            if (isDone() || taken)
            {
                return;
            }
            final CommandResult delivered = result;
            try
            {
                if (delivered != null)
                {
                    taken = true;
                    settle(then.apply(checked(delivered, null, startNanos, inbox)));
                }
                else if (late)
                {
                    checked(null, OVERDUE, startNanos, inbox);
                }
            }
            catch (final RuntimeException e)
            {
                completeExceptionally(e);
            }
        }

        @SuppressWarnings("unchecked")
        private void settle(final T value)
        {
            if (value instanceof Reply reply && reply.pending() != null)
            {
                reply.pending().whenComplete((answer, failure) ->
                {
                    if (failure != null)
                    {
                        completeExceptionally(failure);
                    }
                    else
                    {
                        complete((T)answer);
                    }
                });
                return;
            }
            complete(value);
        }
    }

    private CommandResult checked(final CommandResult result, final Throwable failure, final long start,
        final ResultInbox inbox)
    {
        if (failure != null)
        {
            final Throwable cause = failure instanceof CompletionException && failure.getCause() != null ?
                failure.getCause() : failure;
            if (cause instanceof TimeoutException)
            {
                throw new ApiError(503, "ENGINE_TIMEOUT", "no result within " + timeoutNanos / 1_000_000 +
                    " ms; the command may still be applied: retry with the same Idempotency-Key");
            }
            throw new ApiError(503, "ENGINE_HALTED", "the engine failed the command: " + cause);
        }
        metrics.command(result.type(), result.reason(), System.nanoTime() - start, inbox.latencies());
        if (result.reason() == ReasonCode.RING_FULL || result.reason() == ReasonCode.ENGINE_HALTED ||
            result.reason() == ReasonCode.JOURNAL_FAILED)
        {
            throw ApiError.of(result.reason(), "nothing was applied; retry later with the same Idempotency-Key");
        }
        if (result.reason() == ReasonCode.NO_LEADER)
        {
            // Unlike the three above, not "nothing was applied": a leader that lost its quorum may
            // have appended the command before it went.
            throw ApiError.of(result.reason(), "the outcome is unknown; retry with the same Idempotency-Key, " +
                "which applies it at most once");
        }
        return result;
    }
}

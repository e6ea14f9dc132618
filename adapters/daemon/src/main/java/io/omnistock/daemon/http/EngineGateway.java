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
    private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService sweeper;

    /** A command's future and when it is overdue. */
    private record Waiting(long deadlineNanos, CompletableFuture<CommandResult> future)
    {
    }

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

    /** Drops answered commands from the head and fails the overdue ones. */
    private void sweep()
    {
        final long now = System.nanoTime();
        for (Waiting head = waiting.peek(); head != null; head = waiting.peek())
        {
            if (!head.future.isDone() && head.deadlineNanos - now > 0)
            {
                return;
            }
            waiting.poll();
            if (!head.future.isDone())
            {
                head.future.completeExceptionally(OVERDUE);
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
     * (the request's I/O thread), so nothing but completing the future runs on the engine's threads.
     *
     * @return the engine's result, accepted or rejected by the business logic; failed with an
     *     {@link ApiError} (503) when the ring is full, the engine halted or the result is late.
     */
    public CompletableFuture<CommandResult> submit(final Command command, final Executor executor)
    {
        if (engine.halted())
        {
            return CompletableFuture.failedFuture(
                ApiError.of(ReasonCode.ENGINE_HALTED, "the engine stopped after a journal failure; see the log"));
        }
        final long start = System.nanoTime();
        final CompletableFuture<CommandResult> future;
        try
        {
            future = engine.trySubmit(command);
        }
        catch (final IllegalStateException closed)
        {
            return CompletableFuture.failedFuture(new ApiError(503, "SHUTTING_DOWN", "the daemon is shutting down"));
        }
        if (!future.isDone())
        {
            waiting.add(new Waiting(start + timeoutNanos, future));
        }
        return future.handleAsync((result, failure) -> checked(result, failure, start), executor);
    }

    private CommandResult checked(final CommandResult result, final Throwable failure, final long start)
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
        metrics.command(result.type(), result.reason(), System.nanoTime() - start);
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

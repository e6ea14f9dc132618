package io.omnistock.daemon.http;

import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.InventoryEngine;
import io.omnistock.api.ReasonCode;
import io.omnistock.daemon.metrics.DaemonMetrics;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Request threads' way into the engine: never blocks on a full ring (503 with Retry-After instead),
 * bounds the wait for a result, and records every round trip in the metrics.
 */
public final class EngineGateway
{
    private final InventoryEngine engine;
    private final DaemonMetrics metrics;
    private final long timeoutNanos;

    public EngineGateway(final InventoryEngine engine, final DaemonMetrics metrics, final Duration timeout)
    {
        this.engine = engine;
        this.metrics = metrics;
        this.timeoutNanos = timeout.toNanos();
    }

    public InventoryEngine engine()
    {
        return engine;
    }

    /**
     * @return the engine's result, accepted or rejected by the business logic.
     * @throws ApiError 503 when the ring is full, the engine halted or the result is late.
     */
    public CommandResult call(final Command command)
    {
        if (engine.halted())
        {
            throw ApiError.of(ReasonCode.ENGINE_HALTED, "the engine stopped after a journal failure; see the log");
        }
        final long start = System.nanoTime();
        final CompletableFuture<CommandResult> future;
        try
        {
            future = engine.trySubmit(command);
        }
        catch (final IllegalStateException closed)
        {
            throw new ApiError(503, "SHUTTING_DOWN", "the daemon is shutting down");
        }
        final CommandResult result;
        try
        {
            result = future.get(timeoutNanos, TimeUnit.NANOSECONDS);
        }
        catch (final TimeoutException e)
        {
            throw new ApiError(503, "ENGINE_TIMEOUT", "no result within " + timeoutNanos / 1_000_000 +
                " ms; the command may still be applied: retry with the same Idempotency-Key");
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "SHUTTING_DOWN", "interrupted while waiting for the engine");
        }
        catch (final ExecutionException e)
        {
            throw new ApiError(503, "ENGINE_HALTED", "the engine failed the command: " + e.getCause());
        }
        metrics.command(result.type(), result.reason() == ReasonCode.OK ? "ok" : result.reason().name(),
            System.nanoTime() - start);
        if (result.reason() == ReasonCode.RING_FULL || result.reason() == ReasonCode.ENGINE_HALTED ||
            result.reason() == ReasonCode.JOURNAL_FAILED)
        {
            throw ApiError.of(result.reason(), "nothing was applied; retry later with the same Idempotency-Key");
        }
        return result;
    }
}

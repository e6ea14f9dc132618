package io.omnistock.daemon.http;

import io.omnistock.daemon.reads.AppliedSequence;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * What a read from the journal-fed read models waits for: until they have applied what the engine
 * had applied when the request came, and any {@code Omnistock-Min-Sequence}, so a client reads its
 * own writes. Past the wait, or once the models stopped, it is 503 {@code REPLICA_BEHIND}, as a
 * lagging replica answers. The wait holds no thread: the models' tail completes it.
 */
public final class ReadModelWait
{
    private final AppliedSequence applied;
    private final LongSupplier lastSequence;
    private final long waitMillis;

    public ReadModelWait(final AppliedSequence applied, final LongSupplier lastSequence, final Duration wait)
    {
        this.applied = applied;
        this.lastSequence = lastSequence;
        this.waitMillis = wait.toMillis();
    }

    /** @return whether the models have applied all the engine had, now (a read that must not wait). */
    boolean caughtUpNow()
    {
        return applied.get() >= lastSequence.getAsLong();
    }

    /** @return done with the applied sequence once the models have caught up with {@code call}'s needs. */
    CompletableFuture<Long> caughtUp(final Call call)
    {
        final long target = Math.max(lastSequence.getAsLong(), minSequence(call));
        final long asked = System.nanoTime();
        return applied.whenApplied(target).orTimeout(waitMillis, TimeUnit.MILLISECONDS).handle((sequence, failed) ->
        {
            if (failed == null)
            {
                return sequence;
            }
            final Throwable cause = failed instanceof CompletionException && failed.getCause() != null ?
                failed.getCause() : failed;
            final String why = cause instanceof TimeoutException ? "has applied sequence " + applied.get() + ", not yet " +
                target + ", after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked) + " ms" :
                "stopped at sequence " + applied.get() + " (" + cause.getMessage() + ")";
            throw new ApiError(503, "REPLICA_BEHIND", "the read model " + why + "; retry after Retry-After");
        });
    }

    private static long minSequence(final Call call)
    {
        final String text = call.header(ReplicaReads.MIN.toString());
        if (text == null)
        {
            return 0;
        }
        try
        {
            return Long.parseLong(text.trim());
        }
        catch (final NumberFormatException e)
        {
            throw ApiError.badRequest("MALFORMED_REQUEST", ReplicaReads.MIN + " must be a whole number, got '" + text + "'");
        }
    }
}

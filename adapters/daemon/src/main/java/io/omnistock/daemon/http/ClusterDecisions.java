package io.omnistock.daemon.http;

import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.ReasonCode;
import io.omnistock.cluster.ClusterMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Cluster mode's writes of the daemon's own replicated state (API keys, webhook subscriptions):
 * through the cluster, answered once this member has applied the decision, so the member that took
 * the request reads the change at once. Without a leader they answer as every write does, 503
 * {@code NO_LEADER} (reason 906, outcome unknown; docs/cluster.md), never a hang or a 500.
 */
public final class ClusterDecisions
{
    private static final Logger LOG = LoggerFactory.getLogger(ClusterDecisions.class);
    private static final long RETRY_MILLIS = 500;

    private ClusterDecisions()
    {
    }

    /**
     * @return the cluster's decision, applied on this member.
     * @throws ApiError 503 {@code NO_LEADER} when no leader took it within the cluster's no-leader
     *                  timeout or no answer came within {@code timeout}.
     */
    public static CommandResult decide(final ClusterMember member, final Command command, final Duration timeout)
    {
        final CommandResult r;
        try
        {
            r = member.submit(command).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final TimeoutException e)
        {
            throw noLeader("no answer from the cluster within " + timeout.toMillis() + " ms");
        }
        catch (final ExecutionException e)
        {
            // The member is closing: the command may have reached a leader before it did.
            throw new ApiError(503, "ENGINE_UNAVAILABLE", "the cluster member failed the command (" + e.getCause() +
                "); the outcome is unknown");
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "SHUTTING_DOWN", "interrupted while waiting for the cluster");
        }
        if (r.reason() == ReasonCode.NO_LEADER)
        {
            throw noLeader("no leader within cluster.no-leader-timeout-ms");
        }
        if (r.sequence() > 0)
        {
            awaitApplied(member, r, timeout);
        }
        return r;
    }

    /**
     * Sends the command until the cluster decides it, with the same id each time, as a client told
     * NO_LEADER must: for proposals a member makes of its own accord (its first admin key, the keys
     * and subscriptions of its embedded-mode files). Blocks: run it on a thread of its own.
     */
    public static CommandResult untilDecided(final ClusterMember member, final Command command, final Duration timeout)
        throws InterruptedException
    {
        while (true)
        {
            try
            {
                return decide(member, command, timeout);
            }
            catch (final ApiError e)
            {
                LOG.debug("a proposal not decided: {}; retrying with the same command id", e.getMessage());
                Thread.sleep(RETRY_MILLIS);
            }
        }
    }

    /**
     * @return a command id that follows from {@code parts} alone (FNV-1a over their bytes, never 0), so
     *     members proposing the same thing propose it under one id and the cluster applies it once.
     */
    public static long derivedId(final byte[]... parts)
    {
        long h = 0x9E3779B97F4A7C15L;
        for (final byte[] part : parts)
        {
            for (final byte b : part)
            {
                h = (h ^ b) * 0x100000001B3L;
            }
        }
        return h == 0 ? 1 : h;
    }

    private static void awaitApplied(final ClusterMember member, final CommandResult r, final Duration timeout)
    {
        try
        {
            member.whenApplied(r.sequence()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final TimeoutException | ExecutionException e)
        {
            throw new ApiError(503, "REPLICA_BEHIND", "the cluster decided the change (" + r.reason() + ", sequence " +
                r.sequence() + ") but this member has not applied it within " + timeout.toMillis() + " ms");
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "SHUTTING_DOWN", "interrupted while waiting for the cluster");
        }
    }

    private static ApiError noLeader(final String why)
    {
        return ApiError.of(ReasonCode.NO_LEADER, why + "; the outcome is unknown: read the keys or subscriptions " +
            "once a leader is back before asking again");
    }
}

package io.omnistock.daemon.http;

import io.omnistock.cluster.ClusterMember;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * In cluster mode, in front of every route: each response says which sequence this member's replica
 * had applied when it was sent ({@link #APPLIED}), and a request that names a minimum ({@link #MIN})
 * runs only once the replica has applied it: read-your-writes across members, since a write's
 * answer carries its sequence. The wait is bounded ({@code cluster.read-wait-ms}); past it the
 * answer is 503 {@code REPLICA_BEHIND} with Retry-After. No thread waits meanwhile: the request is
 * resumed on its I/O thread when the replica gets there.
 */
final class ReplicaReads implements HttpHandler
{
    static final HttpString MIN = new HttpString("Omnistock-Min-Sequence");
    static final HttpString APPLIED = new HttpString("Omnistock-Applied-Sequence");

    private final HttpHandler next;
    private final ClusterMember member;
    private final long waitMillis;
    private final BiConsumer<HttpServerExchange, Reply> refuse;

    ReplicaReads(final HttpHandler next, final ClusterMember member, final Duration wait,
        final BiConsumer<HttpServerExchange, Reply> refuse)
    {
        this.next = next;
        this.member = member;
        this.waitMillis = wait.toMillis();
        this.refuse = refuse;
    }

    @Override
    public void handleRequest(final HttpServerExchange exchange) throws Exception
    {
        // At commit, not now: the sequence is then at least what the request's reads saw, so a
        // client that sends it back as its minimum never reads older state from another member.
        exchange.addResponseCommitListener(ex -> ex.getResponseHeaders().put(APPLIED, member.appliedSequence()));
        final String text = exchange.getRequestHeaders().getFirst(MIN);
        if (text == null)
        {
            next.handleRequest(exchange);
            return;
        }
        final long min;
        try
        {
            min = Long.parseLong(text.trim());
        }
        catch (final NumberFormatException e)
        {
            refuse.accept(exchange, HttpApi.error(400, "MALFORMED_REQUEST", MIN + " must be a whole number, got '" +
                text + "'"));
            return;
        }
        final CompletableFuture<Long> applied = member.whenApplied(min);
        if (applied.isDone())
        {
            next.handleRequest(exchange);
            return;
        }
        // Timed out, the future is done, and the replica drops its wait.
        applied.orTimeout(waitMillis, TimeUnit.MILLISECONDS);
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> applied.whenComplete((sequence, late) ->
            exchange.getIoThread().execute(() -> Connectors.executeRootHandler(ex ->
            {
                if (late == null)
                {
                    next.handleRequest(ex);
                }
                else
                {
                    refuse.accept(ex, HttpApi.error(503, "REPLICA_BEHIND", "this member has applied sequence " +
                        member.appliedSequence() + ", not yet " + min + ", after " + waitMillis +
                        " ms; retry (here or on another member) after Retry-After"));
                }
            }, exchange))));
    }
}

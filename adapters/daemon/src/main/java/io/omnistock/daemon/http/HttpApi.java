package io.omnistock.daemon.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnistock.daemon.metrics.DaemonMetrics;
import io.undertow.Handlers;
import io.undertow.io.IoCallback;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatcher;
import io.undertow.util.QueryParameterUtils;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.URLUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
/**
 * The HTTP server (Undertow) and the one place every request passes: authentication, scope check,
 * dispatch, and the translation of {@link ApiError} and surprises into JSON errors. Handlers only
 * translate between JSON and engine commands.
 *
 * <p>Two ways to run a handler. The engine's own requests ({@link #ioRoute}: orders, movements,
 * positions) run on the connection's I/O thread: the body is read without blocking, the command is
 * published into the ring, and the answer is written when the engine's result comes back, by the
 * same I/O thread; no worker thread and no blocked thread stands between the client and the ring.
 * Everything else ({@link #route}: definitions, keys, POS files, bulk loads) runs on a worker thread,
 * where a handler may block; a pending engine answer is awaited there. The writes among the first
 * ({@link #writeRoute}) are also what a batch's elements may be: {@link #element} decides an element
 * with the same handler, scope and error translation as the request sent alone.
 */
public final class HttpApi implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    /** What a route does with a call. */
    @FunctionalInterface
    public interface Handler
    {
        Reply handle(Call call) throws Exception;
    }

    /** A handler given its request's body, read as a record ({@link Call#json}). */
    @FunctionalInterface
    public interface BodyHandler<T>
    {
        Reply handle(Call call, T body) throws Exception;
    }

    private final RoutingHandler routes = Handlers.routing();
    /** The write routes a batch element may target, by method. */
    private final Map<String, PathTemplateMatcher<Target>> writes = new java.util.HashMap<>();
    private final java.util.List<String> registered = new java.util.ArrayList<>();
    private final ApiKeys keys;
    private final DaemonMetrics metrics;
    private final ExecutorService workers;
    private final ExecutorService streams;
    private final long maxBody;
    private final boolean metricsPublic;
    static final Reply INTERNAL = encoded(error(500, "INTERNAL", "the daemon failed to handle the " +
        "request; nothing was applied unless a result was returned for it"));
    private GracefulShutdownHandler shutdown;
    /** What stands in front of the routes (cluster mode: {@link ReplicaReads}); nothing by default. */
    private java.util.function.UnaryOperator<HttpHandler> front = java.util.function.UnaryOperator.identity();
    private final RouteIndex index;
    /** Cross-origin requests allowed ({@link #cors}); null: none, no CORS headers. */
    private Cors cors;
    /** Per-key rate limits ({@link #rateLimit}); null: none. */
    private RateLimits rateLimits;

    public HttpApi(
        final ApiKeys keys, final DaemonMetrics metrics, final ExecutorService workers, final ExecutorService streams,
        final long maxBody, final boolean metricsPublic)
    {
        this.keys = keys;
        this.metrics = metrics;
        this.workers = workers;
        this.streams = streams;
        this.maxBody = maxBody;
        this.metricsPublic = metricsPublic;
        this.index = new RouteIndex(metrics);
        routes.setFallbackHandler(exchange -> send(exchange, error(404, "NOT_FOUND",
            "no such endpoint: " + exchange.getRequestMethod() + " " + exchange.getRequestPath())));
        routes.setInvalidMethodHandler(exchange ->
        {
            final String allow = index.allow(exchange.getRelativePath());
            exchange.getResponseHeaders().put(Headers.ALLOW, allow);
            send(exchange, error(405, "METHOD_NOT_ALLOWED", exchange.getRequestMethod() + " is not allowed on " +
                exchange.getRequestPath() + "; it takes " + allow));
        });
    }

    /** Registers a route with Undertow's routing and in the index of methods and timers. */
    private void add(final String method, final String template, final HttpHandler handler)
    {
        routes.add(method, template, handler);
        index.add(method, template);
        registered.add(method + " " + template);
    }

    /** Answers cross-origin requests from these origins (preflights included). Call before serving. */
    public synchronized void cors(final java.util.Set<String> origins)
    {
        cors = Cors.of(origins);
    }

    /** Limits each API key to {@code perSecond} requests, {@code burst} at once. Call before serving. */
    public synchronized void rateLimit(final int perSecond, final int burst)
    {
        rateLimits = new RateLimits(perSecond, burst);
    }

    /** A route that needs a key with {@code scope}; {@code scope} null means public. */
    public HttpApi route(final String method, final String template, final Scope scope, final Handler handler)
    {
        return route(method, template, scope, maxBody, handler);
    }

    public HttpApi route(
        final String method, final String template, final Scope scope, final long bodyLimit, final Handler handler)
    {
        add(method, template, dispatching(workers, scope, bodyLimit, handler));
        return this;
    }

    /**
     * A route whose handler never blocks (it parses, looks codes up and answers with an engine
     * result still pending): it runs on the connection's I/O thread, its body read beforehand.
     */
    public HttpApi ioRoute(final String method, final String template, final Scope scope, final Handler handler)
    {
        add(method, template, onIoThread(scope, false, maxBody, handler));
        return this;
    }

    /**
     * An {@link #ioRoute} that writes: also a target of batch elements ({@link #element}), decided
     * there exactly as here.
     */
    public HttpApi writeRoute(final String method, final String template, final Scope scope, final Handler handler)
    {
        return writeRoute(method, template, scope, null, handler);
    }

    /**
     * A {@link #writeRoute} whose body is the record {@code bodyType}, read before its handler runs;
     * in a batch, read while the batch is checked ({@link BatchBody}).
     */
    public <T> HttpApi writeRoute(final String method, final String template, final Scope scope,
        final Class<T> bodyType, final BodyHandler<T> handler)
    {
        return writeRoute(method, template, scope, bodyType, call -> handler.handle(call, call.json(bodyType)));
    }

    private HttpApi writeRoute(final String method, final String template, final Scope scope, final Class<?> bodyType,
        final Handler handler)
    {
        writes.computeIfAbsent(method, m -> new PathTemplateMatcher<>()).add(template, new Target(scope, handler,
            bodyType));
        return ioRoute(method, template, scope, handler);
    }

    /**
     * A route on the I/O thread that any valid API key may call ({@code POST /v1/batch}: each of its
     * elements then needs its own route's scope), with its own body limit.
     */
    HttpApi keyedIoRoute(final String method, final String template, final long bodyLimit, final Handler handler)
    {
        // Public routes are not rate-limited; this one needs a key, and is.
        add(method, template, onIoThread(null, true, bodyLimit, call ->
        {
            limit(call.principal());
            return handler.handle(call);
        }));
        return this;
    }

    /** A write a batch element may target; {@code bodyType} the record its body is read as, or null. */
    private record Target(Scope scope, Handler handler, Class<?> bodyType)
    {
    }

    /** @return the write routes a batch element may target, "METHOD /template" each. */
    java.util.List<String> writeRoutes()
    {
        final java.util.List<String> all = new java.util.ArrayList<>();
        writes.forEach((method, matcher) -> matcher.getPathTemplates().forEach(t ->
            all.add(method + " " + t.getTemplateString())));
        java.util.Collections.sort(all);
        return all;
    }

    /**
     * Decides one batch element exactly as the request {@code method target} (path and query string)
     * sent alone by the batch's caller would be: the same write route, scope check, handler and error
     * translation. Runs on the batch's I/O thread.
     *
     * @param batch the batch's call (caller, I/O thread).
     * @return the element's reply, pending while the engine decides.
     */
    Reply element(final Call batch, final String method, final String target, final String idempotencyKey,
        final byte[] body, final int offset, final int length, final Object read)
    {
        return guarded(method, target, () ->
        {
            final int q = target.indexOf('?');
            final String query = q < 0 ? "" : target.substring(q + 1);
            final String path = decodePath(pathOf(target));
            final PathTemplateMatcher.PathMatchResult<Target> match = match(method, path);
            if (match == null)
            {
                if (writes.get(method) == null && writes.values().stream().anyMatch(m -> m.match(path) != null))
                {
                    throw new ApiError(405, "METHOD_NOT_ALLOWED", method + " is not allowed on " + path +
                        " in a batch");
                }
                throw new ApiError(404, "NOT_FOUND", "no such batch target: " + method + " " + path +
                    "; a batch element is one of " + String.join(", ", writeRoutes()));
            }
            batch.principal().require(match.getValue().scope());
            if (length > maxBody)
            {
                throw tooLarge(maxBody);
            }
            return match.getValue().handler().handle(batch.element(method, path, query,
                parameters(query, match.getParameters()), idempotencyKey, body, offset, length, read));
        });
    }

    /**
     * @param target a batch element's path, with its query string if any.
     * @return the record its write route reads its body as; null when none, or no such route.
     */
    Class<?> bodyType(final String method, final String target)
    {
        final String path = pathOf(target);
        // An encoded path is left to the element's own decoding, and its errors.
        final PathTemplateMatcher.PathMatchResult<Target> match = path.indexOf('%') < 0 ? match(method, path) : null;
        return match == null ? null : match.getValue().bodyType();
    }

    /** @return a batch element's target without its query string. */
    private static String pathOf(final String target)
    {
        final int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** @return the write route of {@code method} that {@code path} (decoded) matches, or null. */
    private PathTemplateMatcher.PathMatchResult<Target> match(final String method, final String path)
    {
        final PathTemplateMatcher<Target> byPath = writes.get(method);
        return byPath == null ? null : byPath.match(path);
    }

    /** A path decoded as Undertow decodes a request's (an encoded slash stays encoded). */
    private static String decodePath(final String path)
    {
        if (path.indexOf('%') < 0)
        {
            return path;
        }
        try
        {
            return URLUtils.decode(path, StandardCharsets.UTF_8.name(), false, false, new StringBuilder());
        }
        catch (final IllegalArgumentException e)
        {
            throw ApiError.badRequest("MALFORMED_REQUEST", "the path is not validly percent-encoded: " + path);
        }
    }

    /**
     * The parameters a request of this query string and path match would have: the query's, then the
     * path template's after them (as Undertow's routing adds them).
     */
    private static Map<String, Deque<String>> parameters(final String query, final Map<String, String> path)
    {
        if (query.isEmpty() && path.isEmpty())
        {
            return Map.of();
        }
        final Map<String, Deque<String>> all = query.isEmpty() ? new java.util.HashMap<>() :
            QueryParameterUtils.parseQueryString(query, StandardCharsets.UTF_8.name());
        path.forEach((name, value) -> all.computeIfAbsent(name, n -> new ArrayDeque<>()).add(value));
        return all;
    }

    /** A long-lived route (event streams): runs on the stream pool, not a request worker. */
    public HttpApi stream(final String template, final Scope scope, final Handler handler)
    {
        add("GET", template, dispatching(streams, scope, maxBody, handler));
        return this;
    }

    /** A route public when metrics are public, else admin-only. */
    public HttpApi metricsRoute(final String template, final Handler handler)
    {
        return route("GET", template, metricsPublic ? null : Scope.ADMIN, handler);
    }

    /** @return the handler of every request, once every route is registered. */
    synchronized HttpHandler handler()
    {
        if (shutdown == null)
        {
            shutdown = Handlers.gracefulShutdown(front.apply(this::requestLine));
        }
        return shutdown;
    }

    /**
     * Cluster mode: every response carries the replica's applied sequence, and a request with a
     * minimum sequence waits (bounded by {@code wait}) for the replica to reach it. Call before serving.
     */
    public synchronized void replicaReads(final io.omnistock.cluster.ClusterMember member, final java.time.Duration wait)
    {
        front = routes -> new ReplicaReads(routes, member, wait, this::send);
    }

    /** @return every route as "METHOD /template", in registration order. */
    public java.util.List<String> routes()
    {
        return java.util.List.copyOf(registered);
    }

    /** Stops taking requests and waits for those in flight. */
    public synchronized void drain(final long timeoutMillis) throws InterruptedException
    {
        if (shutdown != null)
        {
            shutdown.shutdown();
            shutdown.awaitShutdown(timeoutMillis);
        }
    }

    @Override
    public void close()
    {
        workers.shutdown();
        streams.shutdownNow();
        try
        {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Refuses what Undertow lets through but HTTP/1.1 does not: another protocol version
     * ("HTTP/9.9"), and a method in lower case (methods are case-sensitive, "get" is not GET; the
     * routing would take it for GET).
     */
    private void requestLine(final HttpServerExchange exchange) throws Exception
    {
        RequestContext.begin(exchange);
        try
        {
            if (cors == null || crossOrigin(exchange))
            {
                checkedRequestLine(exchange);
            }
        }
        finally
        {
            RequestContext.exit();
        }
    }

    /**
     * CORS headers for an allowed origin; a preflight answered here.
     *
     * @return whether the request goes on to its route.
     */
    private boolean crossOrigin(final HttpServerExchange exchange)
    {
        final Cors.Verdict verdict = cors.check(exchange);
        if (verdict == Cors.Verdict.SERVE)
        {
            return true;
        }
        final String allow = index.allow(exchange.getRelativePath());
        if (verdict == Cors.Verdict.REFUSED_PREFLIGHT)
        {
            send(exchange, error(403, "CORS_ORIGIN_NOT_ALLOWED", "the origin '" + exchange.getRequestHeaders()
                .getFirst(Cors.ORIGIN) + "' is not one of http.cors-origins"));
        }
        else if (allow.isEmpty())
        {
            send(exchange, error(404, "NOT_FOUND", "no such endpoint: " + exchange.getRequestPath()));
        }
        else
        {
            exchange.getResponseHeaders().put(Cors.ALLOW_METHODS, allow);
            exchange.getResponseHeaders().put(Headers.ALLOW, allow + ", OPTIONS");
            metrics.httpStatus(204);
            exchange.setStatusCode(204);
            exchange.endExchange();
        }
        return false;
    }

    private void checkedRequestLine(final HttpServerExchange exchange) throws Exception
    {
        final String version = exchange.getRequestHeaders().getFirst(ChunkedFraming.VERSION_HEADER);
        final String method = exchange.getRequestMethod().toString();
        if (version != null)
        {
            exchange.setPersistent(false);
            send(exchange, error(505, "HTTP_VERSION_NOT_SUPPORTED", "HTTP/1.1 (or HTTP/1.0) only, got '" +
                version + "'"));
        }
        else if (!method.equals(method.toUpperCase(java.util.Locale.ROOT)))
        {
            send(exchange, error(501, "METHOD_NOT_IMPLEMENTED", "methods are case-sensitive: '" + method +
                "' is not one of the API's (GET, POST, PUT, DELETE)"));
        }
        else
        {
            routes.handleRequest(exchange);
        }
    }

    private HttpHandler dispatching(
        final ExecutorService pool, final Scope scope, final long bodyLimit, final Handler handler)
    {
        return new HttpHandler()
        {
            @Override
            public void handleRequest(final HttpServerExchange exchange)
            {
                if (exchange.isInIoThread())
                {
                    exchange.dispatch(pool, this);
                    return;
                }
                RequestContext.enter(exchange);
                try
                {
                    handleBlocking(exchange);
                }
                finally
                {
                    RequestContext.exit();
                }
            }

            private void handleBlocking(final HttpServerExchange exchange)
            {
                exchange.startBlocking();
                Reply reply;
                try
                {
                    final String presented = presentedKey(exchange);
                    final Principal principal = authenticate(presented, scope);
                    // The store hands out one Principal per key: the same instance means the key still stands.
                    reply = handler.handle(new Call(exchange, principal, bodyLimit,
                        principal == null ? () -> true : () -> keys.authenticate(presented) == principal));
                    if (reply.pending() != null)
                    {
                        reply = settled(reply.pending().toCompletableFuture(), exchange.getRequestMethod().toString(),
                            exchange.getRequestPath());
                    }
                }
                catch (final ApiError e)
                {
                    reply = error(e);
                }
                catch (final Exception | Error e)
                {
                    if (exchange.isResponseStarted())
                    {
                        // A stream under way cannot be answered any more. A connection that failed
                        // (the client went away) is the client's end, worth one line; anything else
                        // is a fault of ours.
                        if (e instanceof java.io.IOException)
                        {
                            LOG.warn("request ended early method={} path={}{}: {}", exchange.getRequestMethod(),
                                exchange.getRequestPath(), RequestContext.describe(), e.toString());
                        }
                        else
                        {
                            LOG.error("request failed mid-response method={} path={}{}", exchange.getRequestMethod(),
                                exchange.getRequestPath(), RequestContext.describe(), e);
                        }
                        exchange.setPersistent(false);
                        exchange.endExchange();
                        return;
                    }
                    // Errors too (OutOfMemoryError, StackOverflowError): left to Undertow, they become
                    // a 500 with an empty body. The answer is encoded already: memory may be short.
                    LOG.error("request failed method={} path={}{}", exchange.getRequestMethod(), exchange.getRequestPath(),
                        RequestContext.describe(), e);
                    reply = INTERNAL;
                }
                if (reply != Reply.HANDLED)
                {
                    send(exchange, reply);
                }
                else
                {
                    metrics.httpStatus(exchange.getStatusCode());
                }
            }
        };
    }

    /** @param keyRequired whether a route without a scope still needs a valid API key. */
    private HttpHandler onIoThread(final Scope scope, final boolean keyRequired, final long bodyLimit,
        final Handler handler)
    {
        return exchange ->
        {
            if (exchange.getRequestContentLength() > bodyLimit)
            {
                send(exchange, error(tooLarge(bodyLimit)));
                return;
            }
            BodyReader.read(exchange, bodyLimit, (ex, body) ->
            {
                // The body may complete in a later read callback, outside the request line's context.
                RequestContext.enter(ex);
                try
                {
                    handleRead(ex, scope, keyRequired, bodyLimit, handler, body);
                }
                finally
                {
                    RequestContext.exit();
                }
            },
                (ex, e) ->
            {
                // The client went away, or sent more than the route takes (RequestTooBigException).
                exchange.setPersistent(false);
                send(ex, e instanceof RequestTooBigException ? error(tooLarge(bodyLimit)) :
                    error(400, "UNREADABLE_BODY", "could not read the request body: " + e.getMessage()));
            });
        };
    }

    /** On the I/O thread, the body read: run the handler, and answer now or when the engine has. */
    private void handleRead(
        final HttpServerExchange exchange, final Scope scope, final boolean keyRequired, final long bodyLimit,
        final Handler handler, final byte[] body)
    {
        final Reply reply = guarded(exchange.getRequestMethod().toString(), exchange.getRequestPath(), () ->
        {
            ChunkedFraming.requireWhole(exchange);
            final String presented = presentedKey(exchange);
            final Principal principal = authenticate(presented, scope);
            if (principal == null && keyRequired)
            {
                throw unauthenticated(presented);
            }
            return handler.handle(new Call(exchange, principal, bodyLimit,
                principal == null ? () -> true : () -> keys.authenticate(presented) == principal, body));
        });
        if (reply.pending() == null)
        {
            answer(exchange, reply);
            return;
        }
        final CompletableFuture<Reply> pending = reply.pending().toCompletableFuture();
        if (pending.isDone())
        {
            answer(exchange, settled(pending, exchange.getRequestMethod().toString(), exchange.getRequestPath()));
            return;
        }
        // Undertow ends an exchange when its handler returns, unless it was dispatched: this one
        // is answered later, by its I/O thread, when the engine's result is in. The result is
        // handed on on that thread already (EngineGateway): answered there at once, without a
        // second task through the thread's queue.
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> pending.whenComplete((answer, failure) ->
        {
            final Runnable respond = () -> Connectors.executeRootHandler(done ->
            {
                RequestContext.enter(done);
                try
                {
                    answer(done, settled(pending, done.getRequestMethod().toString(), done.getRequestPath()));
                }
                finally
                {
                    RequestContext.exit();
                }
            }, exchange);
            if (Thread.currentThread() == exchange.getIoThread())
            {
                respond.run();
            }
            else
            {
                exchange.getIoThread().execute(respond);
            }
        }));
    }

    /** Sends {@code reply}, unless the handler wrote the response itself. */
    private void answer(final HttpServerExchange exchange, final Reply reply)
    {
        if (reply == Reply.HANDLED)
        {
            metrics.httpStatus(exchange.getStatusCode());
            return;
        }
        send(exchange, reply);
    }

    /** What a handler's work throws on the I/O thread. */
    @FunctionalInterface
    private interface Work
    {
        Reply run() throws Exception;
    }

    /** @return the reply of {@code work}, or the error it threw, as the API answers it. */
    private static Reply guarded(final String method, final String path, final Work work)
    {
        try
        {
            return work.run();
        }
        catch (final ApiError e)
        {
            return error(e);
        }
        catch (final Exception | Error e)
        {
            LOG.error("request failed method={} path={}{}", method, path, RequestContext.describe(), e);
            return INTERNAL;
        }
    }

    /** The reply a finished pending answer gives: the answer, or the error it failed with. */
    static Reply settled(final CompletableFuture<Reply> pending, final String method, final String path)
    {
        try
        {
            return pending.get();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return error(503, "SHUTTING_DOWN", "interrupted while waiting for the engine");
        }
        catch (final ExecutionException e)
        {
            final Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null ?
                e.getCause().getCause() : e.getCause();
            if (cause instanceof ApiError apiError)
            {
                return error(apiError);
            }
            LOG.error("request failed method={} path={}{}", method, path, RequestContext.describe(), cause);
            return INTERNAL;
        }
    }

    private static ApiError tooLarge(final long bodyLimit)
    {
        return new ApiError(413, "BODY_TOO_LARGE", "the request body exceeds " + bodyLimit + " bytes");
    }

    private static String presentedKey(final HttpServerExchange exchange)
    {
        String presented = exchange.getRequestHeaders().getFirst("X-Api-Key");
        final String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (presented == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7))
        {
            presented = authorization.substring(7).trim();
        }
        return presented;
    }

    private Principal authenticate(final String presented, final Scope scope)
    {
        final Principal principal = keys.authenticate(presented);
        if (scope == null)
        {
            return principal;
        }
        if (principal == null)
        {
            throw unauthenticated(presented);
        }
        principal.require(scope);
        limit(principal);
        return principal;
    }

    /** Takes a request from the key's rate limit, if there is one: routes with a scope, and the batch. */
    private void limit(final Principal principal)
    {
        if (rateLimits != null)
        {
            rateLimits.take(principal);
        }
    }

    private static ApiError unauthenticated(final String presented)
    {
        return new ApiError(401, presented == null ? "UNAUTHENTICATED" : "INVALID_API_KEY", presented == null ?
            "send an API key as 'Authorization: Bearer <key>' or 'X-Api-Key'" : "the API key is not valid");
    }

    static Reply error(final ApiError e)
    {
        final Reply reply = error(e.status(), e.code(), e.getMessage());
        if (e.reason() != null)
        {
            ((ObjectNode)reply.json().get("error")).put("reasonCode", e.reason().code());
        }
        return reply;
    }

    static Reply error(final int status, final String code, final String message)
    {
        final ObjectNode body = Json.object();
        body.putObject("error").put("code", code).put("message", message);
        return Reply.of(status, body);
    }

    private void send(final HttpServerExchange exchange, final Reply reply)
    {
        metrics.httpStatus(reply.status());
        if (reply.status() == 503 || reply.status() == 429 && reply.json() != null &&
            "RATE_LIMITED".equals(reply.json().path("error").path("code").asText()))
        {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
        }
        else if (reply.status() == 201 && exchange.getAttachment(Created.LOCATION) != null)
        {
            exchange.getResponseHeaders().put(Headers.LOCATION, exchange.getAttachment(Created.LOCATION));
        }
        try
        {
            final byte[] bytes = reply.encoded() != null ? reply.encoded() : Json.MAPPER.writeValueAsBytes(reply.json());
            sendJson(exchange, reply.status(), java.nio.ByteBuffer.wrap(bytes), IoCallback.END_EXCHANGE);
        }
        catch (final JsonProcessingException e)
        {
            LOG.error("cannot encode a response", e);
            exchange.setStatusCode(500);
            exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(INTERNAL.encoded()));
        }
    }

    /**
     * Sends a JSON answer already encoded; {@code sent} is called when it is written, and ends the
     * exchange ({@link IoCallback#END_EXCHANGE} does). The answer's status is counted by whoever
     * answered: {@link #send}, or for a handler that sends its own, the {@link Reply#HANDLED} it gives.
     */
    void sendJson(final HttpServerExchange exchange, final int status, final java.nio.ByteBuffer body, final IoCallback sent)
    {
        index.timed(exchange);
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(body, sent);
    }

    private static Reply encoded(final Reply reply)
    {
        try
        {
            return new Reply(reply.status(), reply.json(), Json.MAPPER.writeValueAsBytes(reply.json()));
        }
        catch (final JsonProcessingException e)
        {
            throw new IllegalStateException("a constant reply that cannot be encoded", e);
        }
    }
}

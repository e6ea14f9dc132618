package io.omnistock.daemon.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;

import java.util.Set;

/**
 * Cross-origin requests from browsers, for the origins of {@code http.cors-origins} only (exact
 * {@code scheme://host[:port]} strings). Without origins there is no instance and no CORS header
 * at all: the daemon's default, since its callers are servers.
 *
 * <p>Cost per request when on: one header look-up and, with an Origin, one hash-set look-up and
 * three response headers (constants). A preflight is answered here, before authentication (browsers
 * send it without credentials).
 */
final class Cors
{
    static final HttpString ORIGIN = new HttpString("Origin");
    static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
    static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    static final HttpString EXPOSE_HEADERS = new HttpString("Access-Control-Expose-Headers");
    static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");
    static final HttpString REQUEST_METHOD = new HttpString("Access-Control-Request-Method");
    /** The request headers the API reads. */
    static final String HEADERS = "Authorization, X-Api-Key, Content-Type, Idempotency-Key, X-Request-Id, " +
        "traceparent, Last-Event-ID, Omnistock-Min-Sequence";
    /** The response headers a browser script may read besides the simple ones. */
    static final String EXPOSED = "X-Request-Id, Location, Retry-After, Omnistock-Applied-Sequence";
    /** How long a browser may cache a preflight's answer. */
    static final String MAX_AGE_SECONDS = "600";

    private final Set<String> origins;

    private Cors(final Set<String> origins)
    {
        this.origins = Set.copyOf(origins);
    }

    /** @return CORS for these origins, or null (off) for none. */
    static Cors of(final Set<String> origins)
    {
        return origins.isEmpty() ? null : new Cors(origins);
    }

    /** What {@link #check} found. */
    enum Verdict
    {
        /** Not a cross-origin request, or one from an allowed origin: served as usual (headers set). */
        SERVE,
        /** A preflight from an allowed origin: to be answered with the path's methods. */
        PREFLIGHT,
        /** A preflight from an origin not on the list: refused. */
        REFUSED_PREFLIGHT
    }

    /** Sets the CORS response headers an allowed origin gets, and tells a preflight. */
    Verdict check(final HttpServerExchange exchange)
    {
        final String origin = exchange.getRequestHeaders().getFirst(ORIGIN);
        final boolean preflight = origin != null && exchange.getRequestMethod().equals(Methods.OPTIONS) &&
            exchange.getRequestHeaders().contains(REQUEST_METHOD);
        if (origin == null)
        {
            return Verdict.SERVE;
        }
        // Caches must keep answers to different origins apart, allowed or not.
        exchange.getResponseHeaders().put(Headers.VARY, "Origin");
        if (!origins.contains(origin))
        {
            return preflight ? Verdict.REFUSED_PREFLIGHT : Verdict.SERVE;
        }
        exchange.getResponseHeaders().put(ALLOW_ORIGIN, origin);
        if (!preflight)
        {
            exchange.getResponseHeaders().put(EXPOSE_HEADERS, EXPOSED);
            return Verdict.SERVE;
        }
        exchange.getResponseHeaders().put(ALLOW_HEADERS, HEADERS);
        exchange.getResponseHeaders().put(MAX_AGE, MAX_AGE_SECONDS);
        return Verdict.PREFLIGHT;
    }
}

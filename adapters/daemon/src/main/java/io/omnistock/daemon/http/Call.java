package io.omnistock.daemon.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Deque;
import java.util.Locale;

/**
 * One request being handled: who called, its parameters and its body. On a worker thread the body
 * is read when asked for; on the connection's I/O thread it was read before the handler ran.
 */
public final class Call
{
    private final HttpServerExchange exchange;
    private final Principal principal;
    private final long maxBody;
    private final java.util.function.BooleanSupplier keyValid;
    private byte[] body;
    /** Set by a keyed write: its commands carry it into the journal. */
    private long requestFingerprint;

    Call(final HttpServerExchange exchange, final Principal principal, final long maxBody,
        final java.util.function.BooleanSupplier keyValid)
    {
        this(exchange, principal, maxBody, keyValid, null);
    }

    /** @param body the body, read already (on the I/O thread), or null to read it when asked. */
    Call(final HttpServerExchange exchange, final Principal principal, final long maxBody,
        final java.util.function.BooleanSupplier keyValid, final byte[] body)
    {
        this.exchange = exchange;
        this.principal = principal;
        this.maxBody = maxBody;
        this.keyValid = keyValid;
        this.body = body;
    }

    /**
     * @return where the work after an engine result runs (JSON, idempotency): the connection's
     *     I/O thread, never the engine's own threads.
     */
    public java.util.concurrent.Executor executor()
    {
        return exchange.getIoThread();
    }

    /**
     * @return whether the API key this call was authenticated with is still a key of ours (a
     * revoked key must stop working at once, long-lived streams included); true for a call made
     * without a key on a public route.
     */
    public boolean keyValid()
    {
        return keyValid.getAsBoolean();
    }

    public HttpServerExchange exchange()
    {
        return exchange;
    }

    public Principal principal()
    {
        return principal;
    }

    /** @return a path parameter of the route template. */
    public String path(final String name)
    {
        final Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null ? null : values.peekFirst();
    }

    /** @return a query parameter, or null. */
    public String query(final String name)
    {
        return path(name);
    }

    /** @return the fingerprint a keyed write's commands carry, or 0 (see {@link Writes#write}). */
    long requestFingerprint()
    {
        return requestFingerprint;
    }

    void requestFingerprint(final long fingerprint)
    {
        this.requestFingerprint = fingerprint;
    }

    public String header(final String name)
    {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /** @return the JSON body as {@code type}, strictly checked. */
    public <T> T json(final Class<T> type)
    {
        requireMediaType("application/json");
        return Json.read(body(), type);
    }

    /**
     * @param accepted media types without parameters, e.g. {@code text/csv}.
     * @return the one the request declared.
     * @throws ApiError 415 if it declared another or none.
     */
    public String requireMediaType(final String... accepted)
    {
        final String declared = header(Headers.CONTENT_TYPE_STRING);
        final String type = declared == null ? "" : declared.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        for (final String a : accepted)
        {
            if (a.equals(type))
            {
                return a;
            }
        }
        throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be " + String.join(" or ", accepted) +
            (declared == null ? "; none was given" : ", got '" + declared + "'"));
    }

    /** @return the body, read once, at most the route's limit. */
    public byte[] body()
    {
        if (body != null)
        {
            return body;
        }
        final long declared = exchange.getRequestContentLength();
        if (declared > maxBody)
        {
            throw tooLarge();
        }
        try (InputStream in = exchange.getInputStream())
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int)declared : 256);
            final byte[] buffer = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; )
            {
                total += n;
                if (total > maxBody)
                {
                    throw tooLarge();
                }
                out.write(buffer, 0, n);
            }
            ChunkedFraming.requireWhole(exchange);
            body = out.toByteArray();
            return body;
        }
        catch (final IOException e)
        {
            throw ApiError.badRequest("UNREADABLE_BODY", "could not read the request body: " + e.getMessage());
        }
    }

    /** @return the body as a stream, for bulk loads that must not be held in memory at once. */
    public InputStream bodyStream()
    {
        final long declared = exchange.getRequestContentLength();
        if (declared > maxBody)
        {
            throw tooLarge();
        }
        return new BoundedInputStream(exchange.getInputStream(), maxBody, this::tooLarge,
            () -> ChunkedFraming.requireWhole(exchange));
    }

    private ApiError tooLarge()
    {
        return new ApiError(413, "BODY_TOO_LARGE", "the request body exceeds " + maxBody + " bytes");
    }
}

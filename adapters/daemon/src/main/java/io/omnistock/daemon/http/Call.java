package io.omnistock.daemon.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * One request being handled: who called, its parameters and its body. On a worker thread the body
 * is read when asked for; on the connection's I/O thread it was read before the handler ran. A
 * call is an HTTP request ({@link #exchange()}) or one element of a batch ({@link #element}), which
 * carries the same method, path, query, Idempotency-Key and body without an exchange of its own:
 * a handler of a write cannot tell the two apart, so both are decided by the same code.
 */
public final class Call
{
    private static final String JSON = "application/json";

    /** The request, or null for a batch element. */
    private final HttpServerExchange exchange;
    private final Principal principal;
    private final long maxBody;
    private final BooleanSupplier keyValid;
    private final Executor executor;
    /** A batch element's request line and key (an HTTP request's come from its exchange). */
    private final String method;
    private final String requestPath;
    private final String queryString;
    private final Map<String, Deque<String>> parameters;
    private final String idempotencyKey;
    /** The body, or null until read; a batch element's is a slice of the batch's body. */
    private byte[] body;
    /** Set by a keyed write: its commands carry it into the journal. */
    private long requestFingerprint;
    private int bodyOffset;
    private int bodyLength;
    /** A batch element's body, read already as its route's record while the batch was checked; else null. */
    private Object read;

    Call(final HttpServerExchange exchange, final Principal principal, final long maxBody,
        final BooleanSupplier keyValid)
    {
        this(exchange, principal, maxBody, keyValid, null);
    }

    /** @param body the body, read already (on the I/O thread), or null to read it when asked. */
    Call(final HttpServerExchange exchange, final Principal principal, final long maxBody,
        final BooleanSupplier keyValid, final byte[] body)
    {
        this(exchange, principal, maxBody, keyValid, exchange.getIoThread(), null, null, null, null, null,
            body, 0, body == null ? 0 : body.length);
    }

    private Call(final HttpServerExchange exchange, final Principal principal, final long maxBody,
        final BooleanSupplier keyValid, final Executor executor, final String method, final String requestPath,
        final String queryString, final Map<String, Deque<String>> parameters, final String idempotencyKey,
        final byte[] body, final int bodyOffset, final int bodyLength)
    {
        this.exchange = exchange;
        this.principal = principal;
        this.maxBody = maxBody;
        this.keyValid = keyValid;
        this.executor = executor;
        this.method = method;
        this.requestPath = requestPath;
        this.queryString = queryString;
        this.parameters = parameters;
        this.idempotencyKey = idempotencyKey;
        this.body = body;
        this.bodyOffset = bodyOffset;
        this.bodyLength = bodyLength;
    }

    /**
     * One element of a batch, made by its batch's call: as if {@code method path?query} had been sent
     * alone on the batch's connection, by its caller, with {@code Content-Type: application/json},
     * the Idempotency-Key {@code idempotencyKey} (or none) and the body {@code body[offset, offset + length)}.
     *
     * @param parameters path template and query parameters, as Undertow gives a request's.
     */
    Call element(final String method, final String requestPath, final String queryString,
        final Map<String, Deque<String>> parameters, final String idempotencyKey, final byte[] body,
        final int offset, final int length, final Object read)
    {
        final Call element = new Call(null, principal, maxBody, keyValid, executor, method, requestPath, queryString,
            parameters, idempotencyKey, body, offset, length);
        element.read = read;
        return element;
    }

    /**
     * @return where the work after an engine result runs (JSON, idempotency): the connection's
     *     I/O thread, never the engine's own threads.
     */
    public Executor executor()
    {
        return executor;
    }

    /** @return the request method, e.g. POST. */
    public String method()
    {
        return exchange == null ? method : exchange.getRequestMethod().toString();
    }

    /** @return the path, decoded, without the query string. */
    public String requestPath()
    {
        return exchange == null ? requestPath : exchange.getRequestPath();
    }

    /** @return the query string as sent (not decoded; "" when there is none). */
    public String queryString()
    {
        return exchange == null ? queryString : exchange.getQueryString();
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

    /** @return the HTTP exchange; null for a batch element (which only write routes take). */
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
        final Deque<String> values = (exchange == null ? parameters : exchange.getQueryParameters()).get(name);
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

    /** @return a request header; a batch element has Content-Type (JSON) and Idempotency-Key only. */
    public String header(final String name)
    {
        if (exchange != null)
        {
            return exchange.getRequestHeaders().getFirst(name);
        }
        if (Idempotency.HEADER.equalsIgnoreCase(name))
        {
            return idempotencyKey;
        }
        return Headers.CONTENT_TYPE_STRING.equalsIgnoreCase(name) ? JSON : null;
    }

    /** @return the JSON body as {@code type}, strictly checked. */
    public <T> T json(final Class<T> type)
    {
        requireMediaType(JSON);
        readBody();
        if (type.isInstance(read))
        {
            return type.cast(read);
        }
        return Json.read(body, bodyOffset, bodyLength, type);
    }

    /** Feeds the body, read now if it was not, to {@code digest}. */
    void digestBody(final BodyDigest digest)
    {
        readBody();
        digest.body(body, bodyOffset, bodyLength);
    }

    /** What a body read whole is fed to. */
    interface BodyDigest
    {
        void body(byte[] bytes, int offset, int length);
    }

    /**
     * @param accepted media types without parameters, e.g. {@code text/csv}.
     * @return the one the request declared.
     * @throws ApiError 415 if it declared another or none.
     */
    public String requireMediaType(final String... accepted)
    {
        final String declared = header(Headers.CONTENT_TYPE_STRING);
        for (final String a : accepted)
        {
            if (a.equals(declared))
            {
                // As sent by nearly every client: no parameters, no spaces, lower case.
                return a;
            }
        }
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
        readBody();
        if (bodyOffset != 0 || bodyLength != body.length)
        {
            body = Arrays.copyOfRange(body, bodyOffset, bodyOffset + bodyLength);
            bodyOffset = 0;
        }
        return body;
    }

    private void readBody()
    {
        if (body != null)
        {
            return;
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
            bodyLength = body.length;
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

package io.omnistock.daemon.http;

import io.undertow.io.Receiver;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;

import java.util.Arrays;

/**
 * Reads a request's whole body on its I/O thread, without blocking, into one array. Undertow's own
 * {@code Receiver.receiveFullBytes} copies the body into a {@code ByteArrayOutputStream} one byte
 * at a time: on batches of 256 orders (60 KB bodies) that loop was a fifth of the I/O threads'
 * samples (JFR, docs/benchmarks.md run 22). Its partial reads copy each buffer whole; this
 * gathers them into an array of the declared length, or a growing one for a chunked body, and
 * holds the route's limit over the whole body. A body that comes in one read (a single order's,
 * read with its request's head) is that read's array itself, with no array of its own.
 */
final class BodyReader implements Receiver.PartialBytesCallback
{
    private static final byte[] EMPTY = new byte[0];

    private final long declared;
    private final long limitBytes;
    private final Receiver.FullBytesCallback done;
    private final Receiver.ErrorCallback failed;
    /** The body gathered so far; made at the first read that is not the whole body. */
    private byte[] body;
    private int length;
    /** Refused (over the limit) or handed on whole: anything read after is drained, not kept. */
    private boolean over;

    BodyReader(
        final long declared, final long limitBytes, final Receiver.FullBytesCallback done,
        final Receiver.ErrorCallback failed)
    {
        this.declared = declared;
        this.limitBytes = limitBytes;
        this.done = done;
        this.failed = failed;
    }

    /**
     * Reads the body of {@code exchange}, at most {@code limitBytes} (a longer one fails with a
     * {@link RequestTooBigException}), then calls {@code done} with exactly its bytes.
     */
    static void read(
        final HttpServerExchange exchange, final long limitBytes, final Receiver.FullBytesCallback done,
        final Receiver.ErrorCallback failed)
    {
        final long declared = exchange.getRequestContentLength();
        if (declared > limitBytes)
        {
            failed.error(exchange, new RequestTooBigException());
            return;
        }
        exchange.getRequestReceiver().receivePartialBytes(new BodyReader(declared, limitBytes, done, failed), failed);
    }

    @Override
    public void handle(final HttpServerExchange exchange, final byte[] message, final boolean last)
    {
        if (over)
        {
            return;
        }
        if (length + (long)message.length > limitBytes)
        {
            over = true;
            body = null;
            failed.error(exchange, new RequestTooBigException());
            return;
        }
        if (last && length == 0)
        {
            // The whole body in one read: the read's own array (Undertow makes one per read).
            over = true;
            done.handle(exchange, message.length == 0 ? EMPTY : message);
            return;
        }
        if (body == null)
        {
            body = new byte[(int)Math.max(message.length, declared > 0 ? declared : Math.min(limitBytes, 4096))];
        }
        if (length + message.length > body.length)
        {
            body = Arrays.copyOf(body, (int)Math.min(limitBytes, Math.max(2L * body.length, length + message.length)));
        }
        System.arraycopy(message, 0, body, length, message.length);
        length += message.length;
        if (last)
        {
            final byte[] whole = length == body.length ? body : Arrays.copyOf(body, length);
            body = null;
            over = true;
            done.handle(exchange, whole);
        }
    }
}

package io.omnistock.daemon.http;

import org.xnio.StreamConnection;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Gives a request Undertow cannot parse (a '%' in the URL without two hex digits after it, a bad
 * header) the API's JSON error. Undertow rejects those before any handler runs, with a fixed
 * empty 400 that it writes to the connection itself; this conduit, under every connection's
 * responses, swaps exactly those bytes for a 400 carrying {@code {"error": {"code", "message"}}}.
 */
final class UnparsableRequests extends AbstractStreamSinkConduit<StreamSinkConduit>
{
    /** What io.undertow.server.protocol.http.HttpReadListener writes; BadInputIT notices if that changes. */
    private static final ByteBuffer UNDERTOW_400 = ascii(
        "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").asReadOnlyBuffer();
    private static final byte[] JSON_400 = json400();

    private ByteBuffer replacing;

    private UnparsableRequests(final StreamSinkConduit next)
    {
        super(next);
    }

    static void install(final StreamConnection connection)
    {
        connection.getSinkChannel().setConduit(new UnparsableRequests(connection.getSinkChannel().getConduit()));
    }

    @Override
    public int write(final ByteBuffer src) throws IOException
    {
        if (replacing == null && UNDERTOW_400.equals(src))
        {
            replacing = ByteBuffer.wrap(JSON_400);
        }
        if (replacing == null)
        {
            return next.write(src);
        }
        next.write(replacing);
        if (replacing.hasRemaining())
        {
            // Undertow retries with the same buffer once the socket is writable again.
            return 0;
        }
        replacing = null;
        final int consumed = src.remaining();
        src.position(src.limit());
        return consumed;
    }

    private static byte[] json400()
    {
        final byte[] body = ascii("{\"error\":{\"code\":\"MALFORMED_REQUEST\",\"message\":\"the request is not valid " +
            "HTTP/1.1, e.g. a '%' in the URL is not followed by two hex digits\"}}").array();
        final String head = "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n" +
            "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        final ByteBuffer all = ByteBuffer.allocate(head.length() + body.length).put(ascii(head)).put(body);
        return all.array();
    }

    private static ByteBuffer ascii(final String text)
    {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }
}

package io.omnistock.daemon.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpAttachments;
import io.undertow.util.HeaderMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.StreamConnection;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.StreamSourceConduit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Follows the HTTP/1.1 framing of each connection's requests, below Undertow, for what Undertow
 * gets wrong: it marks a request line whose version is neither HTTP/1.1 nor HTTP/1.0 (Undertow
 * serves "HTTP/9.9" as HTTP/1.1) with a {@link #VERSION_HEADER} for {@link HttpApi} to refuse,
 * and it gives a chunked request body with a broken chunk size line ({@code -1}, {@code ffffffffffffffff},
 * {@code +2}, {@code 0x2}, {@code " 2"}) the API's JSON 400. Undertow's chunk parser closes the
 * connection when it meets such a line, before any handler can answer, so the client gets no status
 * line at all. This conduit, under every connection's reads, follows the HTTP/1.1 framing of the
 * requests and holds each chunk size line back until it is whole. A broken one never reaches
 * Undertow: the body ends there instead (a last chunk) with a {@link #TRAILER} naming the problem,
 * and nothing more is read from the connection. {@link #requireWhole} turns the trailer into the
 * 400 once the handler has read the body; the connection closes after that answer.
 *
 * <p>A request head it cannot follow with certainty (both Content-Length and Transfer-Encoding, a
 * coding other than chunked, a folded or over-long framing header) makes it step aside for the rest
 * of the connection: Undertow then reads the bytes exactly as they came.
 */
final class ChunkedFraming extends AbstractStreamSourceConduit<StreamSourceConduit>
{
    private static final Logger LOG = LoggerFactory.getLogger(ChunkedFraming.class);
    /** Request trailer carrying the problem; a client that sends it itself only refuses its own request. */
    static final String TRAILER = "X-Omnistock-Malformed-Chunk";
    private static final int READ = 8 * 1024;
    /** Longest head line inspected, and longest chunk size line (extensions included) accepted. */
    private static final int MAX_LINE = 256;
    /** Undertow refuses a chunk size from 2^56 up. */
    private static final long MAX_CHUNK = 1L << 56;
    /** Request header marking a protocol version other than HTTP/1.1 and HTTP/1.0; HttpApi answers 505. */
    static final String VERSION_HEADER = "X-Omnistock-Unsupported-Version";
    private static final long HTTP_1_1 = ascii8("HTTP/1.1");
    private static final long HTTP_1_0 = ascii8("HTTP/1.0");
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(StandardCharsets.US_ASCII);

    private enum State
    {
        HEAD, FIXED, SIZE, DATA, DATA_END, TRAILERS, PASS, ENDED
    }

    private final String peer;
    private ByteBuffer in;
    /** Bytes released to Undertow and not yet read by it; kept flipped (ready to read). */
    private ByteBuffer out;
    private State state = State.HEAD;
    private long remaining;
    private final byte[] line = new byte[MAX_LINE + 1];
    private int lineLength;
    private boolean requestLineSeen;
    private boolean chunked;
    private long contentLength = -1;
    private boolean doubt;
    /** The last eight bytes of the current head line, and the eight before its last byte (a CR). */
    private long lastEight;
    private long beforeLastEight;

    ChunkedFraming(final StreamSourceConduit next, final String peer)
    {
        super(next);
        this.peer = peer;
    }

    private static long ascii8(final String text)
    {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)).getLong();
    }

    static void install(final StreamConnection connection)
    {
        connection.getSourceChannel().setConduit(new ChunkedFraming(connection.getSourceChannel().getConduit(),
            String.valueOf(connection.getPeerAddress())));
    }

    /**
     * @throws ApiError 400 MALFORMED_REQUEST if the body just read ended at a broken chunk, after
     *     marking the connection to close (the rest of the client's bytes were not read).
     */
    static void requireWhole(final HttpServerExchange exchange)
    {
        final HeaderMap trailers = exchange.getAttachment(HttpAttachments.REQUEST_TRAILERS);
        final String problem = trailers == null ? null : trailers.getFirst(TRAILER);
        if (problem != null)
        {
            exchange.setPersistent(false);
            throw ApiError.badRequest("MALFORMED_REQUEST", "the chunked request body is malformed: " + problem +
                "; the body was read up to that point only");
        }
    }

    @Override
    public int read(final ByteBuffer dst) throws IOException
    {
        if (out == null)
        {
            in = ByteBuffer.allocate(READ);
            out = ByteBuffer.allocate(READ + 2 * MAX_LINE + 64).flip();
        }
        if (!out.hasRemaining())
        {
            if (state == State.ENDED)
            {
                return -1;
            }
            in.clear();
            final int n = next.read(in);
            if (n <= 0)
            {
                return n;
            }
            in.flip();
            out.clear();
            while (in.hasRemaining() && state != State.ENDED)
            {
                step();
            }
            out.flip();
            if (!out.hasRemaining())
            {
                // All held back (part of a size line): more must come from the client.
                return state == State.ENDED ? -1 : 0;
            }
        }
        final int n = Math.min(out.remaining(), dst.remaining());
        final int limit = out.limit();
        out.limit(out.position() + n);
        dst.put(out);
        out.limit(limit);
        return n;
    }

    /** Consumes bytes of {@link #in} in the current state, releasing them to {@link #out} or holding them. */
    private void step()
    {
        switch (state)
        {
            case PASS -> out.put(in);
            case FIXED, DATA ->
            {
                final int n = (int)Math.min(remaining, in.remaining());
                final int limit = in.limit();
                in.limit(in.position() + n);
                out.put(in);
                in.limit(limit);
                remaining -= n;
                if (remaining == 0)
                {
                    state = state == State.FIXED ? State.HEAD : State.DATA_END;
                }
            }
            case HEAD, TRAILERS -> headLine();
            case SIZE, DATA_END -> hold(in.get());
            case ENDED -> in.position(in.limit());
        }
    }

    /**
     * Releases the bytes of {@link #in} up to and including the next line feed (or all of them, if
     * none comes), remembering what {@link #endOfLine} inspects: the line's first {@code MAX_LINE + 1}
     * bytes and its last nine. Done a run at a time, not a byte at a time: byte by byte, following
     * the heads took 12% of the I/O threads' CPU samples on single orders (JFR, flash sale, 64
     * connections).
     */
    private void headLine()
    {
        final byte[] bytes = in.array();
        final int start = in.arrayOffset() + in.position();
        final int end = in.arrayOffset() + in.limit();
        int lineFeed = start;
        while (lineFeed < end && bytes[lineFeed] != '\n')
        {
            lineFeed++;
        }
        final boolean lineEnds = lineFeed < end;
        final int released = (lineEnds ? lineFeed + 1 : end) - start;
        out.put(bytes, start, released);
        in.position(in.position() + released);
        final int kept = Math.min(lineFeed - start, MAX_LINE + 1 - lineLength);
        if (kept > 0)
        {
            System.arraycopy(bytes, start, line, lineLength, kept);
            lineLength += kept;
        }
        // Only the last nine bytes can still be among the last eight, or the eight before the last.
        for (int i = Math.max(start, lineFeed - 9); i < lineFeed; i++)
        {
            beforeLastEight = lastEight;
            lastEight = lastEight << 8 | (bytes[i] & 0xff);
        }
        if (lineEnds)
        {
            endOfLine();
        }
    }

    /** A byte of a size line, or of the line break after a chunk's data: released only once the line is whole and sound. */
    private void hold(final byte b)
    {
        if (b != '\n')
        {
            line[lineLength++] = b;
            if (lineLength > (state == State.SIZE ? MAX_LINE : 1))
            {
                broken(state == State.SIZE ? "a chunk size line longer than " + MAX_LINE + " bytes" :
                    "a chunk's data is not followed by CRLF");
            }
            return;
        }
        final int length = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
        if (state == State.DATA_END)
        {
            if (length != 0)
            {
                broken("a chunk's data is not followed by CRLF");
                return;
            }
            release(b);
            state = State.SIZE;
            return;
        }
        final long size = chunkSize(length);
        if (size < 0)
        {
            broken("chunk size line '" + printable(length) + "' is not a hexadecimal size below 2^56");
            return;
        }
        release(b);
        remaining = size;
        state = size == 0 ? State.TRAILERS : State.DATA;
    }

    /** @return the size of a size line of {@code length} bytes (extensions after ';' allowed), or -1. */
    private long chunkSize(final int length)
    {
        long size = 0;
        int digits = 0;
        for (int i = 0; i < length && line[i] != ';'; i++, digits++)
        {
            final int digit = Character.digit(line[i], 16);
            if (digit < 0)
            {
                return -1;
            }
            size = size * 16 + digit;
            if (size >= MAX_CHUNK)
            {
                return -1;
            }
        }
        return digits == 0 ? -1 : size;
    }

    private void release(final byte lineFeed)
    {
        out.put(line, 0, lineLength).put(lineFeed);
        lineLength = 0;
    }

    /** Ends the body with a last chunk whose trailer names the problem; nothing more is read. */
    private void broken(final String problem)
    {
        LOG.warn("refused a chunked request body from {}: {}", peer, problem);
        out.put(("0\r\n" + TRAILER + ": " + problem + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        lineLength = 0;
        state = State.ENDED;
        in.position(in.limit());
    }

    private static String printable(final long bytes)
    {
        final StringBuilder text = new StringBuilder();
        for (int shift = 56; shift >= 0; shift -= 8)
        {
            final int c = (int)(bytes >>> shift) & 0xff;
            text.append(c > 0x20 && c < 0x7f ? (char)c : '?');
        }
        return text.toString();
    }

    private String printable(final int length)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(length, 40); i++)
        {
            final int c = line[i] & 0xff;
            text.append(c >= 0x20 && c < 0x7f && c != '\'' ? (char)c : '?');
        }
        return length > 40 ? text + "..." : text.toString();
    }

    /** A line of a request head (or of a body's trailers) has ended. */
    private void endOfLine()
    {
        final int length = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
        final boolean overlong = lineLength > MAX_LINE;
        lineLength = 0;
        if (state == State.TRAILERS)
        {
            if (length == 0)
            {
                state = State.HEAD;
            }
            return;
        }
        if (length == 0)
        {
            if (requestLineSeen)
            {
                endOfHead();
            }
            return;
        }
        if (!requestLineSeen)
        {
            requestLineSeen = true;
            final long version = (lastEight & 0xff) == '\r' ? beforeLastEight : lastEight;
            if (version != HTTP_1_1 && version != HTTP_1_0)
            {
                // Undertow takes any "HTTP/d.d" for HTTP/1.1; a header after the request line tells
                // HttpApi to refuse it (505).
                out.put((VERSION_HEADER + ": " + printable(version) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            lastEight = 0;
            return;
        }
        lastEight = 0;
        if (line[0] == ' ' || line[0] == '\t')
        {
            doubt = true;
            return;
        }
        // Only the two framing headers are looked into: no text is made of the others.
        final boolean transferEncoding = named(TRANSFER_ENCODING, length);
        if (!transferEncoding && !named(CONTENT_LENGTH, length))
        {
            return;
        }
        if (transferEncoding)
        {
            final String value = new String(line, 0, length, StandardCharsets.ISO_8859_1)
                .substring(TRANSFER_ENCODING.length + 1).strip();
            doubt |= overlong || chunked || !value.equalsIgnoreCase("chunked");
            chunked = true;
            return;
        }
        // Every request with a body has one: read in place (a string, a substring, a stream and a
        // lambda per request before). The value without surrounding white space (as String.strip
        // takes it), 1 to 18 ASCII digits.
        int from = CONTENT_LENGTH.length + 1;
        int to = length;
        while (from < to && Character.isWhitespace(line[from] & 0xff))
        {
            from++;
        }
        while (to > from && Character.isWhitespace(line[to - 1] & 0xff))
        {
            to--;
        }
        boolean digits = to > from && to - from <= 18;
        long value = 0;
        for (int i = from; digits && i < to; i++)
        {
            final int b = line[i];
            digits = b >= '0' && b <= '9';
            value = value * 10 + (b - '0');
        }
        doubt |= overlong || contentLength >= 0 || !digits;
        contentLength = doubt ? 0 : value;
    }

    /** @return whether the head line of {@code length} bytes held in {@link #line} is the header {@code name} (lower case ASCII), up to its colon. */
    private boolean named(final byte[] name, final int length)
    {
        if (length <= name.length || line[name.length] != ':')
        {
            return false;
        }
        for (int i = 0; i < name.length; i++)
        {
            final int b = line[i];
            if ((b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b) != name[i])
            {
                return false;
            }
        }
        return true;
    }

    private void endOfHead()
    {
        if (doubt || (chunked && contentLength >= 0))
        {
            state = State.PASS;
        }
        else if (chunked)
        {
            state = State.SIZE;
        }
        else if (contentLength > 0)
        {
            remaining = contentLength;
            state = State.FIXED;
        }
        requestLineSeen = false;
        chunked = false;
        contentLength = -1;
    }

    // Released bytes wait here, not in the socket: a reader waiting for the socket must be woken.

    @Override
    public void resumeReads()
    {
        if (out != null && (out.hasRemaining() || state == State.ENDED))
        {
            next.wakeupReads();
        }
        else
        {
            next.resumeReads();
        }
    }

    @Override
    public void awaitReadable() throws IOException
    {
        if (out == null || !out.hasRemaining() && state != State.ENDED)
        {
            next.awaitReadable();
        }
    }

    @Override
    public void awaitReadable(final long time, final TimeUnit timeUnit) throws IOException
    {
        if (out == null || !out.hasRemaining() && state != State.ENDED)
        {
            next.awaitReadable(time, timeUnit);
        }
    }

    @Override
    public long read(final ByteBuffer[] dsts, final int offset, final int length) throws IOException
    {
        for (int i = offset; i < offset + length; i++)
        {
            if (dsts[i].hasRemaining())
            {
                return read(dsts[i]);
            }
        }
        return 0;
    }

    @Override
    public long transferTo(final long position, final long count, final FileChannel target) throws IOException
    {
        return target.transferFrom(new ConduitReadableByteChannel(this), position, count);
    }

    @Override
    public long transferTo(final long count, final ByteBuffer throughBuffer, final StreamSinkChannel target)
        throws IOException
    {
        return org.xnio.IoUtils.transfer(new ConduitReadableByteChannel(this), count, throughBuffer, target);
    }
}

package io.omnistock.daemon.http;

import org.junit.jupiter.api.Test;
import org.xnio.conduits.StreamSourceConduit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The framing follower under every connection's reads, fed the same bytes split at every kind of
 * boundary the socket may give (seeded): what it releases to Undertow is what came, except for the
 * two things it exists to add (a version marker, a broken chunk's trailer), wherever the split falls.
 */
class ChunkedFramingTest
{
    private static final String LONG_PATH = "/v1/" + "p".repeat(300);

    @Test
    void pipelinedRequestsPassUnchangedHoweverTheSocketSplitsThem() throws IOException
    {
        final String requests =
            "POST /v1/orders HTTP/1.1\r\nHost: x\r\nCONTENT-length: 5\r\n\r\nhello" +
            "POST /a HTTP/1.1\r\ntransfer-encoding: chunked\r\nX-Long: " + "a".repeat(400) + "\r\n\r\n" +
            "5\r\nhello\r\n0\r\nTrailer-One: t\r\n\r\n" +
            "GET " + LONG_PATH + " HTTP/1.1\r\nHost: x\r\n\r\n" +
            "POST /b HTTP/1.0\nContent-Length: 3\n\n-1\r";
        for (int seed = 0; seed < 300; seed++)
        {
            assertEquals(requests, read(requests, seed), "seed " + seed);
        }
    }

    @Test
    void aVersionOtherThanHttp11Or10IsMarkedWhateverTheLengthOfTheRequestLine() throws IOException
    {
        for (int seed = 0; seed < 100; seed++)
        {
            final String marked = read("GET " + LONG_PATH + " HTTP/9.9\r\nHost: x\r\n\r\n", seed);
            assertTrue(marked.contains(ChunkedFraming.VERSION_HEADER + ": HTTP/9.9\r\n"), marked);
        }
    }

    @Test
    void aBrokenChunkSizeEndsTheBodyWithTheTrailerAfterTheRequestsBeforeIt() throws IOException
    {
        final String good = "POST /a HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}";
        final String broken = "POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\nzz\r\n0\r\n\r\n";
        for (int seed = 0; seed < 100; seed++)
        {
            final String released = read(good + broken, seed);
            assertTrue(released.startsWith(good + "POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" +
                ChunkedFraming.TRAILER + ": chunk size line '-1'"), released);
            assertFalse(released.contains("zz"), released);
        }
    }

    @Test
    void aHeadItCannotFollowWithCertaintyIsPassedThroughAsItCame() throws IOException
    {
        final String doubtful = "POST /a HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\nzz\r\n";
        final String folded = "POST /a HTTP/1.1\r\nX-A: b\r\n  folded\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n";
        for (int seed = 0; seed < 100; seed++)
        {
            assertEquals(doubtful, read(doubtful, seed));
            assertEquals(folded, read(folded, seed));
        }
    }

    @Test
    void aContentLengthIsFollowedExactlyWithWhiteSpaceAroundItAndAnythingElseIsDoubted() throws IOException
    {
        final String broken = "POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\nzz\r\n0\r\n\r\n";
        for (final String length : new String[] {"5", "  5 ", "\t5", "005", "000000000000000005"})
        {
            final String first = "POST /a HTTP/1.1\r\nContent-Length:" + length + "\r\n\r\nhello";
            for (int seed = 0; seed < 30; seed++)
            {
                final String released = read(first + broken, seed);
                assertTrue(released.startsWith(first + "POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" +
                    ChunkedFraming.TRAILER), "'" + length + "': followed, the body's 5 bytes passed over, the next head's broken chunk found: " + released);
            }
        }
        for (final String length : new String[] {"", " ", "5a", "+5", "-5", "0x5", "1234567890123456789", "5 5"})
        {
            final String first = "POST /a HTTP/1.1\r\nContent-Length:" + length + "\r\n\r\n";
            for (int seed = 0; seed < 30; seed++)
            {
                assertEquals(first + broken, read(first + broken, seed), "'" + length + "': not followed, passed as it came");
            }
        }
    }

    /** @return what the follower releases of {@code sent}, arriving in pieces and read into buffers of sizes chosen by {@code seed}. */
    private static String read(final String sent, final int seed) throws IOException
    {
        final Random random = new Random(seed);
        final byte[] bytes = sent.getBytes(StandardCharsets.ISO_8859_1);
        final Deque<byte[]> pieces = new ArrayDeque<>();
        for (int at = 0; at < bytes.length; )
        {
            final int n = Math.min(bytes.length - at, 1 + random.nextInt(seed % 3 == 0 ? 3 : 200));
            final byte[] piece = new byte[n];
            System.arraycopy(bytes, at, piece, 0, n);
            pieces.add(piece);
            at += n;
        }
        final ChunkedFraming framing = new ChunkedFraming(socket(pieces), "test");
        final ByteArrayOutputStream released = new ByteArrayOutputStream();
        for (int guard = 0; guard < 100_000; guard++)
        {
            final ByteBuffer into = ByteBuffer.allocate(1 + random.nextInt(300));
            final int n = framing.read(into);
            if (n < 0)
            {
                return released.toString(StandardCharsets.ISO_8859_1);
            }
            released.write(into.array(), 0, n);
        }
        throw new AssertionError("the follower never reached the end");
    }

    /** A connection's reads giving {@code pieces} one per read, then the end of the stream. */
    private static StreamSourceConduit socket(final Deque<byte[]> pieces)
    {
        return (StreamSourceConduit)Proxy.newProxyInstance(ChunkedFramingTest.class.getClassLoader(),
            new Class<?>[] {StreamSourceConduit.class}, (proxy, method, args) ->
            {
                if (method.getName().equals("read") && args.length == 1 && args[0] instanceof ByteBuffer into)
                {
                    final byte[] piece = pieces.poll();
                    if (piece == null)
                    {
                        return -1;
                    }
                    into.put(piece);
                    return piece.length;
                }
                throw new UnsupportedOperationException(method.getName());
            });
    }
}

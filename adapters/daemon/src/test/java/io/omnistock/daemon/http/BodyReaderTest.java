package io.omnistock.daemon.http;

import io.undertow.server.RequestTooBigException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A body read in pieces is handed on whole, exactly once; one over the limit is refused once and never handed on. */
class BodyReaderTest
{
    private final List<byte[]> bodies = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();

    private BodyReader reader(final long declared, final long limitBytes)
    {
        return new BodyReader(declared, limitBytes, (exchange, body) -> bodies.add(body),
            (exchange, e) -> failures.add(e));
    }

    @Test
    void aBodyInOneReadIsThatReadsArrayAndInManyReadsTheirBytesInOrder()
    {
        final byte[] whole = {1, 2, 3};
        reader(3, 100).handle(null, whole, true);
        assertSame(whole, bodies.get(0), "one read: its array, not a copy");
        final SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 500; i++)
        {
            final boolean declared = random.nextBoolean();
            final byte[] body = new byte[random.nextInt(10_000)];
            random.nextBytes(body);
            final BodyReader reader = reader(declared ? body.length : -1, 10_000);
            int at = 0;
            do
            {
                final int n = Math.min(body.length - at, random.nextInt(3_000));
                final byte[] piece = new byte[n];
                System.arraycopy(body, at, piece, 0, n);
                at += n;
                reader.handle(null, piece, at == body.length);
            }
            while (at < body.length);
            reader.handle(null, new byte[] {9}, true);
            assertEquals(i + 2, bodies.size(), "handed on once, whatever is read after");
            assertArrayEquals(body, bodies.get(i + 1));
        }
        assertTrue(failures.isEmpty());
    }

    @Test
    void aBodyOverTheLimitIsRefusedOnceAndTheRestDrained()
    {
        final BodyReader reader = reader(-1, 10);
        reader.handle(null, new byte[6], false);
        reader.handle(null, new byte[6], false);
        reader.handle(null, new byte[6], true);
        assertEquals(1, failures.size());
        assertInstanceOf(RequestTooBigException.class, failures.get(0));
        assertTrue(bodies.isEmpty());
        reader(0, 10).handle(null, new byte[0], true);
        assertEquals(0, bodies.get(0).length, "an empty body");
    }
}

package io.omnistock.daemon.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdempotencyTest
{
    @TempDir
    Path data;

    private static Idempotency.Fingerprint request(final String body)
    {
        return Idempotency.fingerprint("POST", "/v1/movements", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aKeyIsFirstOnceThenTheSameRequestOrRefused() throws IOException
    {
        try (Idempotency keys = Idempotency.open(data, 100))
        {
            assertNull(keys.claim(7, request("a")));
            keys.remember(7, new Idempotency.Response(200, new byte[] {1, 2}));
            final Idempotency.Entry retry = keys.claim(7, request("a"));
            assertNotNull(retry);
            assertArrayEquals(new byte[] {1, 2}, retry.response().body());
            assertEquals(422, assertThrows(ApiError.class, () -> keys.claim(7, request("b"))).status());
        }
    }

    @Test
    void aReusedKeyIsRefusedAfterARestartAndARetryIsNot() throws IOException
    {
        try (Idempotency keys = Idempotency.open(data, 100))
        {
            assertNull(keys.claim(7, request("a")));
            assertNull(keys.claim(8, request("b")));
        }
        try (Idempotency keys = Idempotency.open(data, 100))
        {
            assertEquals(422, assertThrows(ApiError.class, () -> keys.claim(7, request("b"))).status());
            final Idempotency.Entry retry = keys.claim(8, request("b"));
            assertNotNull(retry);
            // The first response died with the process: the engine's duplicate answer stands in.
            assertNull(retry.response());
        }
    }

    @Test
    void aTornLastRecordIsDroppedAndTheRestKept() throws IOException
    {
        try (Idempotency keys = Idempotency.open(data, 100))
        {
            assertNull(keys.claim(7, request("a")));
        }
        Files.write(data.resolve(Idempotency.FILE), new byte[] {1, 2, 3, 4, 5}, StandardOpenOption.APPEND);
        try (Idempotency keys = Idempotency.open(data, 100))
        {
            assertEquals(422, assertThrows(ApiError.class, () -> keys.claim(7, request("b"))).status());
        }
        assertEquals(24, Files.size(data.resolve(Idempotency.FILE)));
    }

    @Test
    void theMostRecentKeysAreKeptAndTheFileStaysBounded() throws IOException
    {
        try (Idempotency keys = Idempotency.open(data, 4))
        {
            for (long id = 1; id <= 100; id++)
            {
                assertNull(keys.claim(id, request("r" + id)));
                assertTrue(Files.size(data.resolve(Idempotency.FILE)) <= (2 * 4 + 1) * 24);
            }
        }
        try (Idempotency keys = Idempotency.open(data, 4))
        {
            for (long id = 97; id <= 100; id++)
            {
                final long reused = id;
                assertEquals(422, assertThrows(ApiError.class, () -> keys.claim(reused, request("other"))).status());
            }
            // Forgotten: older than the 4 most recent keys.
            assertNull(keys.claim(96, request("other")));
        }
    }

    @Test
    void ofConcurrentRequestsWithOneKeyOnlyOneIsFirst() throws Exception
    {
        final int threads = 8;
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Idempotency keys = Idempotency.open(data, 10_000))
        {
            for (long id = 1; id <= 500; id++)
            {
                final long key = id;
                final CyclicBarrier start = new CyclicBarrier(threads);
                final List<Future<String>> outcomes = new ArrayList<>();
                for (int t = 0; t < threads; t++)
                {
                    final String body = "quantity " + (t % 2);
                    outcomes.add(pool.submit(() ->
                    {
                        start.await();
                        try
                        {
                            return keys.claim(key, request(body)) == null ? "first" : "retry";
                        }
                        catch (final ApiError e)
                        {
                            return "refused";
                        }
                    }));
                }
                int first = 0;
                int refused = 0;
                for (final Future<String> outcome : outcomes)
                {
                    final String o = outcome.get();
                    first += o.equals("first") ? 1 : 0;
                    refused += o.equals("refused") ? 1 : 0;
                }
                assertEquals(1, first, "key " + key);
                // Half the threads sent the other body than the first: every one of them is refused.
                assertEquals(threads / 2, refused, "key " + key);
            }
        }
        finally
        {
            pool.shutdown();
        }
    }
}

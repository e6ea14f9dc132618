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

    private static Idempotency.Fingerprints request(final String body)
    {
        return request("", "admin", body);
    }

    private static Idempotency.Fingerprints request(final String query, final String caller, final String body)
    {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new Idempotency.RequestDigest("POST", "/v1/stock/load", query, caller)
            .update(bytes, 0, bytes.length).fingerprints();
    }

    @Test
    void aKeyReusedWithAnotherQueryStringOrCallerIsRefused() throws IOException
    {
        try (Idempotency keys = Idempotency.open(data, 100))
        {
            assertNull(keys.claim(7, request("mode=receive", "admin", "a")));
            assertNotNull(keys.claim(7, request("mode=receive", "admin", "a")));
            assertEquals("IDEMPOTENCY_KEY_REUSED", assertThrows(ApiError.class,
                () -> keys.claim(7, request("mode=stocktake", "admin", "a"))).code());
            assertThrows(ApiError.class, () -> keys.claim(7, request("mode=receive", "pos-1", "a")));
            // A field's text cannot pass for another's: the query "ab" with caller "c" is not "a" with "bc".
            assertNull(keys.claim(8, request("ab", "c", "")));
            assertThrows(ApiError.class, () -> keys.claim(8, request("a", "bc", "")));
        }
    }

    @Test
    void recordsOfTheFirstFormatAreReadAndCheckedAsTheyWereWritten() throws IOException
    {
        // A file as the daemon wrote it before the query string and caller were fingerprinted.
        final Idempotency.Fingerprint old = request("mode=receive", "admin", "a").legacy();
        Files.write(data.resolve(Idempotency.FILE), java.nio.ByteBuffer.allocate(Idempotency.RECORD_1)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(7).putLong(old.high()).putLong(old.low()).array());
        for (int start = 0; start < 2; start++)
        {
            try (Idempotency keys = Idempotency.open(data, 100))
            {
                // Checked on method, path and body only, as when it was stored: the query string is not known.
                assertNotNull(keys.claim(7, request("mode=receive", "admin", "a")));
                assertNotNull(keys.claim(7, request("mode=stocktake", "admin", "a")));
                assertThrows(ApiError.class, () -> keys.claim(7, request("mode=receive", "admin", "b")));
                if (start == 0)
                {
                    assertNull(keys.claim(9, request("mode=receive", "admin", "a")));
                }
                // A key first used after the change is checked on everything, after a restart too.
                assertThrows(ApiError.class, () -> keys.claim(9, request("mode=stocktake", "admin", "a")));
            }
            assertEquals(Long.BYTES + 2 * Idempotency.RECORD_2, Files.size(data.resolve(Idempotency.FILE)));
        }
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
        assertEquals(Long.BYTES + Idempotency.RECORD_2, Files.size(data.resolve(Idempotency.FILE)));
    }

    @Test
    void theMostRecentKeysAreKeptAndTheFileStaysBounded() throws IOException
    {
        try (Idempotency keys = Idempotency.open(data, 4))
        {
            for (long id = 1; id <= 100; id++)
            {
                assertNull(keys.claim(id, request("r" + id)));
                assertTrue(Files.size(data.resolve(Idempotency.FILE)) <= Long.BYTES + (2 * 4 + 1) * Idempotency.RECORD_2);
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

package io.omnistock.daemon.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon's side of Idempotency-Keys: fingerprints, remembered first responses, and the
 * fingerprint file of builds before journal format 4 (checked, never written, deleted once aged
 * out). What makes a reused key refused after a restart is the engine's window (engine-core's
 * IdempotencyFingerprintTest, the daemon's KillNineIT).
 */
class IdempotencyTest
{
    @TempDir
    Path data;

    private static Idempotency.Fingerprints request(final String body)
    {
        return request("", "admin", body, true);
    }

    private static Idempotency.Fingerprints request(final String query, final String caller, final String body,
        final boolean withLegacy)
    {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new Idempotency.RequestDigest("POST", "/v1/stock/load", query, caller, withLegacy)
            .update(bytes, 0, bytes.length).fingerprints();
    }

    /**
     * Journaled fingerprints and command ids outlive a build: a retry after an upgrade must derive
     * the same ones. Pinned to SHA-256 computed outside Java (Python's hashlib: 4-byte big-endian
     * length then UTF-8 bytes of method, path, query and caller, then the body; the id from
     * {@code name + "\n" + key}), so a change in how they are encoded fails here.
     */
    @Test
    void fingerprintsAndCommandIdsAreStableAcrossBuilds() throws IOException
    {
        final byte[] body = "{\"orderId\":\"A-1\"}".getBytes(StandardCharsets.UTF_8);
        final Idempotency.Fingerprint current = new Idempotency.RequestDigest("POST", "/v1/orders", "", "shop", false)
            .update(body, 0, body.length).fingerprints().current();
        assertEquals(new Idempotency.Fingerprint(8401319470421993181L, 7053626884758729945L), current);
        final Idempotency keys = Idempotency.open(data, 10);
        assertEquals(3344719690049045782L, keys.commandId(new Principal("shop", null, java.util.Set.of()), "key-1"));
        assertThrows(ApiError.class, () -> keys.commandId(new Principal("shop", null, java.util.Set.of()), "key 1"));
        assertThrows(ApiError.class, () -> keys.commandId(new Principal("shop", null, java.util.Set.of()), "key\u00e9"));
    }

    @Test
    void theFingerprintCoversQueryStringCallerAndBodyWithoutAmbiguity()
    {
        final long first = request("mode=receive", "admin", "a", false).engine();
        assertEquals(first, request("mode=receive", "admin", "a", false).engine());
        assertNotEquals(first, request("mode=stocktake", "admin", "a", false).engine());
        assertNotEquals(first, request("mode=receive", "pos-1", "a", false).engine());
        assertNotEquals(first, request("mode=receive", "admin", "b", false).engine());
        // Lengths come first, so moving a character from one field to the next is another request.
        assertNotEquals(request("ab", "c", "", false).engine(), request("a", "bc", "", false).engine());
        assertNull(request("", "admin", "a", false).legacy(), "no second digest without a file to check");
    }

    @Test
    void aRememberedFirstResponseIsReturnedForTheSameRequestAndRefusedForAnother() throws IOException
    {
        final Idempotency keys = Idempotency.open(data, 100);
        assertNull(keys.check(7, request("a")), "nothing known here: the engine decides");
        keys.remember(7, request("a").engine(), 200, new byte[] {1, 2});
        final ResponseArena.Found retry = keys.check(7, request("a"));
        assertNotNull(retry);
        assertEquals(200, retry.status());
        assertArrayEquals(new byte[] {1, 2}, retry.body());
        final ApiError reused = assertThrows(ApiError.class, () -> keys.check(7, request("b")));
        assertEquals(422, reused.status());
        assertEquals("IDEMPOTENCY_KEY_REUSED", reused.code());
        assertFalse(Files.exists(data.resolve(Idempotency.FILE)), "nothing is written per request");
    }

    @Test
    void theMostRecentResponsesAreKept() throws IOException
    {
        final Idempotency keys = Idempotency.open(data, 4);
        for (long id = 1; id <= 10; id++)
        {
            keys.remember(id, request("r" + id).engine(), 200, new byte[] {(byte)id});
        }
        for (long id = 1; id <= 6; id++)
        {
            assertNull(keys.check(id, request("other")), "response " + id + " aged out");
        }
        for (long id = 7; id <= 10; id++)
        {
            assertNotNull(keys.check(id, request("r" + id)));
        }
    }

    @Test
    void aLargeCapacityKeepsTheMostRecentResponsesOfEachStripe() throws IOException
    {
        final int capacity = 32_768;
        final Idempotency keys = Idempotency.open(data, capacity);
        final int remembered = 3 * capacity;
        final byte[] body = {1};
        for (int i = 0; i < remembered; i++)
        {
            keys.remember(Idempotency.derive(99, i), request("r").engine(), 200, body);
        }
        int kept = 0;
        for (int i = 0; i < remembered; i++)
        {
            final boolean known = keys.check(Idempotency.derive(99, i), request("r")) != null;
            kept += known ? 1 : 0;
            if (i >= remembered - capacity / 2)
            {
                assertTrue(known, "response " + i + " of the most recent half of the capacity is kept");
            }
        }
        assertTrue(kept <= capacity && kept > capacity * 15 / 16, kept + " kept of a capacity of " + capacity);
    }

    /** A second-format file of a build before journal format 4, with one current and one legacy record. */
    private void writeEarlierBuildsFile(final long currentId, final long legacyId, final boolean tornTail)
        throws IOException
    {
        final Idempotency.Fingerprint current = request("mode=receive", "admin", "a", true).current();
        final Idempotency.Fingerprint legacy = request("mode=receive", "admin", "b", true).legacy();
        final ByteBuffer file = ByteBuffer.allocate(Long.BYTES + 2 * Idempotency.RECORD_2 + (tornTail ? 5 : 0))
            .order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(Idempotency.MAGIC);
        file.putLong(currentId).putLong(current.high()).putLong(current.low()).put((byte)2);
        file.putLong(legacyId).putLong(legacy.high()).putLong(legacy.low()).put((byte)1);
        Files.write(data.resolve(Idempotency.FILE), file.array());
    }

    @Test
    void anEarlierBuildsFileIsCheckedAsWrittenNeverWrittenAndDeletedOnceAgedOut() throws IOException
    {
        writeEarlierBuildsFile(7, 8, true);
        final long size = Files.size(data.resolve(Idempotency.FILE));
        final Idempotency keys = Idempotency.open(data, 4);
        assertTrue(keys.checksLegacyFingerprints());
        // A current record is checked on everything; a legacy one on method, path and body only.
        assertNull(keys.check(7, request("mode=receive", "admin", "a", true)));
        assertThrows(ApiError.class, () -> keys.check(7, request("mode=stocktake", "admin", "a", true)));
        assertNull(keys.check(8, request("mode=stocktake", "admin", "b", true)), "legacy: the query did not count");
        assertEquals(size, Files.size(data.resolve(Idempotency.FILE)), "never written, torn tail and all");
        // Four keys used since start (the file's capacity): every record would have aged out of it.
        assertThrows(ApiError.class, () -> keys.check(8, request("mode=receive", "admin", "c", true)));
        assertFalse(keys.checksLegacyFingerprints());
        assertFalse(Files.exists(data.resolve(Idempotency.FILE)));
        assertNull(keys.check(7, request("mode=stocktake", "admin", "a", false)), "the engine decides from here");
    }

    @Test
    void recordsOfTheFirstFormatAreCheckedAsTheyWereWritten() throws IOException
    {
        // A file as the daemon wrote it before the query string and caller were fingerprinted.
        final Idempotency.Fingerprint old = request("mode=receive", "admin", "a", true).legacy();
        Files.write(data.resolve(Idempotency.FILE), ByteBuffer.allocate(Idempotency.RECORD_1)
            .order(ByteOrder.LITTLE_ENDIAN).putLong(7).putLong(old.high()).putLong(old.low()).array());
        final Idempotency keys = Idempotency.open(data, 100);
        assertNull(keys.check(7, request("mode=stocktake", "admin", "a", true)));
        assertThrows(ApiError.class, () -> keys.check(7, request("mode=receive", "admin", "b", true)));
    }

    @Test
    void withNoResponsesKeptAnEarlierBuildsFileIsDeleted() throws IOException
    {
        writeEarlierBuildsFile(7, 8, false);
        final Idempotency keys = Idempotency.open(data, 0);
        assertFalse(Files.exists(data.resolve(Idempotency.FILE)));
        assertNull(keys.check(7, request("mode=stocktake", "admin", "a", false)));
    }
}

package io.omnistock.core.apikey;

import io.omnistock.api.ApiKeyScopes;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.snapshot.SnapshotStore;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.ProcessorHarness;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PUT_API_KEY and REVOKE_API_KEY: acceptance, every rejection, and the table through a snapshot. */
class ApiKeyHandlersTest
{
    private final ProcessorHarness h = new ProcessorHarness();

    private ReasonCode put(final String name, final long d0, final int scopes, final int channel, final long expiresAt)
    {
        return h.run(Commands.putApiKey(h.id(), name, d0, 2, 3, 4, scopes, channel, expiresAt)).reason();
    }

    private ReasonCode revoke(final String name)
    {
        return h.run(Commands.revokeApiKey(h.id(), name)).reason();
    }

    @Test
    void aKeyIsPutFoundByNameAndDigestAndRevokedForGood()
    {
        final int mall = h.channel("MALL", 900_000);
        assertEquals(ReasonCode.OK, put("mall-app", 1, ApiKeyScopes.ORDERS | ApiKeyScopes.AVAILABILITY, mall, 0));
        final ApiKeyTable.ApiKey key = h.state.apiKeys().byDigest(new ApiKeyTable.Digest(1, 2, 3, 4));
        assertEquals(new ApiKeyTable.ApiKey("mall-app", new ApiKeyTable.Digest(1, 2, 3, 4),
            ApiKeyScopes.ORDERS | ApiKeyScopes.AVAILABILITY, mall, 0, false), key);
        assertTrue(key.live(Long.MAX_VALUE));

        assertEquals(ReasonCode.OK, revoke("mall-app"));
        assertTrue(h.state.apiKeys().byName("mall-app").revoked());
        assertFalse(h.state.apiKeys().byDigest(new ApiKeyTable.Digest(1, 2, 3, 4)).live(0));
        assertEquals(ReasonCode.API_KEY_REVOKED, revoke("mall-app"));
        // The revoked key's name and digest stay taken: nothing brings it back.
        assertEquals(ReasonCode.API_KEY_NAME_TAKEN, put("mall-app", 9, ApiKeyScopes.ORDERS, -1, 0));
        assertEquals(ReasonCode.INVALID_API_KEY_DIGEST, put("mall-app-2", 1, ApiKeyScopes.ORDERS, -1, 0));
    }

    @Test
    void everyRejectionHasItsReasonAndChangesNothing()
    {
        assertEquals(ReasonCode.OK, put("admin", 1, ApiKeyScopes.ADMIN, -1, 0));
        final long before = h.state.apiKeys().checksum();
        assertEquals(ReasonCode.CODE_EMPTY, put("", 5, ApiKeyScopes.ADMIN, -1, 0));
        assertEquals(ReasonCode.CODE_TOO_LONG, put("k".repeat(1000), 5, ApiKeyScopes.ADMIN, -1, 0));
        assertEquals(ReasonCode.API_KEY_NAME_TAKEN, put("admin", 5, ApiKeyScopes.ADMIN, -1, 0));
        assertEquals(ReasonCode.INVALID_API_KEY_DIGEST, h.run(Commands.putApiKey(h.id(), "zero", 0, 0, 0, 0,
            ApiKeyScopes.ADMIN, -1, 0)).reason());
        assertEquals(ReasonCode.INVALID_API_KEY_DIGEST, put("same-text", 1, ApiKeyScopes.ADMIN, -1, 0));
        assertEquals(ReasonCode.INVALID_API_KEY_SCOPES, put("none", 5, 0, -1, 0));
        assertEquals(ReasonCode.INVALID_API_KEY_SCOPES, put("future", 5, ApiKeyScopes.ALL + 1, -1, 0));
        assertEquals(ReasonCode.UNKNOWN_CHANNEL, put("nochannel", 5, ApiKeyScopes.ORDERS, 0, 0));
        assertEquals(ReasonCode.UNKNOWN_CHANNEL, put("negative", 5, ApiKeyScopes.ORDERS, -2, 0));
        assertEquals(ReasonCode.INVALID_API_KEY_EXPIRY, put("expired", 5, ApiKeyScopes.ORDERS, -1, h.now));
        assertEquals(ReasonCode.UNKNOWN_API_KEY, revoke("nobody"));
        assertEquals(before, h.state.apiKeys().checksum(), "no rejection changed the table");
        assertEquals(1, h.state.apiKeys().count());
        assertEquals(ReasonCode.OK, put("later", 5, ApiKeyScopes.ORDERS, -1, h.now + 1));
        assertFalse(h.state.apiKeys().byName("later").live(h.now + 1));
    }

    @Test
    void theTableIsInTheChecksumOnlyOnceItHoldsAKey()
    {
        final ProcessorHarness other = new ProcessorHarness();
        assertEquals(other.state.checksum(), h.state.checksum(), "an empty table adds nothing");
        put("pos-1", 7, ApiKeyScopes.STOCK, -1, 0);
        final long withKey = h.state.checksum();
        assertNotEquals(other.state.checksum(), withKey);
        revoke("pos-1");
        assertNotEquals(withKey, h.state.checksum(), "revoked is part of the state");
    }

    @Test
    void theTableSurvivesASnapshotAndOlderFormatsLoadEmpty() throws IOException
    {
        final int mall = h.channel("MALL", 900_000);
        put("b-key", 7, ApiKeyScopes.STOCK, -1, 0);
        put("a-key", 8, ApiKeyScopes.ORDERS, mall, h.now + 60_000);
        revoke("b-key");
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        h.state.writeTo(new DataOutputStream(bytes));

        final EngineState loaded = new EngineState(64, 16, 1024);
        loaded.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), SnapshotStore.FORMAT_VERSION);
        assertEquals(h.state.checksum(), loaded.checksum());
        assertEquals(List.copyOf(h.state.apiKeys().keys()), List.copyOf(loaded.apiKeys().keys()));
        assertEquals("a-key", loaded.apiKeys().keys().iterator().next().name(), "name order");
        assertEquals(ReasonCode.API_KEY_REVOKED, h.continueFrom(loaded).run(Commands.revokeApiKey(999, "b-key")).reason());

        // A format 6 snapshot ends at the logic version (format 7 adds the key and webhook tables'
        // counts, format 8 the forecast master data's three, all 0 here): its state loads with no keys.
        final ProcessorHarness empty = new ProcessorHarness();
        empty.channel("MALL", 900_000);
        final ByteArrayOutputStream six = new ByteArrayOutputStream();
        empty.state.writeTo(new DataOutputStream(six));
        final byte[] format6 = java.util.Arrays.copyOf(six.toByteArray(), six.size() - 5 * Integer.BYTES);
        final EngineState old = new EngineState(64, 16, 1024);
        final DataInputStream in = new DataInputStream(new ByteArrayInputStream(format6));
        old.readFrom(in, 6);
        assertEquals(0, in.available(), "format 6 has nothing after the logic version");
        assertEquals(0, old.apiKeys().count());
        assertNull(old.apiKeys().byName("b-key"));
        assertEquals(empty.state.checksum(), old.checksum());
    }
}

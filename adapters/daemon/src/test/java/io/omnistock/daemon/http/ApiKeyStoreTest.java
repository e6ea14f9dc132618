package io.omnistock.daemon.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The key file keeps every channel code apart from "no channel", and files of the first format still read. */
class ApiKeyStoreTest
{
    @TempDir
    Path dir;

    @Test
    void everyChannelCodeRoundTrips()
    {
        for (final String code : List.of("-", "my chan", "50%", " x ", "a\nb", "店-1", "--"))
        {
            final String field = ApiKeyStore.encodeChannel(code);
            assertEquals(1, field.split("\\s+").length, field);
            assertEquals(code, ApiKeyStore.decodeChannel(field));
        }
        assertEquals("-", ApiKeyStore.encodeChannel(null));
        assertNull(ApiKeyStore.decodeChannel("-"));
        assertThrows(IllegalArgumentException.class, () -> ApiKeyStore.decodeChannel("a%2"));
        assertThrows(IllegalArgumentException.class, () -> ApiKeyStore.decodeChannel("%FF"));
    }

    @Test
    void aKeyAuthenticatedBeforeIsRefusedOnceRevoked() throws Exception
    {
        final ApiKeyStore store = ApiKeyStore.open(dir);
        final String key = store.add("pos-1", null, Set.of(Scope.STOCK), 0);
        final Principal first = store.authenticate(key);
        assertEquals("pos-1", first.name());
        assertSame(first, store.authenticate(key), "the second use is answered without hashing");
        assertNull(store.authenticate(key + "x"));
        store.remove("pos-1");
        assertNull(store.authenticate(key), "revocation holds for a key used before");
        final String again = store.add("pos-1", null, Set.of(Scope.ORDERS), 0);
        assertNull(store.authenticate(key), "a new key of the same name does not revive the old one");
        assertEquals(Set.of(Scope.ORDERS), store.authenticate(again).scopes());
    }

    @Test
    void bindingsSurviveReopening() throws Exception
    {
        final ApiKeyStore store = ApiKeyStore.open(dir);
        store.add("dash", "-", Set.of(Scope.ORDERS), 0);
        store.add("space", "my chan", Set.of(Scope.ORDERS), 0);
        final List<Principal> keys = sorted(ApiKeyStore.open(dir).list());
        assertEquals(List.of("admin", "dash", "space"), keys.stream().map(Principal::name).toList());
        assertNull(keys.get(0).channel());
        assertEquals("-", keys.get(1).channel());
        assertEquals("my chan", keys.get(2).channel());
    }

    @Test
    void readsTheFirstFormat() throws Exception
    {
        final String digest = "ab".repeat(32);
        Files.writeString(dir.resolve(ApiKeyStore.KEYS_FILE), "# omnistock API keys: name sha256(key) channel|- scopes\n" +
            "admin " + digest.replace('a', 'c') + " - admin\n" +
            "app " + digest + " app orders,availability\n" +
            "spaced " + digest.replace('b', 'd') + " my  chan orders\n");
        final List<Principal> keys = sorted(ApiKeyStore.open(dir).list());
        assertNull(keys.get(0).channel());
        assertEquals("app", keys.get(1).channel());
        assertEquals(Set.of(Scope.ORDERS, Scope.AVAILABILITY), keys.get(1).scopes());
        assertEquals("my  chan", keys.get(2).channel());
    }

    @Test
    void anExpiredKeyIsRefusedAndItsExpirySurvivesReopening() throws Exception
    {
        final ApiKeyStore store = ApiKeyStore.open(dir);
        final long expiresAtMillis = System.currentTimeMillis() + 300;
        final String key = store.add("temp", null, Set.of(Scope.ORDERS), expiresAtMillis);
        final String lasting = store.add("lasting", null, Set.of(Scope.ORDERS), System.currentTimeMillis() + 3_600_000);
        assertEquals("temp", store.authenticate(key).name(), "before its expiry");
        final ApiKeyStore reopened = ApiKeyStore.open(dir);
        assertEquals(expiresAtMillis, sorted(reopened.list()).get(2).expiresAtMillis(), "the file keeps the expiry");
        assertTrue(Files.readString(dir.resolve(ApiKeyStore.KEYS_FILE)).contains(
            " orders " + java.time.Instant.ofEpochMilli(expiresAtMillis) + "\n"), "as an ISO-8601 instant");
        while (System.currentTimeMillis() < expiresAtMillis)
        {
            Thread.sleep(20);
        }
        assertNull(store.authenticate(key), "expired, although found in the cache of keys used before");
        assertNull(reopened.authenticate(key), "expired, on its first use");
        assertEquals("lasting", store.authenticate(lasting).name());
        assertTrue(sorted(store.list()).get(2).expired(System.currentTimeMillis()), "listed, as expired: its name is taken");
    }

    @Test
    void readsTheSecondFormatAsNeverExpiring() throws Exception
    {
        Files.writeString(dir.resolve(ApiKeyStore.KEYS_FILE), "# omnistock API keys, format 2: name sha256(key) " +
            "channel|- scopes, the channel percent-encoded UTF-8\n" + "app " + "ab".repeat(32) + " my%20chan orders\n");
        final Principal app = ApiKeyStore.open(dir).list().get(0);
        assertEquals("my chan", app.channel());
        assertEquals(0, app.expiresAtMillis());
    }

    @Test
    void refusesABadExpiryField() throws Exception
    {
        Files.writeString(dir.resolve(ApiKeyStore.KEYS_FILE), "# omnistock API keys, format 3\n" +
            "app " + "ab".repeat(32) + " - orders tomorrow\n");
        final java.io.IOException e = assertThrows(java.io.IOException.class, () -> ApiKeyStore.open(dir));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    private static List<Principal> sorted(final List<Principal> keys)
    {
        return keys.stream().sorted(Comparator.comparing(Principal::name)).toList();
    }
}

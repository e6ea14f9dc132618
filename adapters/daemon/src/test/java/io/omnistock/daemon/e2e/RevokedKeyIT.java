package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A revoked key stops working at once, for streams already open too, and stays revoked after a
 * restart; a key created with an expiry stops working at it, and stays listed, as expired.
 */
class RevokedKeyIT
{
    @TempDir
    Path dir;

    @Test
    void aRevokedKeysOpenStreamsEndAndItStaysRevokedAfterRestart() throws Exception
    {
        final Path data = dir.resolve("data");
        final String key;
        try (DaemonProcess daemon = new DaemonProcess(data).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
            admin.ok("/v1/skus", "{\"code\":\"TEA\"}");
            key = admin.ok("/v1/admin/keys", "{\"name\":\"tablet\",\"scopes\":[\"events\",\"availability\"]}")
                .get("key").asText();
            final Client tablet = new Client(daemon, key);
            final BufferedReader events = open(tablet, "/v1/events?from=0");
            final BufferedReader levels = open(tablet, "/v1/stores/S1/levels?skus=TEA");
            assertEquals(200, admin.send(admin.base("/v1/admin/keys/tablet").DELETE().build()).status());
            admin.ok("/v1/locations", "{\"code\":\"AFTER\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
            admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":3}");

            // Both streams end (the bound only keeps a regression from hanging the build).
            final List<String> after = untilEnd(events);
            assertFalse(after.stream().anyMatch(l -> l.contains("AFTER") || l.contains("STOCK_CHANGED")),
                "the revoked key's stream carried events written after the revocation: " + after);
            assertFalse(untilEnd(levels).stream().anyMatch(l -> l.startsWith("event:")),
                "the revoked key's level feed carried a change made after the revocation");
            assertEquals("INVALID_API_KEY", tablet.get("/v1/positions/S1/TEA").code());
            assertEquals(143, daemon.terminate());
        }
        try (DaemonProcess daemon = new DaemonProcess(data).start())
        {
            assertEquals("INVALID_API_KEY", new Client(daemon, key).get("/v1/events").code());
        }
    }

    @Test
    void aKeyCreatedWithAnExpiryIsRefusedOnceExpiredAndBadExpiriesAreRefused() throws Exception
    {
        final Path data = dir.resolve("data");
        final String lasting;
        try (DaemonProcess daemon = new DaemonProcess(data).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            for (final String bad : List.of("\"expiresAt\":\"2020-01-01T00:00:00Z\"", "\"expiresAt\":\"next week\"",
                "\"ttlSeconds\":0", "\"ttlSeconds\":60,\"expiresAt\":\"2099-01-01T00:00:00Z\""))
            {
                final Client.Response r = admin.post("/v1/admin/keys", "{\"name\":\"bad\",\"scopes\":[\"orders\"]," + bad + "}");
                assertEquals(400, r.status(), bad);
                assertEquals("INVALID_API_KEY_EXPIRY", r.code(), bad);
            }
            assertEquals(404, admin.get("/v1/admin/keys/bad").status(), "a refused creation made no key");
            final long before = System.currentTimeMillis();
            final Client.Response created = admin.post("/v1/admin/keys",
                "{\"name\":\"temp\",\"scopes\":[\"availability\"],\"ttlSeconds\":3}");
            assertEquals(201, created.status(), created.body().toString());
            final long expiresAtMillis = java.time.Instant.parse(created.body().get("expiresAt").asText()).toEpochMilli();
            assertTrue(expiresAtMillis >= before + 3_000 && expiresAtMillis <= System.currentTimeMillis() + 3_000,
                created.body().toString());
            lasting = admin.ok("/v1/admin/keys", "{\"name\":\"lasting\",\"scopes\":[\"availability\"]," +
                "\"expiresAt\":\"2099-01-31T00:00:00Z\"}").get("key").asText();
            final Client temp = new Client(daemon, created.body().get("key").asText());
            assertEquals(200, temp.get("/v1/skus").status(), "before its expiry");
            final Client.Response read = admin.get("/v1/admin/keys/temp");
            assertEquals(created.body().get("expiresAt"), read.body().get("expiresAt"));
            assertFalse(read.body().get("expired").asBoolean());
            while (System.currentTimeMillis() <= expiresAtMillis)
            {
                Thread.sleep(100);
            }
            final Client.Response refused = temp.get("/v1/skus");
            assertEquals(401, refused.status());
            assertEquals("INVALID_API_KEY", refused.code());
            assertTrue(admin.get("/v1/admin/keys/temp").body().get("expired").asBoolean(), "listed as expired");
            assertEquals(409, admin.post("/v1/admin/keys", "{\"name\":\"temp\",\"scopes\":[\"orders\"]}").status(),
                "an expired key's name stays taken until it is deleted");
            assertEquals(143, daemon.terminate());
        }
        try (DaemonProcess daemon = new DaemonProcess(data).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            assertEquals("2099-01-31T00:00:00Z", admin.get("/v1/admin/keys/lasting").body().get("expiresAt").asText(),
                "the expiry survives a restart");
            assertEquals(200, new Client(daemon, lasting).get("/v1/skus").status());
            final JsonNode keys = admin.get("/v1/admin/keys").body().get("keys");
            assertTrue(keys.toString().contains("\"name\":\"temp\"") && keys.toString().contains("\"expired\":true"),
                keys.toString());
        }
    }

    private static BufferedReader open(final Client client, final String path) throws Exception
    {
        final HttpResponse<InputStream> r = client.http().send(client.base(path).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        final BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        // The stream's opening comment: it is registered before the key is revoked.
        assertEquals(':', in.readLine().charAt(0));
        return in;
    }

    private static List<String> untilEnd(final BufferedReader in) throws Exception
    {
        return CompletableFuture.supplyAsync(() ->
        {
            final List<String> lines = new ArrayList<>();
            try
            {
                for (String line; (line = in.readLine()) != null; )
                {
                    lines.add(line);
                }
            }
            catch (final java.io.IOException closed)
            {
                // A closed connection ends the stream too.
            }
            return lines;
        }).get(60, TimeUnit.SECONDS);
    }
}

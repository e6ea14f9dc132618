package io.omnistock.daemon.e2e;

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

/** A revoked key stops working at once, for streams already open too, and stays revoked after a restart. */
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

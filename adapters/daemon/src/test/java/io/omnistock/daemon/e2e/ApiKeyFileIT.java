package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A key keeps its channel across a restart, whatever the channel's code: "-" and codes with spaces too. */
class ApiKeyFileIT
{
    private static final String ORDER = "{\"orderId\":%d,\"type\":\"regular\",\"lat\":31.2,\"lon\":121.4," +
        "\"lines\":[{\"sku\":\"TEA\",\"quantity\":1}]}";

    @TempDir
    Path dir;

    @Test
    void channelBindingsSurviveARestart() throws Exception
    {
        final Path data = dir.resolve("data");
        final String dashKey;
        final String spaceKey;
        try (DaemonProcess daemon = new DaemonProcess(data).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            admin.ok("/v1/channels", "{\"code\":\"-\",\"holdTtlSeconds\":600}");
            admin.ok("/v1/channels", "{\"code\":\"my chan\",\"holdTtlSeconds\":600}");
            admin.ok("/v1/channels", "{\"code\":\"app\",\"holdTtlSeconds\":600}");
            admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
            admin.ok("/v1/skus", "{\"code\":\"TEA\"}");
            admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":10}");
            dashKey = key(admin, "dash-key", "-");
            spaceKey = key(admin, "space-key", "my chan");
            new Client(daemon, dashKey).ok("/v1/orders", ORDER.formatted(1));
            new Client(daemon, spaceKey).ok("/v1/orders", ORDER.formatted(1));
            daemon.terminate();
        }
        try (DaemonProcess again = new DaemonProcess(data).start())
        {
            final Client admin = new Client(again, again.adminKey());
            final JsonNode keys = admin.get("/v1/admin/keys").body().get("keys");
            assertEquals("-", channelOf(keys, "dash-key"));
            assertEquals("my chan", channelOf(keys, "space-key"));
            for (final String key : new String[] {dashKey, spaceKey})
            {
                final Client channel = new Client(again, key);
                // Bound to its channel: may not name another, and needs none named to reserve.
                final Client.Response other = channel.get("/v1/availability/TEA?channel=app");
                assertEquals(403, other.status(), other.body().toString());
                assertEquals("FORBIDDEN", other.code());
                channel.ok("/v1/orders", ORDER.formatted(2));
            }
            assertEquals("HELD", admin.get("/v1/orders/2?channel=-").body().path("state").asText());
            assertEquals("HELD", admin.get("/v1/orders/2?channel=my%20chan").body().path("state").asText());
        }
    }

    private static String key(final Client admin, final String name, final String channel) throws Exception
    {
        return admin.ok("/v1/admin/keys", "{\"name\":\"" + name + "\",\"channel\":\"" + channel +
            "\",\"scopes\":[\"orders\",\"availability\"]}").get("key").asText();
    }

    private static String channelOf(final JsonNode keys, final String name)
    {
        for (final JsonNode key : keys)
        {
            if (key.get("name").asText().equals(name))
            {
                return key.get("channel").asText(null);
            }
        }
        throw new AssertionError("no key named " + name + " in " + keys);
    }
}

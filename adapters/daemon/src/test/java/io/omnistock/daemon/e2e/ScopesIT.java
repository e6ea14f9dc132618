package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API keys act within their scopes and their own channel; keys are stored and logged only as digests. */
class ScopesIT
{
    @TempDir
    Path dir;

    @Test
    void aMarketplaceReservesAndReadsItsOwnOrdersOnly() throws Exception
    {
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data")).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            admin.ok("/v1/channels", "{\"code\":\"mall\",\"holdTtlSeconds\":600}");
            admin.ok("/v1/channels", "{\"code\":\"market\",\"holdTtlSeconds\":600}");
            admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
            admin.ok("/v1/skus", "{\"code\":\"TEA\"}");
            admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":10}");
            final Client mall = O2oDayIT.channelKey(admin, daemon, "mall-key", "mall");
            final Client market = O2oDayIT.channelKey(admin, daemon, "market-key", "market");
            final String order = "{\"orderId\":1001,\"type\":\"regular\",\"lat\":31.2,\"lon\":121.4," +
                "\"lines\":[{\"sku\":\"TEA\",\"quantity\":2}]}";
            mall.ok("/v1/orders", order);

            // The market's order 1001 is its own, a different order from the mall's 1001.
            assertEquals(404, market.get("/v1/orders/1001").status());
            assertEquals("FORBIDDEN", market.get("/v1/orders/1001?channel=mall").code());
            assertEquals(403, market.post("/v1/orders/1001/cancel?channel=mall", "{}").status());
            assertEquals(404, market.post("/v1/orders/1001/cancel", "{}").status());
            assertEquals("HELD", mall.get("/v1/orders/1001").body().get("state").asText());
            market.ok("/v1/orders", order);
            assertEquals(4, admin.get("/v1/positions/S1/TEA").body().at("/position/reserved").asLong());

            // No stock movements, definitions, keys or raw admin for a channel key.
            assertEquals("FORBIDDEN", market.post("/v1/movements",
                "{\"type\":\"adjust\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":-5,\"reason\":\"lost\"}").code());
            assertEquals(403, market.post("/v1/skus", "{\"code\":\"X\"}").status());
            assertEquals(403, market.post("/v1/admin/keys", "{\"name\":\"evil\",\"scopes\":[\"admin\"]}").status());
            assertEquals(403, market.post("/v1/admin/snapshot", "{}").status());
            // ... but the channel's own view of availability.
            assertEquals(200, market.get("/v1/availability/TEA").status());
            assertEquals(403, market.get("/v1/availability/TEA?channel=mall").status());
            // An admin names the channel.
            assertEquals("HELD", admin.get("/v1/orders/1001?channel=market").body().get("state").asText());

            final String keys = Files.readString(dir.resolve("data").resolve("api-keys.conf"));
            final String log = daemon.log();
            final JsonNode list = admin.get("/v1/admin/keys").body();
            assertEquals(3, list.get("keys").size());
            assertFalse(keys.contains("osk_"), "only digests are stored");
            assertFalse(log.contains("osk_"), "keys are never logged");
            assertTrue(admin.send(admin.base("/v1/admin/keys/market-key").DELETE().build()).status() == 200);
            assertEquals("INVALID_API_KEY", market.get("/v1/availability/TEA").code());
        }
    }
}

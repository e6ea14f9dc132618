package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A day of a small city over the real daemon: network set-up, stock load, POS sales, routed online
 * orders (paid, cancelled, expired), a replenishment request and a transfer that answers it; then
 * a graceful restart that comes back to the same figures.
 */
class O2oDayIT
{
    @TempDir
    Path dir;

    @Test
    void aFullDayThenRestart() throws Exception
    {
        final Path data = dir.resolve("data");
        final JsonNode before;
        try (DaemonProcess daemon = new DaemonProcess(data).start())
        {
            // Every answer of this day is checked against docs/openapi.yaml (the happy path's contract).
            final Client admin = new Client(daemon, daemon.adminKey()).checkingContract();
            admin.ok("/v1/channels", "{\"code\":\"app\",\"holdTtlSeconds\":900}");
            admin.ok("/v1/channels", "{\"code\":\"flash\",\"holdTtlSeconds\":1}");
            admin.ok("/v1/locations", "{\"code\":\"DC\",\"tier\":\"warehouse\",\"lat\":31.00,\"lon\":121.00," +
                "\"capabilities\":[\"ships-parcels\"]}");
            admin.ok("/v1/locations", "{\"code\":\"FW1\",\"tier\":\"front-warehouse\",\"lat\":31.20,\"lon\":121.45," +
                "\"capabilities\":[\"instant-delivery\"]}");
            for (int i = 1; i <= 3; i++)
            {
                admin.ok("/v1/locations", "{\"code\":\"ST" + i + "\",\"tier\":\"store\",\"lat\":31.2" + i +
                    ",\"lon\":121.4" + i + "}");
            }
            admin.ok("/v1/skus", "{\"code\":\"MILK-1L\",\"unit\":\"piece\"}");
            admin.ok("/v1/skus", "{\"code\":\"APPLES\",\"unit\":\"gram\"}");
            // The morning's stock load, as the retailer's ERP sends it.
            final StringBuilder load = new StringBuilder("location,sku,quantity\n");
            for (final String loc : new String[] {"DC", "FW1", "ST1", "ST2", "ST3"})
            {
                load.append(loc).append(",MILK-1L,").append(loc.equals("DC") ? 500 : 20).append('\n');
                load.append(loc).append(",APPLES,50000\n");
            }
            final Client.Response loaded = admin.send(admin.base("/v1/stock/load?mode=receive")
                .header("Content-Type", "text/csv").POST(java.net.http.HttpRequest.BodyPublishers.ofString(load.toString()))
                .build());
            assertTrue(loaded.raw().body().contains("\"applied\":10"), loaded.raw().body());
            // Replenishment: ST1 reorders milk from the DC below 10.
            admin.ok("/v1/replenishment/policies", "{\"location\":\"ST1\",\"sku\":\"MILK-1L\",\"kind\":\"min-max\",\"reorderLevel\":10," +
                "\"orderUpToLevel\":30,\"packSize\":6,\"source\":\"DC\",\"leadTimeHours\":12}");

            admin.ok("/v1/replenishment/policies", "{\"location\":\"ST2\",\"sku\":\"MILK-1L\",\"kind\":\"min-max\",\"reorderLevel\":15," +
                "\"orderUpToLevel\":30,\"packSize\":6,\"source\":\"DC\",\"leadTimeHours\":12}");
            admin.ok("/v1/movements", "{\"type\":\"sale\",\"location\":\"ST2\",\"sku\":\"MILK-1L\",\"quantity\":6}");
            final JsonNode board = admin.get("/v1/replenishment?tier=store&sku=MILK-1L&location=ST2").body();
            assertEquals("{\"quantity\":18,\"source\":\"DC\"}", board.at("/positions/0/request").toString(),
                "14 left, up to 30 in packs of 6: " + board);
            final JsonNode fromRequest = admin.ok("/v1/replenishment/transfer",
                "{\"location\":\"ST2\",\"sku\":\"MILK-1L\",\"transferId\":88}");
            assertEquals(18, fromRequest.at("/position/reserved").asLong(), "the transfer holds 18 at the DC: " + fromRequest);
            admin.ok("/v1/transfers/88/cancel", "{}");

            // POS: the till sends weighed apples and eight single milks over the counter.
            final StringBuilder till = new StringBuilder("{\"transactionId\":\"ST1-POS1-0001\",\"store\":\"ST1\"," +
                "\"terminal\":\"POS1\",\"businessTime\":\"2026-11-22T08:00:00Z\",\"lines\":[" +
                "{\"line\":1,\"kind\":\"SALE\",\"sku\":\"APPLES\",\"quantity\":0.42,\"unit\":\"KGM\"}");
            for (int i = 0; i < 8; i++)
            {
                till.append(",{\"line\":").append(i + 2).append(",\"kind\":\"SALE\",\"sku\":\"MILK-1L\",\"quantity\":1,")
                    .append("\"unit\":\"EA\"}");
            }
            final JsonNode pos = admin.ok("/v1/pos/transactions", till.append("]}").toString());
            assertEquals(9, pos.at("/transactions/0/applied").asInt(), pos.toString());
            assertEquals(50000 - 420, admin.get("/v1/positions/ST1/APPLES").body().at("/position/onHand").asLong());

            final JsonNode fw1 = admin.get("/v1/locations/FW1").body();
            assertEquals("front-warehouse", fw1.get("tier").asText());
            assertEquals("[\"instant-delivery\"]", fw1.get("capabilities").toString());
            assertEquals("gram", admin.get("/v1/skus/APPLES").body().get("unit").asText());
            admin.ok("/v1/locations/ST3/settings", "{\"ordersPerHour\":100,\"priority\":1,\"pickPackMinutes\":0}");
            assertEquals(100, admin.get("/v1/locations/ST3").body().get("ordersPerHour").asInt());
            admin.ok("/v1/channels/app/eligibility", "{\"location\":\"DC\",\"eligible\":true}");
            admin.ok("/v1/channels/app/quotas", "{\"sku\":\"APPLES\",\"maxUnits\":5000}");

            final Client app = channelKey(admin, daemon, "app-key", "app").checkingContract();
            assertEquals(5000, app.get("/v1/availability/APPLES").body().get("network").asLong(),
                "a channel sees its quota-capped availability");
            final JsonNode instant = app.ok("/v1/orders", "{\"orderId\":1001,\"type\":\"instant\",\"lat\":31.21," +
                "\"lon\":121.41,\"lines\":[{\"sku\":\"MILK-1L\",\"quantity\":2},{\"sku\":\"APPLES\",\"quantity\":1000}]}");
            assertEquals("HELD", instant.get("state").asText());
            assertEquals(2, instant.get("allocations").size());
            app.ok("/v1/orders/1001/confirm", "{}");
            final String fulfilAt = instant.get("allocations").get(0).get("location").asText();
            app.ok("/v1/orders/1001/fulfil", "{\"location\":\"" + fulfilAt + "\"}");

            final JsonNode regular = app.ok("/v1/orders", "{\"orderId\":1002,\"type\":\"regular\",\"lat\":31.0," +
                "\"lon\":121.0,\"lines\":[{\"sku\":\"MILK-1L\",\"quantity\":12}]}");
            assertEquals("HELD", regular.get("state").asText());
            app.ok("/v1/orders/1002/cancel", "{}");
            assertEquals("CANCELLED", app.get("/v1/orders/1002").body().get("state").asText(),
                "a cancelled order leaves the engine's book but stays readable (issue 21)");

            final Client flash = channelKey(admin, daemon, "flash-key", "flash").checkingContract();
            flash.ok("/v1/orders", "{\"orderId\":1,\"type\":\"regular\",\"lat\":31.0,\"lon\":121.0," +
                "\"lines\":[{\"sku\":\"MILK-1L\",\"quantity\":5}]}");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!"EXPIRED".equals(flash.get("/v1/orders/1").body().path("state").asText()) && System.nanoTime() < deadline)
            {
                Thread.sleep(100);
            }
            assertEquals("EXPIRED", flash.get("/v1/orders/1").body().path("state").asText(),
                "an unpaid order's hold expires on the engine timer");

            // ST1 fell to 12 - 2 (if routed there) or 12: either way a request to the DC is open.
            final JsonNode st1 = admin.get("/v1/positions/ST1/MILK-1L").body();
            assertTrue(st1.at("/position/available").asLong() <= 12, st1.toString());
            admin.ok("/v1/transfers", "{\"transferId\":77,\"from\":\"DC\",\"to\":\"ST1\",\"sku\":\"MILK-1L\",\"quantity\":24}");
            admin.ok("/v1/transfers/77/ship", "{\"eta\":\"2030-01-01T08:00:00Z\"}");
            final JsonNode received = admin.ok("/v1/transfers/77/receive", "{\"quantity\":23,\"reason\":\"damaged\"}");
            assertEquals(st1.at("/position/onHand").asLong() + 23, received.at("/position/onHand").asLong());

            final JsonNode milk = admin.get("/v1/availability/MILK-1L").body();
            // 580 received; 8 + 6 POS; 2 fulfilled; 24 shipped from DC, 23 received at ST1 (one damaged).
            assertEquals(580 - 8 - 6 - 2 - 1, milk.get("network").asLong(), milk.toString());
            before = milk;
            // 143 = 128 + SIGTERM: the JVM's status after its shutdown hooks ran to the end.
            Contract.report("O2oDayIT");
            assertEquals(143, daemon.terminate(), "SIGTERM is a clean stop");
            assertTrue(daemon.log().contains("stopped; journal flushed"), daemon.log());
        }
        try (DaemonProcess again = new DaemonProcess(data).start())
        {
            final Client admin = new Client(again, again.adminKey());
            final JsonNode after = admin.get("/v1/availability/MILK-1L").body();
            assertEquals(before.get("network"), after.get("network"));
            assertEquals(before.get("tiers"), after.get("tiers"));
            assertEquals(401, new Client(again, null).get("/v1/orders/1001?channel=app").status(),
                "no key, no orders");
        }
    }

    static Client channelKey(final Client admin, final DaemonProcess daemon, final String name, final String channel)
        throws Exception
    {
        final JsonNode key = admin.ok("/v1/admin/keys", "{\"name\":\"" + name + "\",\"channel\":\"" + channel +
            "\",\"scopes\":[\"orders\",\"availability\",\"events\"]}");
        return new Client(daemon, key.get("key").asText());
    }
}

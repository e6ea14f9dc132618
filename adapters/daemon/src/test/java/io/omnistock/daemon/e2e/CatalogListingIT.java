package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21: locations, SKUs, channels and positions listed in cursor pages over the engine's state,
 * stable while definitions go on; what a channel key sees of them; bad input refused.
 */
class CatalogListingIT
{
    private static final int STORES = 30;

    @TempDir
    Path dir;

    @Test
    void listDefinitionsAndPositions() throws Exception
    {
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data")).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            admin.ok("/v1/channels", "{\"code\":\"app\",\"holdTtlSeconds\":900}");
            admin.ok("/v1/channels", "{\"code\":\"mall\",\"holdTtlSeconds\":900}");
            admin.ok("/v1/skus", "{\"code\":\"MILK-1L\",\"unit\":\"piece\"}");
            admin.ok("/v1/skus", "{\"code\":\"TEA\",\"unit\":\"piece\"}");
            admin.ok("/v1/locations", "{\"code\":\"DC\",\"tier\":\"warehouse\",\"lat\":31.00,\"lon\":121.00}");
            admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"DC\",\"sku\":\"TEA\",\"quantity\":7}");
            for (int i = 1; i <= STORES; i++)
            {
                admin.ok("/v1/locations", "{\"code\":\"ST" + i + "\",\"tier\":\"store\",\"lat\":31." + i + ",\"lon\":121.4}");
                admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"ST" + i + "\",\"sku\":\"MILK-1L\",\"quantity\":" + i + "}");
            }
            admin.ok("/v1/channels/app/eligibility", "{\"location\":\"ST1\",\"eligible\":false}");

            // Paging through locations while more are defined between the pages.
            final List<String> seen = new ArrayList<>();
            String cursor = null;
            int added = 0;
            do
            {
                final JsonNode page = ok(admin.get("/v1/locations?limit=4" + (cursor == null ? "" : "&cursor=" + cursor)));
                page.get("items").forEach(l -> seen.add(l.get("code").asText()));
                cursor = page.path("nextCursor").asText(null);
                admin.ok("/v1/locations", "{\"code\":\"NEW" + ++added + "\",\"tier\":\"store\",\"lat\":30.0,\"lon\":120.0}");
            }
            while (cursor != null);
            assertEquals(seen.size(), new HashSet<>(seen).size(), "no location twice: " + seen);
            assertEquals("DC", seen.get(0));
            for (int i = 1; i <= STORES; i++)
            {
                assertEquals("ST" + i, seen.get(i), "id order, none skipped: " + seen);
            }
            final JsonNode dc = ok(admin.get("/v1/locations?limit=1")).at("/items/0");
            assertEquals(ok(admin.get("/v1/locations/DC")), dc, "a listed location reads as the single read");
            assertTrue(admin.allPages("/v1/locations?tier=warehouse").stream().allMatch(l -> l.get("tier").asText().equals("warehouse")));
            assertEquals(List.of("MILK-1L", "TEA"), codes(admin.allPages("/v1/skus")));
            assertEquals(List.of("app", "mall"), codes(admin.allPages("/v1/channels")));

            // Positions: one SKU across locations, one location, one tier.
            final List<JsonNode> milk = admin.allPages("/v1/positions?sku=MILK-1L&limit=7");
            assertEquals(STORES, milk.size());
            assertEquals(3, milk.get(2).get("onHand").asLong());
            assertEquals(3, milk.get(2).get("available").asLong());
            assertEquals(List.of("TEA"), admin.allPages("/v1/positions?location=DC").stream().map(p -> p.get("sku").asText()).toList());
            assertEquals(STORES, admin.allPages("/v1/positions?tier=store").size());
            assertEquals(0, admin.allPages("/v1/positions?sku=TEA&tier=store").size());

            // A channel key: its own channel, and of positions only what it may be promised where it is served.
            final Client app = O2oDayIT.channelKey(admin, daemon, "app-key", "app");
            assertEquals(List.of("app"), codes(app.allPages("/v1/channels")));
            final List<JsonNode> appMilk = app.allPages("/v1/positions?sku=MILK-1L");
            assertEquals(STORES - 1, appMilk.size(), "ST1 does not serve app");
            for (final JsonNode p : appMilk)
            {
                assertFalse(p.get("location").asText().equals("ST1"));
                assertEquals(List.of("location", "sku", "available"), fields(p), p.toString());
            }

            // Open transfers, paged while others are created and received between the pages.
            admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"DC\",\"sku\":\"MILK-1L\",\"quantity\":100}");
            for (int t = 1; t <= 6; t++)
            {
                admin.ok("/v1/transfers", "{\"transferId\":" + t + ",\"from\":\"DC\",\"to\":\"ST" + t +
                    "\",\"sku\":\"MILK-1L\",\"quantity\":2}");
            }
            final List<Long> transfers = new ArrayList<>();
            String transferCursor = null;
            int step = 0;
            do
            {
                final JsonNode page = ok(admin.get("/v1/transfers?limit=2" + (transferCursor == null ? "" : "&cursor=" + transferCursor)));
                page.get("items").forEach(t -> transfers.add(t.get("transferId").asLong()));
                transferCursor = page.path("nextCursor").asText(null);
                step++;
                admin.ok("/v1/transfers", "{\"transferId\":" + (100 + step) + ",\"from\":\"DC\",\"to\":\"ST9\",\"sku\":\"MILK-1L\",\"quantity\":1}");
                admin.ok("/v1/transfers/" + (100 + step) + "/cancel", "{}");
            }
            while (transferCursor != null);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), transfers.stream().filter(t -> t < 100).toList(),
                "each open transfer once, in order: " + transfers);
            final List<JsonNode> toSt2 = admin.allPages("/v1/transfers?location=ST2");
            assertEquals(1, toSt2.size());
            assertEquals(ok(admin.get("/v1/transfers/2")), toSt2.get(0), "a listed transfer reads as the single read");
            assertEquals(403, app.get("/v1/transfers").status(), "stock scope");

            // Open count sessions, in the order they were opened.
            for (int c = 1; c <= 3; c++)
            {
                admin.ok("/v1/counts", "{\"sessionId\":\"count-" + c + "\",\"location\":\"" + (c == 2 ? "DC" : "ST1") +
                    "\",\"barcodes\":{}}");
            }
            admin.ok("/v1/counts/count-1/scans", "{\"scans\":[{\"code\":\"MILK-1L\",\"quantity\":3}]}");
            final List<JsonNode> sessions = admin.allPages("/v1/counts?limit=2");
            assertEquals(List.of("count-1", "count-2", "count-3"), sessions.stream().map(c -> c.get("sessionId").asText()).toList());
            assertEquals(ok(admin.get("/v1/counts/count-1")), sessions.get(0), "a listed session reads as the single read");
            assertEquals(List.of("count-2"), admin.allPages("/v1/counts?location=DC").stream()
                .map(c -> c.get("sessionId").asText()).toList());
            admin.ok("/v1/counts/count-2/commit", "{}");
            assertEquals(List.of("count-1", "count-3"), admin.allPages("/v1/counts?limit=1").stream()
                .map(c -> c.get("sessionId").asText()).toList(), "a committed session is no longer open");
            assertEquals(403, app.get("/v1/counts").status(), "stock scope");

            // Bad input: 400 with a reason code.
            final String skuCursor = ok(admin.get("/v1/skus?limit=1")).get("nextCursor").asText();
            final String milkCursor = ok(admin.get("/v1/positions?sku=MILK-1L&limit=1")).get("nextCursor").asText();
            for (final String[] bad : new String[][] {
                {"/v1/locations?limit=0", "INVALID_LIMIT"}, {"/v1/counts?limit=-1", "INVALID_LIMIT"},
                {"/v1/counts?cursor=" + skuCursor, "INVALID_CURSOR"}, {"/v1/skus?limit=100000", "INVALID_LIMIT"},
                {"/v1/locations?cursor=" + skuCursor, "INVALID_CURSOR"}, {"/v1/channels?cursor=%21%21", "INVALID_CURSOR"},
                {"/v1/positions?sku=TEA&cursor=" + milkCursor, "INVALID_CURSOR"},
                {"/v1/locations?tier=moon", "INVALID_FIELD"}, {"/v1/positions", "MISSING_FIELD"},
                {"/v1/positions?sku=TEA&location=DC", "INVALID_FIELD"}, {"/v1/positions?location=DC&tier=store", "INVALID_FIELD"}})
            {
                final Client.Response r = admin.get(bad[0]);
                assertEquals(400, r.status(), bad[0] + " -> " + r.body());
                assertEquals(bad[1], r.code(), bad[0] + " -> " + r.body());
            }
            assertEquals(404, admin.get("/v1/positions?sku=NOPE").status());
        }
    }

    private static List<String> codes(final List<JsonNode> items)
    {
        return items.stream().map(i -> i.get("code").asText()).toList();
    }

    private static List<String> fields(final JsonNode node)
    {
        final List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode ok(final Client.Response r)
    {
        assertEquals(200, r.status(), r.body().toString());
        return r.body();
    }
}

package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21, reading what is there: orders listed from the journal-fed read model with cursors while
 * writes go on, filtered, closed orders readable with their history, a channel key's own orders
 * only, bad input refused, the same answers after a restart, and closed orders leaving after the
 * retention window.
 */
class OrderListingIT
{
    private static final int ORDERS = 60;

    @TempDir
    Path dir;

    @Test
    void listCloseReadAndRestart() throws Exception
    {
        final Path data = dir.resolve("data");
        final List<JsonNode> listedBefore;
        final List<JsonNode> closedBefore = new ArrayList<>();
        try (DaemonProcess daemon = new DaemonProcess(data).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            network(admin);
            final Client app = O2oDayIT.channelKey(admin, daemon, "app-key", "app");
            final Client flash = O2oDayIT.channelKey(admin, daemon, "flash-key", "flash");
            for (int id = 1; id <= ORDERS; id++)
            {
                app.ok("/v1/orders", order(id, 1, id % 2 == 0 ? "31.21" : "31.00", id % 2 == 0 ? "121.41" : "121.00"));
            }

            // Paging while orders are routed, confirmed and cancelled between the pages.
            final List<Long> seen = new ArrayList<>();
            String cursor = null;
            int page = 0;
            do
            {
                final JsonNode body = ok(admin.get("/v1/orders?channel=app&limit=7" + (cursor == null ? "" : "&cursor=" + cursor)));
                assertEquals(7, body.get("limit").asInt());
                body.get("items").forEach(o -> seen.add(o.get("orderId").asLong()));
                cursor = body.path("nextCursor").asText(null);
                page++;
                app.ok("/v1/orders", order(1000 + page, 1, "31.0", "121.0"));
                app.ok("/v1/orders/" + (page * 3) + "/cancel", "{}");
                app.ok("/v1/orders/" + (page * 3 + 1) + "/confirm", "{}");
            }
            while (cursor != null);
            assertEquals(seen.size(), new HashSet<>(seen).size(), "no order twice: " + seen);
            for (long id = 1; id <= ORDERS; id++)
            {
                assertTrue(seen.contains(id), "order " + id + " was skipped: " + seen);
            }
            for (int i = 1; i < seen.size(); i++)
            {
                assertTrue(seen.indexOf((long)i) < seen.indexOf((long)i + 1) || i >= ORDERS, "creation order: " + seen);
            }

            // Closed orders stay readable, with their history: fulfilled, cancelled, rejected, expired.
            app.ok("/v1/orders/2/confirm", "{}");
            final JsonNode open = ok(app.get("/v1/orders/2"));
            assertEquals("OK", open.get("reason").asText(), "the open order's answer keeps its shape: " + open);
            assertEquals("CONFIRMED", open.get("state").asText());
            assertEquals(List.of("ROUTE_ORDER", "CONFIRM_ORDER"), commands(open), open.toString());
            final String at = open.get("allocations").get(0).get("location").asText();
            app.ok("/v1/orders/2/fulfil", "{\"location\":\"" + at + "\"}");
            final JsonNode fulfilled = ok(app.get("/v1/orders/2"));
            assertEquals("FULFILLED", fulfilled.get("state").asText(), fulfilled.toString());
            assertEquals(List.of("ROUTE_ORDER", "CONFIRM_ORDER", "FULFIL_ORDER"), commands(fulfilled));
            assertEquals(List.of("HELD", "CONFIRMED", "FULFILLED"), states(fulfilled));
            assertEquals(at, fulfilled.at("/allocations/0/location").asText());
            assertEquals(1, fulfilled.at("/allocations/0/quantity").asLong());
            assertEquals(0, fulfilled.at("/allocations/0/held").asLong());
            assertTrue(fulfilled.get("candidates").size() >= 1, "the routing explanation: " + fulfilled);
            assertNotNull(Instant.parse(fulfilled.get("closedAt").asText()));

            final JsonNode cancelled = ok(app.get("/v1/orders/3"));
            assertEquals("CANCELLED", cancelled.get("state").asText(), cancelled.toString());
            assertEquals(List.of("ROUTE_ORDER", "CANCEL_ORDER"), commands(cancelled));

            final Client.Response refused = app.post("/v1/orders", order(500, 1_000_000, "31.0", "121.0"));
            assertEquals(409, refused.status(), refused.body().toString());
            final JsonNode rejected = ok(app.get("/v1/orders/500"));
            assertEquals("REJECTED", rejected.get("state").asText(), rejected.toString());
            assertEquals(refused.code(), rejected.at("/rejection/code").asText());

            flash.ok("/v1/orders", order(1, 1, "31.0", "121.0"));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            JsonNode expired = ok(flash.get("/v1/orders/1"));
            while (!expired.get("state").asText().equals("EXPIRED") && System.nanoTime() < deadline)
            {
                Thread.sleep(100);
                expired = ok(flash.get("/v1/orders/1"));
            }
            assertEquals(List.of("ROUTE_ORDER", "EXPIRE_HOLDS"), commands(expired), expired.toString());
            assertEquals(List.of("HELD", "EXPIRED"), states(expired));
            assertEquals(404, app.get("/v1/orders/99999").status(), "never an order");

            // Filters.
            for (final JsonNode o : all(admin, "state=cancelled"))
            {
                assertEquals("CANCELLED", o.get("state").asText());
            }
            assertTrue(all(admin, "state=cancelled").size() >= 2);
            assertEquals(List.of("FULFILLED", "REJECTED"), all(admin, "state=fulfilled,rejected").stream()
                .map(o -> o.get("state").asText()).toList(), "creation order: 2 before 500");
            final List<JsonNode> atSt1 = all(admin, "location=ST1");
            assertFalse(atSt1.isEmpty());
            for (final JsonNode o : atSt1)
            {
                assertTrue(o.get("allocations").findValuesAsText("location").contains("ST1"), o.toString());
            }
            assertEquals(List.of("flash"), all(admin, "channel=flash").stream().map(o -> o.get("channel").asText()).toList());
            // The model's own gauges: every order listed above is held, in a heap figure an operator can size by.
            final double engineSequence = PeriodicSnapshotIT.metric(admin, "omnistock_last_sequence");
            final int held = all(admin, "").size();
            assertEquals(held, PeriodicSnapshotIT.metric(admin, "omnistock_read_model_orders"));
            assertTrue(PeriodicSnapshotIT.metric(admin, "omnistock_read_model_order_bytes") > 0);
            assertTrue(PeriodicSnapshotIT.metric(admin, "omnistock_order_book_bytes") > 0, "the engine's books too");
            assertTrue(PeriodicSnapshotIT.metric(admin, "omnistock_read_models_applied_sequence") >= engineSequence,
                "a listing waits for the models to reach the engine");
            final String created = fulfilled.get("createdAt").asText();
            final List<JsonNode> since = all(admin, "from=" + enc(created));
            assertTrue(since.stream().allMatch(o -> Instant.parse(o.get("createdAt").asText()).compareTo(Instant.parse(created)) >= 0));
            assertTrue(all(admin, "to=" + enc(created)).stream().allMatch(o ->
                Instant.parse(o.get("createdAt").asText()).isBefore(Instant.parse(created))));

            // A channel key sees its own channel's orders only.
            assertTrue(all(app, "").stream().allMatch(o -> o.get("channel").asText().equals("app")));
            assertEquals(List.of(1L), all(flash, "").stream().map(o -> o.get("orderId").asLong()).toList());
            assertEquals(403, app.get("/v1/orders?channel=flash").status());
            assertEquals("EXPIRED", ok(flash.get("/v1/orders/1")).get("state").asText(), "flash's own order 1");
            assertEquals("app", ok(app.get("/v1/orders/1")).get("channel").asText(), "app's own order 1");

            // Bad input: 400 with a reason, and nothing changed.
            final List<JsonNode> listed = all(admin, "");
            final String cursorOfCancelled = ok(admin.get("/v1/orders?state=cancelled&limit=1")).get("nextCursor").asText();
            for (final String[] bad : new String[][] {
                {"limit=0", "INVALID_LIMIT"}, {"limit=501", "INVALID_LIMIT"}, {"limit=ten", "INVALID_LIMIT"},
                {"cursor=not-a-cursor", "INVALID_CURSOR"}, {"cursor=" + cursorOfCancelled, "INVALID_CURSOR"},
                {"cursor=" + cursorOfCancelled.substring(0, cursorOfCancelled.length() - 2), "INVALID_CURSOR"},
                {"state=lost", "INVALID_FIELD"}, {"from=yesterday", "INVALID_FIELD"},
                {"from=2030-01-01T00:00:00Z&to=2020-01-01T00:00:00Z", "INVALID_FIELD"}})
            {
                final Client.Response r = admin.get("/v1/orders?" + bad[0]);
                assertEquals(400, r.status(), bad[0] + " -> " + r.body());
                assertEquals(bad[1], r.code(), bad[0] + " -> " + r.body());
            }
            assertEquals(listed, all(admin, ""));
            listedBefore = listed;
            for (final String path : new String[] {"/v1/orders/2?channel=app", "/v1/orders/3?channel=app",
                "/v1/orders/500?channel=app", "/v1/orders/1?channel=flash"})
            {
                closedBefore.add(ok(admin.get(path)));
            }
            assertEquals(143, daemon.terminate(), "SIGTERM is a clean stop");
        }

        // A restart rebuilds the model from the journal: the same answers.
        try (DaemonProcess daemon = new DaemonProcess(data).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            assertEquals(listedBefore, all(admin, ""));
            int i = 0;
            for (final String path : new String[] {"/v1/orders/2?channel=app", "/v1/orders/3?channel=app",
                "/v1/orders/500?channel=app", "/v1/orders/1?channel=flash"})
            {
                assertEquals(closedBefore.get(i++), ok(admin.get(path)), path);
            }
        }
    }

    @Test
    void closedOrdersLeaveAfterTheRetentionWindow() throws Exception
    {
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("short"),
            Map.of("OMNISTOCK_ORDERS_HISTORY_RETENTION_SECONDS", "1")).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            network(admin);
            admin.ok("/v1/orders", order(1, 1, "31.0", "121.0").replaceFirst("\\{", "{\"channel\":\"app\","));
            admin.ok("/v1/orders", order(2, 1, "31.0", "121.0").replaceFirst("\\{", "{\"channel\":\"app\","));
            admin.ok("/v1/orders/1/cancel?channel=app", "{}");
            assertEquals("CANCELLED", ok(admin.get("/v1/orders/1?channel=app")).get("state").asText());
            Thread.sleep(1_500);
            assertEquals("CANCELLED", ok(admin.get("/v1/orders/1?channel=app")).get("state").asText(),
                "journal time, not the wall clock: no command since");
            admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"DC\",\"sku\":\"MILK-1L\",\"quantity\":1}");
            final Client.Response gone = admin.get("/v1/orders/1?channel=app");
            assertEquals(404, gone.status(), gone.body().toString());
            assertEquals("UNKNOWN_ORDER", gone.code());
            assertEquals(List.of(2L), all(admin, "").stream().map(o -> o.get("orderId").asLong()).toList(),
                "the open order stays");
        }
    }

    private static void network(final Client admin) throws Exception
    {
        admin.ok("/v1/channels", "{\"code\":\"app\",\"holdTtlSeconds\":900}");
        admin.ok("/v1/channels", "{\"code\":\"flash\",\"holdTtlSeconds\":1}");
        admin.ok("/v1/locations", "{\"code\":\"DC\",\"tier\":\"warehouse\",\"lat\":31.00,\"lon\":121.00}");
        admin.ok("/v1/locations", "{\"code\":\"ST1\",\"tier\":\"store\",\"lat\":31.21,\"lon\":121.41}");
        admin.ok("/v1/skus", "{\"code\":\"MILK-1L\",\"unit\":\"piece\"}");
        admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"DC\",\"sku\":\"MILK-1L\",\"quantity\":1000}");
        admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"ST1\",\"sku\":\"MILK-1L\",\"quantity\":1000}");
    }

    private static String order(final long id, final long quantity, final String lat, final String lon)
    {
        return "{\"orderId\":" + id + ",\"type\":\"regular\",\"lat\":" + lat + ",\"lon\":" + lon +
            ",\"lines\":[{\"sku\":\"MILK-1L\",\"quantity\":" + quantity + "}]}";
    }

    /** @return every order the listing gives with {@code query}, in small pages. */
    private static List<JsonNode> all(final Client client, final String query) throws Exception
    {
        return client.allPages("/v1/orders?limit=25" + (query.isEmpty() ? "" : "&" + query));
    }

    private static List<String> commands(final JsonNode order)
    {
        return order.get("history").findValuesAsText("command");
    }

    private static List<String> states(final JsonNode order)
    {
        final List<String> states = new ArrayList<>();
        order.get("history").forEach(s -> states.add(s.get("state").asText()));
        return states;
    }

    private static String enc(final String text)
    {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static JsonNode ok(final Client.Response r)
    {
        assertEquals(200, r.status(), r.body().toString());
        return r.body();
    }
}

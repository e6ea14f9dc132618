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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who sees what (docs/daemon.md, "What a channel key sees"), as one matrix against the real daemon:
 * key kind (admin; an operator key bound to no channel with every scope but admin; a marketplace
 * key bound to channel {@code mall}; a key lacking the endpoint's scope) x every read endpoint x
 * the fields each may and may not see. Every cell asserts what that key gets.
 *
 * <p>The network: stores S1 and S2 and warehouse W1, 10 TEA each; S2 does not serve {@code mall};
 * {@code mall} may hold at most 5 TEA (a quota). Each channel has order 1 and reservation 5 (the same
 * numbers, different orders), there is an open transfer and an open count session.
 */
class VisibilityMatrixIT
{
    @TempDir
    Path dir;

    /** The key kinds of the matrix. */
    enum Kind
    {
        ADMIN, OPERATOR, CHANNEL, LACKING
    }

    /** What one key kind must get from one endpoint. */
    @FunctionalInterface
    interface Cell
    {
        void check(Client.Response r) throws Exception;
    }

    /** One endpoint: its path and every key kind's cell. */
    record Row(String path, Map<Kind, Cell> cells)
    {
    }

    private static final Set<String> CHANNEL_POSITION = Set.of("location", "sku", "available");
    private static final Set<String> BOOKS = Set.of("location", "sku", "onHand", "reserved", "inTransit", "safetyStock",
        "available");

    @Test
    void eachKeyKindSeesWhatThePolicySaysOnEveryReadEndpoint() throws Exception
    {
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data")).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey()).checkingContract();
            admin.ok("/v1/channels", "{\"code\":\"mall\",\"holdTtlSeconds\":600}");
            admin.ok("/v1/channels", "{\"code\":\"market\",\"holdTtlSeconds\":600}");
            admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
            admin.ok("/v1/locations", "{\"code\":\"S2\",\"tier\":\"store\",\"lat\":31.21,\"lon\":121.41}");
            admin.ok("/v1/locations", "{\"code\":\"W1\",\"tier\":\"warehouse\",\"lat\":31.3,\"lon\":121.5}");
            admin.ok("/v1/skus", "{\"code\":\"TEA\"}");
            for (final String location : List.of("S1", "S2", "W1"))
            {
                admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"" + location +
                    "\",\"sku\":\"TEA\",\"quantity\":10}");
            }
            admin.ok("/v1/channels/mall/eligibility", "{\"location\":\"S2\",\"eligible\":false}");
            admin.ok("/v1/channels/mall/quotas", "{\"sku\":\"TEA\",\"maxUnits\":5}");

            final Map<Kind, Client> keys = new EnumMap<>(Kind.class);
            keys.put(Kind.ADMIN, admin);
            keys.put(Kind.OPERATOR, key(admin, daemon, "{\"name\":\"operator\",\"scopes\":[\"orders\",\"availability\"," +
                "\"stock\",\"events\",\"replenishment\"]}"));
            keys.put(Kind.CHANNEL, key(admin, daemon, "{\"name\":\"mall-key\",\"channel\":\"mall\",\"scopes\":" +
                "[\"orders\",\"availability\",\"events\"]}"));
            keys.put(Kind.LACKING, key(admin, daemon, "{\"name\":\"planner\",\"scopes\":[\"replenishment\"]}"));
            final Client mall = keys.get(Kind.CHANNEL);

            final String order = "\"orderId\":1,\"type\":\"regular\",\"lat\":31.2,\"lon\":121.4," +
                "\"lines\":[{\"sku\":\"TEA\",\"quantity\":1}]}";
            assertEquals(201, mall.post("/v1/orders", "{" + order).status());
            assertEquals(201, admin.post("/v1/orders", "{\"channel\":\"market\"," + order).status());
            final Client.Response mallReservation = mall.post("/v1/reservations",
                "{\"reservationId\":5,\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":1}");
            assertEquals(201, mallReservation.status(), mallReservation.body().toString());
            assertEquals(CHANNEL_POSITION, fields(mallReservation.body().get("position")),
                "a channel key's own write answers show what may be promised, not the books");
            final Client.Response marketReservation = admin.post("/v1/reservations",
                "{\"reservationId\":5,\"channel\":\"market\",\"location\":\"W1\",\"sku\":\"TEA\",\"quantity\":1}");
            assertEquals(BOOKS, fields(marketReservation.body().get("position")));
            admin.ok("/v1/transfers", "{\"transferId\":77,\"from\":\"W1\",\"to\":\"S1\",\"sku\":\"TEA\",\"quantity\":1}");
            admin.ok("/v1/counts", "{\"sessionId\":\"c1\",\"location\":\"S1\"}");
            // The last write: every stream reader below reads up to it.
            admin.ok("/v1/skus", "{\"code\":\"MARKER\"}");

            final Cell forbidden = r -> assertStatus(403, r, "FORBIDDEN");
            final List<Row> rows = new ArrayList<>();
            // The catalogue: every key that may read availability sees all of it (it sells from it).
            final Cell allLocations = r -> assertEquals(List.of("S1", "S2", "W1"), codes(ok(r).get("items")));
            rows.add(row("/v1/locations", allLocations, allLocations, allLocations, forbidden));
            final Cell s2 = r -> assertEquals("store", ok(r).get("tier").asText());
            rows.add(row("/v1/locations/S2", s2, s2, s2, forbidden));
            final Cell allSkus = r -> assertEquals(List.of("TEA", "MARKER"), codes(ok(r).get("items")));
            rows.add(row("/v1/skus", allSkus, allSkus, allSkus, forbidden));
            final Cell tea = r -> assertEquals("piece", ok(r).get("unit").asText());
            rows.add(row("/v1/skus/TEA", tea, tea, tea, forbidden));

            // Channels: a channel key its own only, quotas included.
            final Cell bothChannels = r ->
            {
                final JsonNode items = ok(r).get("items");
                assertEquals(List.of("mall", "market"), codes(items));
                assertMallQuota(items.get(0));
                assertEquals(0, items.get(1).get("quotas").size(), "market has no quota");
            };
            rows.add(row("/v1/channels", bothChannels, bothChannels, r ->
            {
                final JsonNode items = ok(r).get("items");
                assertEquals(List.of("mall"), codes(items), "its own channel only");
                assertMallQuota(items.get(0));
            }, forbidden));
            final Cell mallChannel = r ->
            {
                assertMallQuota(ok(r));
                assertEquals(List.of("S2"), texts(r.body().get("ineligibleLocations")));
            };
            rows.add(row("/v1/channels/mall", mallChannel, mallChannel, mallChannel, forbidden));
            final Cell marketChannel = r ->
            {
                assertEquals(0, ok(r).get("quotas").size());
                assertEquals(List.of(), texts(r.body().get("ineligibleLocations")));
            };
            rows.add(row("/v1/channels/market", marketChannel, marketChannel, forbidden, forbidden));

            // Positions: the network's books for keys bound to no channel; for a channel, only where it
            // may be served and only what it may be promised.
            final Cell booksOfAll = r -> assertPositions(ok(r), List.of("S1", "S2", "W1"), BOOKS);
            rows.add(row("/v1/positions?sku=TEA", booksOfAll, booksOfAll,
                r -> assertPositions(ok(r), List.of("S1", "W1"), CHANNEL_POSITION), forbidden));
            final Cell booksOfStores = r -> assertPositions(ok(r), List.of("S1", "S2"), BOOKS);
            rows.add(row("/v1/positions?tier=store", booksOfStores, booksOfStores,
                r -> assertPositions(ok(r), List.of("S1"), CHANNEL_POSITION), forbidden));
            final Cell s1Books = r ->
            {
                assertPositions(ok(r), List.of("S1"), BOOKS);
                assertEquals(10, r.body().at("/items/0/onHand").asLong());
            };
            rows.add(row("/v1/positions?location=S1", s1Books, s1Books,
                r -> assertPositions(ok(r), List.of("S1"), CHANNEL_POSITION), forbidden));
            final Cell s2Books = r -> assertPositions(ok(r), List.of("S2"), BOOKS);
            rows.add(row("/v1/positions?location=S2", s2Books, s2Books,
                r -> assertPositions(ok(r), List.of(), CHANNEL_POSITION), forbidden));
            final Cell s1Position = r ->
            {
                final JsonNode position = ok(r).get("position");
                assertEquals(BOOKS, fields(position));
                assertEquals(3, position.get("reserved").asLong(), "both orders and mall's reservation: " + position);
            };
            rows.add(row("/v1/positions/S1/TEA", s1Position, s1Position, r ->
            {
                final JsonNode position = ok(r).get("position");
                assertEquals(CHANNEL_POSITION, fields(position), "no on hand, reserved, in transit, safety stock");
                assertEquals(7, position.get("available").asLong());
            }, forbidden));
            final Cell s2Position = r -> assertEquals(10, ok(r).at("/position/onHand").asLong());
            rows.add(row("/v1/positions/S2/TEA", s2Position, s2Position, forbidden, forbidden));
            final Cell network = r -> assertTrue(ok(r).has("tiers"), r.body().toString());
            rows.add(row("/v1/availability/TEA", network, network, r ->
            {
                assertFalse(ok(r).has("tiers"), "a channel sees its quota-capped figure, not the network's tiers");
                assertEquals(4, r.body().get("network").asLong(), "mall's quota of 5 less the 1 its order holds");
            }, forbidden));

            // Orders: a channel key its own channel's only; order 1 is a different order per channel.
            final Cell bothOrders = r -> assertEquals(List.of("mall", "market"), channels(ok(r).get("items")));
            rows.add(row("/v1/orders", bothOrders, bothOrders,
                r -> assertEquals(List.of("mall"), channels(ok(r).get("items"))), forbidden));
            final Cell marketOrders = r -> assertEquals(List.of("market"), channels(ok(r).get("items")));
            rows.add(row("/v1/orders?channel=market", marketOrders, marketOrders, forbidden, forbidden));
            final Cell marketOrder = r -> assertEquals("market", ok(r).get("channel").asText());
            rows.add(row("/v1/orders/1?channel=market", marketOrder, marketOrder, forbidden, forbidden));
            final Cell nameTheChannel = r -> assertStatus(400, r, "MISSING_FIELD");
            rows.add(row("/v1/orders/1", nameTheChannel, nameTheChannel,
                r -> assertEquals("mall", ok(r).get("channel").asText()), forbidden));

            // Reservations, as orders: numbers per channel, a channel key reads its own only, and no books.
            final Cell marketReservationRead = r ->
            {
                assertEquals("market", ok(r).get("channel").asText());
                assertEquals("W1", r.body().get("location").asText());
                assertFalse(r.body().has("onHand"), r.body().toString());
            };
            rows.add(row("/v1/reservations/5?channel=market", marketReservationRead, marketReservationRead, forbidden,
                forbidden));
            rows.add(row("/v1/reservations/5", nameTheChannel, nameTheChannel,
                r -> assertEquals("S1", ok(r).get("location").asText()), forbidden));

            // The network's logistics: for keys bound to no channel with the stock scope.
            final Cell transfers = r -> assertEquals(77, ok(r).at("/items/0/transferId").asLong());
            rows.add(row("/v1/transfers", transfers, transfers, forbidden, forbidden));
            final Cell transfer = r -> assertEquals("W1", ok(r).get("from").asText());
            rows.add(row("/v1/transfers/77", transfer, transfer, forbidden, forbidden));
            final Cell counts = r -> assertEquals("c1", ok(r).at("/items/0/sessionId").asText());
            rows.add(row("/v1/counts", counts, counts, forbidden, forbidden));
            final Cell count = r -> assertEquals("S1", ok(r).get("location").asText());
            rows.add(row("/v1/counts/c1", count, count, forbidden, forbidden));

            // Policies: routing for admins; the replenishment board for its scope, never a channel's.
            rows.add(row("/v1/routing/policy", r -> assertTrue(ok(r).has("version")), forbidden, forbidden, forbidden));
            final Cell board = r -> assertEquals(200, r.status(), r.body().toString());
            rows.add(row("/v1/replenishment", board, board, forbidden, board));

            for (final Row row : rows)
            {
                for (final Kind kind : Kind.values())
                {
                    final Client.Response r = keys.get(kind).get(row.path());
                    try
                    {
                        row.cells().get(kind).check(r);
                    }
                    catch (final AssertionError e)
                    {
                        throw new AssertionError(kind + " GET " + row.path() + " -> " + r.status() + " " + r.body() +
                            ": " + e.getMessage(), e);
                    }
                }
            }

            // Reservations have no read: a refused release (more than held) tells whose number 5 is.
            for (final Kind kind : List.of(Kind.ADMIN, Kind.OPERATOR))
            {
                assertStatus(409, keys.get(kind).post("/v1/reservations/5/release?channel=market", "{\"quantity\":9}"),
                    "RELEASE_EXCEEDS_HELD");
            }
            assertStatus(409, mall.post("/v1/reservations/5/release", "{\"quantity\":9}"), "RELEASE_EXCEEDS_HELD");
            assertStatus(403, mall.post("/v1/reservations/5/release?channel=market", "{\"quantity\":9}"), "FORBIDDEN");
            assertStatus(403, keys.get(Kind.LACKING).post("/v1/reservations/5/release?channel=market",
                "{\"quantity\":9}"), "FORBIDDEN");

            // Event streams: the network's whole output for keys bound to no channel; for a channel its
            // own orders and reservations and the catalogue, nothing of the network's books or of another
            // channel's holds.
            for (final Kind kind : List.of(Kind.ADMIN, Kind.OPERATOR))
            {
                final List<JsonNode> events = eventsUpToMarker(keys.get(kind));
                final Set<String> kinds = kinds(events);
                assertTrue(kinds.containsAll(Set.of("STOCK_CHANGED", "ORDER_CHANGED", "RESERVATION_CHANGED",
                    "TRANSFER_CHANGED", "CHANNEL_DEFINED")), kind + ": " + kinds);
                assertTrue(events.stream().anyMatch(e -> "market".equals(e.path("channel").asText())),
                    kind + " sees every channel's holds");
            }
            final List<JsonNode> mallEvents = eventsUpToMarker(mall);
            assertEquals(Set.of("LOCATION_DEFINED", "SKU_DEFINED", "ORDER_CHANGED", "ALLOCATION_CHANGED",
                "RESERVATION_CHANGED"), kinds(mallEvents), "the channel's own activity and the catalogue only");
            for (final JsonNode e : mallEvents)
            {
                assertFalse(e.has("onHand") || e.has("reserved"), "no network books: " + e);
                if (e.has("channel"))
                {
                    assertEquals("mall", e.get("channel").asText(), "no other channel's holds: " + e);
                }
            }
            assertTrue(mallEvents.stream().anyMatch(e -> "ORDER_CHANGED".equals(e.get("kind").asText())),
                "its own order is there");
            assertStreamRefused(keys.get(Kind.LACKING), "/v1/events");
            // A store's levels feed shows on hand: not for a channel key (its feed is the availability feed).
            assertStreamRefused(mall, "/v1/stores/S1/levels");
            assertStreamRefused(keys.get(Kind.LACKING), "/v1/stores/S1/levels");
            assertStreamOpens(admin, "/v1/stores/S1/levels");
            assertStreamOpens(mall, "/v1/availability-feed?skus=TEA");

            // A channel key cannot be given the network's scopes.
            assertStatus(400, admin.post("/v1/admin/keys", "{\"name\":\"mall-stock\",\"channel\":\"mall\",\"scopes\":" +
                "[\"orders\",\"stock\"]}"), "INVALID_FIELD");
        }
    }

    private static Row row(final String path, final Cell admin, final Cell operator, final Cell channel, final Cell lacking)
    {
        final Map<Kind, Cell> cells = new EnumMap<>(Kind.class);
        cells.put(Kind.ADMIN, admin);
        cells.put(Kind.OPERATOR, operator);
        cells.put(Kind.CHANNEL, channel);
        cells.put(Kind.LACKING, lacking);
        return new Row(path, cells);
    }

    private static Client key(final Client admin, final DaemonProcess daemon, final String body) throws Exception
    {
        return new Client(daemon, admin.ok("/v1/admin/keys", body).get("key").asText()).checkingContract();
    }

    private static JsonNode ok(final Client.Response r)
    {
        assertEquals(200, r.status(), r.body().toString());
        return r.body();
    }

    private static void assertStatus(final int status, final Client.Response r, final String code)
    {
        assertEquals(status, r.status(), r.body().toString());
        assertEquals(code, r.code(), r.body().toString());
    }

    private static void assertMallQuota(final JsonNode channel)
    {
        assertEquals("mall", channel.get("code").asText());
        final JsonNode quotas = channel.get("quotas");
        assertEquals(1, quotas.size(), channel.toString());
        assertEquals("TEA", quotas.get(0).get("sku").asText());
        assertEquals(5, quotas.get(0).get("maxUnits").asLong());
        assertFalse(quotas.get(0).has("maxPercent"), "no percent limit set");
        assertEquals(1, quotas.get(0).get("held").asLong(), "mall's order holds 1: " + quotas);
    }

    private static void assertPositions(final JsonNode page, final List<String> locations, final Set<String> fields)
    {
        final List<String> seen = new ArrayList<>();
        for (final JsonNode item : page.get("items"))
        {
            seen.add(item.get("location").asText());
            assertEquals(fields, fields(item), item.toString());
        }
        assertEquals(locations, seen, page.toString());
    }

    private static Set<String> fields(final JsonNode object)
    {
        final Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return Set.copyOf(names);
    }

    private static List<String> codes(final JsonNode items)
    {
        return StreamSupport.stream(items.spliterator(), false).map(i -> i.get("code").asText()).toList();
    }

    private static List<String> channels(final JsonNode items)
    {
        return StreamSupport.stream(items.spliterator(), false).map(i -> i.get("channel").asText()).toList();
    }

    private static List<String> texts(final JsonNode array)
    {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static Set<String> kinds(final List<JsonNode> events)
    {
        final Set<String> kinds = new TreeSet<>();
        events.forEach(e -> kinds.add(e.get("kind").asText()));
        return Set.copyOf(kinds);
    }

    /** The stream from the journal's start up to the MARKER SKU's definition (the last write). */
    private static List<JsonNode> eventsUpToMarker(final Client client) throws Exception
    {
        return CompletableFuture.supplyAsync(() ->
        {
            try
            {
                final HttpResponse<InputStream> response = client.http().send(client.base("/v1/events?from=0").GET()
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, response.statusCode());
                final List<JsonNode> events = new ArrayList<>();
                try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8)))
                {
                    for (String line; (line = in.readLine()) != null; )
                    {
                        if (line.startsWith("data: "))
                        {
                            final JsonNode event = Client.JSON.readTree(line.substring(6));
                            events.add(event);
                            if ("SKU_DEFINED".equals(event.path("kind").asText()) && line.contains("\"MARKER\""))
                            {
                                return events;
                            }
                        }
                    }
                }
                throw new AssertionError("the stream ended before the marker: " + events);
            }
            catch (final Exception e)
            {
                throw new IllegalStateException(e);
            }
        }).get(20, TimeUnit.SECONDS);
    }

    private static void assertStreamRefused(final Client client, final String path) throws Exception
    {
        final HttpResponse<InputStream> r = client.http().send(client.base(path).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = r.body())
        {
            assertEquals(403, r.statusCode(), path);
            assertEquals("FORBIDDEN", Client.JSON.readTree(body).at("/error/code").asText(), path);
        }
    }

    private static void assertStreamOpens(final Client client, final String path) throws Exception
    {
        final HttpResponse<InputStream> r = client.http().send(client.base(path).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = r.body())
        {
            assertEquals(200, r.statusCode(), path);
            assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElse("").split(";")[0], path);
        }
    }
}

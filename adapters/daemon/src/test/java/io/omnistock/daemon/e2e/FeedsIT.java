package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The availability feed publishes band crossings and big moves only; the store feed every changed level. */
class FeedsIT
{
    @TempDir
    Path dir;

    @Test
    void coalescedAvailabilityAndStoreLevels() throws Exception
    {
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data"), Map.of("OMNISTOCK_FEEDS_INTERVAL_MS", "50")).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            admin.ok("/v1/channels", "{\"code\":\"market\",\"holdTtlSeconds\":600}");
            admin.ok("/v1/locations", "{\"code\":\"ST1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
            admin.ok("/v1/skus", "{\"code\":\"TEA\"}");
            admin.ok("/v1/skus", "{\"code\":\"RICE\"}");
            admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"ST1\",\"sku\":\"TEA\",\"quantity\":100}");
            final Client market = O2oDayIT.channelKey(admin, daemon, "market-key", "market");

            final CompletableFuture<List<EventStreamIT.Sse>> availability = CompletableFuture.supplyAsync(() ->
                read(market, "/v1/availability-feed?skus=TEA", 4));
            final CompletableFuture<List<String>> levels = CompletableFuture.supplyAsync(() ->
                readUntil(admin, "/v1/stores/ST1/levels?skus=TEA", "\"onHand\":0,"));
            Thread.sleep(1_000);
            for (final int sold : new int[] {1, 2, 90, 3, 4})
            {
                admin.ok("/v1/movements", "{\"type\":\"sale\",\"location\":\"ST1\",\"sku\":\"TEA\",\"quantity\":" + sold + "}");
                Thread.sleep(300);
            }
            admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"ST1\",\"sku\":\"RICE\",\"quantity\":3}");

            final List<String> published = availability.get(30, TimeUnit.SECONDS).stream().map(EventStreamIT.Sse::data).toList();
            // The starting figure comes first: 100, or 99 or 97 if the first sales landed before it was read.
            final JsonNode first = Client.JSON.readTree(published.get(0));
            assertTrue(first.get("available").asLong() >= 97 && "IN_STOCK".equals(first.get("status").asText()),
                published.toString());
            assertEquals(List.of(
                "{\"sku\":\"TEA\",\"channel\":\"market\",\"available\":7,\"status\":\"IN_STOCK\"}",
                "{\"sku\":\"TEA\",\"channel\":\"market\",\"available\":4,\"status\":\"LOW\"}",
                "{\"sku\":\"TEA\",\"channel\":\"market\",\"available\":0,\"status\":\"OUT_OF_STOCK\"}"),
                published.subList(1, 4), "97 and 99 are within 10% of the figure before and in its band: not published");
            final List<String> store = levels.get(30, TimeUnit.SECONDS);
            // Each sale's level, coalesced per interval; the receipt before subscribing may lead if it was read late.
            assertEquals(List.of("{\"location\":\"ST1\",\"sku\":\"TEA\",\"onHand\":7,\"available\":7}",
                "{\"location\":\"ST1\",\"sku\":\"TEA\",\"onHand\":4,\"available\":4}",
                "{\"location\":\"ST1\",\"sku\":\"TEA\",\"onHand\":0,\"available\":0}"),
                store.subList(store.size() - 3, store.size()), store.toString());
            assertTrue(store.size() >= 5 && store.size() <= 6, "99 and 97 too, one level per change: " + store);
        }
    }

    /**
     * With nobody subscribed the feeds read no journal at all; a subscriber then gets every change
     * made once its stream has answered, the first sale straight after included, and none from before.
     */
    @Test
    void aFeedWithNobodySubscribedReadsNothingThenMissesNoChangeAfterASubscription() throws Exception
    {
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("quiet"), Map.of("OMNISTOCK_FEEDS_INTERVAL_MS", "50")).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            admin.ok("/v1/locations", "{\"code\":\"ST1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
            admin.ok("/v1/skus", "{\"code\":\"TEA\"}");
            admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"ST1\",\"sku\":\"TEA\",\"quantity\":100}");
            for (int i = 0; i < 20; i++)
            {
                admin.ok("/v1/movements", "{\"type\":\"sale\",\"location\":\"ST1\",\"sku\":\"TEA\",\"quantity\":1}");
            }
            // send() returns once the stream has answered (its first bytes): the subscription is live.
            final var response = admin.http().send(admin.base("/v1/stores/ST1/levels?skus=TEA").GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, response.statusCode());
            admin.ok("/v1/movements", "{\"type\":\"sale\",\"location\":\"ST1\",\"sku\":\"TEA\",\"quantity\":5}");
            final var lines = response.body().iterator();
            String first = null;
            while (first == null && lines.hasNext())
            {
                final String line = lines.next();
                first = line.startsWith("data: ") ? line.substring(6) : null;
            }
            assertEquals("{\"location\":\"ST1\",\"sku\":\"TEA\",\"onHand\":75,\"available\":75}", first,
                "the sale made after the stream answered, and nothing from before it");
            response.body().close();
        }
    }

    /** Reads a stream's data lines up to and including the first that contains {@code last}. */
    private static List<String> readUntil(final Client client, final String path, final String last)
    {
        try
        {
            final var response = client.http().send(client.base(path).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines());
            final List<String> data = new java.util.ArrayList<>();
            final var lines = response.body().iterator();
            while (lines.hasNext())
            {
                final String line = lines.next();
                if (line.startsWith("data: "))
                {
                    data.add(line.substring(6));
                    if (line.contains(last))
                    {
                        return data;
                    }
                }
            }
            return data;
        }
        catch (final Exception e)
        {
            throw new IllegalStateException(e);
        }
    }

    private static List<EventStreamIT.Sse> read(final Client client, final String path, final int count)
    {
        try
        {
            return EventStreamIT.read(client, path, null, count);
        }
        catch (final Exception e)
        {
            throw new IllegalStateException(e);
        }
    }
}

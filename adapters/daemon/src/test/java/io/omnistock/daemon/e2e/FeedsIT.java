package io.omnistock.daemon.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
            final CompletableFuture<List<EventStreamIT.Sse>> levels = CompletableFuture.supplyAsync(() ->
                read(admin, "/v1/stores/ST1/levels", 5));
            Thread.sleep(1_000);
            for (final int sold : new int[] {1, 2, 90, 3, 4})
            {
                admin.ok("/v1/movements", "{\"type\":\"sale\",\"location\":\"ST1\",\"sku\":\"TEA\",\"quantity\":" + sold + "}");
                Thread.sleep(300);
            }
            admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"ST1\",\"sku\":\"RICE\",\"quantity\":3}");

            final List<String> published = availability.get(30, TimeUnit.SECONDS).stream().map(EventStreamIT.Sse::data).toList();
            assertEquals(List.of(
                "{\"sku\":\"TEA\",\"channel\":\"market\",\"available\":99,\"status\":\"IN_STOCK\"}",
                "{\"sku\":\"TEA\",\"channel\":\"market\",\"available\":7,\"status\":\"IN_STOCK\"}",
                "{\"sku\":\"TEA\",\"channel\":\"market\",\"available\":4,\"status\":\"LOW\"}",
                "{\"sku\":\"TEA\",\"channel\":\"market\",\"available\":0,\"status\":\"OUT_OF_STOCK\"}"), published,
                "97 is within 10% of 99 and in the same band: not published");
            final List<String> store = levels.get(30, TimeUnit.SECONDS).stream().map(EventStreamIT.Sse::data).toList();
            assertEquals("{\"location\":\"ST1\",\"sku\":\"TEA\",\"onHand\":99,\"available\":99}", store.get(0));
            assertEquals("{\"location\":\"ST1\",\"sku\":\"TEA\",\"onHand\":0,\"available\":0}", store.get(4));
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

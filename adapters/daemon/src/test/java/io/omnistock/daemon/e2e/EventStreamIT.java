package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event stream filters, and resumes from the last event id, across a daemon restart too; idle
 * streams cost little.
 */
class EventStreamIT
{
    /** A sequence stream readers note the journal position of as they pass (every 4096th). */
    private static final long SAMPLED = 4096;
    private static final String RECEIVE = "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":1}";

    @TempDir
    Path dir;

    /** An SSE event as received. */
    record Sse(String id, String kind, String data)
    {
    }

    static List<Sse> read(final Client client, final String path, final String lastEventId, final int count)
        throws Exception
    {
        final var request = client.base(path);
        if (lastEventId != null)
        {
            request.header("Last-Event-ID", lastEventId);
        }
        final HttpResponse<InputStream> response = client.http().send(request.GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        final List<Sse> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8)))
        {
            String id = null;
            String kind = null;
            for (String line; events.size() < count && (line = in.readLine()) != null; )
            {
                if (line.startsWith("id: "))
                {
                    id = line.substring(4);
                }
                else if (line.startsWith("event: "))
                {
                    kind = line.substring(7);
                }
                else if (line.startsWith("data: "))
                {
                    events.add(new Sse(id, kind, line.substring(6)));
                }
            }
        }
        return events;
    }

    @Test
    void resumesFromTheLastEventIdAcrossARestart() throws Exception
    {
        final Path data = dir.resolve("data");
        final String lastSeen;
        try (DaemonProcess daemon = new DaemonProcess(data).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
            admin.ok("/v1/locations", "{\"code\":\"S2\",\"tier\":\"store\",\"lat\":31.3,\"lon\":121.4}");
            admin.ok("/v1/skus", "{\"code\":\"TEA\"}");
            for (int i = 1; i <= 5; i++)
            {
                admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"S" + (1 + i % 2) +
                    "\",\"sku\":\"TEA\",\"quantity\":" + i + "}");
            }
            final List<Sse> s1 = read(admin, "/v1/events?from=0&location=S1&kinds=stock_changed", null, 2);
            assertEquals(List.of("STOCK_CHANGED", "STOCK_CHANGED"), s1.stream().map(Sse::kind).toList());
            assertTrue(s1.get(0).data().contains("\"location\":\"S1\"") && s1.get(0).data().contains("\"onHand\":2"),
                s1.get(0).data());
            lastSeen = s1.get(0).id();
            daemon.terminate();
        }
        try (DaemonProcess again = new DaemonProcess(data).start())
        {
            final Client admin = new Client(again, again.adminKey());
            admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":100}");
            final List<Sse> resumed = read(admin, "/v1/events?location=S1&kinds=stock_changed", lastSeen, 2);
            assertTrue(resumed.get(0).data().contains("\"onHand\":6"), resumed.get(0).data());
            assertTrue(resumed.get(1).data().contains("\"onHand\":106"), resumed.get(1).data());
        }
    }

    @Test
    void resumesInsideACommandAtASampledSequence() throws Exception
    {
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data")).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            admin.ok("/v1/channels", "{\"code\":\"app\",\"holdTtlSeconds\":600}");
            admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
            admin.ok("/v1/skus", "{\"code\":\"TEA\"}");
            // Up to just before the sampled sequence, one command a line, so that the order lands on it.
            final StringBuilder load = new StringBuilder("location,sku,quantity\n");
            for (long s = admin.ok("/v1/movements", RECEIVE).get("sequence").asLong() + 1; s < SAMPLED; s++)
            {
                load.append("S1,TEA,1\n");
            }
            final Client.Response loaded = admin.send(admin.base("/v1/stock/load?mode=receive")
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(load.toString())).build());
            assertEquals(200, loaded.status(), loaded.raw().body());
            final JsonNode order = admin.ok("/v1/orders", "{\"orderId\":1,\"channel\":\"app\",\"type\":\"regular\"," +
                "\"lat\":31.2,\"lon\":121.4,\"lines\":[{\"sku\":\"TEA\",\"quantity\":1}]}");
            assertEquals(SAMPLED, order.get("sequence").asLong(), order.toString());
            admin.ok("/v1/movements", RECEIVE);

            // The first reader finds no sample and reads from the start, noting where the order sits as it
            // passes; the second seeks by that note, and must still read the order again for its later events.
            for (final String pass : List.of("reading from the start", "seeking by the sample"))
            {
                assertEquals(List.of(SAMPLED + ":1", SAMPLED + ":2", (SAMPLED + 1) + ":0"),
                    ids(readWithin(admin, "/v1/events", SAMPLED + ":0", 3)), pass + " (the order is three events)");
            }
        }
    }

    @Test
    void refusesAResumePointAheadOfTheJournalOrNegative() throws Exception
    {
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data")).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
            admin.ok("/v1/skus", "{\"code\":\"TEA\"}");
            final long last = admin.ok("/v1/movements", RECEIVE).get("sequence").asLong();

            refused(admin, "/v1/events", (last + 3) + ":0", 409, "RESUME_AHEAD_OF_JOURNAL");
            refused(admin, "/v1/events", Long.toString(last + 1), 409, "RESUME_AHEAD_OF_JOURNAL");
            refused(admin, "/v1/events?from=" + (last + 1), null, 409, "RESUME_AHEAD_OF_JOURNAL");
            refused(admin, "/v1/events?from=999999", null, 409, "RESUME_AHEAD_OF_JOURNAL");
            refused(admin, "/v1/events", "-5:0", 400, "INVALID_FIELD");
            refused(admin, "/v1/events", "1:-1", 400, "INVALID_FIELD");
            refused(admin, "/v1/events?from=-5", null, 400, "INVALID_FIELD");

            // The journal's last event is a resume point like any other.
            admin.ok("/v1/movements", RECEIVE);
            assertEquals(List.of((last + 1) + ":0"), ids(readWithin(admin, "/v1/events", last + ":0", 1)));
            assertEquals(List.of((last + 1) + ":0"), ids(readWithin(admin, "/v1/events?from=" + last, null, 1)));
        }
    }

    private static void refused(final Client client, final String path, final String lastEventId, final int status,
        final String code) throws Exception
    {
        final var request = client.base(path).GET();
        if (lastEventId != null)
        {
            request.header("Last-Event-ID", lastEventId);
        }
        // Read as a stream: a resume point wrongly accepted would be an endless body.
        final HttpResponse<InputStream> r = client.http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = r.body())
        {
            assertEquals(status, r.statusCode(), path + " after " + lastEventId);
            final JsonNode error = Client.JSON.readTree(body);
            assertEquals(code, error.at("/error/code").asText(), error.toString());
        }
    }

    /** Reads {@code count} events, failing rather than waiting for ones that never come. */
    private static List<Sse> readWithin(final Client client, final String path, final String lastEventId,
        final int count) throws Exception
    {
        return CompletableFuture.supplyAsync(() ->
        {
            try
            {
                return read(client, path, lastEventId, count);
            }
            catch (final Exception e)
            {
                throw new IllegalStateException(e);
            }
        }).get(20, TimeUnit.SECONDS);
    }

    private static List<String> ids(final List<Sse> events)
    {
        return events.stream().map(Sse::id).toList();
    }
}

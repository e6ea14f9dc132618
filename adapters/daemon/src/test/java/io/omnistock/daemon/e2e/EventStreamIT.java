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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event stream filters, and resumes from the last event id, across a daemon restart too. */
class EventStreamIT
{
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
}

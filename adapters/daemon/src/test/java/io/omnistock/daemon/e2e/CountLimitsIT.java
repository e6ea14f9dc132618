package io.omnistock.daemon.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Open count sessions live in memory: their number and their barcode maps are bounded, and a
 * request over a bound gets a reason, never an empty 500.
 */
class CountLimitsIT
{
    @TempDir
    Path dir;

    @Test
    void openSessionsAndBarcodeMapsAreBounded() throws Exception
    {
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data"), Map.of(
            "OMNISTOCK_COUNTS_MAX_OPEN_SESSIONS", "2", "OMNISTOCK_COUNTS_MAX_BARCODES", "3")).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
            admin.ok("/v1/skus", "{\"code\":\"TEA\"}");
            final String barcodes = "\"barcodes\":{\"1\":\"TEA\",\"2\":\"TEA\",\"3\":\"TEA\"}";
            admin.ok("/v1/counts", "{\"sessionId\":\"c1\",\"location\":\"S1\"," + barcodes + "}");
            admin.ok("/v1/counts", "{\"sessionId\":\"c2\",\"location\":\"S1\"}");
            final Client.Response third = admin.post("/v1/counts", "{\"sessionId\":\"c3\",\"location\":\"S1\"}");
            assertEquals(429, third.status(), third.body().toString());
            assertEquals("TOO_MANY_COUNT_SESSIONS", third.code());
            assertTrue(third.body().at("/error/message").asText().contains("counts.max-open-sessions"));
            // Closing one, by abandoning or committing, makes room for the next.
            assertEquals(200, admin.send(admin.base("/v1/counts/c1").DELETE().build()).status());
            admin.ok("/v1/counts", "{\"sessionId\":\"c3\",\"location\":\"S1\"}");
            admin.ok("/v1/counts/c2/commit", "{}");
            final Client.Response big = admin.post("/v1/counts", "{\"sessionId\":\"c4\",\"location\":\"S1\"," +
                "\"barcodes\":{\"1\":\"TEA\",\"2\":\"TEA\",\"3\":\"TEA\",\"4\":\"TEA\"}}");
            assertEquals(413, big.status(), big.body().toString());
            assertEquals("BARCODE_MAP_TOO_LARGE", big.code());
            admin.ok("/v1/counts", "{\"sessionId\":\"c4\",\"location\":\"S1\"," + barcodes + "}");
        }
    }

    @Test
    void memoryRunningOutIsNeverAnEmpty500() throws Exception
    {
        // The acceptance test's case: bounds set far too high for the heap, ~0.9 MB barcode maps.
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data"), Map.of(
            "OMNISTOCK_COUNTS_MAX_OPEN_SESSIONS", "100000", "OMNISTOCK_COUNTS_MAX_BARCODES", "10000000"))
            .jvmFlags("-Xmx128m").start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
            admin.ok("/v1/skus", "{\"code\":\"TEA\"}");
            int failures = 0;
            for (int session = 0; session < 200 && failures < 5; session++)
            {
                final StringBuilder body = new StringBuilder("{\"sessionId\":\"s" + session + "\",\"location\":\"S1\"," +
                    "\"barcodes\":{");
                for (int i = 0; i < 30_000; i++)
                {
                    body.append(i == 0 ? "" : ",").append("\"").append(4_000_000_000_000L + session * 100_000L + i)
                        .append("\":\"TEA\"");
                }
                final Client.Response r = admin.post("/v1/counts", body.append("}}").toString());
                if (r.status() != 201)
                {
                    failures++;
                    assertFalse(r.raw().body().isEmpty(), "status " + r.status() + " with an empty body");
                    assertTrue(r.code() != null, r.status() + " " + r.raw().body());
                }
            }
            assertTrue(failures > 0, "the heap never ran out: the test proves nothing");
        }
    }
}

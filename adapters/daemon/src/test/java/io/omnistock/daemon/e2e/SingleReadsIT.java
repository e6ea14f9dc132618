package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 21: single-item reads of a channel, a transfer and a count session against the real daemon,
 * each with 404 for an unknown id, and a channel key reading its own channel only.
 */
class SingleReadsIT
{
    @TempDir
    Path dir;

    @Test
    void channelTransferAndCountSession() throws Exception
    {
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data")).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            admin.ok("/v1/channels", "{\"code\":\"app\",\"holdTtlSeconds\":900}");
            admin.ok("/v1/channels", "{\"code\":\"mall\",\"holdTtlSeconds\":60}");
            admin.ok("/v1/locations", "{\"code\":\"DC\",\"tier\":\"warehouse\",\"lat\":31.00,\"lon\":121.00}");
            admin.ok("/v1/locations", "{\"code\":\"ST1\",\"tier\":\"store\",\"lat\":31.21,\"lon\":121.41}");
            admin.ok("/v1/skus", "{\"code\":\"MILK-1L\",\"unit\":\"piece\"}");
            admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"DC\",\"sku\":\"MILK-1L\",\"quantity\":50}");
            admin.ok("/v1/channels/app/eligibility", "{\"location\":\"DC\",\"eligible\":false}");

            final JsonNode app = ok(admin.get("/v1/channels/app"));
            assertEquals("{\"code\":\"app\",\"id\":0,\"holdTtlSeconds\":900,\"ineligibleLocations\":[\"DC\"],\"quotas\":[]}",
                app.toString());
            assertEquals(60, ok(admin.get("/v1/channels/mall")).get("holdTtlSeconds").asLong());
            notFound(admin.get("/v1/channels/nope"), "UNKNOWN_CHANNEL");
            final Client appKey = O2oDayIT.channelKey(admin, daemon, "app-key", "app");
            assertEquals(app, ok(appKey.get("/v1/channels/app")));
            assertEquals(403, appKey.get("/v1/channels/mall").status(), "another channel's settings");

            admin.ok("/v1/transfers", "{\"transferId\":77,\"from\":\"DC\",\"to\":\"ST1\",\"sku\":\"MILK-1L\",\"quantity\":24}");
            assertEquals("{\"transferId\":77,\"from\":\"DC\",\"to\":\"ST1\",\"sku\":\"MILK-1L\",\"quantity\":24," +
                "\"state\":\"CREATED\",\"fromRequest\":false}", ok(admin.get("/v1/transfers/77")).toString());
            admin.ok("/v1/transfers/77/ship", "{\"eta\":\"2030-01-01T08:00:00Z\"}");
            final JsonNode shipped = ok(admin.get("/v1/transfers/77"));
            assertEquals("SHIPPED", shipped.get("state").asText(), shipped.toString());
            assertEquals("2030-01-01T08:00:00Z", shipped.get("eta").asText());
            notFound(admin.get("/v1/transfers/78"), "UNKNOWN_TRANSFER");
            admin.ok("/v1/transfers/77/receive", "{\"quantity\":24}");
            notFound(admin.get("/v1/transfers/77"), "UNKNOWN_TRANSFER");
            assertEquals(400, admin.get("/v1/transfers/x").status());
            assertEquals(403, appKey.get("/v1/transfers/77").status(), "stock scope");

            admin.ok("/v1/counts", "{\"sessionId\":\"count-1\",\"location\":\"ST1\",\"barcodes\":{\"690\":\"MILK-1L\"}}");
            admin.ok("/v1/counts/count-1/scans", "{\"scans\":[{\"code\":\"690\"},{\"code\":\"690\"}," +
                "{\"code\":\"MILK-1L\",\"quantity\":3}]}");
            assertEquals("{\"sessionId\":\"count-1\",\"location\":\"ST1\",\"counts\":{\"MILK-1L\":5}}",
                ok(admin.get("/v1/counts/count-1")).toString());
            notFound(admin.get("/v1/counts/count-2"), "COUNT_UNKNOWN_SESSION");
            admin.ok("/v1/counts/count-1/commit", "{}");
            final Client.Response closed = admin.get("/v1/counts/count-1");
            assertEquals(409, closed.status(), closed.body().toString());
            assertEquals("COUNT_SESSION_CLOSED", closed.code());
        }
    }

    private static JsonNode ok(final Client.Response r)
    {
        assertEquals(200, r.status(), r.body().toString());
        return r.body();
    }

    private static void notFound(final Client.Response r, final String code)
    {
        assertEquals(404, r.status(), r.body().toString());
        assertEquals(code, r.code(), r.body().toString());
    }
}

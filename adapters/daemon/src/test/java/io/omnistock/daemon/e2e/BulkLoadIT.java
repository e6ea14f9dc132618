package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bulk stock loads in CSV and NDJSON: progress, a summary naming bad lines, idempotent retries,
 * and errors a client can see whether they come before the response starts or after.
 */
class BulkLoadIT
{
    private static final int LOCATIONS = 20;
    private static final int SKUS = 6_000;

    @TempDir
    Path dir;

    @Test
    void loadsReportsProgressAndAppliesARetryOnce() throws Exception
    {
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data")).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            for (int l = 0; l < LOCATIONS; l++)
            {
                admin.ok("/v1/locations", "{\"code\":\"L" + l + "\",\"tier\":\"store\",\"lat\":31." + l + ",\"lon\":121.4}");
            }
            for (int s = 0; s < SKUS; s++)
            {
                admin.post("/v1/skus", "{\"code\":\"SKU-" + s + "\"}");
            }
            final StringBuilder csv = new StringBuilder("location,sku,quantity\n");
            for (int l = 0; l < LOCATIONS; l++)
            {
                for (int s = 0; s < SKUS; s++)
                {
                    csv.append('L').append(l).append(",SKU-").append(s).append(',').append(1 + (l + s) % 50).append('\n');
                }
            }
            csv.append("L0,NO-SUCH-SKU,5\n").append("L0,SKU-1\n");
            final Client.Response first = load(admin, "text/csv", csv.toString(), "load-1");
            final List<JsonNode> lines = ndjson(first);
            final JsonNode done = lines.get(lines.size() - 1).get("done");
            assertTrue(lines.get(0).has("progress"), "a progress line every 100,000 lines: " + lines.get(0));
            assertEquals(LOCATIONS * SKUS, done.get("applied").asLong(), done.toString());
            assertEquals(2, done.get("invalid").asLong());
            assertEquals(LOCATIONS * SKUS + 2, done.get("invalidLines").get(0).get("line").asLong(), "lines count from the header");
            assertTrue(done.get("complete").asBoolean());
            assertEquals(1 + (7 + 42) % 50, admin.get("/v1/positions/L7/SKU-42").body().at("/position/onHand").asLong());

            final JsonNode again = last(load(admin, "text/csv", csv.toString(), "load-1"));
            assertEquals(0, again.get("applied").asLong(), "a retried load applies nothing twice");
            assertEquals(LOCATIONS * SKUS, again.get("alreadyApplied").asLong());
            final Client.Response reused = load(admin, "text/csv", csv.toString().replace("L7,SKU-42,", "L7,SKU-42,9"),
                "load-1");
            assertEquals(422, reused.status(), reused.raw().body());
            assertEquals("IDEMPOTENCY_KEY_REUSED", reused.code());
            assertEquals(1 + (7 + 42) % 50, admin.get("/v1/positions/L7/SKU-42").body().at("/position/onHand").asLong(),
                "a key reused for a different body applies none of it");

            final String ndjson = "{\"location\":\"L1\",\"sku\":\"SKU-1\",\"quantity\":5}\n" +
                "{\"location\":\"L1\",\"sku\":\"SKU-2\",\"quantity\":\"5\"}\n" +
                "{\"location\":\"L1\",\"sku\":\"SKU-3\",\"quantity\":-5}\n";
            final JsonNode received = last(admin.send(admin.base("/v1/stock/load?mode=receive")
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(ndjson)).build()));
            assertEquals(1, received.get("applied").asLong(), received.toString());
            assertEquals(1, received.get("invalid").asLong());
            assertEquals(1, received.get("rejected").asLong());
            assertEquals("INVALID_QUANTITY", received.get("rejections").get(0).get("reason").asText());
            assertEquals(1 + (1 + 1) % 50 + 5, admin.get("/v1/positions/L1/SKU-1").body().at("/position/onHand").asLong());
        }
    }

    @Test
    void refusesABadHeaderOrAnEmptyBodyWith400AndSkipsAByteOrderMark() throws Exception
    {
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data")).start())
        {
            final Client admin = riceAtW1(daemon);
            assertEquals(1, last(load(admin, "text/csv", "location,sku,quantity\nW1,RICE,10\n", null)).get("applied").asLong());

            final Client.Response badHeader = load(admin, "text/csv", "loc,sku,qty\nW1,RICE,5\n", null);
            assertEquals(400, badHeader.status(), badHeader.raw().body());
            assertEquals("INVALID_FIELD", badHeader.code());
            for (final String type : List.of("text/csv", "application/x-ndjson"))
            {
                final Client.Response empty = load(admin, type, "", null);
                assertEquals(400, empty.status(), type + ": " + empty.raw().body());
                assertEquals("INVALID_FIELD", empty.code());
            }
            assertEquals(10, onHand(admin), "a refused load applies nothing");

            final JsonNode bom = last(load(admin, "text/csv", "\uFEFFlocation,sku,quantity\nW1,RICE,7\n", null));
            assertEquals(1, bom.get("applied").asLong(), "a spreadsheet's byte order mark is skipped: " + bom);
            assertEquals(0, bom.get("invalid").asLong());
            assertEquals(7, onHand(admin));
        }
    }

    @Test
    void aBodyOverTheLimitIs413WhenDeclaredAndEndsTheStreamWithAnErrorWhenNot() throws Exception
    {
        final int limit = 3000;
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data"),
            Map.of("OMNISTOCK_HTTP_BULK_MAX_BODY_BYTES", Integer.toString(limit))).start())
        {
            final Client admin = riceAtW1(daemon);
            final StringBuilder csv = new StringBuilder("location,sku,quantity\n");
            while (csv.length() < 4096)
            {
                csv.append("W1,RICE,1\n");
            }
            final byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);

            final Client.Response declared = admin.send(admin.base("/v1/stock/load?mode=receive")
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
            assertEquals(413, declared.status(), declared.raw().body());
            assertEquals("BODY_TOO_LARGE", declared.code());
            assertEquals(0, onHand(admin), "a body declared too large applies nothing");

            // No Content-Length: the body is sent chunked, so the limit is only found while streaming.
            final List<JsonNode> lines = ndjson(admin.send(admin.base("/v1/stock/load?mode=receive")
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build()));
            final JsonNode end = lines.get(lines.size() - 1);
            assertFalse(lines.stream().anyMatch(l -> l.has("done")), "no done line after an error: " + lines);
            final JsonNode error = end.get("error");
            assertEquals("BODY_TOO_LARGE", error.get("code").asText(), end.toString());
            final long within = csv.substring(0, limit).chars().filter(c -> c == '\n').count();
            assertEquals(within, error.get("lines").asLong(), "every complete line within the limit is read");
            assertEquals(within - 1, error.get("applied").asLong(), "and applied, the header aside");
            assertTrue(error.get("complete").asBoolean());
            assertEquals(within - 1, onHand(admin), "exactly what the error line says was applied");
        }
    }

    @Test
    void namesEachRejectedLineWithItsNumberAndItsCodesAsWritten() throws Exception
    {
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data")).start())
        {
            final Client admin = riceAtW1(daemon);
            final JsonNode done = last(load(admin, "text/csv", "location,sku,quantity\nW1,RICE,-5\nW1,RICE,9999999999999\n", null));
            assertEquals(0, done.get("applied").asLong(), done.toString());
            assertEquals(2, done.get("rejected").asLong());
            assertRejection(done.get("rejections").get(0), 2, "NEGATIVE_QUANTITY");
            assertRejection(done.get("rejections").get(1), 3, "QUANTITY_TOO_LARGE");
            assertEquals(0, onHand(admin), "nothing was applied");
        }
    }

    @Test
    void takesOnlyAsciiDigitsAsAQuantity() throws Exception
    {
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data")).start())
        {
            final Client admin = riceAtW1(daemon);
            final JsonNode done = last(load(admin, "text/csv",
                "location,sku,quantity\nW1,RICE,\u0661\u0662\nW1,RICE,\uFF11\uFF12\nW1,RICE,+3\n", null));
            assertEquals(2, done.get("invalid").asLong(), "Arabic-Indic and fullwidth digits are not a quantity: " + done);
            assertEquals(2, done.get("invalidLines").get(0).get("line").asLong());
            assertTrue(done.get("invalidLines").get(0).get("error").asText().contains("quantity"), done.toString());
            assertEquals(3, done.get("invalidLines").get(1).get("line").asLong());
            assertEquals(1, done.get("applied").asLong(), "a sign and ASCII digits are");
            assertEquals(3, onHand(admin));
        }
    }

    private static void assertRejection(final JsonNode rejection, final long line, final String reason)
    {
        assertEquals(line, rejection.path("line").asLong(), rejection.toString());
        assertEquals("W1", rejection.path("location").asText(), rejection.toString());
        assertEquals("RICE", rejection.path("sku").asText(), rejection.toString());
        assertEquals(reason, rejection.path("reason").asText(), rejection.toString());
    }

    /** @return an admin client of a daemon that knows location W1 and SKU RICE. */
    private static Client riceAtW1(final DaemonProcess daemon) throws Exception
    {
        final Client admin = new Client(daemon, daemon.adminKey());
        admin.ok("/v1/locations", "{\"code\":\"W1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
        admin.ok("/v1/skus", "{\"code\":\"RICE\"}");
        return admin;
    }

    private static long onHand(final Client client) throws Exception
    {
        final Client.Response position = client.get("/v1/positions/W1/RICE");
        return position.status() == 404 ? 0 : position.body().at("/position/onHand").asLong();
    }

    private static Client.Response load(final Client client, final String type, final String body, final String key)
        throws Exception
    {
        final HttpRequest.Builder request = client.base("/v1/stock/load").header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null)
        {
            request.header("Idempotency-Key", key);
        }
        return client.send(request.build());
    }

    private static List<JsonNode> ndjson(final Client.Response response) throws Exception
    {
        assertEquals(200, response.status(), response.raw().body());
        final List<JsonNode> lines = new java.util.ArrayList<>();
        for (final String line : Arrays.asList(response.raw().body().split("\n")))
        {
            lines.add(Client.JSON.readTree(line));
        }
        return lines;
    }

    private static JsonNode last(final Client.Response response) throws Exception
    {
        final List<JsonNode> lines = ndjson(response);
        return lines.get(lines.size() - 1).get("done");
    }
}

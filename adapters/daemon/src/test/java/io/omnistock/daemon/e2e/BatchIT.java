package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /v1/batch} against the real daemon (limits set low: 20 commands, 4096 bytes, 3 in
 * flight, so a batch is paced): good and bad elements side by side, an element and a request sent
 * alone being one request, retries applying nothing twice, whole-batch refusals applying nothing,
 * NDJSON answered line by line in order.
 */
class BatchIT
{
    private static final int MAX_COMMANDS = 20;

    @TempDir
    static Path dir;
    private static DaemonProcess daemon;
    private static Client admin;

    @BeforeAll
    static void start() throws Exception
    {
        daemon = new DaemonProcess(dir.resolve("data"), Map.of("OMNISTOCK_HTTP_BATCH_MAX_COMMANDS", "" + MAX_COMMANDS,
            "OMNISTOCK_HTTP_BATCH_MAX_BYTES", "4096", "OMNISTOCK_HTTP_BATCH_MAX_IN_FLIGHT", "3")).start();
        admin = new Client(daemon, daemon.adminKey());
        admin.ok("/v1/channels", "{\"code\":\"app\",\"holdTtlSeconds\":600}");
        admin.ok("/v1/channels", "{\"code\":\"mall\",\"holdTtlSeconds\":600}");
        admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
        for (final String sku : List.of("TEA", "COFFEE", "MILK", "RICE"))
        {
            admin.ok("/v1/skus", "{\"code\":\"" + sku + "\"}");
        }
    }

    @AfterAll
    static void stop() throws Exception
    {
        daemon.close();
    }

    @Test
    void eachElementIsAnsweredInItsSlotAsTheSameRequestAloneWouldBe() throws Exception
    {
        final String receipt = receipt("TEA", 10);
        final String order = "{\"orderId\":1,\"channel\":\"app\",\"type\":\"pickup\",\"pickupLocation\":\"S1\"," +
            "\"lines\":[{\"sku\":\"TEA\",\"quantity\":2}]}";
        final JsonNode results = results(admin.post("/v1/batch", "[" + String.join(",",
            element("/v1/movements", "m-1", receipt),
            element("/v1/movements", null, receipt("NO-SUCH-SKU", 1)),
            element("/v1/orders", null, "{\"orderId\":2,\"channel\":\"app\",\"colour\":\"red\"}"),
            "{\"path\":\"/v1/skus\",\"body\":{\"code\":\"X\"}}",
            element("/v1/orders?explain=true", "o-1", order),
            element("/v1/orders/1/confirm?channel=app", null, null),
            element("/v1/movements", null, "[1]"),
            "{\"method\":\"GET\",\"path\":\"/v1/movements\"}",
            element("/v1/orders", null, order.replace("\"TEA\"", "\"COFFEE\""))) + "]"));
        // The routed order is a creation (201), as alone; elements carry no Location (no headers).
        assertEquals(List.of(200, 404, 400, 404, 201, 200, 400, 405, 409), statuses(results));
        assertEquals("UNKNOWN_SKU", code(results, 1));
        assertEquals("UNKNOWN_FIELD", code(results, 2));
        assertEquals("NOT_FOUND", code(results, 3));
        assertTrue(results.get(4).at("/body/candidates").isArray(), "explained: " + results.get(4));
        assertEquals("INVALID_FIELD", code(results, 6));
        assertEquals("METHOD_NOT_ALLOWED", code(results, 7));
        assertEquals("DUPLICATE_ORDER", code(results, 8), "order 1 again, another SKU: " + results.get(8));
        assertEquals(10, position("TEA").get("onHand").asLong());

        // The element and a request sent alone with its key and body are one request: the first
        // response comes back byte for byte; the key with another body is refused.
        final Client.Response alone = admin.post("/v1/movements", receipt, "m-1");
        assertEquals(200, alone.status());
        assertEquals(results.get(0).get("body"), alone.body());
        assertEquals("IDEMPOTENCY_KEY_REUSED", admin.post("/v1/movements", receipt("TEA", 11), "m-1").code());
        assertEquals(10, position("TEA").get("onHand").asLong());

        // Each element needs its own route's scope, and a channel key acts for its channel only.
        final Client app = O2oDayIT.channelKey(admin, daemon, "app-key", "app");
        final JsonNode scoped = results(app.post("/v1/batch", "[" + String.join(",",
            element("/v1/movements", null, receipt("TEA", 5)),
            element("/v1/orders/1/cancel?channel=mall", null, null),
            element("/v1/orders/1/cancel", null, "{}")) + "]"));
        assertEquals(List.of(403, 403, 200), statuses(scoped));
        assertEquals(401, new Client(daemon, null).post("/v1/batch", "[]").status());
    }

    @Test
    void aRetriedBatchAppliesNothingTwice() throws Exception
    {
        final List<String> elements = new ArrayList<>();
        for (int i = 1; i <= 10; i++)
        {
            elements.add(element("/v1/movements", "coffee-" + i, receipt("COFFEE", i)));
        }
        final String batch = "[" + String.join(",", elements) + "]";
        assertEquals(List.of(200, 200, 200, 200, 200, 200, 200, 200, 200, 200), statuses(results(admin.post("/v1/batch", batch))));
        assertEquals(55, position("COFFEE").get("onHand").asLong());
        final JsonNode again = results(admin.post("/v1/batch", batch));
        assertEquals(List.of(200, 200, 200, 200, 200, 200, 200, 200, 200, 200), statuses(again));
        final JsonNode changed = results(admin.post("/v1/batch", batch.replace(receipt("COFFEE", 3), receipt("COFFEE", 30))));
        assertEquals(422, changed.get(2).get("status").asInt());
        assertEquals("IDEMPOTENCY_KEY_REUSED", code(changed, 2));
        assertEquals(55, position("COFFEE").get("onHand").asLong(), "nothing applied twice");
    }

    @Test
    void aBatchRefusedWholeAppliesNothing() throws Exception
    {
        final List<String> elements = new ArrayList<>();
        for (int i = 1; i <= MAX_COMMANDS + 1; i++)
        {
            elements.add(element("/v1/movements", null, receipt("MILK", 1)));
        }
        final Client.Response tooMany = admin.post("/v1/batch", "[" + String.join(",", elements) + "]");
        assertEquals(413, tooMany.status());
        assertEquals("TOO_MANY_COMMANDS", tooMany.code());
        final String padded = element("/v1/movements", null, receipt("MILK", 1).replace(",", "," + " ".repeat(100)));
        final Client.Response tooLarge = admin.post("/v1/batch", "[" + String.join(",",
            java.util.Collections.nCopies(MAX_COMMANDS, padded)) + "]");
        assertEquals(413, tooLarge.status(), "over 4096 bytes: " + tooLarge.body());
        assertEquals("BODY_TOO_LARGE", tooLarge.code());
        final Client.Response malformed = admin.post("/v1/batch", "[" + elements.get(0) + "," + elements.get(1) + ",{\"path\":");
        assertEquals(400, malformed.status());
        assertEquals("MALFORMED_JSON", malformed.code());
        final Client.Response shape = admin.post("/v1/batch", "[" + elements.get(0) + ",{\"path\":\"/v1/movements\",\"key\":\"k\"}]");
        assertEquals("UNKNOWN_FIELD", shape.code());
        assertEquals(0, position("MILK").path("onHand").asLong(), "nothing applied");
    }

    @Test
    void ndjsonIsAnsweredLineByLineInOrder() throws Exception
    {
        final StringBuilder lines = new StringBuilder();
        for (int i = 0; i < MAX_COMMANDS; i++)
        {
            lines.append(element("/v1/movements", "rice-" + i, receipt(i == 7 ? "NO-SUCH-SKU" : "RICE", 1))).append('\n');
        }
        final HttpResponse<String> raw = admin.http().send(admin.base("/v1/batch").header("Content-Type",
            "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(lines.toString())).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, raw.statusCode());
        assertEquals("application/x-ndjson", raw.headers().firstValue("Content-Type").orElse(""));
        assertTrue(raw.headers().firstValue("Content-Length").isEmpty(), "streamed (chunked), not sent whole");
        final String[] answers = raw.body().split("\n");
        assertEquals(MAX_COMMANDS, answers.length, raw.body());
        for (int i = 0; i < MAX_COMMANDS; i++)
        {
            final JsonNode line = Client.JSON.readTree(answers[i]);
            assertEquals(i, line.get("index").asInt(), "in order");
            assertEquals(i == 7 ? 404 : 200, line.get("status").asInt(), answers[i]);
        }
        assertEquals(MAX_COMMANDS - 1, position("RICE").get("onHand").asLong());
    }

    static String receipt(final String sku, final int quantity)
    {
        return "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}";
    }

    /** A POST element; {@code key} and {@code body} may be null (left out). */
    static String element(final String path, final String key, final String body)
    {
        return "{\"method\":\"POST\",\"path\":\"" + path + "\"" + (key == null ? "" : ",\"idempotencyKey\":\"" + key + "\"") +
            (body == null ? "" : ",\"body\":" + body) + "}";
    }

    private static JsonNode results(final Client.Response r)
    {
        assertEquals(200, r.status(), r.body().toString());
        return r.body().get("results");
    }

    private static List<Integer> statuses(final JsonNode results)
    {
        final List<Integer> all = new ArrayList<>();
        results.forEach(r -> all.add(r.get("status").asInt()));
        return all;
    }

    private static String code(final JsonNode results, final int index)
    {
        return results.get(index).at("/body/error/code").asText();
    }

    private static JsonNode position(final String sku) throws Exception
    {
        return admin.get("/v1/positions/S1/" + sku).body().path("position");
    }
}

package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every class of bad input gets a specific 4xx with a code, never a 500, never a state change. */
class BadInputIT
{
    private static Path dir;
    private static DaemonProcess daemon;
    private static Client admin;

    @BeforeAll
    static void start() throws Exception
    {
        dir = Files.createTempDirectory("omnistock-bad-input");
        daemon = new DaemonProcess(dir.resolve("data")).start();
        admin = new Client(daemon, daemon.adminKey()).checkingContract();
        admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
        admin.ok("/v1/skus", "{\"code\":\"TEA\"}");
        admin.ok("/v1/channels", "{\"code\":\"app\",\"holdTtlSeconds\":600}");
        admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":10}");
    }

    @AfterAll
    static void stop() throws Exception
    {
        Contract.report("BadInputIT");
        daemon.close();
    }

    private static void rejected(final Client.Response r, final int status, final String code) throws Exception
    {
        assertEquals(status, r.status(), r.body().toString());
        assertEquals(code, r.code(), r.body().toString());
        assertNotNull(r.body().at("/error/message").asText(null));
        final JsonNode position = admin.get("/v1/positions/S1/TEA").body().get("position");
        assertEquals(10, position.get("onHand").asLong(), "no state change");
        assertEquals(0, position.get("reserved").asLong(), "no state change");
    }

    @Test
    void malformedJson() throws Exception
    {
        rejected(admin.post("/v1/movements", "{\"type\":\"receive\","), 400, "MALFORMED_JSON");
        rejected(admin.post("/v1/movements", ""), 400, "MALFORMED_JSON");
        rejected(admin.post("/v1/movements", "[1,2]"), 400, "INVALID_FIELD");
        rejected(admin.post("/v1/movements", "{} {}"), 400, "MALFORMED_JSON");
    }

    /**
     * Malformed bodies are told in the API's words, saying where: never Jackson's ("Unexpected
     * character", "JsonToken", "was expecting", class names, "Source: REDACTED").
     */
    @Test
    void malformedJsonIsToldInTheApisWordsWithWhere() throws Exception
    {
        final String receipt = "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":1}";
        final Object[][] cases = {
            // body, endpoint, what the message must say
            {"{\"type\":\"receive\",", "/v1/movements",
                "malformed JSON at line 1, column 19: the body ends before the JSON value does"},
            {"{\"type\":\"rec", "/v1/movements", "the body ends before the JSON value does"},
            {"{\"type\":receive}", "/v1/movements",
                "malformed JSON at line 1, column 9: 'receive' is not a JSON value (strings need double quotes"},
            {"{\"type\":\"receive\" \"location\":\"S1\"}", "/v1/movements",
                "malformed JSON at line 1, column 19: unexpected '\"', ',' or '}' was expected"},
            {"{type:\"receive\"}", "/v1/movements",
                "malformed JSON at line 1, column 2: unexpected 't', a field name in double quotes was expected"},
            {"{\n  \"type\": \"receive\",\n  \"quantity\": 01\n}", "/v1/movements",
                "malformed JSON at line 3, column 16: a number JSON does not allow"},
            {"{\"type\":\"receive\",\"quantity\":1,\"quantity\":2}", "/v1/movements",
                "the field 'quantity' appears twice"},
            {"{\"orderId\":7,\"channel\":\"app\",\"type\":\"regular\",\"lat\":31.2,\"lon\":121.4,\"lines\":[{\"sku\":\"TEA\"," +
                "\"quantity\":1,\"quantity\":20}]}", "/v1/orders", "the field 'quantity' appears twice (in 'lines[0]')"},
            {"{\"orderId\":7,\"lines\":[{\"sku\":\"TEA\"]}", "/v1/orders",
                "unexpected ']', '}' was expected (in 'lines[0]')"},
            {"{\"type\":\"receive\"}}", "/v1/movements", "unexpected '}', nothing is open to close there"},
            {"{\"type\":\"receive\",\"location\":\"S1\n\"}", "/v1/movements",
                "a control character inside a string (escape it"},
            {"{\"type\":\"rec\\qeive\"}", "/v1/movements", "an escape JSON does not have"},
            {"   ", "/v1/movements", "the request body holds no JSON value"},
            {"[{\"path\":\"/v1/movements\",\"body\":" + receipt + "},]", "/v1/batch", "unexpected ']', a value was expected"},
        };
        for (final Object[] c : cases)
        {
            final Client.Response r = admin.post((String)c[1], (String)c[0]);
            rejected(r, 400, "MALFORMED_JSON");
            final String message = r.body().at("/error/message").asText();
            assertTrue(message.contains((String)c[2]), c[0] + " -> " + message);
            for (final String jackson : List.of("Unexpected character", "JsonToken", "was expecting", "Unrecognized token",
                "REDACTED", "Source:", "jackson", "Duplicate field", "end-of-input", "CTRL-CHAR"))
            {
                assertFalse(message.contains(jackson), c[0] + " -> Jackson's words: " + message);
            }
        }
        final byte[] notUtf8 = receipt.replace("S1", "S\u00ff").getBytes(StandardCharsets.ISO_8859_1);
        final Client.Response bytes = admin.send(admin.base("/v1/movements").header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(notUtf8)).build());
        rejected(bytes, 400, "MALFORMED_JSON");
        assertTrue(bytes.body().at("/error/message").asText().contains("bytes that are not UTF-8"), bytes.body().toString());
        // Wrong types were already in our words; they stay so.
        final Client.Response wrongType = admin.post("/v1/movements", receipt.replace("\"quantity\":1", "\"quantity\":[1]"));
        rejected(wrongType, 400, "INVALID_FIELD");
        assertEquals("'quantity' must be a whole number, got an array", wrongType.body().at("/error/message").asText());
    }

    @Test
    void wrongTypesAndUnknownFields() throws Exception
    {
        rejected(admin.post("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":\"5\"}"),
            400, "INVALID_FIELD");
        rejected(admin.post("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":1.5}"),
            400, "INVALID_FIELD");
        rejected(admin.post("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":5," +
            "\"qty\":5}"), 400, "UNKNOWN_FIELD");
        rejected(admin.post("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\"}"),
            400, "MISSING_FIELD");
        rejected(admin.post("/v1/movements", "{\"type\":\"teleport\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":1}"),
            400, "INVALID_FIELD");
    }

    @Test
    void negativeHugeAndZeroQuantities() throws Exception
    {
        rejected(admin.post("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":-5}"),
            422, "INVALID_QUANTITY");
        rejected(admin.post("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\"," +
            "\"quantity\":1099511627777}"), 422, "QUANTITY_TOO_LARGE");
        rejected(admin.post("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\"," +
            "\"quantity\":123456789012345678901234567890}"), 400, "INVALID_FIELD");
        rejected(admin.post("/v1/movements", "{\"type\":\"sale\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":0}"),
            422, "INVALID_QUANTITY");
    }

    @Test
    void unknownIds() throws Exception
    {
        rejected(admin.post("/v1/movements", "{\"type\":\"receive\",\"location\":\"NOPE\",\"sku\":\"TEA\",\"quantity\":1}"),
            404, "UNKNOWN_LOCATION");
        rejected(admin.post("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"NOPE\",\"quantity\":1}"),
            404, "UNKNOWN_SKU");
        rejected(admin.get("/v1/orders/999?channel=app"), 404, "UNKNOWN_ORDER");
        rejected(admin.get("/v1/orders/999?channel=nope"), 404, "UNKNOWN_CHANNEL");
        rejected(admin.post("/v1/transfers/4242/ship", "{\"eta\":\"2030-01-01T00:00:00Z\"}"), 404, "UNKNOWN_TRANSFER");
        rejected(admin.get("/v1/nowhere"), 404, "NOT_FOUND");
        rejected(admin.send(admin.base("/v1/movements").DELETE().build()), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void oversizedBodiesAndMediaTypes() throws Exception
    {
        final String big = "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":1,\"pad\":\"" +
            "x".repeat(2 * 1024 * 1024) + "\"}";
        rejected(admin.post("/v1/movements", big), 413, "BODY_TOO_LARGE");
        rejected(admin.send(admin.base("/v1/movements").header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString("receive 5")).build()), 415, "UNSUPPORTED_MEDIA_TYPE");
        rejected(admin.send(admin.base("/v1/movements")
            .POST(HttpRequest.BodyPublishers.ofString("{}")).build()), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void badOrdersAndKeys() throws Exception
    {
        rejected(admin.post("/v1/orders", "{\"orderId\":1,\"channel\":\"app\",\"type\":\"rocket\",\"lat\":31.2," +
            "\"lon\":121.4,\"lines\":[{\"sku\":\"TEA\",\"quantity\":1}]}"), 422, "INVALID_FULFILMENT_TYPE");
        rejected(admin.post("/v1/orders", "{\"orderId\":0,\"channel\":\"app\",\"type\":\"regular\",\"lat\":31.2," +
            "\"lon\":121.4,\"lines\":[{\"sku\":\"TEA\",\"quantity\":1}]}"), 422, "INVALID_ORDER_ID");
        rejected(admin.post("/v1/orders", "{\"orderId\":2,\"channel\":\"app\",\"type\":\"regular\",\"lat\":31.2," +
            "\"lon\":121.4,\"lines\":[]}"), 422, "NO_LINES");
        rejected(admin.post("/v1/orders", "{\"orderId\":3,\"channel\":\"app\",\"type\":\"regular\",\"lat\":31.2," +
            "\"lon\":121.4,\"lines\":[{\"sku\":\"TEA\",\"quantity\":11}]}"), 409, "NO_ROUTE");
        // The engine reads 0 as "no promise": the epoch and earlier must not route with the default window.
        for (final String promise : new String[] {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z"})
        {
            rejected(admin.post("/v1/orders", "{\"orderId\":4,\"channel\":\"app\",\"type\":\"regular\",\"lat\":31.2," +
                "\"lon\":121.4,\"promiseAt\":\"" + promise + "\",\"lines\":[{\"sku\":\"TEA\",\"quantity\":1}]}"),
                422, "INVALID_PROMISE_TIME");
        }
        rejected(admin.post("/v1/locations/S1/source", "{\"source\":\"S1\"}"), 422, "SAME_LOCATION");
        // Codes the API could not address afterwards.
        rejected(admin.post("/v1/locations", "{\"code\":\"a/b\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}"),
            400, "INVALID_FIELD");
        rejected(admin.post("/v1/locations", "{\"code\":\"network\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}"),
            400, "INVALID_FIELD");
        rejected(admin.post("/v1/skus", "{\"code\":\"MILK/1L\"}"), 400, "INVALID_FIELD");
        rejected(admin.post("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":1}",
            "bad key with spaces"), 400, "INVALID_IDEMPOTENCY_KEY");
        final Client stranger = new Client(daemon, "osk_not-a-key");
        rejected(stranger.get("/v1/positions/S1/TEA"), 401, "INVALID_API_KEY");
        assertFalse(daemon.log().contains("osk_not-a-key"), "keys are never logged");
        assertFalse(daemon.log().contains(daemon.adminKey()), "keys are never logged");
    }

    @Test
    void duplicateKeysAndBytesThatAreNotUtf8AreMalformedJson() throws Exception
    {
        rejected(admin.post("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\"," +
            "\"quantity\":1,\"quantity\":2}"), 400, "MALFORMED_JSON");
        rejected(admin.post("/v1/orders", "{\"orderId\":7,\"channel\":\"app\",\"type\":\"regular\",\"lat\":31.2," +
            "\"lon\":121.4,\"lines\":[{\"sku\":\"TEA\",\"quantity\":1,\"quantity\":20}]}"), 400, "MALFORMED_JSON");
        final byte[] notUtf8 = "{\"type\":\"receive\",\"location\":\"S\u00ff\",\"sku\":\"TEA\",\"quantity\":1}"
            .getBytes(StandardCharsets.ISO_8859_1);
        rejected(admin.send(admin.base("/v1/movements").header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(notUtf8)).build()), 400, "MALFORMED_JSON");
    }

    @Test
    void nullElementsAreMissingFields() throws Exception
    {
        rejected(admin.post("/v1/admin/keys", "{\"name\":\"x\",\"scopes\":[null]}"), 400, "MISSING_FIELD");
        rejected(admin.post("/v1/counts", "{\"sessionId\":\"c5\",\"location\":\"S1\",\"zeroCountScope\":[null]}"),
            400, "MISSING_FIELD");
        rejected(admin.post("/v1/counts", "{\"sessionId\":\"c6\",\"location\":\"S1\",\"barcodes\":{\"x\":null}}"),
            400, "MISSING_FIELD");
    }

    @Test
    void locationSettingsAreAllRequired() throws Exception
    {
        final Client.Response r = admin.post("/v1/locations/S1/settings", "{\"ordersPerHour\":5,\"priority\":1}");
        rejected(r, 400, "MISSING_FIELD");
        assertTrue(r.body().at("/error/message").asText().contains("pickPackMinutes"), r.body().toString());
        rejected(admin.post("/v1/locations/S1/settings", "{\"priority\":1,\"pickPackMinutes\":3}"), 400, "MISSING_FIELD");
        rejected(admin.post("/v1/locations/S1/settings", "{\"ordersPerHour\":5,\"pickPackMinutes\":3}"), 400,
            "MISSING_FIELD");
    }

    @Test
    void aMissingCodeIsAMissingField() throws Exception
    {
        rejected(admin.post("/v1/locations", "{\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}"), 400, "MISSING_FIELD");
        rejected(admin.post("/v1/skus", "{}"), 400, "MISSING_FIELD");
        rejected(admin.post("/v1/channels", "{\"holdTtlSeconds\":600}"), 400, "MISSING_FIELD");
        rejected(admin.post("/v1/skus", "{\"code\":\"\"}"), 422, "CODE_EMPTY");
    }

    @Test
    void enumLikeFieldsFollowOneRule() throws Exception
    {
        // Case aside, the name exactly: a scope with a trailing space is not a scope.
        rejected(admin.post("/v1/admin/keys", "{\"name\":\"spaced\",\"scopes\":[\"ORDERS \"]}"), 400, "INVALID_FIELD");
        rejected(admin.post("/v1/admin/keys", "{\"name\":\"spaced\",\"scopes\":[\" orders\"]}"), 400, "INVALID_FIELD");
        assertEquals(201, admin.post("/v1/admin/keys", "{\"name\":\"upper\",\"scopes\":[\"ORDERS\"]}").status());
        // Upper case is accepted for a movement type as for a tier; spaces are refused for both.
        final Client.Response upper = admin.post("/v1/movements",
            "{\"type\":\"STOCKTAKE\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":10}");
        assertEquals(200, upper.status(), upper.raw().body());
        rejected(admin.post("/v1/movements", "{\"type\":\"receive \",\"location\":\"S1\",\"sku\":\"TEA\"," +
            "\"quantity\":1}"), 400, "INVALID_FIELD");
        rejected(admin.post("/v1/locations", "{\"code\":\"S9\",\"tier\":\"STORE \",\"lat\":31.2,\"lon\":121.4}"),
            422, "INVALID_TIER");
    }

    @Test
    void otherProtocolVersionsAndLowerCaseMethodsAreRefused() throws Exception
    {
        final Client.Response version = raw("GET /v1/positions/S1/TEA HTTP/9.9");
        assertEquals(505, version.status(), version.body().toString());
        assertEquals("HTTP_VERSION_NOT_SUPPORTED", version.code());
        final Client.Response lower = raw("get /v1/positions/S1/TEA HTTP/1.1");
        assertEquals(501, lower.status(), lower.body().toString());
        assertEquals("METHOD_NOT_IMPLEMENTED", lower.code());
        assertEquals(200, raw("GET /v1/positions/S1/TEA HTTP/1.1").status());
    }

    @Test
    void aClientDroppingABulkLoadMidStreamLogsOneLineNoStackTrace() throws Exception
    {
        for (final boolean chunked : new boolean[] {false, true})
        {
            final int before = daemon.log().length();
            try (Socket socket = new Socket(daemon.uri("/").getHost(), daemon.uri("/").getPort()))
            {
                final StringBuilder lines = new StringBuilder("location,sku,quantity\n");
                for (int i = 0; i < 20_000; i++)
                {
                    lines.append("S1,TEA,10\n");
                }
                final String part = lines.toString();
                final String head = "POST /v1/stock/load?mode=stocktake HTTP/1.1\r\nHost: localhost\r\n" +
                    "Authorization: Bearer " + daemon.adminKey() + "\r\nContent-Type: text/csv\r\n" +
                    (chunked ? "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(part.length()) + "\r\n" :
                        "Content-Length: 100000000\r\n\r\n");
                socket.getOutputStream().write((head + part).getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                Thread.sleep(300);
                // Gone mid-body, with a reset rather than a polite close.
                socket.setSoLinger(true, 0);
            }
            final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (!daemon.log().substring(before).contains("bulk load ended") && System.nanoTime() < deadline)
            {
                Thread.sleep(50);
            }
            Thread.sleep(300);
            final String log = daemon.log().substring(before);
            assertTrue(log.contains("WARN") && log.contains("bulk load ended"), log);
            assertFalse(log.contains("ERROR"), log);
            assertFalse(log.contains("\tat "), log);
        }
    }

    @Test
    void badKeyNamesAndScopesAreBadRequests() throws Exception
    {
        rejected(admin.post("/v1/admin/keys", "{\"name\":\"bad name\",\"scopes\":[\"orders\"]}"), 400,
            "INVALID_KEY_NAME");
        rejected(admin.post("/v1/admin/keys", "{\"name\":\"ok\",\"scopes\":[]}"), 400, "INVALID_FIELD");
        rejected(admin.post("/v1/admin/keys", "{\"name\":\"admin\",\"scopes\":[\"orders\"]}"), 409,
            "DUPLICATE_KEY_NAME");
    }

    @Test
    void unparsableUrlsGetTheJsonError() throws Exception
    {
        rejected(raw("GET /v1/locations/% HTTP/1.1"), 400, "MALFORMED_REQUEST");
        rejected(raw("GET /v1/locations/S1?x=%zz HTTP/1.1"), 400, "MALFORMED_REQUEST");
    }

    @Test
    void badChunkSizesGetTheJsonErrorAndOneLogLine() throws Exception
    {
        final String body = "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":1}";
        for (final String size : new String[] {"-1", "ffffffffffffffff", "+2", "0x2", " 2"})
        {
            final int before = daemon.log().length();
            // A whole first chunk, then the broken size line: the movement must not be applied from its first half.
            final Client.Response r = raw("POST /v1/movements HTTP/1.1", "Content-Type: application/json\r\n" +
                "Transfer-Encoding: chunked\r\n", "10\r\n" + body.substring(0, 16) + "\r\n" + size + "\r\n" +
                body.substring(16) + "\r\n0\r\n\r\n");
            rejected(r, 400, "MALFORMED_REQUEST");
            assertTrue(r.body().at("/error/message").asText().contains("chunk size"), r.body().toString());
            final String log = daemon.log().substring(before);
            assertEquals(1, log.lines().count(), log);
            assertTrue(log.contains("WARN") && log.contains("chunk size line"), log);
        }
        // Sound chunked bodies still work, extensions included, and so does a request after one on the connection.
        final String two = "POST /v1/movements HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " +
            daemon.adminKey() + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
            "A;ext=1\r\n" + body.substring(0, 10) + "\r\n" + Integer.toHexString(body.length() - 10) + "\r\n" +
            body.substring(10).replace("\"quantity\":1", "\"quantity\":0") + "\r\n0\r\n\r\n";
        try (Socket socket = new Socket(daemon.uri("/").getHost(), daemon.uri("/").getPort()))
        {
            socket.getOutputStream().write((two + two.replace("HTTP/1.1\r\n", "HTTP/1.1\r\nConnection: close\r\n"))
                .getBytes(StandardCharsets.US_ASCII));
            final String responses = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // Both parsed whole and answered by the engine (a zero receipt is its INVALID_QUANTITY).
            assertEquals(2, responses.split("\"code\":\"INVALID_QUANTITY\"", -1).length - 1, responses);
        }
    }

    /** A request the JDK's client will not send: the target is written as given. */
    private static Client.Response raw(final String requestLine) throws Exception
    {
        return raw(requestLine, "", "");
    }

    private static Client.Response raw(final String requestLine, final String headers, final String content)
        throws Exception
    {
        try (Socket socket = new Socket(daemon.uri("/").getHost(), daemon.uri("/").getPort()))
        {
            socket.getOutputStream().write((requestLine + "\r\nHost: localhost\r\nAuthorization: Bearer " +
                daemon.adminKey() + "\r\nConnection: close\r\n" + headers + "\r\n" + content)
                .getBytes(StandardCharsets.US_ASCII));
            final String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 "), "a status line: '" + response + "'");
            final int status = Integer.parseInt(response.substring(9, 12));
            final int body = response.indexOf("\r\n\r\n") + 4;
            assertTrue(response.substring(0, body).contains("Content-Type: application/json"), response);
            return new Client.Response(status, Client.JSON.readTree(response.substring(body)), null);
        }
    }

    @Test
    void aKeyReusedWithAnotherQueryStringIsRefused() throws Exception
    {
        final String csv = "location,sku,quantity\nS1,TEA,10\n";
        final Client.Response first = load("/v1/stock/load?mode=stocktake", csv, "load-q");
        assertEquals(200, first.status(), first.raw().body());
        // Same key, same body, another mode: a different request, not a retry of the stocktake.
        rejected(load("/v1/stock/load?mode=receive", csv, "load-q"), 422, "IDEMPOTENCY_KEY_REUSED");
        rejected(admin.post("/v1/movements?x=1", "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\"," +
            "\"quantity\":0}", "move-q"), 422, "INVALID_QUANTITY");
        rejected(admin.post("/v1/movements?x=2", "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\"," +
            "\"quantity\":0}", "move-q"), 422, "IDEMPOTENCY_KEY_REUSED");
    }

    private static Client.Response load(final String path, final String csv, final String key) throws Exception
    {
        return admin.send(admin.base(path).header("Content-Type", "text/csv").header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(csv)).build());
    }

    @Test
    void idempotentRetriesReturnTheFirstResponse() throws Exception
    {
        final String body = "{\"type\":\"stocktake\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":10}";
        final Client.Response first = admin.post("/v1/movements", body, "count-1");
        final Client.Response retry = admin.post("/v1/movements", body, "count-1");
        assertEquals(200, first.status());
        assertEquals(first.raw().body(), retry.raw().body());
        rejected(admin.post("/v1/movements", body.replace("10}", "9}"), "count-1"), 422, "IDEMPOTENCY_KEY_REUSED");
    }
}

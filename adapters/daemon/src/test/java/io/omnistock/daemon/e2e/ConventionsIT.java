package io.omnistock.daemon.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API's HTTP conventions against the real daemon: Allow on 405, 201 with Location for
 * creations, X-Request-Id and traceparent (echoed, logged), errors in the API's own words, CORS for
 * the configured origins only, and per-route latency and JVM metrics.
 */
class ConventionsIT
{
    private static final String ORIGIN = "https://shop.example";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    private static Path dir;
    private static DaemonProcess daemon;
    private static Client admin;

    @BeforeAll
    static void start() throws Exception
    {
        dir = Files.createTempDirectory("omnistock-conventions");
        daemon = new DaemonProcess(dir.resolve("data"), Map.of("OMNISTOCK_HTTP_CORS_ORIGINS",
            ORIGIN + ", http://localhost:3000", "OMNISTOCK_METRICS_LATENCY_WINDOW_SECONDS", "2")).start();
        admin = new Client(daemon, daemon.adminKey()).checkingContract();
        admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
        admin.ok("/v1/locations", "{\"code\":\"W1\",\"tier\":\"warehouse\",\"lat\":31.3,\"lon\":121.5}");
        admin.ok("/v1/skus", "{\"code\":\"TEA\"}");
        admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"W1\",\"sku\":\"TEA\",\"quantity\":10}");
    }

    @AfterAll
    static void stop() throws Exception
    {
        Contract.report("ConventionsIT");
        daemon.close();
    }

    private static HttpRequest.Builder request(final String method, final String path)
    {
        return admin.base(path).method(method, HttpRequest.BodyPublishers.noBody());
    }

    @Test
    void a405NamesTheMethodsThePathTakes() throws Exception
    {
        final Client.Response skus = admin.send(request("DELETE", "/v1/skus").build());
        assertEquals(405, skus.status());
        assertEquals("METHOD_NOT_ALLOWED", skus.code());
        assertEquals("GET, POST", skus.raw().headers().firstValue("Allow").orElse(null), "GET lists, POST defines");
        final Client.Response hook = admin.send(request("PUT", "/v1/admin/webhooks/abc").build());
        assertEquals(405, hook.status());
        assertEquals("DELETE, GET", hook.raw().headers().firstValue("Allow").orElse(null));
        assertTrue(hook.body().at("/error/message").asText().contains("DELETE, GET"), hook.body().toString());
    }

    @Test
    void creationsAre201WithTheLocationOfWhatWasCreated() throws Exception
    {
        final Client.Response sku = admin.post("/v1/skus", "{\"code\":\"GREEN TEA\"}");
        assertEquals(201, sku.status(), sku.body().toString());
        final String location = sku.raw().headers().firstValue("Location").orElseThrow();
        assertEquals("/v1/skus/GREEN%20TEA", location);
        assertEquals(200, admin.get(location).status(), "the Location names the new SKU");

        final Client.Response channel = admin.post("/v1/channels", "{\"code\":\"app\",\"holdTtlSeconds\":600}", "ch-1");
        assertEquals(201, channel.status(), channel.body().toString());
        assertEquals("/v1/channels/app", channel.raw().headers().firstValue("Location").orElse(null));
        final Client.Response replay = admin.post("/v1/channels", "{\"code\":\"app\",\"holdTtlSeconds\":600}", "ch-1");
        assertEquals(201, replay.status(), "a retry gets the first answer, Location too");
        assertEquals("/v1/channels/app", replay.raw().headers().firstValue("Location").orElse(null));
        assertEquals(channel.raw().body(), replay.raw().body());

        final Client.Response transfer = admin.post("/v1/transfers",
            "{\"transferId\":77,\"from\":\"W1\",\"to\":\"S1\",\"sku\":\"TEA\",\"quantity\":2}");
        assertEquals(201, transfer.status(), transfer.body().toString());
        assertEquals("/v1/transfers/77", transfer.raw().headers().firstValue("Location").orElse(null));
        assertEquals(200, admin.get("/v1/transfers/77").status());

        final Client.Response duplicate = admin.post("/v1/skus", "{\"code\":\"TEA\"}");
        assertEquals(409, duplicate.status(), "a refused creation stays an error");
        assertFalse(duplicate.raw().headers().firstValue("Location").isPresent());
    }

    @Test
    void ordersAndReservationsAre201WithLocationTheirReplaysTooAndARefusedOrderIsNoCreation() throws Exception
    {
        admin.ok("/v1/skus", "{\"code\":\"MATCHA\"}");
        admin.ok("/v1/channels", "{\"code\":\"shop web\",\"holdTtlSeconds\":600}");
        admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"W1\",\"sku\":\"MATCHA\",\"quantity\":5}");
        final String order = "{\"orderId\":501,\"channel\":\"shop web\",\"type\":\"regular\",\"lat\":31.2," +
            "\"lon\":121.4,\"lines\":[{\"sku\":\"MATCHA\",\"quantity\":1}]}";
        final Client.Response routed = admin.post("/v1/orders", order, "order-501");
        assertEquals(201, routed.status(), routed.body().toString());
        assertEquals("HELD", routed.body().path("state").asText());
        final String location = routed.raw().headers().firstValue("Location").orElseThrow();
        assertEquals("/v1/orders/501?channel=shop+web", location, "a key bound to no channel reads it naming the channel");
        assertEquals(501, admin.get(location).body().path("orderId").asLong(), "the Location reads the order");
        final Client.Response replay = admin.post("/v1/orders", order, "order-501");
        assertEquals(201, replay.status(), "a retry answers as the first did");
        assertEquals(location, replay.raw().headers().firstValue("Location").orElse(null));
        assertEquals(routed.raw().body(), replay.raw().body());

        final Client.Response refused = admin.post("/v1/orders", order.replace("501", "502").replace(
            "\"quantity\":1", "\"quantity\":500"), "order-502");
        assertEquals(409, refused.status(), "an order that cannot be routed is refused, not created: " + refused.body());
        assertFalse(refused.raw().headers().firstValue("Location").isPresent());
        assertEquals(409, admin.post("/v1/orders", order.replace("501", "502").replace("\"quantity\":1",
            "\"quantity\":500"), "order-502").status(), "and its retry is the same refusal");

        final String reserve = "{\"reservationId\":9,\"channel\":\"shop web\",\"location\":\"W1\",\"sku\":\"MATCHA\"," +
            "\"quantity\":2}";
        final Client.Response held = admin.post("/v1/reservations", reserve, "reserve-9");
        assertEquals(201, held.status(), held.body().toString());
        assertEquals("/v1/reservations/9?channel=shop+web", held.raw().headers().firstValue("Location").orElse(null));
        final Client.Response heldAgain = admin.post("/v1/reservations", reserve, "reserve-9");
        assertEquals(201, heldAgain.status());
        assertEquals(held.raw().body(), heldAgain.raw().body());
        assertEquals(200, admin.post("/v1/reservations/9/release?channel=shop+web", "{\"quantity\":1}").status(),
            "a release creates nothing");
        final Client.Response taken = admin.post("/v1/reservations", reserve);
        assertEquals(409, taken.status(), "the number is still open: " + taken.body());
        assertFalse(taken.raw().headers().firstValue("Location").isPresent());
    }

    @Test
    void aCreationTheEngineRecognisesAsARetryKeepsItsStatus() throws Exception
    {
        // idempotency.responses=0: no first answer is kept, so every retry is recognised by the engine.
        try (DaemonProcess forgetful = new DaemonProcess(dir.resolve("forgetful"),
            Map.of("OMNISTOCK_IDEMPOTENCY_RESPONSES", "0")).start())
        {
            final Client client = new Client(forgetful, forgetful.adminKey()).checkingContract();
            client.ok("/v1/locations", "{\"code\":\"W1\",\"tier\":\"warehouse\",\"lat\":31.3,\"lon\":121.5}");
            client.ok("/v1/skus", "{\"code\":\"TEA\"}");
            client.ok("/v1/channels", "{\"code\":\"web\",\"holdTtlSeconds\":600}");
            client.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"W1\",\"sku\":\"TEA\",\"quantity\":5}");
            final String order = "{\"orderId\":1,\"channel\":\"web\",\"type\":\"regular\",\"lat\":31.2,\"lon\":121.4," +
                "\"lines\":[{\"sku\":\"TEA\",\"quantity\":1}]}";
            assertEquals(201, client.post("/v1/orders", order, "o-1").status());
            final Client.Response retried = client.post("/v1/orders", order, "o-1");
            assertEquals(201, retried.status(), retried.body().toString());
            assertTrue(retried.body().path("replayed").asBoolean(), retried.body().toString());
            assertEquals("/v1/orders/1?channel=web", retried.raw().headers().firstValue("Location").orElse(null));
            final String reserve = "{\"reservationId\":3,\"channel\":\"web\",\"location\":\"W1\",\"sku\":\"TEA\"," +
                "\"quantity\":1}";
            assertEquals(201, client.post("/v1/reservations", reserve, "r-3").status());
            final Client.Response again = client.post("/v1/reservations", reserve, "r-3");
            assertEquals(201, again.status(), again.body().toString());
            assertTrue(again.body().path("replayed").asBoolean(), again.body().toString());
        }
    }

    @Test
    void aRequestIdIsEchoedTakenFromTheClientWhenSaneAndMadeUpOtherwise() throws Exception
    {
        final Client.Response given = admin.send(admin.base("/v1/skus/TEA").header("X-Request-Id", "order-42/a").build());
        assertEquals("order-42/a", given.raw().headers().firstValue("X-Request-Id").orElse(null));

        final Client.Response none = admin.get("/v1/skus/TEA");
        final Client.Response next = admin.get("/v1/skus/TEA");
        final String made = none.raw().headers().firstValue("X-Request-Id").orElseThrow();
        assertNotEquals(made, next.raw().headers().firstValue("X-Request-Id").orElseThrow(), "one id per request");

        final Client.Response tooLong = admin.send(admin.base("/v1/skus/TEA").header("X-Request-Id", "x".repeat(129))
            .build());
        final String replaced = tooLong.raw().headers().firstValue("X-Request-Id").orElseThrow();
        assertTrue(replaced.length() < 40, replaced);
        final Client.Response spaces = admin.send(admin.base("/v1/skus/TEA").header("X-Request-Id", "a b").build());
        assertNotEquals("a b", spaces.raw().headers().firstValue("X-Request-Id").orElseThrow());

        // Errors before any route (a 404) carry one too.
        final Client.Response unknown = admin.send(admin.base("/v1/nothing").header("X-Request-Id", "r-404").build());
        assertEquals(404, unknown.status());
        assertEquals("r-404", unknown.raw().headers().firstValue("X-Request-Id").orElse(null));
    }

    @Test
    void theRequestIdAndTraceIdAreInTheRequestsLogLines() throws Exception
    {
        // A bulk load whose client goes away mid-body is logged (one WARN line): it names the request.
        try (Socket socket = RawHttp.connect(daemon, 5_000))
        {
            RawHttp.send(socket, "POST /v1/stock/load HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                daemon.adminKey() + "\r\nContent-Type: text/csv\r\nContent-Length: 100000\r\nX-Request-Id: load-7\r\n" +
                "traceparent: " + TRACEPARENT + "\r\n\r\nlocation,sku,quantity\nW1,TEA,5\n");
            Thread.sleep(300);
        }
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (!daemon.log().contains("bulk load ended") && System.nanoTime() < deadline)
        {
            Thread.sleep(100);
        }
        final String line = daemon.log().lines().filter(l -> l.contains("bulk load ended")).findFirst().orElse("");
        assertTrue(line.contains("requestId=load-7 traceId=" + TRACE_ID), daemon.log());
    }

    @Test
    void typeErrorsAreInTheApisWordsAndEnumErrorsListTheValues() throws Exception
    {
        final Client.Response fraction = admin.post("/v1/movements",
            "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":1.5}");
        assertEquals(400, fraction.status());
        assertEquals("INVALID_FIELD", fraction.code());
        assertEquals("'quantity' must be a whole number, got a fraction", fraction.body().at("/error/message").asText());

        final Client.Response text = admin.post("/v1/movements",
            "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":\"5\"}");
        assertEquals("'quantity' must be a whole number, got a string", text.body().at("/error/message").asText());

        final Client.Response number = admin.post("/v1/movements",
            "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":7,\"quantity\":5}");
        assertEquals("'sku' must be a string, got a whole number", number.body().at("/error/message").asText());

        final Client.Response huge = admin.post("/v1/movements",
            "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":99999999999999999999}");
        assertEquals(400, huge.status());
        assertTrue(huge.body().at("/error/message").asText().startsWith("'quantity' is out of range"), huge.body().toString());

        for (final Client.Response r : new Client.Response[] {fraction, text, number, huge})
        {
            final String message = r.body().at("/error/message").asText();
            assertFalse(message.contains("Cannot") || message.contains("CoercionConfig") || message.contains("java."),
                "no library's words: " + message);
        }

        final Client.Response tier = admin.post("/v1/locations",
            "{\"code\":\"X1\",\"tier\":\"castle\",\"lat\":31.2,\"lon\":121.4}");
        assertEquals(422, tier.status(), tier.body().toString());
        assertTrue(tier.body().at("/error/message").asText().contains("'tier' must be one of warehouse, front-warehouse, store, got 'castle'"),
            tier.body().toString());
    }

    @Test
    void corsAnswersAllowedOriginsAndTheirPreflightsOnly() throws Exception
    {
        final Client.Response preflight = admin.send(admin.base("/v1/orders").header("Origin", ORIGIN)
            .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type")
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(204, preflight.status());
        assertEquals(ORIGIN, preflight.raw().headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertEquals("GET, POST", preflight.raw().headers().firstValue("Access-Control-Allow-Methods").orElse(null));
        assertTrue(preflight.raw().headers().firstValue("Access-Control-Allow-Headers").orElse("")
            .contains("Idempotency-Key"));

        final Client.Response get = admin.send(admin.base("/v1/skus/TEA").header("Origin", ORIGIN).build());
        assertEquals(200, get.status());
        assertEquals(ORIGIN, get.raw().headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(get.raw().headers().firstValue("Access-Control-Expose-Headers").orElse("").contains("X-Request-Id"));

        final Client.Response stranger = admin.send(admin.base("/v1/skus/TEA").header("Origin", "https://evil.example")
            .build());
        assertEquals(200, stranger.status(), "served, but the browser gets no CORS permission");
        assertFalse(stranger.raw().headers().firstValue("Access-Control-Allow-Origin").isPresent());
        final Client.Response strangerPreflight = admin.send(admin.base("/v1/orders").header("Origin", "https://evil.example")
            .header("Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(403, strangerPreflight.status());
        assertEquals("CORS_ORIGIN_NOT_ALLOWED", strangerPreflight.code());
        assertFalse(strangerPreflight.raw().headers().firstValue("Access-Control-Allow-Origin").isPresent());
    }

    @Test
    void withoutCorsOriginsThereAreNoCorsHeaders() throws Exception
    {
        try (DaemonProcess plain = new DaemonProcess(dir.resolve("plain")).start())
        {
            final Client client = new Client(plain, plain.adminKey());
            final Client.Response get = client.send(client.base("/v1/admin/keys").header("Origin", ORIGIN).build());
            assertEquals(200, get.status());
            assertFalse(get.raw().headers().firstValue("Access-Control-Allow-Origin").isPresent());
            final Client.Response preflight = client.send(client.base("/v1/orders").header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
            assertEquals(405, preflight.status(), "no CORS: OPTIONS is a method no route takes");
            assertEquals("GET, POST", preflight.raw().headers().firstValue("Allow").orElse(null));
        }
    }

    @Test
    void metricsHaveLatencyPerRouteTemplateAndJvmFigures() throws Exception
    {
        admin.get("/v1/skus/TEA");
        admin.get("/v1/skus/NO-SUCH");
        final String metrics = admin.send(admin.base("/metrics").build()).raw().body();
        assertTrue(metrics.contains("omnistock_http_request_duration_seconds_count{method=\"GET\",route=\"/v1/skus/{sku}\"}"),
            metrics);
        assertFalse(metrics.contains("route=\"/v1/skus/TEA\""), "templates, never raw paths");
        assertTrue(metrics.contains("jvm_memory_used_bytes{area=\"heap\"}"), metrics);
        assertTrue(metrics.contains("process_cpu_seconds_total"), metrics);
        assertTrue(metrics.contains("jvm_gc_collection_seconds_total"), metrics);
    }

    @Test
    void engineLatencyQuantilesCoverTheWindowOnlyWhileCountsCoverTheDaemonsLife() throws Exception
    {
        admin.ok("/v1/channels", "{\"code\":\"metrics-web\",\"holdTtlSeconds\":600}");
        final String promise = "{\"channel\":\"metrics-web\",\"type\":\"regular\",\"lat\":31.2,\"lon\":121.4," +
            "\"lines\":[{\"sku\":\"TEA\",\"quantity\":1}]}";
        for (int i = 0; i < 3; i++)
        {
            assertEquals(200, admin.post("/v1/promise", promise).status());
        }
        final String p99 = "omnistock_command_latency_seconds{type=\"QUERY_PROMISE\",quantile=\"0.99\"} ";
        final String count = "omnistock_command_latency_seconds_count{type=\"QUERY_PROMISE\"} 3";
        final String fresh = admin.send(admin.base("/metrics").build()).raw().body();
        assertTrue(fresh.contains(count), fresh);
        final double seconds = Double.parseDouble(fresh.split(java.util.regex.Pattern.quote(p99), 2)[1].split("\n")[0]);
        assertTrue(seconds > 0 && seconds < 5, "a quantile of the last 2 s: " + seconds);
        // metrics.latency-window-seconds=2: with no promise since, the quantiles forget them (NaN), the count stays.
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        String later = fresh;
        while (!later.contains(p99 + "NaN") && System.nanoTime() < deadline)
        {
            Thread.sleep(200);
            later = admin.send(admin.base("/metrics").build()).raw().body();
        }
        assertTrue(later.contains(p99 + "NaN"), later);
        assertTrue(later.contains(count), later);
    }
}

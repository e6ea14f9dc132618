package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks end to end: the real daemon delivers to a real HTTP receiver that fails on purpose (the
 * test allow-lists loopback): signed deliveries in journal order, retries until taken, a receiver
 * that never answers holding up no one else, resumption from the cursor after a restart, and bad
 * subscriptions refused with nothing changed.
 */
class WebhooksIT
{
    private static final Map<String, String> ENV = Map.of(
        "OMNISTOCK_WEBHOOKS_ALLOW_TARGETS", "127.0.0.0/8",
        "OMNISTOCK_WEBHOOKS_RETRY_INITIAL_MS", "50",
        "OMNISTOCK_WEBHOOKS_RETRY_MAX_MS", "400",
        "OMNISTOCK_WEBHOOKS_TIMEOUT_MS", "3000",
        "OMNISTOCK_SNAPSHOT_INTERVAL_SECONDS", "0");

    @TempDir
    Path dir;

    private static void define(final Client admin) throws Exception
    {
        admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
        admin.ok("/v1/skus", "{\"code\":\"TEA\"}");
    }

    /** @return the journal sequence of a receipt of {@code quantity} TEA at S1. */
    private static long receive(final Client admin, final int quantity) throws Exception
    {
        return admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":" +
            quantity + "}").get("sequence").asLong();
    }

    /** @return {id, secret} of a new subscription. */
    private static String[] subscribe(final Client admin, final String url, final String kinds) throws Exception
    {
        final Client.Response r = admin.post("/v1/admin/webhooks", "{\"url\":\"" + url + "\",\"kinds\":" + kinds + "}");
        assertEquals(201, r.status(), r.raw().body());
        return new String[] {r.body().get("id").asText(), r.body().get("secret").asText()};
    }

    private static void await(final String what, final long seconds, final BooleanSupplier done) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("not within " + seconds + " s: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** The receiver's check, written here from the documented scheme rather than taken from the daemon. */
    static boolean signedWith(final WebhookReceiver.Received r, final String secret) throws Exception
    {
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((r.timestamp() + ".").getBytes(StandardCharsets.UTF_8));
        final String expected = HexFormat.of().formatHex(mac.doFinal(r.body()));
        final long now = TimeUnit.MILLISECONDS.toSeconds(System.currentTimeMillis());
        return r.signature().startsWith("t=" + r.timestamp() + ",") && Math.abs(now - Long.parseLong(r.timestamp())) < 300 &&
            List.of(r.signature().split(",")).contains("v1=" + expected);
    }

    /** @return the delivery of {@code sequence} the receiver took (answered 2xx). */
    private static WebhookReceiver.Received delivery(final WebhookReceiver receiver, final String path, final long sequence)
    {
        return receiver.at(path).stream().filter(r -> r.status() / 100 == 2 && r.id().equals(Long.toString(sequence)))
            .findFirst().orElseThrow();
    }

    private static List<Long> distinctInOrder(final List<Long> ids)
    {
        return new ArrayList<>(new LinkedHashSet<>(ids));
    }

    private static double metric(final String metrics, final String name, final String subscription, final String outcome)
    {
        final Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$").matcher(metrics);
        while (m.find())
        {
            if (m.group(1).contains("subscription=\"" + subscription + "\"") &&
                (outcome == null || m.group(1).contains("outcome=\"" + outcome + "\"")))
            {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no " + name + " for " + subscription + " in\n" + metrics);
    }

    @Test
    void deliversSignedInOrderRetriesAndAHangingReceiverHoldsUpNoOne() throws Exception
    {
        try (WebhookReceiver receiver = new WebhookReceiver();
             DaemonProcess daemon = new DaemonProcess(dir.resolve("data"), ENV).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            define(admin);
            receiver.failNext("/flaky", 3);
            receiver.hang("/hang");
            final String[] hanging = subscribe(admin, receiver.url("/hang"), "[\"stock_changed\"]");
            final String[] ok = subscribe(admin, receiver.url("/ok"), "[\"STOCK_CHANGED\"]");
            final String[] flaky = subscribe(admin, receiver.url("/flaky"), "[\"stock-changed\"]");
            final List<Long> sequences = new ArrayList<>();
            for (int i = 1; i <= 5; i++)
            {
                sequences.add(receive(admin, i));
            }

            // The hanging receiver holds its own loop only: the others get everything meanwhile.
            await("5 deliveries to /ok", 10, () -> receiver.acknowledged("/ok").size() >= 5);
            assertEquals(sequences, distinctInOrder(receiver.acknowledged("/ok")), "in journal order, the sequence as id");
            long onHand = 0;
            for (int i = 0; i < 5; i++)
            {
                final WebhookReceiver.Received r = delivery(receiver, "/ok", sequences.get(i));
                assertTrue(signedWith(r, ok[1]), r.signature());
                assertFalse(signedWith(r, flaky[1]), "another subscription's secret does not verify");
                final JsonNode body = Client.JSON.readTree(r.body());
                assertEquals(Long.toString(sequences.get(i)), body.get("id").asText());
                assertEquals(ok[0], body.get("subscription").asText());
                final JsonNode event = body.get("events").get(0);
                assertEquals("STOCK_CHANGED", event.get("kind").asText());
                onHand += i + 1;
                assertEquals(onHand, event.get("onHand").asLong(), body.toString());
            }

            await("5 deliveries to /flaky", 10, () -> receiver.acknowledged("/flaky").size() >= 5);
            assertEquals(sequences, distinctInOrder(receiver.acknowledged("/flaky")));
            final List<WebhookReceiver.Received> flakyAttempts = receiver.at("/flaky");
            assertEquals(List.of(500, 500, 500, 204), flakyAttempts.subList(0, 4).stream().map(WebhookReceiver.Received::status).toList());
            assertEquals(List.of("1", "2", "3", "4"), flakyAttempts.subList(0, 4).stream().map(WebhookReceiver.Received::attempt).toList());
            assertTrue(flakyAttempts.stream().allMatch(r -> r.id().equals(Long.toString(sequences.get(0))) || r.status() == 204),
                "no later delivery before the first was taken");

            await("an attempt at /hang", 10, () -> !receiver.at("/hang").isEmpty());
            assertEquals(Long.toString(sequences.get(0)), receiver.at("/hang").get(0).id());
            await("the hanging subscription's failed attempts", 10,
                () -> get(admin, "/v1/admin/webhooks/" + hanging[0]).path("failed").asLong() >= 1);
            final JsonNode hangingStatus = get(admin, "/v1/admin/webhooks/" + hanging[0]);
            assertEquals(0, hangingStatus.get("delivered").asLong(), hangingStatus.toString());
            assertNotNull(hangingStatus.get("lastError").textValue(), hangingStatus.toString());
            assertFalse(hangingStatus.has("secret"), "the secret is shown on creation and rotation only");

            final String metrics = admin.get("/metrics").raw().body();
            assertEquals(5, metric(metrics, "omnistock_webhook_deliveries_total", ok[0], "delivered"));
            assertTrue(metric(metrics, "omnistock_webhook_deliveries_total", flaky[0], "failed") >= 3, metrics);
            assertTrue(metric(metrics, "omnistock_webhook_lag", hanging[0], null) >= 5, metrics);
            assertEquals(0, metric(metrics, "omnistock_webhook_deliveries_total", hanging[0], "delivered"));

            // Rotation: during the overlap each delivery carries a signature by each secret.
            final Client.Response rotated = admin.post("/v1/admin/webhooks/" + ok[0] + "/rotate-secret", "{\"overlapSeconds\":60}");
            assertEquals(200, rotated.status(), rotated.raw().body());
            final String newSecret = rotated.body().get("secret").asText();
            assertFalse(newSecret.equals(ok[1]));
            assertTrue(rotated.body().has("previousSecretValidUntil"), rotated.body().toString());
            final long afterRotation = receive(admin, 6);
            await("the delivery after rotation", 10, () -> receiver.acknowledged("/ok").contains(afterRotation));
            final WebhookReceiver.Received signedTwice = delivery(receiver, "/ok", afterRotation);
            assertTrue(signedWith(signedTwice, newSecret) && signedWith(signedTwice, ok[1]), signedTwice.signature());
            final Client.Response noOverlap = admin.post("/v1/admin/webhooks/" + ok[0] + "/rotate-secret", "{\"overlapSeconds\":0}");
            final String third = noOverlap.body().get("secret").asText();
            final long afterSecond = receive(admin, 7);
            await("the delivery after the second rotation", 10, () -> receiver.acknowledged("/ok").contains(afterSecond));
            final WebhookReceiver.Received signedOnce = delivery(receiver, "/ok", afterSecond);
            assertTrue(signedWith(signedOnce, third) && !signedWith(signedOnce, newSecret), signedOnce.signature());

            // A channel subscription: its channel's order events only.
            admin.ok("/v1/channels", "{\"code\":\"app\",\"holdTtlSeconds\":600}");
            admin.ok("/v1/channels", "{\"code\":\"mall\",\"holdTtlSeconds\":600}");
            final Client.Response appOnly = admin.post("/v1/admin/webhooks", "{\"url\":\"" + receiver.url("/app") +
                "\",\"kinds\":[\"ORDER_CHANGED\"],\"channel\":\"app\"}");
            assertEquals(201, appOnly.status(), appOnly.raw().body());
            admin.ok("/v1/orders", order("mall", 1));
            final long appOrder = admin.ok("/v1/orders", order("app", 2)).get("sequence").asLong();
            await("the app order's delivery", 10, () -> !receiver.acknowledged("/app").isEmpty());
            // Journal order: had the mall order (journaled first) been wanted, it would have come first.
            assertEquals(List.of(appOrder), distinctInOrder(receiver.acknowledged("/app")));
            final JsonNode appEvent = Client.JSON.readTree(receiver.at("/app").get(0).body()).get("events").get(0);
            assertEquals("app", appEvent.get("channel").asText(), appEvent.toString());

            final Client.Response deleted = admin.send(admin.base("/v1/admin/webhooks/" + hanging[0]).DELETE().build());
            assertEquals(200, deleted.status(), deleted.raw().body());
            assertEquals(404, admin.get("/v1/admin/webhooks/" + hanging[0]).status());
            final JsonNode list = get(admin, "/v1/admin/webhooks");
            assertEquals(List.of(ok[0], flaky[0], appOnly.body().get("id").asText()), ids(list));
        }
    }

    @Test
    void resumesFromItsCursorAfterARestartWithoutSkipping() throws Exception
    {
        final Path data = dir.resolve("data");
        final List<Long> sequences = new ArrayList<>();
        final String[] sub;
        try (WebhookReceiver receiver = new WebhookReceiver())
        {
            try (DaemonProcess daemon = new DaemonProcess(data, ENV).start())
            {
                final Client admin = new Client(daemon, daemon.adminKey());
                define(admin);
                sub = subscribe(admin, receiver.url("/r"), "[\"STOCK_CHANGED\"]");
                for (int i = 1; i <= 3; i++)
                {
                    sequences.add(receive(admin, i));
                }
                await("3 deliveries", 10, () -> receiver.acknowledged("/r").size() >= 3);
                // The receiver goes down: what comes now waits in the journal, behind the cursor.
                receiver.failNext("/r", Integer.MAX_VALUE);
                sequences.add(receive(admin, 4));
                sequences.add(receive(admin, 5));
                await("a failed attempt", 10, () -> receiver.at("/r").stream().anyMatch(r -> r.status() == 500));
                assertEquals(143, daemon.terminate(), "SIGTERM is a clean stop");
            }
            receiver.failNext("/r", 0);
            try (DaemonProcess again = new DaemonProcess(data, ENV).start())
            {
                final Client admin = new Client(again, again.adminKey());
                assertEquals(200, admin.get("/v1/admin/webhooks/" + sub[0]).status());
                sequences.add(receive(admin, 6));
                await("6 deliveries", 15, () -> receiver.acknowledged("/r").size() >= 6);
                assertEquals(sequences, receiver.acknowledged("/r"),
                    "everything once, in order: the graceful stop wrote the cursor, nothing is skipped");
                for (final WebhookReceiver.Received r : receiver.at("/r"))
                {
                    assertTrue(signedWith(r, sub[1]), "the stored secret signs after the restart");
                }
            }
        }
    }

    @Test
    void refusesBadSubscriptionsAndChangesNothing() throws Exception
    {
        final Map<String, String> env = new java.util.HashMap<>(ENV);
        env.put("OMNISTOCK_WEBHOOKS_MAX_SUBSCRIPTIONS", "1");
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data"), env).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            admin.ok("/v1/channels", "{\"code\":\"app\",\"holdTtlSeconds\":600}");
            final String k = ",\"kinds\":[\"ORDER_CHANGED\"]}";
            final Map<String, String> refusals = new java.util.LinkedHashMap<>();
            refusals.put("{\"url\":\"ftp://127.0.0.1/x\"" + k, "400 INVALID_URL");
            refusals.put("{\"url\":\"file:///etc/passwd\"" + k, "400 INVALID_URL");
            refusals.put("{\"url\":\"http://u:p@127.0.0.1/x\"" + k, "400 INVALID_URL");
            refusals.put("{\"url\":\"http://10.0.0.1/x\"" + k, "400 FORBIDDEN_TARGET");
            refusals.put("{\"url\":\"http://192.168.1.10/x\"" + k, "400 FORBIDDEN_TARGET");
            refusals.put("{\"url\":\"http://169.254.169.254/latest/meta-data\"" + k, "400 FORBIDDEN_TARGET");
            refusals.put("{\"url\":\"http://[::1]:9/x\"" + k, "400 FORBIDDEN_TARGET");
            refusals.put("{\"url\":\"http://[fe80::1]:9/x\"" + k, "400 FORBIDDEN_TARGET");
            refusals.put("{\"kinds\":[\"ORDER_CHANGED\"]}", "400 MISSING_FIELD");
            refusals.put("{\"url\":\"http://127.0.0.1:9/x\"}", "400 MISSING_FIELD");
            refusals.put("{\"url\":\"http://127.0.0.1:9/x\",\"kinds\":[]}", "400 INVALID_FIELD");
            refusals.put("{\"url\":\"http://127.0.0.1:9/x\",\"kinds\":[\"ORDER_SHIPPED\"]}", "400 INVALID_FIELD");
            refusals.put("{\"url\":\"http://127.0.0.1:9/x\",\"kinds\":[\"ORDER_CHANGED\"],\"channel\":\"nope\"}", "404 UNKNOWN_CHANNEL");
            refusals.put("{\"url\":\"http://127.0.0.1:9/x\",\"kinds\":[\"ORDER_CHANGED\"],\"secret\":\"mine\"}", "400 UNKNOWN_FIELD");
            refusals.put("{\"url\":7" + k, "400 INVALID_FIELD");
            refusals.put("not json", "400 MALFORMED_JSON");
            for (final Map.Entry<String, String> e : refusals.entrySet())
            {
                final Client.Response r = admin.post("/v1/admin/webhooks", e.getKey());
                assertEquals(e.getValue(), r.status() + " " + r.code(), e.getKey() + " -> " + r.raw().body());
                assertFalse(r.body().path("error").path("message").asText().isEmpty(), r.raw().body());
            }
            assertEquals(List.of(), ids(get(admin, "/v1/admin/webhooks")), "nothing was created");
            assertFalse(Files.exists(dir.resolve("data").resolve("webhooks.json")), "nothing was written");

            final String eventsKey = admin.ok("/v1/admin/keys", "{\"name\":\"watcher\",\"scopes\":[\"events\"]}").get("key").asText();
            final Client watcher = new Client(daemon, eventsKey);
            assertEquals(403, watcher.post("/v1/admin/webhooks", "{\"url\":\"http://127.0.0.1:9/x\"" + k).status());
            assertEquals(403, watcher.get("/v1/admin/webhooks").status());

            final String[] one = subscribe(admin, "http://127.0.0.1:9/x", "[\"ORDER_CHANGED\"]");
            final Client.Response second = admin.post("/v1/admin/webhooks", "{\"url\":\"http://127.0.0.1:9/y\"" + k);
            assertEquals("409 TOO_MANY_WEBHOOKS", second.status() + " " + second.code(), second.raw().body());
            final Client.Response badOverlap = admin.post("/v1/admin/webhooks/" + one[0] + "/rotate-secret", "{\"overlapSeconds\":-1}");
            assertEquals("400 INVALID_FIELD", badOverlap.status() + " " + badOverlap.code());
            for (final Client.Response unknown : List.of(admin.get("/v1/admin/webhooks/wh_nope"),
                admin.send(admin.base("/v1/admin/webhooks/wh_nope").DELETE().build()),
                admin.post("/v1/admin/webhooks/wh_nope/rotate-secret", "{}")))
            {
                assertEquals("404 UNKNOWN_WEBHOOK", unknown.status() + " " + unknown.code());
            }
            assertEquals(List.of(one[0]), ids(get(admin, "/v1/admin/webhooks")));
            assertTrue(Files.readString(dir.resolve("data").resolve("webhooks.json")).contains(one[1]),
                "the one subscription, its secret unchanged by the refused rotation");
        }
    }

    private static String order(final String channel, final int orderId)
    {
        return "{\"orderId\":" + orderId + ",\"channel\":\"" + channel + "\",\"type\":\"regular\",\"lat\":31.2," +
            "\"lon\":121.4,\"lines\":[{\"sku\":\"TEA\",\"quantity\":1}]}";
    }

    private static JsonNode get(final Client admin, final String path)
    {
        try
        {
            final Client.Response r = admin.get(path);
            assertEquals(200, r.status(), path + " " + r.raw().body());
            return r.body();
        }
        catch (final Exception e)
        {
            throw new AssertionError(e);
        }
    }

    private static List<String> ids(final JsonNode list)
    {
        final List<String> ids = new ArrayList<>();
        list.get("webhooks").forEach(w -> ids.add(w.get("id").asText()));
        return ids;
    }
}

package io.omnistock.daemon.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-key rate limits: a key over its rate gets 429 RATE_LIMITED with Retry-After; other keys do not notice. */
class RateLimitIT
{
    @Test
    void aKeyOverItsRateIs429WithRetryAfterAndOtherKeysAreServed() throws Exception
    {
        final Path dir = Files.createTempDirectory("omnistock-rate-limit");
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data"), Map.of(
            "OMNISTOCK_HTTP_RATE_LIMIT_PER_SECOND", "2", "OMNISTOCK_HTTP_RATE_LIMIT_BURST", "4")).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            final Client.Response created = admin.post("/v1/admin/keys", "{\"name\":\"ops\",\"scopes\":[\"admin\"]}");
            assertEquals(201, created.status(), created.body().toString());
            final Client ops = new Client(daemon, created.body().get("key").asText());
            Thread.sleep(2_100);

            final List<Client.Response> burst = new ArrayList<>();
            for (int i = 0; i < 8; i++)
            {
                burst.add(admin.get("/v1/admin/keys"));
            }
            for (int i = 0; i < 4; i++)
            {
                assertEquals(200, burst.get(i).status(), "a full bucket takes the burst: " + burst.get(i).body());
            }
            final Client.Response refused = burst.stream().filter(r -> r.status() == 429).findFirst()
                .orElseThrow(() -> new AssertionError("8 requests at once, 4 allowed at 2/s: some must be refused"));
            assertEquals("RATE_LIMITED", refused.code(), refused.body().toString());
            assertEquals("1", refused.raw().headers().firstValue("Retry-After").orElse(null));
            assertTrue(refused.body().at("/error/message").asText().contains("'admin"), refused.body().toString());

            final Client.Response other = ops.get("/v1/admin/keys");
            assertEquals(200, other.status(), "another key has its own bucket: " + other.body());
            assertEquals(200, admin.get("/health").status(), "public routes are not counted, key or not");
            assertEquals(200, new Client(daemon, null).get("/ready").status());
            final Client.Response batch = admin.post("/v1/batch", "{\"commands\":[]}");
            assertEquals(429, batch.status(), "a batch is a request of its key: " + batch.body());

            Thread.sleep(1_100);
            assertEquals(200, admin.get("/v1/admin/keys").status(), "a token comes back within Retry-After");
        }
    }
}

package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The listener opens before the journal replays: during a long recovery /health is 200, /ready is
 * 503 with the replay's progress and a write is 503 with Retry-After; progress is logged.
 */
class RecoveryProbesIT
{
    private static final int LINES = 1_500_000;

    @TempDir
    Path dir;

    @Test
    void probesAreAnsweredWhileTheJournalReplays() throws Exception
    {
        final Path data = dir.resolve("data");
        // No snapshots, and a kill -9 (no shutdown snapshot): the restart replays every command.
        final Map<String, String> env = Map.of("OMNISTOCK_SNAPSHOT_INTERVAL_SECONDS", "0");
        try (DaemonProcess first = new DaemonProcess(data, env).start())
        {
            final Client admin = new Client(first, first.adminKey());
            admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
            admin.ok("/v1/skus", "{\"code\":\"TEA\"}");
            final Client.Response loaded = admin.send(admin.base("/v1/stock/load?mode=receive")
                .header("Content-Type", "text/csv").timeout(java.time.Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofString("location,sku,quantity\n" + "S1,TEA,1\n".repeat(LINES)))
                .build());
            assertEquals(200, loaded.status(), loaded.raw().body());
            assertTrue(loaded.raw().body().contains("\"applied\":" + LINES), loaded.raw().body());
            first.kill9();
        }
        final DaemonProcess again = new DaemonProcess(data, env);
        try (again)
        {
            again.startWithoutWaiting();
            final Client admin = new Client(again, again.adminKey());
            int recoveringAnswers = 0;
            long lastReplayed = -1;
            final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (System.nanoTime() < deadline)
            {
                final Client.Response health;
                try
                {
                    health = admin.get("/health");
                }
                catch (final IOException notListening)
                {
                    Thread.sleep(5);
                    continue;
                }
                assertEquals(200, health.status(), health.raw().body());
                final Client.Response ready = admin.get("/ready");
                if (ready.status() == 200)
                {
                    break;
                }
                assertEquals(503, ready.status(), ready.raw().body());
                assertEquals("NOT_READY", ready.code());
                final JsonNode recovery = ready.body().get("recovery");
                assertTrue(recovery != null && recovery.has("replayedCommands") && recovery.has("targetSequence"),
                    ready.raw().body());
                assertTrue(recovery.get("replayedCommands").asLong() >= lastReplayed, "progress only grows");
                lastReplayed = recovery.get("replayedCommands").asLong();
                final Client.Response write = admin.post("/v1/movements",
                    "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":1}");
                if (write.status() == 503)
                {
                    assertEquals("RECOVERING", write.code(), write.raw().body());
                    assertEquals("1", write.raw().headers().firstValue("Retry-After").orElse(null));
                    recoveringAnswers++;
                }
                else
                {
                    // Recovery ended between the two calls: the write went through.
                    assertEquals(200, write.status(), write.raw().body());
                }
            }
            assertTrue(recoveringAnswers > 0, "never saw the daemon recovering:\n" + again.log());
            final String log = again.log();
            final java.util.regex.Matcher took = java.util.regex.Pattern.compile("recovered sequence=\\d+ millis=(\\d+)")
                .matcher(log);
            assertTrue(took.find(), log);
            System.out.println("recovery took " + took.group(1) + " ms");
            // Logged every second while it lasts.
            assertTrue(Long.parseLong(took.group(1)) < 1_500 || log.contains("recovering replayed="),
                "recovery progress is logged:\n" + log);
            assertTrue(log.indexOf("recovering url=") < log.lastIndexOf("recovered sequence="), log);
            // Nothing acknowledged was lost, and the writes refused during recovery were not applied.
            final long onHand = admin.get("/v1/positions/S1/TEA").body().at("/position/onHand").asLong();
            assertTrue(onHand >= LINES && onHand <= LINES + 1, "on hand " + onHand);
        }
    }
}

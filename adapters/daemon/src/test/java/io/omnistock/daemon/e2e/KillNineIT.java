package io.omnistock.daemon.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 while eight clients write: every acknowledged receipt survives the restart, a key reused
 * for a different request is still refused after it, and
 * retrying every request with its Idempotency-Key applies each exactly once.
 */
class KillNineIT
{
    private static final int CLIENTS = 8;

    @TempDir
    Path dir;

    @Test
    void noAcknowledgedWriteIsLost() throws Exception
    {
        final Path data = dir.resolve("data");
        final ConcurrentHashMap<String, Integer> acknowledged = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, Integer> sent = new ConcurrentHashMap<>();
        try (DaemonProcess daemon = new DaemonProcess(data).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
            admin.ok("/v1/skus", "{\"code\":\"TEA\"}");
            final AtomicBoolean stop = new AtomicBoolean();
            final CountDownLatch warm = new CountDownLatch(CLIENTS * 50);
            final List<Thread> writers = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++)
            {
                final int client = c;
                final Thread t = new Thread(() ->
                {
                    for (int i = 0; !stop.get(); i++)
                    {
                        final String key = "c" + client + "-" + i;
                        final int quantity = 1 + (i % 7);
                        sent.put(key, quantity);
                        try
                        {
                            final Client.Response r = admin.post("/v1/movements", "{\"type\":\"receive\"," +
                                "\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":" + quantity + "}", key);
                            if (r.status() == 200)
                            {
                                acknowledged.put(key, quantity);
                                warm.countDown();
                            }
                        }
                        catch (final Exception daemonGone)
                        {
                            return;
                        }
                    }
                });
                t.start();
                writers.add(t);
            }
            warm.await();
            daemon.kill9();
            stop.set(true);
            for (final Thread t : writers)
            {
                t.join();
            }
        }
        final long acked = acknowledged.values().stream().mapToLong(Integer::longValue).sum();
        final long all = sent.values().stream().mapToLong(Integer::longValue).sum();
        try (DaemonProcess again = new DaemonProcess(data).start())
        {
            final Client admin = new Client(again, again.adminKey());
            final long onHand = admin.get("/v1/positions/S1/TEA").body().at("/position/onHand").asLong();
            assertTrue(onHand >= acked, "lost acknowledged writes: on hand " + onHand + " < acknowledged " + acked);
            assertTrue(onHand <= all, "applied more than was sent");
            // Clients retry what they did not see answered; the engine applies each key once.
            for (final var e : sent.entrySet())
            {
                final Client.Response r = admin.post("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\"," +
                    "\"sku\":\"TEA\",\"quantity\":" + e.getValue() + "}", e.getKey());
                assertEquals(200, r.status(), r.body().toString());
            }
            assertEquals(all, admin.get("/v1/positions/S1/TEA").body().at("/position/onHand").asLong());
            // A key used before the kill, now for a different request, is refused and applies nothing.
            final String reused = acknowledged.keys().nextElement();
            final Client.Response r = admin.post("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\"," +
                "\"sku\":\"TEA\",\"quantity\":" + (acknowledged.get(reused) + 100) + "}", reused);
            assertEquals(422, r.status(), r.body().toString());
            assertEquals("IDEMPOTENCY_KEY_REUSED", r.body().at("/error/code").asText());
            assertEquals(all, admin.get("/v1/positions/S1/TEA").body().at("/position/onHand").asLong());
        }
    }
}

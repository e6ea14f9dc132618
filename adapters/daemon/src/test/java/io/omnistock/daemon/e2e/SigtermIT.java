package io.omnistock.daemon.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM while eight clients write: the daemon stops within a generous bound with status 143,
 * every request in flight gets an answer or a closed connection (none hangs until the client's
 * timeout), every acknowledged write survives the restart, and retries apply each key once.
 */
class SigtermIT
{
    private static final int CLIENTS = 8;

    @TempDir
    Path dir;

    @Test
    void acknowledgedWritesSurviveAGracefulStop() throws Exception
    {
        final Path data = dir.resolve("data");
        final ConcurrentHashMap<String, Integer> acknowledged = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, Integer> sent = new ConcurrentHashMap<>();
        final AtomicInteger hung = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
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
                            else if (r.status() == 503)
                            {
                                // SHUTTING_DOWN or NOT_READY: an answer; retried later with the same key.
                                refused.incrementAndGet();
                            }
                            else
                            {
                                throw new AssertionError(r.status() + " " + r.body());
                            }
                        }
                        catch (final HttpTimeoutException e)
                        {
                            hung.incrementAndGet();
                            return;
                        }
                        catch (final java.io.IOException | InterruptedException daemonGone)
                        {
                            return;
                        }
                    }
                });
                t.start();
                writers.add(t);
            }
            warm.await();
            final long start = System.nanoTime();
            final int status = daemon.terminate();
            final long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            stop.set(true);
            for (final Thread t : writers)
            {
                t.join(TimeUnit.SECONDS.toMillis(40));
                assertFalse(t.isAlive(), "a writer is still waiting for an answer");
            }
            assertEquals(143, status, daemon.log());
            assertTrue(seconds <= 30, "stopped after " + seconds + " s");
            assertEquals(0, hung.get(), "requests left without an answer or a closed connection");
            assertTrue(daemon.log().contains("stopped; journal flushed"), daemon.log());
        }
        final long acked = acknowledged.values().stream().mapToLong(Integer::longValue).sum();
        final long all = sent.values().stream().mapToLong(Integer::longValue).sum();
        try (DaemonProcess again = new DaemonProcess(data).start())
        {
            final Client admin = new Client(again, again.adminKey());
            final long onHand = admin.get("/v1/positions/S1/TEA").body().at("/position/onHand").asLong();
            assertTrue(onHand >= acked, "lost acknowledged writes: on hand " + onHand + " < acknowledged " + acked);
            assertTrue(onHand <= all, "applied more than was sent");
            for (final var e : sent.entrySet())
            {
                final Client.Response r = admin.post("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\"," +
                    "\"sku\":\"TEA\",\"quantity\":" + e.getValue() + "}", e.getKey());
                assertEquals(200, r.status(), r.body().toString());
            }
            assertEquals(all, admin.get("/v1/positions/S1/TEA").body().at("/position/onHand").asLong());
        }
    }
}

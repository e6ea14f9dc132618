package io.omnistock.daemon.e2e;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that each post keyed receipts of TEA at S1 until stopped, or until the daemon goes away,
 * remembering what they sent and what was acknowledged: the load of the crash and shutdown tests.
 */
final class ReceiptWriters
{
    private final Map<String, Integer> sent = new ConcurrentHashMap<>();
    private final Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
    /** When each key was acknowledged (System.nanoTime). */
    private final Map<String, Long> acknowledgedAt = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final AtomicInteger hung = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch warm;
    private final List<Thread> threads = new ArrayList<>();

    /**
     * Defines S1 and TEA through {@code admin}, starts {@code clients} writers and returns once
     * they are under way: the common start of the crash and shutdown tests.
     */
    static ReceiptWriters startOn(final Client admin, final int clients) throws Exception
    {
        admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
        admin.ok("/v1/skus", "{\"code\":\"TEA\"}");
        final ReceiptWriters writers = new ReceiptWriters(java.util.Collections.nCopies(clients, admin));
        writers.awaitWarm();
        return writers;
    }

    /**
     * Starts a writer on each of {@code clients} (writer i's keys are {@code c<i>-<n>}); {@link #awaitWarm}
     * returns once each had 50 receipts acknowledged on average.
     */
    ReceiptWriters(final List<Client> clients)
    {
        warm = new CountDownLatch(clients.size() * 50);
        for (int c = 0; c < clients.size(); c++)
        {
            final int writer = c;
            final Client client = clients.get(c);
            final Thread t = new Thread(() -> write(client, writer));
            t.start();
            threads.add(t);
        }
    }

    private void write(final Client client, final int writer)
    {
        for (int i = 0; !stop.get(); i++)
        {
            final String key = "c" + writer + "-" + i;
            final int quantity = 1 + (i % 7);
            sent.put(key, quantity);
            try
            {
                final Client.Response r = client.post("/v1/movements", body(quantity), key);
                if (r.status() == 200)
                {
                    acknowledged.put(key, quantity);
                    acknowledgedAt.put(key, System.nanoTime());
                    warm.countDown();
                }
                else if (r.status() != 503)
                {
                    // 503 (shutting down, not ready) is an answer: the key is retried after the restart.
                    unexpected.add(r.status() + " " + r.body());
                }
            }
            catch (final HttpTimeoutException e)
            {
                hung.incrementAndGet();
                return;
            }
            catch (final IOException | InterruptedException daemonGone)
            {
                return;
            }
        }
    }

    static String body(final int quantity)
    {
        return "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":" + quantity + "}";
    }

    void awaitWarm() throws InterruptedException
    {
        warm.await();
    }

    /** Stops the writers and waits for each; returns whether all of them ended in time. */
    boolean stopAndJoin() throws InterruptedException
    {
        stop.set(true);
        boolean ended = true;
        for (final Thread t : threads)
        {
            t.join(TimeUnit.SECONDS.toMillis(40));
            ended &= !t.isAlive();
        }
        return ended;
    }

    Map<String, Integer> sent()
    {
        return sent;
    }

    Map<String, Integer> acknowledged()
    {
        return acknowledged;
    }

    /** @return writes acknowledged after {@code nanos} (System.nanoTime). */
    long acknowledgedSince(final long nanos)
    {
        return acknowledgedAt.values().stream().filter(t -> t - nanos > 0).count();
    }

    /** @return a key of writer {@code writer}'s that was acknowledged, or null. */
    String acknowledgedBy(final int writer)
    {
        return acknowledged.keySet().stream().filter(k -> k.startsWith("c" + writer + "-")).findFirst().orElse(null);
    }

    long sentUnits()
    {
        return sent.values().stream().mapToLong(Integer::longValue).sum();
    }

    long acknowledgedUnits()
    {
        return acknowledged.values().stream().mapToLong(Integer::longValue).sum();
    }

    /**
     * After the restart: nothing acknowledged is missing, nothing unsent was applied, and a retry of
     * every key, as clients resend what they saw no answer to, applies each exactly once.
     */
    void assertNothingLostAndRetriesApplyOnce(final Client admin) throws Exception
    {
        final long acked = acknowledgedUnits();
        final long all = sentUnits();
        final long onHand = onHand(admin);
        assertTrue(onHand >= acked, "lost acknowledged writes: on hand " + onHand + " < acknowledged " + acked);
        assertTrue(onHand <= all, "applied more than was sent");
        for (final var e : sent.entrySet())
        {
            final Client.Response r = admin.post("/v1/movements", body(e.getValue()), e.getKey());
            assertEquals(200, r.status(), r.body().toString());
        }
        assertEquals(all, onHand(admin));
    }

    static long onHand(final Client admin) throws Exception
    {
        return admin.get("/v1/positions/S1/TEA").body().at("/position/onHand").asLong();
    }

    /** Requests that timed out at the client: neither an answer nor a closed connection. */
    int hung()
    {
        return hung.get();
    }

    /** Answers other than 200 and 503. */
    List<String> unexpected()
    {
        return List.copyOf(unexpected);
    }
}

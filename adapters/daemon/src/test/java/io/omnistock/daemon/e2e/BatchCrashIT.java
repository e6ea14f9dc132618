package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batches and failures: clients posting batches of keyed receipts (TEA) while one client sends a
 * batch of 1,000 receipts (COFFEE) and hangs up without reading the answer; then kill -9. After the
 * restart no acknowledged element is lost, each element of the abandoned batch was applied whole or
 * not at all (retried, exactly the ones already applied answer as replayed), and retrying every
 * batch applies each element once.
 */
class BatchCrashIT
{
    private static final int CLIENTS = 4;
    private static final int PER_BATCH = 16;
    private static final int ABANDONED = 1_000;

    @TempDir
    Path dir;

    private final Map<String, Integer> sent = new ConcurrentHashMap<>();
    private final Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    /** Every element sent, for the retry after the restart. */
    private final ConcurrentLinkedQueue<String> elementsSent = new ConcurrentLinkedQueue<>();

    @Test
    void noAcknowledgedElementIsLostAndNoElementIsHalfApplied() throws Exception
    {
        final Path data = dir.resolve("data");
        final String abandoned = abandonedBatch();
        try (DaemonProcess daemon = new DaemonProcess(data).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
            admin.ok("/v1/skus", "{\"code\":\"TEA\"}");
            admin.ok("/v1/skus", "{\"code\":\"COFFEE\"}");
            final AtomicBoolean stop = new AtomicBoolean();
            final CountDownLatch warm = new CountDownLatch(CLIENTS * 5);
            final List<Thread> writers = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++)
            {
                final int writer = c;
                final Thread t = new Thread(() -> write(admin, writer, stop, warm));
                t.start();
                writers.add(t);
            }
            assertTrue(warm.await(60, TimeUnit.SECONDS), "the writers' batches are answered");
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), daemon.port()))
            {
                final byte[] body = abandoned.getBytes(StandardCharsets.UTF_8);
                final OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + daemon.adminKey() +
                    "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                // Hangs up without reading a byte of the answer.
            }
            // The kill comes while the abandoned batch is under way: once its first elements are applied.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (onHand(admin, "COFFEE") == 0 && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            daemon.kill9();
            stop.set(true);
            for (final Thread t : writers)
            {
                t.join(TimeUnit.SECONDS.toMillis(40));
                assertTrue(!t.isAlive(), "a writer is still waiting for an answer");
            }
            assertEquals(List.of(), List.copyOf(unexpected));
        }
        try (DaemonProcess again = new DaemonProcess(data).start())
        {
            final Client admin = new Client(again, again.adminKey());
            final long tea = onHand(admin, "TEA");
            final long acked = acknowledged.values().stream().mapToLong(Integer::longValue).sum();
            final long all = sent.values().stream().mapToLong(Integer::longValue).sum();
            assertTrue(acked > 0 && tea >= acked, "lost acknowledged elements: on hand " + tea + " < " + acked);
            assertTrue(tea <= all, "applied more than was sent");
            // Retried in batches of up to 1,000: an element is the same request in any batch.
            final List<String> retries = new ArrayList<>(elementsSent);
            for (int from = 0; from < retries.size(); from += ABANDONED)
            {
                final String batch = "[" + String.join(",", retries.subList(from, Math.min(retries.size(),
                    from + ABANDONED))) + "]";
                for (final JsonNode r : results(admin.post("/v1/batch", batch)))
                {
                    assertEquals(200, r.get("status").asInt(), r.toString());
                }
            }
            assertEquals(all, onHand(admin, "TEA"), "every element applied once");

            final long coffee = onHand(admin, "COFFEE");
            int replayed = 0;
            for (final JsonNode r : results(admin.post("/v1/batch", abandoned)))
            {
                assertEquals(200, r.get("status").asInt(), r.toString());
                replayed += r.at("/body/replayed").asBoolean() ? 1 : 0;
            }
            assertEquals(coffee, replayed, "the elements applied before the crash are exactly those replayed");
            assertEquals(ABANDONED, onHand(admin, "COFFEE"));
        }
    }

    private void write(final Client client, final int writer, final AtomicBoolean stop, final CountDownLatch warm)
    {
        for (int b = 0; !stop.get(); b++)
        {
            final List<String> elements = new ArrayList<>();
            final List<String> keys = new ArrayList<>();
            for (int i = 0; i < PER_BATCH; i++)
            {
                final String key = "c" + writer + "-" + b + "-" + i;
                final int quantity = 1 + (i % 7);
                sent.put(key, quantity);
                keys.add(key);
                elements.add(BatchIT.element("/v1/movements", key, BatchIT.receipt("TEA", quantity)));
            }
            final String batch = "[" + String.join(",", elements) + "]";
            elementsSent.addAll(elements);
            try
            {
                final Client.Response r = client.post("/v1/batch", batch);
                if (r.status() != 200)
                {
                    unexpected.add(r.status() + " " + r.body());
                    continue;
                }
                final JsonNode results = r.body().get("results");
                for (int i = 0; i < PER_BATCH; i++)
                {
                    final int status = results.get(i).get("status").asInt();
                    if (status == 200)
                    {
                        acknowledged.put(keys.get(i), sent.get(keys.get(i)));
                    }
                    else if (status != 503)
                    {
                        unexpected.add(results.get(i).toString());
                    }
                }
                warm.countDown();
            }
            catch (final IOException | InterruptedException daemonGone)
            {
                return;
            }
        }
    }

    private static String abandonedBatch()
    {
        final List<String> elements = new ArrayList<>();
        for (int i = 0; i < ABANDONED; i++)
        {
            elements.add(BatchIT.element("/v1/movements", "gone-" + i, BatchIT.receipt("COFFEE", 1)));
        }
        return "[" + String.join(",", elements) + "]";
    }

    private static JsonNode results(final Client.Response r)
    {
        assertEquals(200, r.status(), r.body().toString());
        return r.body().get("results");
    }

    private static long onHand(final Client admin, final String sku) throws Exception
    {
        return admin.get("/v1/positions/S1/" + sku).body().at("/position/onHand").asLong();
    }
}

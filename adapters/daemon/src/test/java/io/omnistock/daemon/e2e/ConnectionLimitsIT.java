package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast path's protection against clients that would hold the daemon's resources, against the
 * real daemon over raw sockets, with short limits: too many connections, a head or a body that does
 * not arrive, an idle connection, a client that pipelines without reading its answers. Each time
 * the daemon keeps serving other clients.
 */
class ConnectionLimitsIT
{
    private static final int MAX_CONNECTIONS = 6;
    private static final int READ_TIMEOUT_MILLIS = 1_000;
    private static final int IDLE_TIMEOUT_MILLIS = 3_000;

    @TempDir
    static Path dir;
    private static DaemonProcess daemon;
    private static String key;
    /** One client throughout: each holds a keep-alive connection, and connections are capped here. */
    private static Client admin;

    @BeforeAll
    static void start() throws Exception
    {
        daemon = new DaemonProcess(dir.resolve("data"), Map.of(
            "OMNISTOCK_HTTP_MAX_CONNECTIONS", Integer.toString(MAX_CONNECTIONS),
            "OMNISTOCK_HTTP_REQUEST_READ_TIMEOUT_MS", Integer.toString(READ_TIMEOUT_MILLIS),
            "OMNISTOCK_HTTP_IDLE_TIMEOUT_MS", Integer.toString(IDLE_TIMEOUT_MILLIS),
            // One worker: a body that stalls on a worker route holds every worker there is.
            "OMNISTOCK_HTTP_WORKER_THREADS", "1")).start();
        key = daemon.adminKey();
        admin = new Client(daemon, key);
        admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
        admin.ok("/v1/skus", "{\"code\":\"TEA\"}");
    }

    @AfterAll
    static void stop() throws Exception
    {
        daemon.close();
    }

    @Test
    void connectionsOverTheCapAreAnswered503AndClosed() throws Exception
    {
        awaitOpenConnections(0);
        final List<Socket> held = new ArrayList<>();
        try
        {
            for (int i = 0; i < MAX_CONNECTIONS; i++)
            {
                final Socket socket = RawHttp.connect(daemon, 5_000);
                held.add(socket);
                RawHttp.send(socket, RawHttp.get(key, "/health"));
                assertEquals(200, RawHttp.read(socket.getInputStream()).status());
            }
            try (Socket over = RawHttp.connect(daemon, 5_000))
            {
                RawHttp.send(over, RawHttp.get(key, "/health"));
                final RawHttp.Response refused = RawHttp.read(over.getInputStream());
                assertEquals(503, refused.status(), refused.head());
                assertEquals("1", refused.header("Retry-After"), refused.head());
                assertEquals("close", refused.header("Connection"), refused.head());
                assertEquals("TOO_MANY_CONNECTIONS", Client.JSON.readTree(refused.body()).at("/error/code").asText());
                assertEquals(-1, over.getInputStream().read(), "closed after the answer");
            }
            // Those already connected are served all along.
            RawHttp.send(held.get(0), RawHttp.post(key, "/v1/movements", receipt(1), ""));
            assertEquals(200, RawHttp.read(held.get(0).getInputStream()).status());
        }
        finally
        {
            for (final Socket socket : held)
            {
                socket.close();
            }
        }
        // A closed connection frees its place; the refusal is counted.
        final String metrics = awaitOpenConnections(0);
        assertTrue(metric(metrics, "omnistock_http_connections_refused_total") >= 1, metrics);
    }

    @Test
    void aHeadThatDoesNotArriveInTimeClosesTheConnection() throws Exception
    {
        try (Socket slow = RawHttp.connect(daemon, 10_000))
        {
            // One header line every 200 ms keeps the connection busy, never finished: the head's time is what counts.
            final Thread dribble = new Thread(() ->
            {
                try
                {
                    RawHttp.send(slow, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
                    for (int i = 0; i < 50; i++)
                    {
                        Thread.sleep(200);
                        RawHttp.send(slow, "X-Slow-" + i + ": 1\r\n");
                    }
                }
                catch (final IOException | InterruptedException closed)
                {
                    // The daemon closed the connection: what the test waits for.
                }
            });
            dribble.start();
            Thread.sleep(200);
            assertServesOthers();
            final long millis = RawHttp.millisUntilClosed(slow);
            assertTrue(millis <= 3 * READ_TIMEOUT_MILLIS, "closed after " + millis + " ms");
            dribble.join(5_000);
        }
    }

    @Test
    void aStalledBodyClosesTheConnectionAndFreesTheWorker() throws Exception
    {
        final String body = "{\"code\":\"COFFEE\"}";
        final String head = RawHttp.post(key, "/v1/skus", body, "");
        try (Socket stalled = RawHttp.connect(daemon, 10_000); Socket waiting = RawHttp.connect(daemon, 10_000);
             Socket stalledIo = RawHttp.connect(daemon, 10_000))
        {
            // A definition's handler runs on the only worker and blocks reading a body that stops halfway.
            RawHttp.send(stalled, head.substring(0, head.length() - 5));
            Thread.sleep(100);
            final long start = System.nanoTime();
            RawHttp.send(waiting, RawHttp.get(key, "/ready"));
            // On the I/O-thread path, a stalled body holds no thread, but its connection closes too.
            final String movement = RawHttp.post(key, "/v1/movements", receipt(1), "");
            RawHttp.send(stalledIo, movement.substring(0, movement.length() - 5));
            assertServesOthers();
            assertTrue(RawHttp.millisUntilClosed(stalled) <= 3 * READ_TIMEOUT_MILLIS);
            assertTrue(RawHttp.millisUntilClosed(stalledIo) <= 3 * READ_TIMEOUT_MILLIS);
            // The request that queued for the worker is answered once the stalled one is dropped.
            assertEquals(200, RawHttp.read(waiting.getInputStream()).status());
            final long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waitedMillis >= READ_TIMEOUT_MILLIS / 2, "the worker was held " + waitedMillis + " ms");
        }
        assertEquals(404, admin.get("/v1/skus/COFFEE").status(), "the stalled definition applied nothing");
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception
    {
        try (Socket idle = RawHttp.connect(daemon, 10_000))
        {
            RawHttp.send(idle, RawHttp.get(key, "/health"));
            assertEquals(200, RawHttp.read(idle.getInputStream()).status());
            final long millis = RawHttp.millisUntilClosed(idle);
            assertTrue(millis >= IDLE_TIMEOUT_MILLIS - 500 && millis <= IDLE_TIMEOUT_MILLIS + 3_000,
                "closed after " + millis + " ms idle");
        }
    }

    /**
     * A client that pipelines far more requests than the buffers between it and the daemon hold, and
     * reads no answer for a while: the daemon stops reading that connection (it has nowhere to put the
     * answers) and serves others meanwhile; once the client reads, every request is answered, in order.
     */
    @Test
    void aPipelinedBurstBeyondTheBuffersWaitsForItsReaderAndIsAnsweredInOrder() throws Exception
    {
        // 300 answers of 40 KB (the OpenAPI document) are three times what the socket buffers can
        // hold (4 MiB at most on the daemon's side here); the receipts behind them wait their turn.
        final int documents = 300;
        final int receipts = 200;
        final long before = onHand();
        try (Socket socket = new Socket())
        {
            // A small fixed receive buffer: the answers the daemon can leave unread are mostly in its own.
            socket.setReceiveBufferSize(64 * 1024);
            socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), daemon.port()));
            socket.setSoTimeout(30_000);
            final byte[] document = RawHttp.get(key, "/openapi.yaml").getBytes(StandardCharsets.UTF_8);
            final byte[] receipt = RawHttp.post(key, "/v1/movements", receipt(1), "").getBytes(StandardCharsets.UTF_8);
            final Thread writer = new Thread(() ->
            {
                try
                {
                    final OutputStream out = socket.getOutputStream();
                    for (int i = 0; i < documents + receipts; i++)
                    {
                        out.write(i < documents ? document : receipt);
                    }
                    out.flush();
                }
                catch (final IOException e)
                {
                    // Failed below: fewer answers than requests.
                }
            });
            writer.start();
            Thread.sleep(1_500);
            // Other clients are served meanwhile; this one's receipts are not read yet.
            assertServesOthers();
            assertEquals(before + 1, onHand(), "no receipt of the unread connection applied");
            final InputStream in = RawHttp.in(socket);
            for (int i = 0; i < documents; i++)
            {
                final RawHttp.Response answer = RawHttp.read(in);
                assertEquals(200, answer.status(), answer.head());
                assertTrue(answer.body().startsWith("openapi: "), "answer " + i);
            }
            for (int i = 1; i <= receipts; i++)
            {
                final RawHttp.Response answer = RawHttp.read(in);
                assertEquals(200, answer.status(), answer.head());
                final JsonNode position = Client.JSON.readTree(answer.body()).path("position");
                assertEquals(before + 1 + i, position.path("onHand").asLong(), "receipt " + i + " answered in order");
            }
            writer.join(5_000);
            assertFalse(writer.isAlive());
        }
        assertEquals(before + 1 + receipts, onHand());
    }

    private static String receipt(final int quantity)
    {
        return "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":" + quantity + "}";
    }

    private static long onHand() throws Exception
    {
        return ReceiptWriters.onHand(admin);
    }

    /** Another client meanwhile: a receipt on a new connection is answered at once. */
    private static void assertServesOthers() throws IOException
    {
        try (Socket other = RawHttp.connect(daemon, READ_TIMEOUT_MILLIS / 2))
        {
            RawHttp.send(other, RawHttp.post(key, "/v1/movements", receipt(1), "Connection: close\r\n"));
            assertEquals(200, RawHttp.read(other.getInputStream()).status());
        }
    }

    /**
     * Waits until the daemon has {@code others} connections open besides the one asking (earlier
     * clients' keep-alive connections close on the idle timeout). @return the last metrics read.
     */
    private static String awaitOpenConnections(final int others) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(IDLE_TIMEOUT_MILLIS * 3L);
        String metrics = "";
        while (System.nanoTime() < deadline)
        {
            try (Socket socket = RawHttp.connect(daemon, 5_000))
            {
                RawHttp.send(socket, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key +
                    "\r\nConnection: close\r\n\r\n");
                final RawHttp.Response response = RawHttp.read(socket.getInputStream());
                metrics = response.body();
                if (response.status() == 200 && metric(metrics, "omnistock_http_connections") == others + 1)
                {
                    return metrics;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not " + others + " other connections open:\n" + metrics);
    }

    private static double metric(final String metrics, final String name)
    {
        final Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(metrics);
        assertTrue(m.find(), name + " in\n" + metrics);
        assertNotNull(m.group(1));
        return Double.parseDouble(m.group(1));
    }
}

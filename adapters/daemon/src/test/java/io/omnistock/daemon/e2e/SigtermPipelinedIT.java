package io.omnistock.daemon.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM during a pipelined burst of orders: on every connection, each request is answered (201,
 * or 503 once the daemon drains), in order, or the connection closes after the last answered one;
 * none is left hanging. After a restart every order answered 201 is there, and none answered 503.
 */
class SigtermPipelinedIT
{
    private static final int CONNECTIONS = 4;
    private static final int ORDERS_PER_CONNECTION = 3_000;
    /** Far more than a graceful stop takes: a read that waits this long is a hang. */
    private static final int HANG_MILLIS = 20_000;

    @TempDir
    Path dir;

    /** One pipelining connection: its orders and the status each answered one got, in order. */
    private static final class Burst
    {
        final int connection;
        final List<Integer> statuses = new CopyOnWriteArrayList<>();
        final List<String> outOfOrder = new CopyOnWriteArrayList<>();
        volatile String ending;

        Burst(final int connection)
        {
            this.connection = connection;
        }

        long orderId(final int i)
        {
            return (connection + 1) * 1_000_000L + i;
        }
    }

    @Test
    void everyPipelinedRequestIsAnsweredOrRefusedAndNoneHangs() throws Exception
    {
        final Path data = dir.resolve("data");
        final List<Burst> bursts = new ArrayList<>();
        final String log;
        try (DaemonProcess daemon = new DaemonProcess(data).start())
        {
            final String key = daemon.adminKey();
            final Client admin = new Client(daemon, key);
            admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
            admin.ok("/v1/skus", "{\"code\":\"TEA\"}");
            admin.ok("/v1/channels", "{\"code\":\"app\",\"holdTtlSeconds\":3600}");
            admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":1000000}");
            final List<Thread> threads = new ArrayList<>();
            final List<Socket> sockets = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++)
            {
                final Burst burst = new Burst(c);
                bursts.add(burst);
                final Socket socket = RawHttp.connect(daemon, HANG_MILLIS);
                sockets.add(socket);
                threads.add(new Thread(() -> write(socket, key, burst)));
                threads.add(new Thread(() -> read(socket, burst)));
            }
            threads.forEach(Thread::start);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (bursts.stream().mapToInt(b -> b.statuses.size()).sum() < 400 && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
            }
            final int status = daemon.terminate();
            for (final Thread t : threads)
            {
                t.join(HANG_MILLIS + 10_000);
                assertFalse(t.isAlive(), "a client thread is still waiting");
            }
            for (final Socket socket : sockets)
            {
                socket.close();
            }
            log = daemon.log();
            assertEquals(143, status, log);
        }
        for (final Burst burst : bursts)
        {
            assertEquals(List.of(), burst.outOfOrder, log);
            assertTrue(burst.ending.equals("closed"), "connection " + burst.connection + " ended " + burst.ending);
            assertTrue(burst.statuses.size() < ORDERS_PER_CONNECTION, "the stop came mid-burst");
            final int firstRefused = burst.statuses.indexOf(503);
            for (int i = 0; i < burst.statuses.size(); i++)
            {
                assertEquals(i < firstRefused || firstRefused < 0 ? 201 : 503, burst.statuses.get(i),
                    "connection " + burst.connection + " answer " + i + ": " + burst.statuses);
            }
        }
        assertTrue(bursts.stream().mapToInt(b -> b.statuses.size()).sum() >= 400);
        try (DaemonProcess again = new DaemonProcess(data).start())
        {
            final String key = again.adminKey();
            try (Socket socket = RawHttp.connect(again, HANG_MILLIS))
            {
                for (final Burst burst : bursts)
                {
                    final StringBuilder gets = new StringBuilder();
                    for (int i = 0; i < burst.statuses.size(); i++)
                    {
                        gets.append(RawHttp.get(key, "/v1/orders/" + burst.orderId(i) + "?channel=app"));
                    }
                    RawHttp.send(socket, gets.toString());
                    final InputStream in = RawHttp.in(socket);
                    for (int i = 0; i < burst.statuses.size(); i++)
                    {
                        final RawHttp.Response order = RawHttp.read(in);
                        assertEquals(burst.statuses.get(i) == 201 ? 200 : 404, order.status(),
                            "order " + burst.orderId(i) + " answered " + burst.statuses.get(i) + ": " + order.body());
                    }
                }
            }
        }
    }

    private static void write(final Socket socket, final String key, final Burst burst)
    {
        try
        {
            final OutputStream out = socket.getOutputStream();
            for (int i = 0; i < ORDERS_PER_CONNECTION; i++)
            {
                out.write(RawHttp.post(key, "/v1/orders", "{\"orderId\":" + burst.orderId(i) + ",\"channel\":\"app\",\"type\":\"regular\"," +
                    "\"lat\":31.2,\"lon\":121.4,\"lines\":[{\"sku\":\"TEA\",\"quantity\":1}]}", "")
                    .getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
        }
        catch (final IOException closed)
        {
            // The daemon stopped reading: what is unsent is unanswered, as it should be.
        }
    }

    private static void read(final Socket socket, final Burst burst)
    {
        try
        {
            final InputStream in = RawHttp.in(socket);
            while (true)
            {
                final RawHttp.Response answer = RawHttp.read(in);
                final int i = burst.statuses.size();
                burst.statuses.add(answer.status());
                if (answer.status() == 201 && !answer.body().contains("\"orderId\":" + burst.orderId(i) + ","))
                {
                    burst.outOfOrder.add("answer " + i + " is not order " + burst.orderId(i) + ": " + answer.body());
                }
                else if (answer.status() != 201 && answer.status() != 503)
                {
                    burst.outOfOrder.add("answer " + i + ": " + answer.head() + answer.body());
                }
            }
        }
        catch (final SocketTimeoutException hung)
        {
            burst.ending = "hanging: no answer and no close within " + HANG_MILLIS + " ms";
        }
        catch (final SocketException reset)
        {
            burst.ending = "closed";
        }
        catch (final IOException endOfStream)
        {
            burst.ending = endOfStream.getMessage().startsWith("the connection closed before a response") ?
                "closed" : endOfStream.getMessage();
        }
    }
}

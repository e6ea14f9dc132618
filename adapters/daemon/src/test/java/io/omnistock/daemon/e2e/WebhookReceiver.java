package io.omnistock.daemon.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver of webhook deliveries on loopback, in the test JVM, that fails on purpose:
 * per path it answers 204, or fails a number of times first, or always, or never answers at all.
 */
final class WebhookReceiver implements AutoCloseable
{
    /** One request as received, and what it was answered. */
    record Received(String path, String id, String attempt, String timestamp, String signature, byte[] body, int status)
    {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    private final Map<String, Boolean> hanging = new ConcurrentHashMap<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final List<Received> received = new ArrayList<>();

    WebhookReceiver() throws IOException
    {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(final String path)
    {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next {@code n} requests to {@code path} are answered 500 ({@link Integer#MAX_VALUE}: all). */
    void failNext(final String path, final int n)
    {
        failuresLeft.put(path, new AtomicInteger(n));
    }

    /** Requests to {@code path} are read and never answered (until {@link #close()}). */
    void hang(final String path)
    {
        hanging.put(path, true);
    }

    synchronized List<Received> at(final String path)
    {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** @return the ids acknowledged (answered 2xx) at {@code path}, in the order they came. */
    List<Long> acknowledged(final String path)
    {
        return at(path).stream().filter(r -> r.status() / 100 == 2).map(r -> Long.parseLong(r.id())).toList();
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        final String path = exchange.getRequestURI().getPath();
        final byte[] body;
        try (InputStream in = exchange.getRequestBody())
        {
            body = in.readAllBytes();
        }
        final var h = exchange.getRequestHeaders();
        if (hanging.containsKey(path))
        {
            record(new Received(path, h.getFirst("Omnistock-Webhook-Id"), h.getFirst("Omnistock-Webhook-Attempt"),
                h.getFirst("Omnistock-Webhook-Timestamp"), h.getFirst("Omnistock-Signature"), body, 0));
            try
            {
                released.await(60, TimeUnit.SECONDS);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        final AtomicInteger failures = failuresLeft.get(path);
        final int status = failures != null && failures.getAndDecrement() > 0 ? 500 : 204;
        record(new Received(path, h.getFirst("Omnistock-Webhook-Id"), h.getFirst("Omnistock-Webhook-Attempt"),
            h.getFirst("Omnistock-Webhook-Timestamp"), h.getFirst("Omnistock-Signature"), body, status));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private synchronized void record(final Received r)
    {
        received.add(r);
    }

    @Override
    public void close()
    {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}

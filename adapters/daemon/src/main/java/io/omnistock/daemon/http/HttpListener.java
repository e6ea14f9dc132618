package io.omnistock.daemon.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One HTTP/1.1 (or HTTPS) listener, set up as {@link Undertow#start()} sets up its own, with its
 * defaults. Undertow's builder is not used because it offers no hook on accepted connections,
 * which {@link LazyReadSuspension}, {@link UnparsableRequests}, {@link ChunkedFraming} and
 * {@link ConnectionLimits} need.
 *
 * <p>It opens before the engine recovers, answering through a {@link RecoveryGate}, and serves the
 * API once {@link #serve} hands it over: a probe sees the process alive during a long recovery.
 */
public final class HttpListener implements AutoCloseable
{
    private final XnioWorker worker;
    private final AcceptingChannel<? extends StreamConnection> channel;
    /** Swapped once, from the recovery gate to the API. */
    private volatile HttpHandler serving;

    private HttpListener(final XnioWorker worker, final AcceptingChannel<? extends StreamConnection> channel)
    {
        this.worker = worker;
        this.channel = channel;
    }

    /**
     * @param tls      null for plain HTTP.
     * @param recovery what the gate reports until {@link #serve} is called.
     * @param limits   the caps on connections and read time, from the first connection on.
     * @param ioThreads the I/O threads ({@link #ioThreads}).
     * @throws UncheckedIOException "cannot listen on host:port: reason".
     */
    public static HttpListener open(
        final String host, final int port, final SSLContext tls, final io.omnistock.core.RecoveryProgress recovery,
        final ConnectionLimits limits, final int ioThreads)
    {
        final HttpListener[] opened = new HttpListener[1];
        final HttpHandler gate = new RecoveryGate(recovery);
        final HttpListener listener = open(host, port, tls, limits, ioThreads, exchange ->
        {
            final HttpHandler current = opened[0] == null ? gate : opened[0].serving;
            current.handleRequest(exchange);
        });
        listener.serving = gate;
        opened[0] = listener;
        return listener;
    }

    /** From now on the API answers every request. */
    public void serve(final HttpApi api)
    {
        serving = api.handler();
    }

    /**
     * The I/O threads: {@code requested} when set; else one per processor and at least two, as
     * Undertow chooses. Fewer would leave the engine's busy threads a core of their own on a small
     * machine (on 2 cores, the compact engine's single writer and one I/O thread), at the price of
     * one thread parsing every connection's requests. On this 2-core machine one and two measured
     * alike within the spread (docs/benchmarks.md run 48), so the default stays Undertow's; the start
     * log names the choice, beside the engine's own line on its thread model.
     *
     * @param requested  {@code http.io-threads}, 0 for the default.
     * @param processors {@code availableProcessors()}.
     */
    public static int ioThreads(final int requested, final int processors)
    {
        return requested > 0 ? requested : Math.max(processors, 2);
    }

    private static HttpListener open(final String host, final int port, final SSLContext tls,
        final ConnectionLimits limits, final int ioThreads, final HttpHandler root)
    {
        final OptionMap server = limits.undertowOptions(OptionMap.builder())
            .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
            .set(UndertowOptions.MAX_ENTITY_SIZE, -1L)
            .set(UndertowOptions.MAX_HEADER_SIZE, 16 * 1024)
            .set(UndertowOptions.DECODE_URL, true)
            // The start of each request, for the per-route latency histograms: one System.nanoTime() a request.
            .set(UndertowOptions.RECORD_REQUEST_START_TIME, true)
            .getMap();
        // 20 bytes short of 16 KiB leave room for protocol headers (UNDERTOW-1209).
        final ByteBufferPool buffers = new DefaultByteBufferPool(true, 16 * 1024 - 20, -1, 4);
        final HttpOpenListener http = new HttpOpenListener(buffers, server);
        http.setRootHandler(limits.watchingBodies(root));
        final ChannelListener<StreamConnection> open = accepted -> limits.open(accepted, connection ->
        {
            LazyReadSuspension.install(connection);
            ChunkedFraming.install(connection);
            UnparsableRequests.install(connection);
            http.handleEvent(connection);
        });
        final Xnio xnio = Xnio.getInstance(Undertow.class.getClassLoader());
        XnioWorker worker = null;
        try
        {
            worker = xnio.createWorker(OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, ioThreads)
                .set(Options.CONNECTION_HIGH_WATER, 1_000_000)
                .set(Options.CONNECTION_LOW_WATER, 1_000_000)
                .set(Options.WORKER_TASK_CORE_THREADS, ioThreads * 8)
                .set(Options.WORKER_TASK_MAX_THREADS, ioThreads * 8)
                .set(Options.TCP_NODELAY, true)
                .set(Options.CORK, true)
                .getMap());
            final OptionMap socket = OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, ioThreads)
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BALANCING_TOKENS, 1)
                .set(Options.BALANCING_CONNECTIONS, 2)
                .set(Options.BACKLOG, 1000)
                .getMap();
            final InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(host), port);
            final AcceptingChannel<? extends StreamConnection> channel = tls == null ?
                worker.createStreamConnectionServer(address, ChannelListeners.openListenerAdapter(open), socket) :
                new UndertowXnioSsl(xnio, OptionMap.create(Options.USE_DIRECT_BUFFERS, true), tls)
                    .createSslConnectionServer(worker, address, ChannelListeners.openListenerAdapter(open), socket);
            channel.resumeAccepts();
            return new HttpListener(worker, channel);
        }
        catch (final IOException e)
        {
            if (worker != null)
            {
                worker.shutdownNow();
            }
            // One line an operator can act on: "cannot listen on 127.0.0.1:8080: address in use".
            final String reason = e instanceof java.net.BindException && e.getMessage() != null &&
                e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("in use") ? "address in use" :
                e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + reason, e);
        }
    }

    public int port()
    {
        return ((InetSocketAddress)channel.getLocalAddress()).getPort();
    }

    /** Stops accepting, then lets the I/O threads finish what they are writing. */
    @Override
    public void close()
    {
        IoUtils.safeClose(channel);
        worker.shutdown();
        try
        {
            worker.awaitTermination();
        }
        catch (final InterruptedException e)
        {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

package io.omnistock.daemon.http;

import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;
import org.xnio.ssl.SslConnection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The listener's protection against clients that would hold its resources: a cap on open
 * connections, and read time limits for slow or silent clients. None of it holds a thread.
 *
 * <ul>
 * <li>Over {@code maxConnections}, a new connection is answered 503 TOO_MANY_CONNECTIONS with
 * Retry-After and closed, on the I/O thread that accepted it. XNIO's own CONNECTION_HIGH_WATER is
 * not used: it stops accepting, which leaves clients connected in the kernel's backlog with no
 * answer until their own timeout.</li>
 * <li>A request head must arrive within {@code requestReadTimeout} of its first byte (Undertow's
 * REQUEST_PARSE_TIMEOUT), and a request body must not stall (its handler waits for bytes and none come) for that long; either way the
 * connection is closed. Closing it frees a worker blocked reading the body. The body's limit is on
 * stalls rather than on its whole time, because a bulk load may rightly stream for minutes.</li>
 * <li>A connection with no request under way is closed after {@code idleTimeout} (Undertow's
 * NO_REQUEST_TIMEOUT), a new one too if it sends nothing.</li>
 * </ul>
 *
 * <p>Requests in flight per connection need no cap of their own: Undertow parses a connection's next
 * request only once the current one is answered, and reads at most one buffer ahead, so a client
 * that pipelines faster than it is answered meets TCP flow control (docs/daemon.md).
 */
public final class ConnectionLimits
{
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimits.class);
    /**
     * How long a refused connection is kept to read what its client sends: closing a socket with
     * unread bytes makes the kernel reset it, and a reset can destroy the 503 before it is read.
     */
    private static final long REFUSAL_LINGER_MILLIS = 1_000;
    /**
     * Longest wait of a blocking read (a worker reading a body) before it looks again: XNIO blocks
     * it in a selector of its own, which closing the connection does not wake.
     */
    private static final long MAX_BLOCKED_READ_MILLIS = 1_000;

    private final int maxConnections;
    private final long requestReadTimeoutMillis;
    private final long idleTimeoutMillis;
    private final byte[] refusal;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger lingering = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong stalledBodies = new AtomicLong();
    /** Each open connection's read progress, for the body stall check of its requests. */
    private final Map<StreamConnection, ReadProgress> progress = new ConcurrentHashMap<>();

    public ConnectionLimits(final int maxConnections, final Duration requestReadTimeout, final Duration idleTimeout)
    {
        this.maxConnections = maxConnections;
        this.requestReadTimeoutMillis = requestReadTimeout.toMillis();
        this.idleTimeoutMillis = idleTimeout.toMillis();
        this.refusal = refusal(maxConnections);
    }

    /** Undertow's options for the head and idle limits. */
    OptionMap.Builder undertowOptions(final OptionMap.Builder options)
    {
        return options
            .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int)requestReadTimeoutMillis)
            .set(UndertowOptions.NO_REQUEST_TIMEOUT, (int)idleTimeoutMillis);
    }

    /**
     * Serves a connection just accepted with {@code serve}, or refuses it when the cap is reached.
     * On the accepting I/O thread.
     */
    void open(final StreamConnection connection, final ChannelListener<StreamConnection> serve)
    {
        if (open.incrementAndGet() > maxConnections)
        {
            open.decrementAndGet();
            refuse(connection);
            return;
        }
        final ReadProgress reads = new ReadProgress(connection.getSourceChannel().getConduit(),
            Math.min(requestReadTimeoutMillis, MAX_BLOCKED_READ_MILLIS));
        final AtomicBoolean released = new AtomicBoolean();
        final Runnable release = () ->
        {
            if (released.compareAndSet(false, true))
            {
                progress.remove(connection);
                open.decrementAndGet();
                reads.cancelWatch();
            }
        };
        connection.getSourceChannel().setConduit(reads);
        progress.put(connection, reads);
        try
        {
            serve.handleEvent(connection);
        }
        finally
        {
            // Undertow sets its own close listener while serving: ours goes around it. A connection
            // closed before that (a request refused at once) is released here.
            final ChannelListener<? super StreamConnection> undertows = connection.getCloseListener();
            connection.setCloseListener(closed ->
            {
                release.run();
                ChannelListeners.invokeChannelListener(closed, undertows);
            });
            if (!connection.isOpen())
            {
                release.run();
            }
        }
    }

    /** {@code next}, with each request's body watched for stalls. */
    HttpHandler watchingBodies(final HttpHandler next)
    {
        return exchange ->
        {
            if (!exchange.isRequestComplete() && exchange.getConnection() instanceof HttpServerConnection http)
            {
                final ReadProgress reads = progress.get(http.getChannel());
                if (reads != null)
                {
                    reads.reading(exchange);
                }
            }
            next.handleRequest(exchange);
        };
    }

    public int openConnections()
    {
        return open.get();
    }

    public long refusedConnections()
    {
        return refused.get();
    }

    public long stalledBodies()
    {
        return stalledBodies.get();
    }

    /** Answers 503 and closes, holding the connection at most {@link #REFUSAL_LINGER_MILLIS}. */
    private void refuse(final StreamConnection connection)
    {
        refused.incrementAndGet();
        // TLS would need a handshake first; and refused connections lingering by the thousand would be
        // a cost of their own: those are closed at once.
        if (connection instanceof SslConnection || lingering.get() >= maxConnections)
        {
            IoUtils.safeClose(connection);
            return;
        }
        lingering.incrementAndGet();
        connection.setCloseListener(closed -> lingering.decrementAndGet());
        try
        {
            // A new connection's send buffer is empty: the answer goes out whole in one write.
            connection.getSinkChannel().write(ByteBuffer.wrap(refusal));
            connection.getSinkChannel().shutdownWrites();
            connection.getSinkChannel().flush();
        }
        catch (final IOException e)
        {
            IoUtils.safeClose(connection);
            return;
        }
        final ByteBuffer discard = ByteBuffer.allocate(512);
        connection.getSourceChannel().setReadListener(source ->
        {
            try
            {
                int read;
                do
                {
                    discard.clear();
                    read = source.read(discard);
                }
                while (read > 0);
                if (read < 0)
                {
                    IoUtils.safeClose(connection);
                }
            }
            catch (final IOException e)
            {
                IoUtils.safeClose(connection);
            }
        });
        connection.getSourceChannel().resumeReads();
        connection.getIoThread().executeAfter(() -> IoUtils.safeClose(connection), REFUSAL_LINGER_MILLIS,
            TimeUnit.MILLISECONDS);
    }

    private static byte[] refusal(final int maxConnections)
    {
        final String body = "{\"error\":{\"code\":\"TOO_MANY_CONNECTIONS\",\"message\":\"the daemon has its maximum of " +
            maxConnections + " connections open (http.max-connections); retry shortly\"}}";
        return ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n" +
            "Retry-After: 1\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body)
            .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Closes the connection of a request whose body stalls. Scheduled when a read of the body first
     * waits, not for every request: a timer per request, scheduled and cancelled on the I/O thread's
     * timer queue, was 3.8% of the I/O threads' CPU samples on single orders, whose bodies arrive with
     * their heads and never wait (async-profiler, docs/benchmarks.md run 55).
     */
    private final class BodyWatch implements Runnable
    {
        private final HttpServerExchange exchange;
        private final ReadProgress reads;
        private volatile XnioExecutor.Key key;

        BodyWatch(final HttpServerExchange exchange, final ReadProgress reads)
        {
            this.exchange = exchange;
            this.reads = reads;
        }

        void schedule(final long delayMillis)
        {
            try
            {
                key = exchange.getIoThread().executeAfter(this, delayMillis, TimeUnit.MILLISECONDS);
            }
            catch (final java.util.concurrent.RejectedExecutionException stopping)
            {
                // The listener is closing: its I/O threads close every connection as they end.
            }
        }

        /** The request is over, or its connection: no need to look again (a race leaves a harmless look). */
        void cancel()
        {
            final XnioExecutor.Key scheduled = key;
            if (scheduled != null)
            {
                scheduled.remove();
            }
        }

        @Override
        public void run()
        {
            if (exchange.isRequestComplete() || exchange.isComplete())
            {
                return;
            }
            final long waitingSince = reads.waitingSinceNanos;
            final long stalledMillis = waitingSince == ReadProgress.NOT_WAITING ? 0 :
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waitingSince);
            if (stalledMillis < requestReadTimeoutMillis)
            {
                schedule(requestReadTimeoutMillis - stalledMillis);
                return;
            }
            stalledBodies.incrementAndGet();
            LOG.debug("closing a connection whose request body stalled for {} ms method={} path={}", stalledMillis,
                exchange.getRequestMethod(), exchange.getRequestPath());
            IoUtils.safeClose(exchange.getConnection());
        }
    }

    /**
     * Under a connection's reads: since when a reader has been waiting for bytes that do not come. A
     * body already received but not yet read (its handler still queued for a worker) is no stall.
     */
    private final class ReadProgress extends AbstractStreamSourceConduit<StreamSourceConduit>
    {
        static final long NOT_WAITING = Long.MIN_VALUE;
        /** Read by the connection's I/O thread, written by whichever thread reads (a worker, for blocking reads). */
        private volatile long waitingSinceNanos = NOT_WAITING;
        /** The request whose body is read now (or was last). */
        private volatile HttpServerExchange reading;
        /** Its body's watch, once a read of it has waited; one at most per connection. */
        private volatile BodyWatch watch;

        private final long blockedReadMillis;

        ReadProgress(final StreamSourceConduit next, final long blockedReadMillis)
        {
            super(next);
            this.blockedReadMillis = blockedReadMillis;
        }

        @Override
        public void awaitReadable() throws IOException
        {
            next.awaitReadable(blockedReadMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void awaitReadable(final long time, final TimeUnit unit) throws IOException
        {
            // Zero or less is no limit at all to XNIO.
            final long millis = time <= 0 ? blockedReadMillis : Math.max(1, Math.min(unit.toMillis(time), blockedReadMillis));
            next.awaitReadable(millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public int read(final ByteBuffer dst) throws IOException
        {
            return progressed(next.read(dst));
        }

        @Override
        public long read(final ByteBuffer[] dsts, final int offset, final int length) throws IOException
        {
            return progressed(next.read(dsts, offset, length));
        }

        @Override
        public long transferTo(final long position, final long count, final FileChannel target) throws IOException
        {
            return progressed(next.transferTo(position, count, target));
        }

        @Override
        public long transferTo(final long count, final ByteBuffer throughBuffer,
            final org.xnio.channels.StreamSinkChannel target) throws IOException
        {
            return progressed(next.transferTo(count, throughBuffer, target));
        }

        private int progressed(final int read)
        {
            progressed((long)read);
            return read;
        }

        /** A request begins whose body is still to come, on the connection's I/O thread. */
        void reading(final HttpServerExchange exchange)
        {
            cancelWatch();
            reading = exchange;
        }

        void cancelWatch()
        {
            final BodyWatch scheduled = watch;
            if (scheduled != null)
            {
                scheduled.cancel();
                watch = null;
            }
        }

        private long progressed(final long read)
        {
            if (read != 0)
            {
                waitingSinceNanos = NOT_WAITING;
            }
            else if (waitingSinceNanos == NOT_WAITING)
            {
                waitingSinceNanos = System.nanoTime();
                final HttpServerExchange exchange = reading;
                if (exchange != null && watch == null && !exchange.isRequestComplete())
                {
                    // The body's first wait: from now on it may not stall for longer than the limit.
                    final BodyWatch first = new BodyWatch(exchange, this);
                    watch = first;
                    first.schedule(requestReadTimeoutMillis);
                }
            }
            return read;
        }
    }
}

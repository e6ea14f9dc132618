package io.omnistock.daemon.http;

import org.xnio.StreamConnection;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.ReadReadyHandler;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Suspends a connection's reads lazily, right above the socket. Undertow suspends reads while a
 * request is answered and resumes them after the answer; each is a change of the socket's epoll
 * interest, applied by an {@code epoll_ctl} call at the I/O thread's next select, because the answer
 * comes from the engine one select or more later. That was 1.9 {@code epoll_ctl} calls per request
 * (perf stat on the daemon, one order per request from 64 connections: 236,565 in 5 s against 151,794
 * reads), at several microseconds of kernel time each on this VM.
 *
 * <p>Here a suspension only records that the layers above want no reads, and leaves the socket's
 * interest as it is: a client that waits for its answer sends nothing, so the socket does not become
 * readable and costs nothing. If it does (a pipelined request, the client closing), the readiness is
 * not passed on and the socket's reads are suspended for real then; the next resumption restores
 * them. Either way the layers above see exactly the suspensions they asked for.
 *
 * <p>Suspensions and resumptions may come from any thread (a blocking handler's worker), readiness
 * from the connection's I/O thread: the two flags change together under the conduit's lock, so a
 * resumption is never lost to a suspension made on a stale view.
 */
final class LazyReadSuspension extends AbstractStreamSourceConduit<StreamSourceConduit>
{
    private final Ready ready = new Ready();
    /** Set at install, or by a layer above (from any thread); called on the I/O thread. */
    private volatile ReadReadyHandler above;
    /** What the layers above asked for. */
    private volatile boolean wanted;
    /** Whether the socket's interest includes reads. */
    private boolean armed;

    private LazyReadSuspension(final StreamSourceConduit socket, final ReadReadyHandler above)
    {
        super(socket);
        this.above = above;
        this.armed = socket.isReadResumed();
        this.wanted = armed;
    }

    /** Goes under every layer of {@code connection}'s reads: install it before any other. */
    static void install(final StreamConnection connection)
    {
        final ConduitStreamSourceChannel channel = connection.getSourceChannel();
        channel.setConduit(over(channel.getConduit(), new ReadReadyHandler.ChannelListenerHandler<>(channel)));
    }

    /** @return the conduit over {@code socket}, which now tells it of its readiness, passing it on to {@code above}. */
    static LazyReadSuspension over(final StreamSourceConduit socket, final ReadReadyHandler above)
    {
        final LazyReadSuspension lazy = new LazyReadSuspension(socket, above);
        socket.setReadReadyHandler(lazy.ready);
        return lazy;
    }

    @Override
    public void setReadReadyHandler(final ReadReadyHandler handler)
    {
        above = handler;
    }

    @Override
    public synchronized void resumeReads()
    {
        wanted = true;
        if (!armed)
        {
            armed = true;
            next.resumeReads();
        }
    }

    @Override
    public synchronized void suspendReads()
    {
        wanted = false;
    }

    @Override
    public void wakeupReads()
    {
        synchronized (this)
        {
            wanted = true;
            armed = true;
        }
        next.wakeupReads();
    }

    @Override
    public boolean isReadResumed()
    {
        return wanted;
    }

    /** @return whether the socket's interest includes reads; for tests. */
    synchronized boolean armed()
    {
        return armed;
    }

    /** The socket's readiness, passed on only while the layers above want reads. */
    private final class Ready implements ReadReadyHandler
    {
        @Override
        public void readReady()
        {
            synchronized (LazyReadSuspension.this)
            {
                if (!wanted)
                {
                    armed = false;
                    next.suspendReads();
                    return;
                }
            }
            above.readReady();
        }

        @Override
        public void forceTermination()
        {
            above.forceTermination();
        }

        @Override
        public void terminated()
        {
            above.terminated();
        }
    }
}

package io.omnistock.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.LogicVersion;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The engine as an Aeron Cluster service. Aeron hands it each ingress message once the cluster has
 * committed it (a quorum holds it in its log), in log order, on every member; the
 * {@link ReplicatedEngine} applies it with the cluster's timestamp and answers the session that
 * sent it (Aeron delivers the answers of the leader only). Hold expiry runs on one cluster timer,
 * set for the earliest timed work after each command. Snapshots stream the engine's snapshot
 * encoding through the snapshot publication and are loaded back in {@link #onStart}.
 */
public final class OmnistockClusteredService implements ClusteredService
{
    private static final Logger LOG = LoggerFactory.getLogger(OmnistockClusteredService.class);
    /** The one timer's correlation id: rescheduling it replaces it. */
    static final long EXPIRY_TIMER = 1;
    /** How long an answer waits on a back-pressured client before it is dropped (the client resends). */
    private static final long EGRESS_PATIENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** A cluster snapshot's first fragment: the engine snapshot's length (long), the term's leader (int). */
    private static final int SNAPSHOT_PREAMBLE_BYTES = Long.BYTES + Integer.BYTES;

    private final Path memberDir;
    private final boolean syncJournal;
    private final int idempotencyWindow;
    private Cluster cluster;
    private IdleStrategy idle;
    private ReplicatedEngine engine;
    private long timerDeadline = Long.MAX_VALUE;
    private ClientSession replyTo;
    private final ReplicatedEngine.Egress egress = this::reply;
    private volatile Cluster.Role role = Cluster.Role.FOLLOWER;
    /** The state's last sequence as of the last message or timer applied; -1 until started. */
    private volatile long appliedSequence = -1;
    /** The log position the service has applied through, for the follower lag. */
    private volatile long appliedPosition;
    /** The leader of the newest leadership term this service has seen (in the log, or in the snapshot it loaded). */
    private volatile int leaderMemberId = -1;
    /** Work of the member's own process (reads, queries) run on the service thread between messages. */
    private final ConcurrentLinkedQueue<Runnable> localWork = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<SequenceWaiter> waiters = new ConcurrentLinkedQueue<>();
    private final CountDownLatch started = new CountDownLatch(1);

    private record SequenceWaiter(long sequence, CompletableFuture<Long> future)
    {
    }

    /**
     * @param memberDir         the member's directory: its local journal goes to {@code journal}, its
     *                          last checksum answer to {@code checksum}.
     * @param syncJournal       whether the local journal is forced to the device at each message.
     * @param idempotencyWindow command ids remembered (equal on every member: it is part of the state).
     */
    public OmnistockClusteredService(final Path memberDir, final boolean syncJournal, final int idempotencyWindow)
    {
        this.memberDir = memberDir;
        this.syncJournal = syncJournal;
        this.idempotencyWindow = idempotencyWindow;
    }

    static EngineState newState(final int idempotencyWindow)
    {
        return new EngineState(1 << 16, 1 << 14, idempotencyWindow);
    }

    @Override
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        this.cluster = cluster;
        this.idle = cluster.idleStrategy();
        final EngineState state = newState(idempotencyWindow);
        if (snapshotImage == null)
        {
            state.startInLogic(LogicVersion.LATEST);
        }
        else
        {
            try
            {
                ReplicatedEngine.load(readSnapshot(snapshotImage), state);
            }
            catch (final IOException e)
            {
                throw new IllegalStateException("cannot load the cluster snapshot: " + e.getMessage(), e);
            }
            // The consensus module's snapshot holds the timer this service had set at that point.
            timerDeadline = state.nextTimedWork();
        }
        final LocalJournal journal = new LocalJournal(memberDir.resolve("journal"), syncJournal);
        journal.open(state);
        engine = new ReplicatedEngine(state, journal);
        engine.checksumObserver(this::recordChecksum);
        published();
        started.countDown();
        LOG.info("service started at sequence {} ({})", state.lastSequence(),
            snapshotImage == null ? "no snapshot" : "from a snapshot");
    }

    /** The time unit is known only once a leadership term starts (not yet in {@link #onStart}). */
    @Override
    public void onNewLeadershipTermEvent(
        final long leadershipTermId, final long logPosition, final long timestamp, final long termBaseLogPosition,
        final int leaderMemberId, final int logSessionId, final TimeUnit timeUnit, final int appVersion)
    {
        this.leaderMemberId = leaderMemberId;
        if (timeUnit != TimeUnit.MILLISECONDS)
        {
            throw new IllegalStateException("the cluster's time unit is " + timeUnit +
                "; omnistock stamps commands in milliseconds (configure a MillisecondClusterClock)");
        }
    }

    @Override
    public void onSessionMessage(
        final ClientSession session, final long timestamp, final DirectBuffer buffer, final int offset,
        final int length, final Header header)
    {
        replyTo = session;
        engine.onMessage(timestamp, buffer, offset, length, egress);
        replyTo = null;
        scheduleExpiry();
        published();
    }

    @Override
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
        if (correlationId != EXPIRY_TIMER)
        {
            return;
        }
        timerDeadline = Long.MAX_VALUE;
        engine.onTimer(timestamp);
        scheduleExpiry();
        published();
    }

    /** Makes what was just applied visible to the member's own readers. */
    private void published()
    {
        appliedSequence = engine.state().lastSequence();
    }

    /**
     * Runs the member's own local work (reads of the replica, queries) between two committed
     * messages, and completes the read-your-writes waits the replica has reached. Aeron calls it
     * on the service thread at every duty cycle, also while idle.
     */
    @Override
    public int doBackgroundWork(final long nowNs)
    {
        if (engine == null)
        {
            return 0;
        }
        // Every entry of the log moves it, not only commands: new terms, sessions opening, timers.
        appliedPosition = cluster.logPosition();
        int work = 0;
        Runnable task;
        while ((task = localWork.poll()) != null)
        {
            task.run();
            work++;
        }
        if (!waiters.isEmpty())
        {
            final long applied = appliedSequence;
            for (final Iterator<SequenceWaiter> it = waiters.iterator(); it.hasNext(); )
            {
                final SequenceWaiter w = it.next();
                if (w.future.isDone() || applied >= w.sequence)
                {
                    it.remove();
                    w.future.complete(applied);
                    work++;
                }
            }
        }
        return work;
    }

    /**
     * Runs {@code reader} on the service thread between two committed messages: a consistent read
     * of the replica. It must not change the state.
     */
    CompletableFuture<Void> read(final Consumer<EngineState> reader)
    {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        localWork.add(() ->
        {
            try
            {
                reader.accept(engine.state());
                done.complete(null);
            }
            catch (final RuntimeException | Error e)
            {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Answers a query (a command that is not journaled) from the replica, on the service thread. */
    CompletableFuture<CommandResult> query(final Command command)
    {
        final CompletableFuture<CommandResult> done = new CompletableFuture<>();
        localWork.add(() ->
        {
            try
            {
                done.complete(engine.query(command, System.currentTimeMillis()));
            }
            catch (final RuntimeException | Error e)
            {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** @return completes (with the applied sequence) once the replica has applied {@code sequence}. */
    CompletableFuture<Long> whenApplied(final long sequence)
    {
        final long applied = appliedSequence;
        if (applied >= sequence)
        {
            return CompletableFuture.completedFuture(applied);
        }
        final CompletableFuture<Long> future = new CompletableFuture<>();
        waiters.add(new SequenceWaiter(sequence, future));
        return future;
    }

    /** @return the sequence of the last command the replica applied; -1 before the service started. */
    long appliedSequence()
    {
        return appliedSequence;
    }

    /** @return the leader of the newest leadership term the service has seen, or -1. */
    int leaderMemberId()
    {
        return leaderMemberId;
    }

    /** @return the log position the replica has applied through. */
    long appliedPosition()
    {
        return appliedPosition;
    }

    /** Waits until the service has loaded its snapshot and opened its journal. */
    boolean awaitStarted(final long timeoutMillis) throws InterruptedException
    {
        return started.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** @return the replica's state, for code lookups (safe from any thread); null before the start. */
    EngineState state()
    {
        return engine == null ? null : engine.state();
    }

    /** One timer, always set for the state's earliest timed work (or none). */
    private void scheduleExpiry()
    {
        final long next = engine.nextTimedWork();
        if (next == timerDeadline)
        {
            return;
        }
        idle.reset();
        while (!(next == Long.MAX_VALUE ? cluster.cancelTimer(EXPIRY_TIMER) : cluster.scheduleTimer(EXPIRY_TIMER, next)))
        {
            idle.idle();
        }
        timerDeadline = next;
    }

    private void reply(final DirectBuffer buffer, final int offset, final int length)
    {
        final ClientSession session = replyTo;
        if (session == null)
        {
            return;
        }
        final long deadline = System.nanoTime() + EGRESS_PATIENCE_NANOS;
        idle.reset();
        long result;
        while ((result = session.offer(buffer, offset, length)) == Publication.BACK_PRESSURED ||
            result == Publication.ADMIN_ACTION)
        {
            if (System.nanoTime() - deadline > 0)
            {
                LOG.warn("client session {} is not reading its answers; dropped one (it resends)", session.id());
                return;
            }
            idle.idle();
        }
        // Other failures (not connected, closed) leave the answer to the client's resend.
    }

    @Override
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
        final byte[] bytes = engine.snapshot();
        final ExpandableArrayBuffer chunk = new ExpandableArrayBuffer(snapshotPublication.maxPayloadLength());
        offer(snapshotPublication, chunk, writePreamble(chunk, bytes.length, leaderMemberId));
        final int max = snapshotPublication.maxPayloadLength();
        for (int at = 0; at < bytes.length; at += max)
        {
            final int length = Math.min(max, bytes.length - at);
            chunk.putBytes(0, bytes, at, length);
            offer(snapshotPublication, chunk, length);
        }
        LOG.info("snapshot at sequence {}: {} bytes", engine.state().lastSequence(), bytes.length);
    }

    private void offer(final ExclusivePublication publication, final DirectBuffer buffer, final int length)
    {
        idle.reset();
        long result;
        while ((result = publication.offer(buffer, 0, length)) < 0)
        {
            if (result == Publication.CLOSED || result == Publication.NOT_CONNECTED ||
                result == Publication.MAX_POSITION_EXCEEDED)
            {
                throw new IllegalStateException("snapshot publication failed: " + result);
            }
            idle.idle();
        }
    }

    /**
     * Writes a cluster snapshot's first fragment: the engine snapshot's length and the leader of the
     * current term. The leader is there because a member restarting from the snapshot replays only
     * the log after it, which holds no new-leadership-term event while this term lasts: without it
     * the member would know no leader (never ready, its writes NO_LEADER) until the next election.
     *
     * @return the fragment's length.
     */
    static int writePreamble(final MutableDirectBuffer buffer, final long snapshotLength, final int leaderMemberId)
    {
        buffer.putLong(0, snapshotLength, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(Long.BYTES, leaderMemberId, ByteOrder.LITTLE_ENDIAN);
        return SNAPSHOT_PREAMBLE_BYTES;
    }

    /**
     * @return the leader a snapshot's first fragment names, or -1 for a snapshot written before the
     *     leader was recorded (its first fragment is the length alone).
     */
    static int leaderOf(final DirectBuffer preamble, final int offset, final int length)
    {
        return length >= SNAPSHOT_PREAMBLE_BYTES ? preamble.getInt(offset + Long.BYTES, ByteOrder.LITTLE_ENDIAN) : -1;
    }

    /**
     * Reads the stream {@link #onTakeSnapshot} wrote: its length and the leader of its term (a
     * snapshot written before the leader was recorded has the length only), then its bytes in chunks.
     */
    private byte[] readSnapshot(final Image image)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        final long[] expected = {-1};
        final FragmentHandler handler = (buffer, offset, length, header) ->
        {
            if (expected[0] < 0)
            {
                expected[0] = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
                leaderMemberId = leaderOf(buffer, offset, length);
                return;
            }
            final byte[] part = new byte[length];
            buffer.getBytes(offset, part);
            bytes.write(part, 0, length);
        };
        idle.reset();
        while (expected[0] < 0 || bytes.size() < expected[0])
        {
            final int fragments = image.poll(handler, 64);
            if (fragments == 0 && (image.isEndOfStream() || image.isClosed()))
            {
                throw new IllegalStateException("cluster snapshot ended after " + bytes.size() + " of " + expected[0] +
                    " bytes");
            }
            idle.idle(fragments);
        }
        return bytes.toByteArray();
    }

    /** Every member writes what it answered, so an operator (or a test) can compare members. */
    private void recordChecksum(final long sequence, final long checksum)
    {
        try
        {
            final Path file = memberDir.resolve("checksum");
            final Path tmp = memberDir.resolve("checksum.tmp");
            Files.writeString(tmp, sequence + " " + Long.toHexString(checksum) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException e)
        {
            LOG.warn("could not record the checksum in {}", memberDir, new UncheckedIOException(e));
        }
    }

    @Override
    public void onRoleChange(final Cluster.Role newRole)
    {
        role = newRole;
        LOG.info("member {} is now {}", cluster.memberId(), newRole);
    }

    /** @return this member's role, for metrics. */
    public Cluster.Role role()
    {
        return role;
    }

    @Override
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
        LOG.debug("client session {} opened", session.id());
    }

    @Override
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
        LOG.debug("client session {} closed: {}", session.id(), closeReason);
    }

    @Override
    public void onTerminate(final Cluster cluster)
    {
        if (engine != null)
        {
            engine.close();
        }
    }
}

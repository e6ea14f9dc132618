package io.omnistock.cluster;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.Header;
import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandType;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandEncoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Java client of the replicated engine. One thread owns the Aeron Cluster session: it batches
 * what callers submit (from any thread) into ingress messages, matches each result to its command
 * id, follows the leader through elections, and resends what is unanswered after a leader change
 * (or after {@link Settings#resendAfter()}): the engine's idempotency window answers a command
 * it already applied with {@code DUPLICATE_COMMAND} and its original outcome, so a resend is safe.
 *
 * <p>When no leader is reachable for {@link Settings#noLeaderTimeout()}, waiting commands complete
 * with {@link ReasonCode#NO_LEADER}. That, like a caller's own timeout, means "outcome unknown":
 * a leader that lost its quorum may already have appended the command. Retry with the same id.
 *
 * <p>A command id must not be in flight twice on one client: the second is refused
 * ({@link IllegalStateException}), since its answer could not be told from the first's. A command
 * id of 0 is answered {@code INVALID_COMMAND_ID} here, as the engine would.
 */
public final class ClusterClient implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ClusterClient.class);
    private static final long KEEP_ALIVE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long RECONNECT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** The stand-alone client's driver closes a silent leader's answers after this (driver default 10 s). */
    static final long IMAGE_LIVENESS_NANOS = TimeUnit.SECONDS.toNanos(3);
    /** How long a client in a member may disagree with the member about the leader before it reconnects. */
    static final long MISSED_LEADER_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /**
     * @param members         the cluster's members, {@code id=host:basePort,...} as the nodes are given.
     * @param egressEndpoint  where this client receives answers: {@code host:port}, port 0 for any.
     * @param noLeaderTimeout how long commands wait for a leader before {@link ReasonCode#NO_LEADER}.
     * @param resendAfter     an unanswered command is resent this long after it was sent.
     * @param driverDir       the client's own media driver directory (created, and deleted on close).
     * @param idleParkMaxMicros the longest the client's threads park when idle (its driver's and its own),
     *                        as a member's {@link ClusterNodeConfig#idleParkMaxMicros()}.
     */
    public record Settings(String members, String egressEndpoint, Duration noLeaderTimeout, Duration resendAfter,
        Path driverDir, long idleParkMaxMicros)
    {
        /** Settings whose threads park at most {@link ClusterNode#IDLE_PARK_MAX_MICROS} when idle. */
        public Settings(final String members, final String egressEndpoint, final Duration noLeaderTimeout,
            final Duration resendAfter, final Path driverDir)
        {
            this(members, egressEndpoint, noLeaderTimeout, resendAfter, driverDir, ClusterNode.IDLE_PARK_MAX_MICROS);
        }

        public Settings
        {
            if (idleParkMaxMicros < 1 || idleParkMaxMicros > 100_000)
            {
                throw new IllegalArgumentException("idleParkMaxMicros must be 1 to 100000, not " + idleParkMaxMicros);
            }
            ClusterNodeConfig.members(members);
            if (noLeaderTimeout.isNegative() || noLeaderTimeout.isZero())
            {
                throw new IllegalArgumentException("noLeaderTimeout must be positive, not " + noLeaderTimeout);
            }
            if (resendAfter.isNegative() || resendAfter.isZero())
            {
                throw new IllegalArgumentException("resendAfter must be positive, not " + resendAfter);
            }
        }

        /** Loopback answers, 5 s for a leader, resend after 3 s, a driver in a new temporary directory. */
        public static Settings of(final String members)
        {
            try
            {
                return new Settings(members, "127.0.0.1:0", Duration.ofSeconds(5), Duration.ofSeconds(3),
                    Files.createTempDirectory("omnistock-cluster-client"));
            }
            catch (final java.io.IOException e)
            {
                throw new java.io.UncheckedIOException(e);
            }
        }

        public Settings noLeaderTimeout(final Duration timeout)
        {
            return new Settings(members, egressEndpoint, timeout, resendAfter, driverDir, idleParkMaxMicros);
        }

        public Settings idleParkMaxMicros(final long micros)
        {
            return new Settings(members, egressEndpoint, noLeaderTimeout, resendAfter, driverDir, micros);
        }
    }

    /** A member's applied sequence and state checksum, answered by the leader at one point of the log. */
    public record Checksum(long sequence, long checksum)
    {
    }

    private static final class Pending
    {
        final long commandId;
        /** Its type, for an answer the client makes itself ({@code NO_LEADER}, a refused message). */
        final CommandType type;
        final byte[] record;
        final CompletableFuture<CommandResult> future;
        final long submittedNanos;
        long sentNanos;
        long batchId;
        boolean sent;

        Pending(final long commandId, final CommandType type, final byte[] record,
            final CompletableFuture<CommandResult> future, final long now)
        {
            this.commandId = commandId;
            this.type = type;
            this.record = record;
            this.future = future;
            this.submittedNanos = now;
        }
    }

    private record Submission(Command command, CompletableFuture<CommandResult> future)
    {
    }

    private final Settings settings;
    private final MediaDriver driver;
    private final String aeronDirectoryName;
    private final LeaderView view;
    private final Thread thread;
    private final Queue<Submission> submissions = new ConcurrentLinkedQueue<>();
    private final Queue<CompletableFuture<Checksum>> checksumRequests = new ConcurrentLinkedQueue<>();
    private final Long2ObjectHashMap<Pending> pending = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<CompletableFuture<Checksum>> checksums = new Long2ObjectHashMap<>();
    private final ArrayDeque<Pending> unsent = new ArrayDeque<>();
    private final IngressCodec.Builder builder = new IngressCodec.Builder();
    private final EgressCodec egressCodec = new EgressCodec();
    private final IngressCodec.Encoder encoder = new IngressCodec.Encoder();
    private final ExpandableArrayBuffer controlBuffer = new ExpandableArrayBuffer(64);
    private final IdleStrategy idle;
    private final Listener listener = new Listener();
    private volatile boolean running = true;
    private volatile int leaderMemberId = -1;
    private AeronCluster cluster;
    private long nextBatchId = 1;
    private long leaderLostNanos;
    private long lastSendNanos;
    private boolean resendAll;
    private long lastReconnectNanos;
    private long disagreeingSinceNanos;
    /** Sessions this client opened: 1 while it follows one leader through its events (for tests). */
    private volatile int sessionsOpened;

    /**
     * What a client inside a member's process learns from that member: which member its consensus
     * module follows as leader, or -1 while an election is under way.
     */
    @FunctionalInterface
    interface LeaderView
    {
        int leaderMemberId();
    }

    private ClusterClient(final Settings settings, final String aeronDirectoryName, final LeaderView view)
    {
        this.settings = settings;
        this.idle = ClusterNode.idleStrategy(settings.idleParkMaxMicros());
        this.view = view;
        if (aeronDirectoryName == null)
        {
            driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(settings.driverDir().resolve("aeron").toString())
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(ClusterNode.idleStrategy(settings.idleParkMaxMicros()))
                .termBufferSparseFile(true)
                .publicationTermBufferLength(1 << 20)
                // A dead leader's answers stop arriving: after this long its image closes and the
                // session is reconnected, should Aeron's new-leader event not reach this client
                // (driver default: 10 s; docs/benchmarks.md run 22, the 13.4 s failover).
                .imageLivenessTimeoutNs(IMAGE_LIVENESS_NANOS)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            this.aeronDirectoryName = driver.aeronDirectoryName();
        }
        else
        {
            driver = null;
            this.aeronDirectoryName = aeronDirectoryName;
        }
        leaderLostNanos = System.nanoTime();
        thread = new Thread(this::run, "omnistock-cluster-client");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts the client; it connects (and reconnects) on its own thread. */
    public static ClusterClient start(final Settings settings)
    {
        return new ClusterClient(settings, null, null);
    }

    /**
     * Starts a client inside a member's process: it uses the member's media driver ({@code
     * settings.driverDir()} is not used) and follows the member's view of the leader: while the
     * member knows no leader, commands wait for {@link Settings#noLeaderTimeout()} as if the client
     * were disconnected; once the member follows a leader other than the client's for
     * {@link #MISSED_LEADER_NANOS}, the client has missed the new-leader event and reconnects.
     */
    static ClusterClient inMember(final Settings settings, final String aeronDirectoryName, final LeaderView view)
    {
        return new ClusterClient(settings, aeronDirectoryName, view);
    }

    /**
     * @return the command's result once the cluster committed and applied it; or a result with
     *     {@link ReasonCode#NO_LEADER} (outcome unknown: retry with the same id).
     */
    public CompletableFuture<CommandResult> submit(final Command command)
    {
        final CompletableFuture<CommandResult> future = new CompletableFuture<>();
        if (!running)
        {
            future.completeExceptionally(new IllegalStateException("the cluster client is closed"));
            return future;
        }
        submissions.add(new Submission(command, future));
        return future;
    }

    /** @return the leader's applied sequence and state checksum, at the point of the log this request reaches. */
    public CompletableFuture<Checksum> stateChecksum()
    {
        final CompletableFuture<Checksum> future = new CompletableFuture<>();
        checksumRequests.add(future);
        return future;
    }

    private void run()
    {
        while (running)
        {
            int work = 0;
            try
            {
                work += followMember();
                work += connectIfNeeded();
                if (cluster != null && !cluster.isClosed())
                {
                    work += cluster.pollEgress();
                }
                work += takeSubmissions();
                work += send();
                work += expire();
            }
            catch (final RuntimeException e)
            {
                LOG.warn("cluster client: {}", e.toString());
                dropSession();
            }
            idle.idle(work);
        }
        CloseHelper.quietClose(cluster);
        failAll(new IllegalStateException("the cluster client is closed"));
    }

    private int connectIfNeeded()
    {
        if (cluster != null && !cluster.isClosed())
        {
            return 0;
        }
        final long now = System.nanoTime();
        if (now - lastReconnectNanos < RECONNECT_PAUSE_NANOS)
        {
            return 0;
        }
        lastReconnectNanos = now;
        cluster = null;
        try
        {
            cluster = AeronCluster.connect(new AeronCluster.Context()
                .aeronDirectoryName(aeronDirectoryName)
                .egressListener(listener)
                .ingressChannel("aeron:udp?term-length=1m")
                .ingressEndpoints(ClusterNodeConfig.ingressEndpoints(settings.members()))
                .egressChannel("aeron:udp?endpoint=" + settings.egressEndpoint() + "|term-length=1m")
                .messageTimeoutNs(TimeUnit.SECONDS.toNanos(2)));
            leaderMemberId = cluster.leaderMemberId();
            sessionsOpened++;
            LOG.info("cluster client connected to leader {} (session {})", leaderMemberId, cluster.clusterSessionId());
            resendAll = true;
            return 1;
        }
        catch (final RuntimeException e)
        {
            LOG.debug("cluster client: no leader yet: {}", e.toString());
            return 0;
        }
    }

    private void dropSession()
    {
        CloseHelper.quietClose(cluster);
        cluster = null;
    }

    private int takeSubmissions()
    {
        int taken = 0;
        Submission s;
        while ((s = submissions.poll()) != null)
        {
            taken++;
            final byte[] record;
            final CommandEncoder command;
            try
            {
                command = encoder.write(s.command());
                if (command.commandId() == 0)
                {
                    s.future().complete(CommandResult.rejected(0, command.type(), ReasonCode.INVALID_COMMAND_ID));
                    continue;
                }
                record = encoder.record();
            }
            catch (final RuntimeException e)
            {
                s.future().completeExceptionally(e);
                continue;
            }
            final long commandId = command.commandId();
            if (pending.containsKey(commandId))
            {
                s.future().completeExceptionally(new IllegalStateException("command id " + commandId +
                    " is already in flight on this client; wait for its answer, then retry with it"));
                continue;
            }
            final Pending p = new Pending(commandId, command.type(), record, s.future(), System.nanoTime());
            pending.put(commandId, p);
            unsent.add(p);
        }
        return taken;
    }

    private boolean connected()
    {
        return cluster != null && !cluster.isClosed() && cluster.ingressPublication() != null &&
            cluster.ingressPublication().isConnected() && (view == null || view.leaderMemberId() >= 0);
    }

    /**
     * A client in a member reconnects once the member has followed another leader than the
     * client's for {@link #MISSED_LEADER_NANOS}: Aeron's new-leader event did not reach it, and
     * without this it would wait for the old leader's answers to time out.
     */
    private int followMember()
    {
        final int memberSays = view == null ? -1 : view.leaderMemberId();
        if (memberSays < 0 || cluster == null || cluster.isClosed() || memberSays == leaderMemberId)
        {
            disagreeingSinceNanos = 0;
            return 0;
        }
        final long now = System.nanoTime();
        if (disagreeingSinceNanos == 0)
        {
            disagreeingSinceNanos = now;
            return 0;
        }
        if (now - disagreeingSinceNanos < MISSED_LEADER_NANOS)
        {
            return 0;
        }
        LOG.info("cluster client: the member follows leader {} but the client was not told (it had {}); reconnecting",
            memberSays, leaderMemberId);
        disagreeingSinceNanos = 0;
        dropSession();
        return 1;
    }

    private int send()
    {
        final long now = System.nanoTime();
        if (!connected())
        {
            if (leaderLostNanos == 0)
            {
                leaderLostNanos = now;
            }
            return 0;
        }
        leaderLostNanos = 0;
        if (resendAll)
        {
            resendAll = false;
            requeue(p -> true);
        }
        else
        {
            final long resendNanos = settings.resendAfter().toNanos();
            requeue(p -> now - p.sentNanos > resendNanos);
        }
        int work = sendChecksumRequests();
        while (!unsent.isEmpty())
        {
            final long batchId = nextBatchId++;
            builder.begin(batchId);
            final List<Pending> batch = new ArrayList<>();
            for (Iterator<Pending> it = unsent.iterator(); it.hasNext(); )
            {
                final Pending p = it.next();
                if (p.future.isDone())
                {
                    it.remove();
                    continue;
                }
                if (!builder.add(p.record))
                {
                    break;
                }
                batch.add(p);
            }
            if (batch.isEmpty())
            {
                break;
            }
            final int length = builder.finish();
            final long result = cluster.offer(builder.buffer(), 0, length);
            if (result < 0)
            {
                // Back-pressure or no leader: everything stays queued for the next round.
                return work;
            }
            for (final Pending p : batch)
            {
                unsent.remove(p);
                p.sent = true;
                p.sentNanos = now;
                p.batchId = batchId;
            }
            lastSendNanos = now;
            work++;
        }
        if (now - lastSendNanos > KEEP_ALIVE_NANOS && cluster.sendKeepAlive())
        {
            lastSendNanos = now;
        }
        return work;
    }

    private void requeue(final java.util.function.Predicate<Pending> due)
    {
        for (final Pending p : pending.values())
        {
            if (p.sent && due.test(p))
            {
                p.sent = false;
                unsent.add(p);
            }
        }
    }

    private int sendChecksumRequests()
    {
        CompletableFuture<Checksum> f;
        int sent = 0;
        while ((f = checksumRequests.peek()) != null)
        {
            final long batchId = nextBatchId++;
            final int length = IngressCodec.checksumRequest(controlBuffer, batchId);
            if (cluster.offer(controlBuffer, 0, length) < 0)
            {
                return sent;
            }
            checksumRequests.poll();
            checksums.put(batchId, f);
            sent++;
        }
        return sent;
    }

    /** Fails what has waited too long without a leader. */
    private int expire()
    {
        if (leaderLostNanos == 0)
        {
            return 0;
        }
        final long now = System.nanoTime();
        final long timeout = settings.noLeaderTimeout().toNanos();
        if (now - leaderLostNanos < timeout)
        {
            return 0;
        }
        int failed = 0;
        for (final Iterator<Pending> it = pending.values().iterator(); it.hasNext(); )
        {
            final Pending p = it.next();
            if (now - p.submittedNanos >= timeout)
            {
                it.remove();
                unsent.remove(p);
                p.future.complete(CommandResult.rejected(p.commandId, p.type, ReasonCode.NO_LEADER));
                failed++;
            }
        }
        return failed;
    }

    private void failAll(final Throwable cause)
    {
        for (final Pending p : pending.values())
        {
            p.future.completeExceptionally(cause);
        }
        pending.clear();
        unsent.clear();
        Submission s;
        while ((s = submissions.poll()) != null)
        {
            s.future().completeExceptionally(cause);
        }
        checksums.values().forEach(f -> f.completeExceptionally(cause));
        checksumRequests.forEach(f -> f.completeExceptionally(cause));
    }

    private final class Listener implements EgressListener, EgressCodec.Handler
    {
        @Override
        public void onMessage(
            final long clusterSessionId, final long timestamp, final DirectBuffer buffer, final int offset,
            final int length, final Header header)
        {
            try
            {
                egressCodec.decode(buffer, offset, length, this);
            }
            catch (final RuntimeException e)
            {
                LOG.warn("cluster client: unreadable answer from the cluster ({}); its commands will be resent", e.toString());
            }
        }

        @Override
        public void onNewLeader(
            final long clusterSessionId, final long leadershipTermId, final int leaderMemberId,
            final String ingressEndpoints)
        {
            LOG.info("cluster client: new leader {} (term {}); resending what is unanswered", leaderMemberId,
                leadershipTermId);
            ClusterClient.this.leaderMemberId = leaderMemberId;
            resendAll = true;
        }

        @Override
        public void onResult(final CommandResult result)
        {
            final Pending p = pending.remove(result.commandId());
            if (p != null)
            {
                unsent.remove(p);
                p.future.complete(result);
            }
        }

        @Override
        public void onRejected(final long batchId, final ReasonCode reason)
        {
            for (final Iterator<Pending> it = pending.values().iterator(); it.hasNext(); )
            {
                final Pending p = it.next();
                if (p.sent && p.batchId == batchId)
                {
                    it.remove();
                    p.future.complete(CommandResult.rejected(p.commandId, p.type, reason));
                }
            }
        }

        @Override
        public void onChecksum(final long batchId, final long sequence, final long checksum)
        {
            final CompletableFuture<Checksum> f = checksums.remove(batchId);
            if (f != null)
            {
                f.complete(new Checksum(sequence, checksum));
            }
        }
    }

    /** @return sessions this client has opened with the cluster. */
    int sessionsOpened()
    {
        return sessionsOpened;
    }

    /** @return the media driver directory this client uses. */
    String aeronDirectoryName()
    {
        return aeronDirectoryName;
    }

    /** @return the member this client last knew as leader, or -1 before it first connected. */
    public int leaderMemberId()
    {
        return leaderMemberId;
    }

    @Override
    public void close()
    {
        running = false;
        try
        {
            thread.join(5_000);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        if (driver != null)
        {
            CloseHelper.quietClose(driver);
        }
    }
}

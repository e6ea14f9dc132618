package io.omnistock.daemon;

import io.omnistock.api.InventoryEngine;
import io.omnistock.cluster.ClusterMember;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.RecoveryProgress;
import io.omnistock.core.RecoveryReport;
import io.omnistock.core.journal.JournalException;
import io.omnistock.daemon.events.EventStream;
import io.omnistock.daemon.events.FeedRoutes;
import io.omnistock.daemon.events.Feeds;
import io.omnistock.daemon.forecast.ForecastJob;
import io.omnistock.daemon.forecast.ForecastRoutes;
import io.omnistock.daemon.http.AdminRoutes;
import io.omnistock.daemon.http.Batch;
import io.omnistock.daemon.http.ReadModelWait;
import io.omnistock.daemon.http.ApiKeyStore;
import io.omnistock.daemon.http.ApiKeys;
import io.omnistock.daemon.http.ReplicatedApiKeys;
import io.omnistock.daemon.http.CatalogListRoutes;
import io.omnistock.daemon.http.CatalogRoutes;
import io.omnistock.daemon.http.Codes;
import io.omnistock.daemon.http.ConnectionLimits;
import io.omnistock.daemon.http.EngineGateway;
import io.omnistock.daemon.http.HttpApi;
import io.omnistock.daemon.http.HttpListener;
import io.omnistock.daemon.http.Idempotency;
import io.omnistock.daemon.http.OrderListRoutes;
import io.omnistock.daemon.http.OrderRoutes;
import io.omnistock.daemon.http.PlanningRoutes;
import io.omnistock.daemon.http.ReplenishmentRoutes;
import io.omnistock.daemon.http.ReservationRoutes;
import io.omnistock.daemon.http.RoutingPolicyRoutes;
import io.omnistock.daemon.http.StateReader;
import io.omnistock.daemon.http.StockRoutes;
import io.omnistock.daemon.http.StoreRoutes;
import io.omnistock.daemon.http.SystemRoutes;
import io.omnistock.daemon.http.Writes;
import io.omnistock.daemon.metrics.DaemonMetrics;
import io.omnistock.daemon.kafka.KafkaSink;
import io.omnistock.daemon.webhooks.WebhookRoutes;
import io.omnistock.daemon.webhooks.Webhooks;
import io.omnistock.daemon.reads.ReadModels;
import io.omnistock.forecast.HolidayCalendar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The standalone daemon: the engine, recovered from its journal, behind the channel API. Wiring
 * only; every decision about stock is the engine's.
 */
public final class Daemon implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private static final long DRAIN_MILLIS = 10_000;
    /** How often a recovery in progress is logged: a long replay shows it is moving. */
    private static final long PROGRESS_LOG_MILLIS = 1_000;
    /** How long a read from the order read model waits for it to catch up (embedded; a cluster's is cluster.read-wait-ms). */
    private static final java.time.Duration READ_MODEL_WAIT = java.time.Duration.ofSeconds(5);

    private final HttpListener listener;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** The engine in this process ({@code engine.mode=embedded}), or null. */
    private final OmnistockEngine embedded;
    /** This process's cluster member ({@code engine.mode=cluster}), or null. */
    private final ClusterMember member;
    private final HttpApi api;
    private final EventStream events;
    private final Idempotency idempotency;
    private final EngineGateway gateway;
    private final Feeds feeds;
    private final Webhooks webhooks;
    /** The Kafka sink, or null when none is configured. */
    private final KafkaSink kafka;
    private final ReadModels readModels;
    /** The forecast job (issue 23): on its own thread, off unless forecast.interval-seconds is set. */
    private final ForecastJob forecastJob;
    private final ScheduledExecutorService snapshots;
    private final DaemonMetrics metrics;
    /** Periodic snapshots failed in a row; touched only by the snapshot thread. */
    private int snapshotFailures;
    private volatile boolean ready;
    /** Set when the cluster terminated this process's member. */
    private volatile boolean terminated;
    private volatile boolean closed;

    private Daemon(final DaemonConfig config) throws IOException, GeneralSecurityException
    {
        final Path data = config.dataDir();
        config.warnings().forEach(LOG::warn);
        // Before the lock and the engine: a keystore that cannot be used stops the start cleanly.
        final SSLContext ssl = tls(config);
        final RecoveryProgress progress = new RecoveryProgress();
        final ConnectionLimits limits = new ConnectionLimits(config.maxConnections(), config.requestReadTimeout(),
            config.idleTimeout());
        // The listener opens first, before anything is written to the data directory: a port in use
        // stops the start with nothing left behind, and probes are answered during a long recovery.
        final HttpListener listener;
        try
        {
            // The engine logs its own thread model when it starts.
            final int ioThreads = HttpListener.ioThreads(config.ioThreads(), Runtime.getRuntime().availableProcessors());
            LOG.info("HTTP I/O threads: {} ({})", ioThreads,
                config.ioThreads() > 0 ? "http.io-threads" : "one per processor, at least 2; set http.io-threads to choose");
            listener = HttpListener.open(config.host(), config.port(), ssl, progress, limits, ioThreads);
        }
        catch (final java.io.UncheckedIOException e)
        {
            throw new StartException(e.getMessage(), e.getCause());
        }
        // Whatever is started is stopped again, newest first, if a later step fails: a program that
        // embeds the daemon gets the data directory (lock, engine, journal) and the port back.
        final java.util.ArrayDeque<AutoCloseable> started = new java.util.ArrayDeque<>();
        started.push(listener);
        this.snapshots = Executors.newSingleThreadScheduledExecutor(named("omnistock-snapshots-"));
        started.push(snapshots::shutdownNow);
        OmnistockEngine embedded = null;
        ClusterMember member = null;
        Idempotency idempotency = null;
        HttpApi api = null;
        EventStream events = null;
        Feeds feeds = null;
        Webhooks webhooks = null;
        KafkaSink kafka = null;
        ReadModels readModels = null;
        ForecastJob forecastJob = null;
        DaemonMetrics metrics = null;
        ApiKeys keys = null;
        FileChannel lockChannel = null;
        FileLock lock = null;
        try
        {
            Files.createDirectories(data);
            lockChannel = FileChannel.open(data.resolve("daemon.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            started.push(lockChannel);
            try
            {
                lock = lockChannel.tryLock();
            }
            catch (final java.nio.channels.OverlappingFileLockException sameJvm)
            {
                // A daemon embedded in this very program holds it.
            }
            if (lock == null)
            {
                throw new DaemonConfig.ConfigException("another omnistock daemon is using " + data);
            }
            started.push(lock::release);
            LOG.info("recovering url={}://{}:{} dataDir={} (/health answers, /ready is 503 until recovered)",
                config.tlsKeystore() == null ? "http" : "https", config.host(), listener.port(), data);
            final InventoryEngine engine;
            final StateReader reader;
            final java.util.function.LongSupplier lastSequence;
            if (config.clusterMode())
            {
                member = startMember(config);
                started.push(member);
                engine = member;
                // The replica's key table; api-keys.conf's keys and the first admin key are proposed once a leader is known.
                keys = new ReplicatedApiKeys(member, config.engineTimeout());
                final var replica = member;
                reader = r -> replica.read(state -> r.accept(state.view()));
                lastSequence = member::appliedSequence;
                metrics = new DaemonMetrics(member, () -> ready() ? 1 : 0, config.latencyWindow());
            }
            else
            {
                keys = ApiKeyStore.open(data);
                embedded = startEmbedded(config, data, progress);
                started.push(embedded);
                engine = embedded;
                final var local = embedded;
                reader = r -> local.<Void>query(view ->
                {
                    r.accept(view);
                    return null;
                });
                lastSequence = embedded.gauges()::lastSequence;
                metrics = new DaemonMetrics(embedded.gauges(), () -> ready() ? 1 : 0, config.latencyWindow());
            }
            metrics.connections(limits);
            idempotency = Idempotency.open(data, config.idempotencyResponses());
            gateway = new EngineGateway(engine, metrics, config.engineTimeout());
            started.push(gateway);
            final Writes writes = new Writes(gateway, idempotency);
            final Codes codes = new Codes(engine);
            api = new HttpApi(keys, metrics, Executors.newFixedThreadPool(config.workerThreads(), named("omnistock-http-")),
                Executors.newCachedThreadPool(named("omnistock-stream-")), config.maxBodyBytes(), config.metricsPublic());
            started.push(api);
            if (member != null)
            {
                api.replicaReads(member, config.clusterReadWait());
            }
            api.cors(config.corsOrigins());
            if (config.rateLimitPerSecond() > 0)
            {
                api.rateLimit(config.rateLimitPerSecond(), config.rateLimitBurst());
            }
            events = new EventStream(data.resolve("journal"), engine, lastSequence, metrics.streamSubscribers());
            started.push(events::close);
            new SystemRoutes(engine, this::ready, metrics, member == null ? null : this::clusterStatus).register(api);
            new CatalogRoutes(writes, codes, reader).register(api);
            new CatalogListRoutes(codes, reader).register(api);
            new StockRoutes(writes, codes, reader).register(api, idempotency, config.bulkMaxBodyBytes());
            readModels = new ReadModels(data.resolve("journal"), config.orderHistoryRetention());
            started.push(readModels);
            metrics.readModels(readModels.applied()::get, readModels.orders()::size, readModels.orders()::footprintBytes);
            final ReadModelWait readModelWait = new ReadModelWait(readModels.applied(), lastSequence,
                member == null ? READ_MODEL_WAIT : config.clusterReadWait());
            final OrderListRoutes orderReads = new OrderListRoutes(readModels.orders(), engine, readModelWait);
            orderReads.register(api);
            new OrderRoutes(writes, codes, orderReads).register(api);
            new ReservationRoutes(writes, codes, readModels.reservations(), readModelWait).register(api);
            new ReplenishmentRoutes(writes, codes, reader).register(api);
            new PlanningRoutes(writes, codes, reader).register(api);
            new RoutingPolicyRoutes(writes, reader).register(api);
            new StoreRoutes(writes, config.posTimeZone(), config.engineTimeout().toMillis(),
                config.countsMaxOpenSessions(), config.countsMaxBarcodes()).register(api);
            new AdminRoutes(keys, writes, codes).register(api);
            new Batch(api, config.batchMaxCommands(), config.batchMaxInFlight(), config.engineRingSize()).register(config.batchMaxBytes());
            events.register(api);
            feeds = new Feeds(data.resolve("journal"), engine, lastSequence, config.feedsInterval(),
                config.lowStockThreshold(), config.changePercent());
            started.push(feeds);
            new FeedRoutes(feeds, engine, metrics.streamSubscribers()).register(api);
            feeds.start();
            // In cluster mode the subscriptions are replicated and only the member that leads delivers (docs/cluster.md).
            webhooks = member == null ? Webhooks.open(data, data.resolve("journal"), engine, lastSequence, () -> true,
                config.webhooks(), java.net.InetAddress::getAllByName) : Webhooks.replicated(data, data.resolve("journal"),
                member, config.webhooks(), java.net.InetAddress::getAllByName, config.engineTimeout());
            started.push(webhooks);
            new WebhookRoutes(webhooks, codes).register(api);
            metrics.webhooks(webhooks::figures);
            webhooks.start();
            final KafkaSink.Settings kafkaSettings = config.kafka();
            if (kafkaSettings != null)
            {
                // As the webhooks: its own journal reader and thread; in cluster mode the leader publishes.
                kafka = KafkaSink.open(data, data.resolve("journal"), engine, lastSequence,
                    member == null ? () -> true : member::leads, kafkaSettings);
                started.push(kafka);
                metrics.kafka(kafka::figures);
                kafka.start();
            }
            // Its own journal reader and thread; its commands go through the engine like any client's.
            // In cluster mode the leader runs it, as it delivers webhooks and publishes to Kafka.
            forecastJob = new ForecastJob(data.resolve("journal"), engine, member == null ? () -> true : member::leads,
                config.forecast(), HolidayCalendar.bundled());
            started.push(forecastJob);
            new ForecastRoutes(forecastJob, codes, engine).register(api);
            forecastJob.start();
            readModels.start();
            listener.serve(api);
        }
        catch (final IOException | RuntimeException | Error e)
        {
            while (!started.isEmpty())
            {
                try
                {
                    started.pop().close();
                }
                catch (final Exception | Error suppressed)
                {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        this.listener = listener;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.embedded = embedded;
        this.member = member;
        this.idempotency = idempotency;
        this.api = api;
        this.events = events;
        this.feeds = feeds;
        this.webhooks = webhooks;
        this.kafka = kafka;
        this.readModels = readModels;
        this.forecastJob = forecastJob;
        this.metrics = metrics;
        final long every = config.snapshotInterval().toSeconds();
        if (every > 0)
        {
            this.snapshots.scheduleWithFixedDelay(this::snapshot, every, every, TimeUnit.SECONDS);
        }
        ready = true;
        if (member != null)
        {
            bootstrapReplicated((ReplicatedApiKeys)keys, webhooks, data);
        }
        LOG.info("listening url={}://{}:{} dataDir={}", config.tlsKeystore() == null ? "http" : "https",
            config.host(), listener.port(), data);
    }

    /** Recovers the embedded engine from the journal under {@code data}, logging its progress. */
    private OmnistockEngine startEmbedded(final DaemonConfig config, final Path data, final RecoveryProgress progress)
        throws StartException
    {
        final long start = System.nanoTime();
        final ScheduledFuture<?> progressLog = snapshots.scheduleAtFixedRate(() -> LOG.info(
            "recovering replayed={} sequence={} of={}", progress.replayedCommands(), progress.sequence(),
            progress.targetSequence()), PROGRESS_LOG_MILLIS, PROGRESS_LOG_MILLIS, TimeUnit.MILLISECONDS);
        final EngineConfig engineConfig = config.engine(null);
        final OmnistockEngine engine;
        try
        {
            engine = OmnistockEngine.start(engineConfig, progress);
        }
        catch (final JournalException e)
        {
            // A journal the engine cannot trust, or one a newer build wrote (a rollback): the
            // message says which and what to do; a stack trace would add nothing.
            throw new StartException("cannot start on the journal in " + data.resolve("journal") + ": " +
                e.getMessage(), e);
        }
        finally
        {
            progressLog.cancel(false);
        }
        final RecoveryReport recovery = engine.recoveryReport();
        LOG.info("recovered sequence={} millis={} replayed={} snapshot={} logicVersion={}", recovery.lastSequence(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), recovery.replayedCommands(),
            recovery.snapshot() == null ? "none" : recovery.snapshot().getFileName(), recovery.logicVersion());
        return engine;
    }

    /**
     * Starts this process's cluster member. The member replays the cluster's log and joins (or
     * holds) an election in the background: /ready says when it has a leader and has caught up.
     */
    private ClusterMember startMember(final DaemonConfig config) throws StartException
    {
        final ClusterMember.Settings settings = config.cluster();
        LOG.info("cluster member={} members={} (engine.mode=cluster; docs/cluster.md)", settings.node().memberId(),
            settings.node().members().keySet());
        try
        {
            return ClusterMember.start(settings, () ->
            {
                // The cluster stopped this member (an operator's ClusterTool shutdown, or a fault):
                // it takes no more traffic; the process's own shutdown follows.
                LOG.warn("the cluster terminated member {}; not ready", settings.node().memberId());
                terminated = true;
            });
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new StartException("interrupted while the cluster member started", e);
        }
        catch (final RuntimeException e)
        {
            throw new StartException("cannot start cluster member " + settings.node().memberId() + ": " +
                e.getMessage(), e);
        }
    }

    /**
     * Once this member is ready (a leader, caught up), proposes the subscriptions of its
     * embedded-mode webhooks.json and its keys (each once), and, in a cluster with none, the first
     * admin key. The subscriptions go first: they get the events committed after them, and writes
     * need a key.
     */
    private void bootstrapReplicated(final ReplicatedApiKeys keys, final Webhooks webhooks, final Path data)
    {
        final Thread thread = named("omnistock-bootstrap-").newThread(() ->
        {
            try
            {
                while (!ready())
                {
                    if (closed)
                    {
                        return;
                    }
                    Thread.sleep(200);
                }
                try
                {
                    webhooks.proposeStored(data);
                }
                catch (final IOException e)
                {
                    // The keys still go: a first admin key must not wait on a broken webhooks file.
                    LOG.error("webhooks: {} not proposed to the cluster ({}); fix it and restart the member to try " +
                        "again", data.resolve("webhooks.json"), e.toString());
                }
                keys.bootstrap(data);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
            catch (final IOException | RuntimeException e)
            {
                LOG.error("replicated keys and webhooks: the bootstrap failed ({}); restart the member to try again",
                    e.toString());
            }
        });
        thread.start();
    }

    /**
     * @return whether this daemon takes traffic: started and not stopping; a cluster member also
     *     needs a leader and to have caught up with what the cluster committed.
     */
    private boolean ready()
    {
        return ready && (member == null || !terminated && member.leaderMemberId() >= 0 && member.caughtUp());
    }

    /** @return the member's figures for /health: role, leader, elections, positions, applied sequence. */
    private com.fasterxml.jackson.databind.node.ObjectNode clusterStatus()
    {
        final com.fasterxml.jackson.databind.node.ObjectNode json = io.omnistock.daemon.http.Json.object();
        json.put("memberId", member.memberId()).put("role", member.role()).put("leaderMemberId", member.leaderMemberId())
            .put("elections", member.elections()).put("commitPosition", member.commitPosition())
            .put("appliedPosition", member.appliedPosition()).put("lagBytes", member.lagBytes())
            .put("appliedSequence", member.appliedSequence()).put("caughtUp", member.caughtUp());
        return json;
    }

    /**
     * A start that failed for a reason outside the settings, said in one line (e.g. "cannot listen
     * on 127.0.0.1:8080: address in use"). Everything started before it has been stopped again.
     */
    public static final class StartException extends IOException
    {
        public StartException(final String message, final Throwable cause)
        {
            super(message, cause);
        }
    }

    /**
     * Recovers the engine from the data directory and starts serving. If the start fails, whatever
     * it had started (engine, journal, lock on the data directory) is stopped and released first.
     *
     * @throws DaemonConfig.ConfigException on a setting that cannot be used.
     * @throws StartException when the listener cannot be opened (the port is taken, say).
     */
    public static Daemon start(final DaemonConfig config) throws IOException, GeneralSecurityException
    {
        return new Daemon(config);
    }

    public int port()
    {
        return listener.port();
    }

    /** @return every HTTP route as "METHOD /template". */
    public java.util.List<String> routes()
    {
        return api.routes();
    }

    /**
     * A periodic snapshot. A cluster member's are the cluster's, written by every member at one
     * point of the log and started by the leader: every member's daemon schedules them, and the
     * one that leads at the time starts them.
     */
    private void snapshot()
    {
        if (member != null && !member.leads())
        {
            return;
        }
        try
        {
            final long sequence = (embedded != null ? embedded : member).snapshot().get(5, TimeUnit.MINUTES);
            metrics.snapshotTaken(sequence);
            if (snapshotFailures > 0)
            {
                LOG.info("periodic snapshots work again after {} failed", snapshotFailures);
                snapshotFailures = 0;
            }
            LOG.info("snapshot sequence={}", sequence);
        }
        catch (final Exception | Error e)
        {
            // An Error too: a scheduled task that throws is silently never run again.
            metrics.snapshotFailed();
            if (snapshotFailures++ == 0)
            {
                LOG.warn("periodic snapshot failed; the journal still holds everything", e);
            }
            else
            {
                // The first failure's trace is in the log; once a second is enough after it.
                LOG.warn("periodic snapshot failed again ({} in a row): {}", snapshotFailures, e.toString());
            }
            if (e instanceof InterruptedException)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Graceful stop: refuse new requests, let those in flight finish, end the streams, snapshot,
     * then drain the ring and flush the journal.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        ready = false;
        LOG.info("shutting down phase=drain-requests");
        // Streams never finish on their own: end them first so the drain waits for real requests only.
        events.close();
        feeds.close();
        // Before the engine closes: the delivery loops read its journal; their cursors are written.
        webhooks.close();
        if (kafka != null)
        {
            kafka.close();
        }
        forecastJob.close();
        readModels.close();
        try
        {
            api.drain(DRAIN_MILLIS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        snapshots.shutdownNow();
        if (embedded != null)
        {
            if (!embedded.halted())
            {
                snapshot();
            }
            embedded.close();
        }
        else
        {
            member.close();
        }
        listener.close();
        api.close();
        gateway.close();
        try
        {
            lock.release();
            lockChannel.close();
        }
        catch (final IOException e)
        {
            LOG.warn("could not release the data directory lock", e);
        }
        LOG.info("stopped; journal flushed");
    }

    private static SSLContext tls(final DaemonConfig config) throws IOException, GeneralSecurityException
    {
        if (config.tlsKeystore() == null)
        {
            return null;
        }
        final KeyStore store = KeyStore.getInstance(config.tlsKeystoreType());
        final char[] password = config.tlsKeystorePassword().toCharArray();
        final KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        try (InputStream in = Files.newInputStream(config.tlsKeystore()))
        {
            store.load(in, password);
            keys.init(store, password);
        }
        catch (final IOException | GeneralSecurityException e)
        {
            // A wrong password or a file that is not a keystore of that type: the settings are wrong.
            throw new DaemonConfig.ConfigException("tls.keystore " + config.tlsKeystore() + " cannot be read as a " +
                config.tlsKeystoreType() + " keystore with tls.keystore-password (" +
                (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
        final SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static ThreadFactory named(final String prefix)
    {
        final AtomicInteger next = new AtomicInteger();
        return runnable ->
        {
            final Thread thread = new Thread(runnable, prefix + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

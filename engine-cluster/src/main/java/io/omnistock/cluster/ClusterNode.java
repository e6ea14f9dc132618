package io.omnistock.cluster;

import io.aeron.archive.Archive;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.MillisecondClusterClock;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.exceptions.ActiveDriverException;
import io.omnistock.core.journal.ChronicleSettings;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpLock;
import org.agrona.concurrent.ShutdownSignalBarrier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One cluster member in one process: a media driver, an archive (which records the cluster's
 * log), the consensus module and the omnistock service, every file under the member's data dir.
 *
 * <p>{@code ClusterNode --config FILE} (a properties file of the settings) or {@code ClusterNode memberId
 * members dataDir [key=value ...]}; see {@link ClusterNodeConfig}.
 *
 * <p>Threads ({@link MemberThreads}, chosen from the cores and logged at start): on a small machine
 * the driver and the archive each run all their agents on one thread (Aeron's SHARED modes), so a
 * member has four busy threads (driver, archive, consensus module, service) instead of eight;
 * with {@code driverOnArchiveThread} three ({@link MemberCore}); with eight cores or more, a thread
 * per agent. Every one of them idles with a {@link BackoffIdleStrategy} that spins a few
 * times, yields, then parks up to 1 ms: three members and their clients share two cores here, and
 * threads that spun (Aeron's busy-spin for dedicated cores) would starve each other into missed
 * heartbeats and false elections. The park costs up to a millisecond of latency when idle, at each
 * of the dozen hand-offs of a command; {@code idleParkMaxMicros} shortens it where cores allow.
 */
public final class ClusterNode implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    private static final long RETRY_MILLIS = 1_000;

    private final MemberCore driver;
    private final ClusteredServiceContainer container;
    private final OmnistockClusteredService service;

    private ClusterNode(
        final MemberCore driver, final ClusteredServiceContainer container,
        final OmnistockClusteredService service)
    {
        this.driver = driver;
        this.container = container;
        this.service = service;
    }

    /** The default longest park, in µs: see {@link ClusterNodeConfig#idleParkMaxMicros()}. */
    static final long IDLE_PARK_MAX_MICROS = 1_000;

    /** Spin 100 times, yield 10, then park from 1 µs doubling up to {@code parkMaxMicros}. */
    static IdleStrategy idleStrategy(final long parkMaxMicros)
    {
        return new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(parkMaxMicros));
    }

    /**
     * Starts the member. A start right after the member was killed finds its mark files still
     * fresh (Aeron takes a mark file updated in the last 10 s as a live process): it waits and
     * retries, up to {@link ClusterNodeConfig#markFileWaitMillis()}, saying so in the log.
     */
    public static ClusterNode launch(final ClusterNodeConfig config, final Runnable terminated)
    {
        ChronicleSettings.apply();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.markFileWaitMillis());
        while (true)
        {
            try
            {
                return start(config, terminated);
            }
            catch (final RuntimeException e)
            {
                if (!isActiveMarkFile(e) || System.nanoTime() - deadline > 0)
                {
                    throw e;
                }
                LOG.warn("member {}: a mark file under {} still looks active ({}). A process killed moments ago " +
                    "leaves it so for up to 10 s; if another process runs this member, stop it. Retrying in {} ms",
                    config.memberId(), config.dataDir(), rootMessage(e), RETRY_MILLIS);
                sleep(RETRY_MILLIS);
            }
        }
    }

    private static ClusterNode start(final ClusterNodeConfig config, final Runnable terminated)
    {
        final Path dir = config.dataDir().toAbsolutePath();
        // Aeron's agents report errors to their mark files' error logs; the member's log shows them too.
        final ErrorHandler errors = e -> LOG.error("member {}: {}", config.memberId(), e.toString(), e);
        final ClusterNodeConfig.Member self = config.self();
        final String aeronDir = dir.resolve("aeron").toString();
        final Supplier<IdleStrategy> idle = () -> idleStrategy(config.idleParkMaxMicros());

        final MemberThreads threads = MemberThreads.choose(config, Runtime.getRuntime().availableProcessors());
        LOG.info("member {} threads: {}", config.memberId(), threads);

        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            // Each is used only in the layout that has that thread.
            .sharedIdleStrategy(idle.get())
            .conductorIdleStrategy(idle.get())
            .senderIdleStrategy(idle.get())
            .receiverIdleStrategy(idle.get())
            .termBufferSparseFile(true)
            .publicationTermBufferLength(1 << 20)
            .ipcTermBufferLength(1 << 23)
            // A stale directory is replaced only when no live driver owns it: a second start of the
            // same member fails (ActiveDriverException) instead of taking over a running one.
            .dirDeleteOnStart(false)
            .dirDeleteOnShutdown(true)
            .errorHandler(errors)
            .terminationHook(terminated);

        final AeronArchive.Context replicationArchive = new AeronArchive.Context()
            .controlResponseChannel("aeron:udp?endpoint=" + self.host() + ":0");
        final Archive.Context archiveContext = new Archive.Context()
            .aeronDirectoryName(aeronDir)
            .archiveDir(dir.resolve("archive").toFile())
            .controlChannel("aeron:udp?endpoint=" + self.endpoint(4) + "|term-length=64k")
            .archiveClientContext(replicationArchive)
            .localControlChannel("aeron:ipc?term-length=64k")
            .replicationChannel("aeron:udp?endpoint=" + self.host() + ":0")
            .recordingEventsEnabled(false)
            .idleStrategySupplier(idle)
            .segmentFileLength(1 << 24)
            .fileSyncLevel(config.fileSyncLevel())
            .catalogFileSyncLevel(config.fileSyncLevel())
            .errorHandler(errors);

        final AeronArchive.Context localArchive = new AeronArchive.Context()
            .lock(NoOpLock.INSTANCE)
            .controlRequestChannel(archiveContext.localControlChannel())
            .controlRequestStreamId(archiveContext.localControlStreamId())
            .controlResponseChannel(archiveContext.localControlChannel())
            .aeronDirectoryName(aeronDir);

        final Path clusterDir = dir.resolve("cluster");
        final ConsensusModule.Context consensus = new ConsensusModule.Context()
            .clusterMemberId(config.memberId())
            .clusterMembers(config.aeronClusterMembers())
            .clusterDir(clusterDir.toFile())
            .aeronDirectoryName(aeronDir)
            .archiveContext(localArchive.clone())
            .ingressChannel("aeron:udp?term-length=1m")
            .logChannel("aeron:udp?term-length=4m")
            .replicationChannel("aeron:udp?endpoint=" + self.host() + ":0")
            .clusterClock(new MillisecondClusterClock())
            .leaderHeartbeatTimeoutNs(TimeUnit.MILLISECONDS.toNanos(config.leaderHeartbeatTimeoutMillis()))
            .leaderHeartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(config.leaderHeartbeatIntervalMillis()))
            .electionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(config.electionTimeoutMillis()))
            .startupCanvassTimeoutNs(TimeUnit.MILLISECONDS.toNanos(config.startupCanvassTimeoutMillis()))
            .sessionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(config.sessionTimeoutMillis()))
            .maxConcurrentSessions(config.maxSessions())
            .fileSyncLevel(config.fileSyncLevel())
            .idleStrategySupplier(idle)
            .errorHandler(errors)
            .terminationHook(terminated);

        final OmnistockClusteredService service =
            new OmnistockClusteredService(dir, config.fileSyncLevel() > 0, config.idempotencyWindow());
        final ClusteredServiceContainer.Context serviceContext = new ClusteredServiceContainer.Context()
            .aeronDirectoryName(aeronDir)
            .archiveContext(localArchive.clone())
            .clusterDir(clusterDir.toFile())
            .clusteredService(service)
            .idleStrategySupplier(idle)
            .errorHandler(errors)
            .terminationHook(terminated);

        MemberCore driver = null;
        try
        {
            driver = MemberCore.launch(driverContext, archiveContext, consensus, threads.threading(),
                config.driverOnArchiveThread(), idle.get(), errors);
            final ClusteredServiceContainer container = ClusteredServiceContainer.launch(serviceContext);
            LOG.info("member {} of {} started: data {}, client endpoint {}", config.memberId(),
                config.members().keySet(), dir, self.endpoint(0));
            return new ClusterNode(driver, container, service);
        }
        catch (final RuntimeException e)
        {
            CloseHelper.quietClose(driver);
            throw e;
        }
    }

    static boolean isActiveMarkFile(final Throwable e)
    {
        for (Throwable t = e; t != null; t = t.getCause())
        {
            if (t instanceof ActiveDriverException ||
                t.getMessage() != null && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("active mark file"))
            {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(final Throwable e)
    {
        Throwable t = e;
        while (t.getCause() != null)
        {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for stale mark files", e);
        }
    }

    /** @return this member's service, for its role. */
    public OmnistockClusteredService service()
    {
        return service;
    }

    /** @return the member's media driver directory: a client inside the member's process shares the driver. */
    String aeronDirectoryName()
    {
        return driver.aeronDirectoryName();
    }

    /** @return the consensus module's settings and counters (role, election state and count, commit position). */
    ConsensusModule.Context consensus()
    {
        return driver.consensus();
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(container, driver);
    }

    /**
     * {@code ClusterNode --config FILE [key=value ...]} or {@code ClusterNode memberId members dataDir
     * [key=value ...]}. Exits 2 on a bad setting, naming it.
     */
    public static void main(final String[] args)
    {
        final ClusterNodeConfig config;
        try
        {
            config = ClusterNodeConfig.parse(arguments(args));
        }
        catch (final IllegalArgumentException e)
        {
            System.err.println("cluster node: " + e.getMessage());
            System.err.println("usage: cluster-node --config FILE [key=value ...], or ClusterNode memberId members " +
                "dataDir [key=value ...]; members is id=host:basePort,... ; settings and defaults: " +
                ClusterNodeConfig.defaultSettings());
            System.exit(2);
            return;
        }
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
            ClusterNode node = launch(config, barrier::signalAll))
        {
            barrier.await();
            LOG.info("member {} stopping", config.memberId());
        }
    }

    /**
     * The settings of the command line: a properties file's ({@code --config FILE}) or the three
     * positional ones, then {@code key=value} overrides. Keys are checked by {@link ClusterNodeConfig#parse}.
     */
    static Map<String, String> arguments(final String[] args)
    {
        final Map<String, String> settings = new LinkedHashMap<>();
        int next;
        if (args.length >= 1 && args[0].equals("--config"))
        {
            if (args.length < 2)
            {
                throw new IllegalArgumentException("--config needs a file");
            }
            settings.putAll(properties(Path.of(args[1])));
            next = 2;
        }
        else
        {
            if (args.length < 3)
            {
                throw new IllegalArgumentException("memberId, members and dataDir are required (or --config FILE)");
            }
            settings.put("memberId", args[0]);
            settings.put("members", args[1]);
            settings.put("dataDir", args[2]);
            next = 3;
        }
        for (int i = next; i < args.length; i++)
        {
            final int eq = args[i].indexOf('=');
            if (eq <= 0)
            {
                throw new IllegalArgumentException("setting '" + args[i] + "' is not key=value");
            }
            settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        return settings;
    }

    private static Map<String, String> properties(final Path file)
    {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            properties.load(reader);
        }
        catch (final IOException | IllegalArgumentException e)
        {
            throw new IllegalArgumentException("config file " + file + " cannot be read: " + e.getMessage());
        }
        final Map<String, String> settings = new LinkedHashMap<>();
        for (final String key : new TreeSet<>(properties.stringPropertyNames()))
        {
            settings.put(key, properties.getProperty(key));
        }
        return settings;
    }
}

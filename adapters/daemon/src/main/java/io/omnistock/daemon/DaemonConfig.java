package io.omnistock.daemon;

import io.omnistock.cluster.ClusterMember;
import io.omnistock.cluster.ClusterNodeConfig;
import io.omnistock.core.Durability;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.JournalThread;
import io.omnistock.core.TimerThread;
import io.omnistock.core.WaitStrategyKind;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The daemon's settings: the embedded defaults, then an optional file, then environment variables.
 * An unknown key in the file is an error (a typo must not silently fall back to a default). An
 * unknown OMNISTOCK_* environment variable is only warned about: the environment is not the
 * operator's alone (a Kubernetes Service named omnistock puts OMNISTOCK_PORT and
 * OMNISTOCK_SERVICE_HOST into every pod).
 */
public final class DaemonConfig
{
    static final String ENV_PREFIX = "OMNISTOCK_";
    private static final String DEFAULTS = "daemon-defaults.properties";
    /** Settings with this prefix are the Kafka producer's, passed through without it (docs/daemon.md, Kafka sink). */
    static final String KAFKA_PROPERTIES = "kafka.properties.";

    private final Properties values;
    private final java.util.List<String> warnings;

    private DaemonConfig(final Properties values, final java.util.List<String> warnings)
    {
        this.values = values;
        this.warnings = java.util.List.copyOf(warnings);
    }

    /** @return what the start should warn about, one sentence each (unknown environment variables). */
    public java.util.List<String> warnings()
    {
        return warnings;
    }

    /** @return the embedded defaults. */
    public static Properties defaults()
    {
        final Properties defaults = new Properties();
        try (InputStream in = DaemonConfig.class.getResourceAsStream(DEFAULTS))
        {
            defaults.load(in);
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("cannot read the embedded defaults", e);
        }
        return defaults;
    }

    /**
     * @param file overrides, or null.
     * @param env  the environment (OMNISTOCK_* variables override).
     * @throws ConfigException on an unreadable file, an unknown key or a bad value.
     */
    public static DaemonConfig load(final Path file, final Map<String, String> env)
    {
        final Properties merged = defaults();
        if (file != null)
        {
            final Properties fromFile = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8))
            {
                fromFile.load(in);
            }
            catch (final IOException e)
            {
                throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
            }
            for (final String key : fromFile.stringPropertyNames())
            {
                requireKnown(merged, key, "config file " + file);
                merged.setProperty(key, fromFile.getProperty(key).trim());
            }
        }
        for (final String key : new TreeSet<>(merged.stringPropertyNames()))
        {
            final String value = env.get(envName(key));
            if (value != null)
            {
                merged.setProperty(key, value.trim());
            }
        }
        final java.util.List<String> warnings = new java.util.ArrayList<>();
        for (final String name : new TreeSet<>(env.keySet()))
        {
            if (name.startsWith(ENV_PREFIX) && merged.stringPropertyNames().stream().noneMatch(k -> envName(k).equals(name)))
            {
                warnings.add("ignoring environment variable " + name + ": no setting has that name " +
                    "(settings are listed in docs/daemon.md)");
            }
        }
        final DaemonConfig config = new DaemonConfig(merged, warnings);
        config.validate();
        return config;
    }

    /** @return the environment variable that overrides {@code key}. */
    public static String envName(final String key)
    {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static void requireKnown(final Properties known, final String key, final String where)
    {
        // The Kafka producer's own settings, passed through: checked against Kafka's list by kafka().
        if (!known.containsKey(key) && !key.startsWith(KAFKA_PROPERTIES))
        {
            throw new ConfigException("unknown setting '" + key + "' in " + where + " (settings are listed in docs/daemon.md)");
        }
    }

    private void validate()
    {
        dataDir();
        host();
        port();
        maxBodyBytes();
        bulkMaxBodyBytes();
        batchMaxCommands();
        batchMaxBytes();
        batchMaxInFlight();
        workerThreads();
        engineTimeout();
        maxConnections();
        ioThreads();
        requestReadTimeout();
        idleTimeout();
        engine(null);
        snapshotInterval();
        posTimeZone();
        feedsInterval();
        forecast();
        lowStockThreshold();
        changePercent();
        orderHistoryRetention();
        idempotencyResponses();
        countsMaxOpenSessions();
        countsMaxBarcodes();
        logicVersion();
        metricsPublic();
        latencyWindow();
        corsOrigins();
        rateLimitPerSecond();
        rateLimitBurst();
        webhooks();
        kafka();
        tlsKeystore();
        tlsKeystoreType();
        if (clusterMode())
        {
            cluster();
            clusterReadWait();
        }
        // Checked whichever durability is chosen: a bad figure is bad even while unused.
        number("engine.durability.every-commands", 1, 1 << 30);
        number("engine.durability.every-ms", 1, 3_600_000);
    }

    public String get(final String key)
    {
        return values.getProperty(key);
    }

    public Path dataDir()
    {
        return Path.of(nonEmpty("data.dir")).toAbsolutePath().normalize();
    }

    public String host()
    {
        return nonEmpty("http.host");
    }

    public int port()
    {
        return (int)number("http.port", 0, 65_535);
    }

    public long maxBodyBytes()
    {
        return number("http.max-body-bytes", 1024, 1L << 30);
    }

    public long bulkMaxBodyBytes()
    {
        return number("http.bulk-max-body-bytes", 1024, 1L << 40);
    }

    /** Elements one {@code POST /v1/batch} may have. */
    public int batchMaxCommands()
    {
        return (int)number("http.batch-max-commands", 1, 100_000);
    }

    /** Largest {@code POST /v1/batch} body, read whole before any element runs. */
    public long batchMaxBytes()
    {
        return number("http.batch-max-bytes", 1024, 1L << 30);
    }

    /** Elements of one batch in the engine at a time: a batch's share of the ring. */
    public int batchMaxInFlight()
    {
        return (int)number("http.batch-max-in-flight", 1, 65_536);
    }

    public int workerThreads()
    {
        return (int)number("http.worker-threads", 1, 1024);
    }

    public Duration engineTimeout()
    {
        return Duration.ofMillis(number("http.engine-timeout-ms", 1, 600_000));
    }

    /** Over it, a new connection is answered 503 and closed. */
    /** @return the Undertow I/O threads asked for; 0: the default ({@link io.omnistock.daemon.http.HttpListener#ioThreads}). */
    public int ioThreads()
    {
        return (int)number("http.io-threads", 0, 256);
    }

    public int maxConnections()
    {
        return (int)number("http.max-connections", 1, 1_000_000);
    }

    /** How long a request head may take to arrive, and a request body may stall. */
    public Duration requestReadTimeout()
    {
        return Duration.ofMillis(number("http.request-read-timeout-ms", 100, 3_600_000));
    }

    /** How long a connection may stay open with no request under way. */
    public Duration idleTimeout()
    {
        return Duration.ofMillis(number("http.idle-timeout-ms", 100, 86_400_000));
    }

    public Path tlsKeystore()
    {
        final String path = get("tls.keystore");
        if (path.isEmpty())
        {
            return null;
        }
        final Path file = Path.of(path);
        if (!Files.isRegularFile(file) || !Files.isReadable(file))
        {
            throw new ConfigException("tls.keystore must be a readable keystore file, got '" + path + "'");
        }
        return file;
    }

    public String tlsKeystorePassword()
    {
        return get("tls.keystore-password");
    }

    public String tlsKeystoreType()
    {
        final String type = get("tls.keystore-type").toUpperCase(Locale.ROOT);
        if (!type.equals("PKCS12") && !type.equals("JKS"))
        {
            throw new ConfigException("tls.keystore-type must be PKCS12 or JKS, got '" + get("tls.keystore-type") + "'");
        }
        return type;
    }

    public java.time.ZoneId posTimeZone()
    {
        try
        {
            return java.time.ZoneId.of(get("pos.time-zone"));
        }
        catch (final java.time.DateTimeException e)
        {
            throw new ConfigException("pos.time-zone must be a time zone id such as UTC or Asia/Shanghai, got '" +
                get("pos.time-zone") + "'");
        }
    }

    /** The forecast job's settings; an interval of 0 is off. */
    public io.omnistock.daemon.forecast.ForecastJob.Settings forecast()
    {
        return new io.omnistock.daemon.forecast.ForecastJob.Settings(
            Duration.ofSeconds(number("forecast.interval-seconds", 0, 7 * 86_400)),
            new io.omnistock.daemon.forecast.ForecastPlan.Settings((int)number("forecast.horizon-days", 1, 366),
                (int)number("forecast.lead-time-hours", 1, 8_760), (int)number("forecast.review-days", 1, 366),
                (int)number("forecast.min-history-days", 1, 730)));
    }

    public Duration feedsInterval()
    {
        return Duration.ofMillis(number("feeds.interval-ms", 10, 60_000));
    }

    public long lowStockThreshold()
    {
        return number("feeds.low-stock-threshold", 0, Long.MAX_VALUE);
    }

    public int changePercent()
    {
        return (int)number("feeds.change-percent", 1, 100);
    }

    /** How long closed and rejected orders stay readable, in journal time (docs/daemon.md, "Listing"). */
    public Duration orderHistoryRetention()
    {
        return Duration.ofSeconds(number("orders.history-retention-seconds", 0, 366L * 24 * 3600));
    }

    public Duration snapshotInterval()
    {
        return Duration.ofSeconds(number("snapshot.interval-seconds", 0, 86_400 * 7));
    }

    public int idempotencyResponses()
    {
        return (int)number("idempotency.responses", 0, 10_000_000);
    }

    public int countsMaxOpenSessions()
    {
        return (int)number("counts.max-open-sessions", 1, 1_000_000);
    }

    public int countsMaxBarcodes()
    {
        return (int)number("counts.max-barcodes", 0, 100_000_000);
    }

    /** The webhooks' settings; the allow-list's blocks are checked here, so a bad one stops the start. */
    public io.omnistock.daemon.webhooks.Webhooks.Settings webhooks()
    {
        final String allow = get("webhooks.allow-targets");
        try
        {
            io.omnistock.daemon.webhooks.TargetGuard.checkAllowList(allow);
        }
        catch (final IllegalArgumentException e)
        {
            throw new ConfigException("webhooks.allow-targets must be comma-separated CIDR blocks: " + e.getMessage());
        }
        final Duration initial = Duration.ofMillis(number("webhooks.retry-initial-ms", 10, 3_600_000));
        final Duration max = Duration.ofMillis(number("webhooks.retry-max-ms", 10, 86_400_000));
        if (max.compareTo(initial) < 0)
        {
            throw new ConfigException("webhooks.retry-max-ms " + max.toMillis() + " must be at least " +
                "webhooks.retry-initial-ms " + initial.toMillis());
        }
        return new io.omnistock.daemon.webhooks.Webhooks.Settings(allow,
            (int)number("webhooks.max-subscriptions", 0, 1_000),
            Duration.ofMillis(number("webhooks.timeout-ms", 100, 600_000)), initial, max,
            Duration.ofSeconds(number("webhooks.rotation-overlap-seconds", 0, 30L * 86_400)));
    }

    /**
     * The Kafka sink's settings, or null when {@code kafka.bootstrap-servers} is empty (no sink). Checked
     * here, Kafka's producer settings included, so a bad one stops the start naming it.
     */
    public io.omnistock.daemon.kafka.KafkaSink.Settings kafka()
    {
        final String servers = get("kafka.bootstrap-servers");
        final java.util.Map<String, String> producer = new java.util.TreeMap<>();
        for (final String key : values.stringPropertyNames())
        {
            // Empty: not passed (a file may name a key whose value, a secret, comes from the environment).
            if (key.startsWith(KAFKA_PROPERTIES) && !get(key).isEmpty())
            {
                producer.put(key.substring(KAFKA_PROPERTIES.length()), get(key));
            }
        }
        if (servers.isEmpty())
        {
            if (!get("kafka.topic").isEmpty() || !producer.isEmpty())
            {
                throw new ConfigException("kafka.bootstrap-servers must be set for the Kafka sink's other settings " +
                    "(kafka.topic, kafka.properties.*) to mean anything; it is empty");
            }
            return null;
        }
        final java.util.Set<io.omnistock.api.EventKind> kinds = java.util.EnumSet.noneOf(io.omnistock.api.EventKind.class);
        for (final String kind : get("kafka.kinds").split(","))
        {
            if (kind.isBlank())
            {
                continue;
            }
            try
            {
                // As the event stream's and the webhooks' 'kinds' read them: any case, '-' for '_'.
                kinds.add(io.omnistock.api.EventKind.valueOf(kind.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
            }
            catch (final IllegalArgumentException e)
            {
                throw new ConfigException("kafka.kinds: unknown event kind '" + kind.trim() + "'; kinds are " +
                    java.util.Arrays.toString(io.omnistock.api.EventKind.values()));
            }
        }
        final String channel = get("kafka.channel");
        try
        {
            return new io.omnistock.daemon.kafka.KafkaSink.Settings(servers, get("kafka.topic"), kinds,
                channel.isEmpty() ? null : channel, producer).check();
        }
        catch (final IllegalArgumentException e)
        {
            throw new ConfigException(e.getMessage());
        }
    }

    /** Origins ({@code scheme://host[:port]}) whose browser scripts may call the API; empty: none. */
    public java.util.Set<String> corsOrigins()
    {
        final java.util.Set<String> origins = new java.util.LinkedHashSet<>();
        for (final String origin : get("http.cors-origins").split(","))
        {
            final String o = origin.trim();
            if (o.isEmpty())
            {
                continue;
            }
            final java.net.URI uri;
            try
            {
                uri = new java.net.URI(o);
            }
            catch (final java.net.URISyntaxException e)
            {
                throw new ConfigException("http.cors-origins: '" + o + "' is not an origin (scheme://host[:port])");
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null ||
                uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getRawQuery() != null ||
                uri.getRawFragment() != null || uri.getRawUserInfo() != null)
            {
                throw new ConfigException("http.cors-origins: '" + o + "' is not an origin (scheme://host[:port], " +
                    "no path, no trailing slash)");
            }
            origins.add(o);
        }
        return origins;
    }

    /** Requests per second each API key may send; 0: no limit. */
    public int rateLimitPerSecond()
    {
        return (int)number("http.rate-limit-per-second", 0, 10_000_000);
    }

    /** Requests an API key may send at once after a quiet spell; 0: as many as its rate per second. */
    public int rateLimitBurst()
    {
        final int burst = (int)number("http.rate-limit-burst", 0, 10_000_000);
        return burst == 0 ? Math.max(rateLimitPerSecond(), 1) : burst;
    }

    public boolean metricsPublic()
    {
        return bool("metrics.public");
    }

    /** How far back the engine latency quantiles of /metrics look (docs/daemon.md, "Health and metrics"). */
    public Duration latencyWindow()
    {
        return Duration.ofSeconds(number("metrics.latency-window-seconds", 1, 24 * 3600));
    }

    /** @return whether this daemon is a member of a replicated engine ({@code engine.mode=cluster}). */
    public boolean clusterMode()
    {
        final String mode = get("engine.mode");
        if (!mode.equals("embedded") && !mode.equals("cluster"))
        {
            throw new ConfigException("engine.mode must be embedded or cluster, got '" + mode + "'");
        }
        return mode.equals("cluster");
    }

    /** The daemon's setting for each of the member's ({@link ClusterNodeConfig}), to name it in a refusal. */
    private static final Map<String, String> CLUSTER_KEYS = clusterKeys();

    private static Map<String, String> clusterKeys()
    {
        final Map<String, String> keys = new java.util.LinkedHashMap<>();
        keys.put("memberId", "cluster.member-id");
        keys.put("members", "cluster.members");
        keys.put("dataDir", "data.dir");
        keys.put("leaderHeartbeatTimeoutMillis", "cluster.leader-heartbeat-timeout-ms");
        keys.put("leaderHeartbeatIntervalMillis", "cluster.leader-heartbeat-interval-ms");
        keys.put("electionTimeoutMillis", "cluster.election-timeout-ms");
        keys.put("startupCanvassTimeoutMillis", "cluster.startup-canvass-timeout-ms");
        keys.put("sessionTimeoutMillis", "cluster.session-timeout-ms");
        keys.put("fileSyncLevel", "cluster.file-sync-level");
        keys.put("markFileWaitMillis", "cluster.mark-file-wait-ms");
        keys.put("idempotencyWindow", "engine.idempotency-window");
        keys.put("maxSessions", "cluster.max-sessions");
        keys.put("idleParkMaxMicros", "cluster.idle-park-max-us");
        keys.put("threading", "cluster.threading");
        // The member's threads count against the same cores as the engine's.
        keys.put("cpuBudget", "engine.cpu-budget");
        return keys;
    }

    /**
     * @return the member's settings ({@code engine.mode=cluster}): the member's own, checked as
     *     {@code bin/omnistock cluster-node} checks them but named by the daemon's keys, and how its
     *     writes wait for a leader.
     */
    public ClusterMember.Settings cluster()
    {
        final Map<String, String> member = new java.util.LinkedHashMap<>();
        CLUSTER_KEYS.forEach((memberKey, daemonKey) -> member.put(memberKey, get(daemonKey)));
        member.put("dataDir", dataDir().toString());
        final ClusterNodeConfig node;
        try
        {
            node = ClusterNodeConfig.parse(member);
        }
        catch (final IllegalArgumentException e)
        {
            throw new ConfigException(renamed(e.getMessage()));
        }
        final Duration noLeader = Duration.ofMillis(number("cluster.no-leader-timeout-ms", 100, 600_000));
        if (noLeader.compareTo(engineTimeout()) >= 0)
        {
            throw new ConfigException("cluster.no-leader-timeout-ms " + noLeader.toMillis() + " must be below " +
                "http.engine-timeout-ms " + engineTimeout().toMillis() + ", or a write during an election is " +
                "answered ENGINE_TIMEOUT instead of NO_LEADER");
        }
        return new ClusterMember.Settings(node, noLeader,
            Duration.ofMillis(number("cluster.resend-after-ms", 100, 600_000)),
            Duration.ofMillis(number("cluster.start-timeout-ms", 1_000, 86_400_000)));
    }

    /** @return how long a read with a minimum sequence waits for this replica to reach it. */
    public Duration clusterReadWait()
    {
        return Duration.ofMillis(number("cluster.read-wait-ms", 0, 600_000));
    }

    /** A member setting's refusal, with the daemon's names for the settings it names. */
    private static String renamed(final String message)
    {
        String renamed = message;
        for (final Map.Entry<String, String> e : CLUSTER_KEYS.entrySet())
        {
            renamed = renamed.replaceAll("\\b" + e.getKey() + "\\b", e.getValue());
        }
        return renamed;
    }

    /**
     * @param listener the engine's event listener, or null to only validate.
     * @return the engine configuration, journal and snapshots under {@link #dataDir()}.
     */
    public EngineConfig engine(final io.omnistock.api.EventListener listener)
    {
        final EngineConfig.Builder builder = EngineConfig.builder()
            .journalDir(dataDir().resolve("journal"))
            .snapshotDir(dataDir().resolve("snapshots"))
            .ringSize(ringSize())
            .waitStrategy(choice("engine.wait-strategy", WaitStrategyKind.class))
            // auto (the defaults): the engine's ThreadModel decides, from the processors or engine.cpu-budget.
            .journalThread(choice("engine.journal-thread", JournalThread.class))
            .timerThread(choice("engine.timer-thread", TimerThread.class))
            .cpuBudget((int)number("engine.cpu-budget", 0, 4096))
            .journalPretouch(bool("engine.journal-pretouch"))
            .logicVersion(logicVersion())
            .durability(durability())
            .expectedPositions((int)number("engine.expected-positions", 1, 1 << 30))
            .idempotencyWindow((int)number("engine.idempotency-window", 1, 1 << 28))
            .snapshotsToKeep((int)number("snapshot.keep", 1, 1000));
        if (listener != null)
        {
            builder.eventListener(listener);
        }
        try
        {
            return builder.build();
        }
        catch (final IllegalArgumentException e)
        {
            // A combination no engine can run (a timer on the writer with a journal thread of its own, say).
            throw new ConfigException("engine settings: " + e.getMessage());
        }
    }

    /** {@code latest}, or a logic version this build knows: pinned while members run different builds. */
    private int logicVersion()
    {
        return "latest".equals(get("engine.logic-version")) ? EngineConfig.LATEST_LOGIC_VERSION :
            (int)number("engine.logic-version", EngineConfig.FIRST_LOGIC_VERSION, EngineConfig.LATEST_LOGIC_VERSION);
    }

    /** @return the engine's ring slots ({@code engine.ring-size}). */
    public int engineRingSize()
    {
        return ringSize();
    }

    private int ringSize()
    {
        final long size = number("engine.ring-size", 16, 1 << 24);
        if (Long.bitCount(size) != 1)
        {
            throw new ConfigException("engine.ring-size must be a power of two, got " + size);
        }
        return (int)size;
    }

    private Durability durability()
    {
        final String kind = get("engine.durability");
        return switch (kind)
        {
            case "page-cache" -> Durability.pageCache();
            case "sync-each-batch" -> Durability.syncEachBatch();
            case "periodic" -> Durability.periodic((int)number("engine.durability.every-commands", 1, 1 << 30),
                Duration.ofMillis(number("engine.durability.every-ms", 1, 3_600_000)));
            default -> throw new ConfigException(
                "engine.durability must be page-cache, periodic or sync-each-batch, got '" + kind + "'");
        };
    }

    private <E extends Enum<E>> E choice(final String key, final Class<E> type)
    {
        final String value = get(key);
        try
        {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        catch (final IllegalArgumentException e)
        {
            throw new ConfigException(key + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()) +
                ", got '" + value + "'");
        }
    }

    private String nonEmpty(final String key)
    {
        final String value = get(key);
        if (value.isEmpty())
        {
            throw new ConfigException(key + " must not be empty");
        }
        return value;
    }

    private boolean bool(final String key)
    {
        final String value = get(key);
        if (!value.equals("true") && !value.equals("false"))
        {
            throw new ConfigException(key + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private long number(final String key, final long min, final long max)
    {
        final String value = get(key);
        final long n;
        try
        {
            n = Long.parseLong(value);
        }
        catch (final NumberFormatException e)
        {
            throw new ConfigException(key + " must be a whole number, got '" + value + "'");
        }
        if (n < min || n > max)
        {
            throw new ConfigException(key + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    /** A setting that cannot be used; the daemon does not start. */
    public static final class ConfigException extends RuntimeException
    {
        public ConfigException(final String message)
        {
            super(message);
        }
    }
}

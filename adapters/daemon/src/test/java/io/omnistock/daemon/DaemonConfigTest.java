package io.omnistock.daemon;

import io.omnistock.core.JournalThread;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DaemonConfigTest
{
    @TempDir
    Path dir;

    @Test
    void defaultsThenFileThenEnvironment() throws Exception
    {
        assertEquals(8080, DaemonConfig.load(null, Map.of()).port());
        assertEquals("127.0.0.1", DaemonConfig.load(null, Map.of()).host());
        final Path file = dir.resolve("omnistock.properties");
        Files.writeString(file, "http.port=9090\nengine.durability=sync-each-batch\n");
        assertEquals(9090, DaemonConfig.load(file, Map.of()).port());
        assertEquals(7070, DaemonConfig.load(file, Map.of("OMNISTOCK_HTTP_PORT", "7070")).port());
        assertTrue(DaemonConfig.load(file, Map.of()).engine(null).durability().syncs());
        final DaemonConfig defaults = DaemonConfig.load(null, Map.of());
        // auto defers to the engine's thread model, which counts the processors or engine.cpu-budget.
        assertEquals(JournalThread.AUTO, defaults.engine(null).journalThread());
        assertEquals(io.omnistock.core.TimerThread.AUTO, defaults.engine(null).timerThread());
        assertEquals(JournalThread.WRITER, io.omnistock.core.ThreadModel.choose(defaults.engine(null), 2).journalThread(),
            "auto: the writer journals on 2 processors");
        assertEquals(JournalThread.OWN, io.omnistock.core.ThreadModel.choose(defaults.engine(null), 4).journalThread(),
            "auto: a journal thread of its own on 4");
        assertEquals(JournalThread.OWN, io.omnistock.core.ThreadModel.choose(DaemonConfig.load(null,
            Map.of("OMNISTOCK_ENGINE_CPU_BUDGET", "4")).engine(null), 2).journalThread(), "a budget wins over the processors");
        assertEquals(JournalThread.OWN, DaemonConfig.load(null, Map.of("OMNISTOCK_ENGINE_JOURNAL_THREAD", "own"))
            .engine(null).journalThread());
        assertEquals(JournalThread.WRITER, DaemonConfig.load(null, Map.of("OMNISTOCK_ENGINE_JOURNAL_THREAD", "WRITER"))
            .engine(null).journalThread());
        assertTrue(DaemonConfig.load(null, Map.of()).engine(null).journalPretouch());
        assertFalse(DaemonConfig.load(null, Map.of("OMNISTOCK_ENGINE_JOURNAL_PRETOUCH", "false"))
            .engine(null).journalPretouch());
    }

    @Test
    void theLogicVersionIsTheNewestUnlessPinnedToOneThisBuildKnows()
    {
        assertEquals(io.omnistock.core.state.LogicVersion.LATEST, DaemonConfig.load(null, Map.of()).engine(null).logicVersion());
        assertEquals(1, DaemonConfig.load(null, Map.of("OMNISTOCK_ENGINE_LOGIC_VERSION", "1")).engine(null).logicVersion());
        for (final String bad : new String[] {"0", "99", "newest"})
        {
            final DaemonConfig.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                DaemonConfig.ConfigException.class, () -> DaemonConfig.load(null, Map.of("OMNISTOCK_ENGINE_LOGIC_VERSION", bad)));
            assertTrue(e.getMessage().contains("engine.logic-version"), e.getMessage());
        }
    }

    @Test
    void ioThreadsAreUndertowsDefaultUnlessSetAndCheckedAtLoad()
    {
        assertEquals(0, DaemonConfig.load(null, Map.of()).ioThreads());
        assertEquals(1, DaemonConfig.load(null, Map.of("OMNISTOCK_HTTP_IO_THREADS", "1")).ioThreads());
        assertEquals(2, io.omnistock.daemon.http.HttpListener.ioThreads(0, 1));
        assertEquals(8, io.omnistock.daemon.http.HttpListener.ioThreads(0, 8));
        assertEquals(1, io.omnistock.daemon.http.HttpListener.ioThreads(1, 8));
        for (final String bad : new String[] {"-1", "257", "two"})
        {
            org.junit.jupiter.api.Assertions.assertThrows(DaemonConfig.ConfigException.class,
                () -> DaemonConfig.load(null, Map.of("OMNISTOCK_HTTP_IO_THREADS", bad)), bad);
        }
    }

    @Test
    void corsOriginsAndRateLimitsAreCheckedAtLoad()
    {
        final DaemonConfig defaults = DaemonConfig.load(null, Map.of());
        assertTrue(defaults.corsOrigins().isEmpty(), "no CORS by default");
        assertEquals(0, defaults.rateLimitPerSecond(), "no rate limit by default");
        assertEquals(java.util.Set.of("https://shop.example", "http://localhost:3000"), DaemonConfig.load(null,
            Map.of("OMNISTOCK_HTTP_CORS_ORIGINS", "https://shop.example, http://localhost:3000")).corsOrigins());
        for (final String bad : new String[] {"shop.example", "https://shop.example/", "ftp://shop.example",
            "https://shop.example/app", "https://user@shop.example"})
        {
            final DaemonConfig.ConfigException e = assertThrows(DaemonConfig.ConfigException.class,
                () -> DaemonConfig.load(null, Map.of("OMNISTOCK_HTTP_CORS_ORIGINS", bad)));
            assertTrue(e.getMessage().contains("http.cors-origins"), e.getMessage());
        }
        final DaemonConfig limited = DaemonConfig.load(null, Map.of("OMNISTOCK_HTTP_RATE_LIMIT_PER_SECOND", "50"));
        assertEquals(50, limited.rateLimitBurst(), "the burst defaults to the rate");
        assertEquals(200, DaemonConfig.load(null, Map.of("OMNISTOCK_HTTP_RATE_LIMIT_PER_SECOND", "50",
            "OMNISTOCK_HTTP_RATE_LIMIT_BURST", "200")).rateLimitBurst());
        assertThrows(DaemonConfig.ConfigException.class,
            () -> DaemonConfig.load(null, Map.of("OMNISTOCK_HTTP_RATE_LIMIT_PER_SECOND", "-1")));
    }

    @Test
    void webhookSettingsAreCheckedAtLoad()
    {
        assertEquals(100, DaemonConfig.load(null, Map.of()).webhooks().maxSubscriptions());
        assertEquals("127.0.0.0/8,::1/128", DaemonConfig.load(null,
            Map.of("OMNISTOCK_WEBHOOKS_ALLOW_TARGETS", "127.0.0.0/8,::1/128")).webhooks().allowTargets());
        for (final Map<String, String> bad : java.util.List.of(
            Map.of("OMNISTOCK_WEBHOOKS_ALLOW_TARGETS", "localhost"),
            Map.of("OMNISTOCK_WEBHOOKS_ALLOW_TARGETS", "10.0.0.0/40"),
            Map.of("OMNISTOCK_WEBHOOKS_RETRY_INITIAL_MS", "5000", "OMNISTOCK_WEBHOOKS_RETRY_MAX_MS", "1000"),
            Map.of("OMNISTOCK_WEBHOOKS_TIMEOUT_MS", "0")))
        {
            final DaemonConfig.ConfigException e = assertThrows(DaemonConfig.ConfigException.class,
                () -> DaemonConfig.load(null, bad), bad.toString());
            assertTrue(e.getMessage().contains("webhooks."), e.getMessage());
        }
    }

    /** The Kafka sink: off unless configured; what can be checked without a broker is, at load, naming the setting. */
    @Test
    void kafkaSettingsAreCheckedAtLoad() throws Exception
    {
        assertEquals(null, DaemonConfig.load(null, Map.of()).kafka(), "no sink unless configured");
        final Path file = dir.resolve("kafka.properties");
        Files.writeString(file, "kafka.bootstrap-servers=127.0.0.1:9092,[::1]:9093\nkafka.topic=stock-events\n" +
            "kafka.kinds=stock-changed,ORDER_CHANGED\nkafka.properties.security.protocol=SASL_SSL\n" +
            "kafka.properties.sasl.mechanism=PLAIN\nkafka.properties.linger.ms=5\n");
        final var sink = DaemonConfig.load(file, Map.of("OMNISTOCK_KAFKA_PROPERTIES_LINGER_MS", "20")).kafka();
        assertEquals("stock-events", sink.topic());
        assertEquals(Set.of(io.omnistock.api.EventKind.STOCK_CHANGED, io.omnistock.api.EventKind.ORDER_CHANGED), sink.kinds());
        assertEquals("SASL_SSL", sink.properties().getProperty("security.protocol"), "passed through");
        assertEquals("20", sink.properties().getProperty("linger.ms"), "a passed-through key named in the file, from the environment");
        assertEquals("all", sink.properties().getProperty("acks"));
        assertEquals("true", sink.properties().getProperty("enable.idempotence"));
        assertEquals(io.omnistock.api.EventKind.values().length,
            DaemonConfig.load(null, Map.of("OMNISTOCK_KAFKA_BOOTSTRAP_SERVERS", "k:9092", "OMNISTOCK_KAFKA_TOPIC", "t"))
                .kafka().kinds().size(), "no kinds: every kind");

        final Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("kafka.bootstrap-servers=k:9092\n", "kafka.topic");
        bad.put("kafka.bootstrap-servers=k:9092\nkafka.topic=\n", "kafka.topic");
        bad.put("kafka.bootstrap-servers=k:9092\nkafka.topic=a/b\n", "kafka.topic");
        bad.put("kafka.bootstrap-servers=localhost\nkafka.topic=t\n", "kafka.bootstrap-servers");
        bad.put("kafka.bootstrap-servers=k:99999\nkafka.topic=t\n", "kafka.bootstrap-servers");
        bad.put("kafka.bootstrap-servers=k:9092,\nkafka.topic=t\n", "kafka.bootstrap-servers");
        bad.put("kafka.bootstrap-servers=::1:9092\nkafka.topic=t\n", "kafka.bootstrap-servers");
        bad.put("kafka.topic=t\n", "kafka.bootstrap-servers");
        bad.put("kafka.bootstrap-servers=k:9092\nkafka.topic=t\nkafka.kinds=STOCK,ALERT\n", "kafka.kinds");
        bad.put("kafka.bootstrap-servers=k:9092\nkafka.topic=t\nkafka.properties.acks=1\n", "kafka.properties.acks");
        bad.put("kafka.bootstrap-servers=k:9092\nkafka.topic=t\nkafka.properties.enable.idempotence=false\n",
            "kafka.properties.enable.idempotence");
        bad.put("kafka.bootstrap-servers=k:9092\nkafka.topic=t\nkafka.properties.bootstrap.servers=x:1\n",
            "kafka.properties.bootstrap.servers");
        bad.put("kafka.bootstrap-servers=k:9092\nkafka.topic=t\nkafka.properties.lingr.ms=5\n", "kafka.properties.lingr.ms");
        bad.put("kafka.bootstrap-servers=k:9092\nkafka.topic=t\nkafka.properties.linger.ms=soon\n", "linger.ms");
        bad.put("kafka.bootstrap-servers=k:9092\nkafka.topic=t\nkafka.properties.security.protocol=TLS\n",
            "security.protocol");
        for (final Map.Entry<String, String> b : bad.entrySet())
        {
            Files.writeString(file, b.getKey());
            final DaemonConfig.ConfigException e = assertThrows(DaemonConfig.ConfigException.class,
                () -> DaemonConfig.load(file, Map.of()), b.getKey());
            assertTrue(e.getMessage().contains(b.getValue()), b.getKey() + " -> " + e.getMessage());
        }
    }

    @Test
    void unknownKeysAndBadValuesAreErrorsNamingTheSetting() throws Exception
    {
        final Path file = dir.resolve("typo.properties");
        Files.writeString(file, "http.prot=9090\n");
        assertTrue(assertThrows(DaemonConfig.ConfigException.class, () -> DaemonConfig.load(file, Map.of()))
            .getMessage().contains("http.prot"));
        assertTrue(assertThrows(DaemonConfig.ConfigException.class,
            () -> DaemonConfig.load(null, Map.of("OMNISTOCK_HTTP_PORT", "eighty"))).getMessage().contains("http.port"));
        assertTrue(assertThrows(DaemonConfig.ConfigException.class,
            () -> DaemonConfig.load(null, Map.of("OMNISTOCK_ENGINE_RING_SIZE", "1000"))).getMessage()
            .contains("power of two"));
        assertTrue(assertThrows(DaemonConfig.ConfigException.class,
            () -> DaemonConfig.load(null, Map.of("OMNISTOCK_ENGINE_DURABILITY", "fast"))).getMessage()
            .contains("engine.durability"));
        assertTrue(assertThrows(DaemonConfig.ConfigException.class,
            () -> DaemonConfig.load(null, Map.of("OMNISTOCK_ENGINE_JOURNAL_THREAD", "BOTH"))).getMessage()
            .contains("engine.journal-thread"));
        assertTrue(assertThrows(DaemonConfig.ConfigException.class,
            () -> DaemonConfig.load(null, Map.of("OMNISTOCK_ENGINE_TIMER_THREAD", "WRITER",
                "OMNISTOCK_ENGINE_JOURNAL_THREAD", "OWN"))).getMessage().contains("timerThread"));
        assertTrue(assertThrows(DaemonConfig.ConfigException.class,
            () -> DaemonConfig.load(null, Map.of("OMNISTOCK_ENGINE_CPU_BUDGET", "-1"))).getMessage()
            .contains("engine.cpu-budget"));
        assertThrows(DaemonConfig.ConfigException.class, () -> DaemonConfig.load(dir.resolve("missing"), Map.of()));
    }
    /** Every documented setting is checked at load, before the engine or the listener starts. */
    @Test
    void settingsUsedLateOrOnlySometimesAreStillCheckedAtLoad() throws Exception
    {
        assertTrue(message(Map.of("OMNISTOCK_METRICS_PUBLIC", "yes")).contains("metrics.public"));
        // Documented as PKCS12 or JKS: a typo must not be ignored because TLS is off.
        assertTrue(message(Map.of("OMNISTOCK_TLS_KEYSTORE_TYPE", "PKCS13")).contains("tls.keystore-type"));
        assertEquals("JKS", DaemonConfig.load(null, Map.of("OMNISTOCK_TLS_KEYSTORE_TYPE", "jks")).tlsKeystoreType());
        // A keystore that is not there: a message naming the setting, not a stack trace at listen.
        assertTrue(message(Map.of("OMNISTOCK_TLS_KEYSTORE", dir.resolve("missing.p12").toString()))
            .contains("tls.keystore"));
        // Bad periodic figures are bad even while another durability is chosen.
        assertTrue(message(Map.of("OMNISTOCK_ENGINE_DURABILITY", "page-cache",
            "OMNISTOCK_ENGINE_DURABILITY_EVERY_MS", "soon")).contains("engine.durability.every-ms"));
        // An empty data directory would silently be the working directory.
        assertTrue(message(Map.of("OMNISTOCK_DATA_DIR", " ")).contains("data.dir"));
        assertTrue(message(Map.of("OMNISTOCK_HTTP_HOST", "")).contains("http.host"));
    }

    private static String message(final Map<String, String> env)
    {
        return assertThrows(DaemonConfig.ConfigException.class, () -> DaemonConfig.load(null, env)).getMessage();
    }

    @Test
    void unknownEnvironmentVariablesAreWarnedAboutAndTheStartGoesOn()
    {
        // What a Kubernetes Service named omnistock injects into every pod.
        final DaemonConfig config = DaemonConfig.load(null, Map.of("OMNISTOCK_PORT", "tcp://10.0.0.7:8080",
            "OMNISTOCK_SERVICE_HOST", "10.0.0.7", "OMNISTOCK_HTTP_PORT", "9191"));
        assertEquals(9191, config.port());
        assertEquals(2, config.warnings().size(), config.warnings().toString());
        assertTrue(config.warnings().get(0).contains("OMNISTOCK_PORT"), config.warnings().toString());
        assertTrue(config.warnings().get(1).contains("OMNISTOCK_SERVICE_HOST"), config.warnings().toString());
        assertTrue(DaemonConfig.load(null, Map.of("OMNISTOCK_HTTP_PORT", "9191")).warnings().isEmpty());
    }
}

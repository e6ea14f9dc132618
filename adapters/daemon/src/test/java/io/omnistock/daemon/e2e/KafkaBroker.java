package io.omnistock.daemon.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) in a child JVM whose
 * classpath is only the broker's jars, which the build copies into target/kafka-broker
 * (src/it/kafka-broker): Kafka's Scala and Jackson never meet the test's. Its storage is formatted
 * once by Kafka's own StorageTool (what kafka-storage.sh format runs), in a child JVM too; it keeps
 * its data and ports across {@link #stop()} and {@link #start()}, as a restarted broker does.
 */
final class KafkaBroker implements AutoCloseable
{
    private final Path dir;
    private final Path properties;
    private final Path log;
    private final int port;
    private Process process;

    KafkaBroker(final Path dir) throws Exception
    {
        this.dir = Files.createDirectories(dir);
        this.properties = dir.resolve("server.properties");
        this.log = dir.resolve("broker.log");
        this.port = freePort();
        final int controllerPort = freePort();
        Files.writeString(properties, String.join("\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs=" + dir.resolve("data"),
            "offsets.topic.replication.factor=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            "auto.create.topics.enable=false",
            ""));
        final Process format = java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
            properties.toString()).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0)
        {
            format.destroyForcibly();
            throw new IllegalStateException("kafka-storage format failed:\n" + log());
        }
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    private ProcessBuilder java(final String mainClass, final String... args)
    {
        final String jars = System.getProperty("omnistock.kafka.broker.dir");
        if (jars == null || !Files.isDirectory(Path.of(jars)))
        {
            throw new IllegalStateException("the Kafka broker's jars are not there: " + jars + " (run mvn verify)");
        }
        final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx384m", "-XX:+UseSerialGC",
            // A short-lived test broker: the client compiler alone starts it sooner on CI's two cores.
            "-XX:TieredStopAtLevel=1", "-cp", Path.of(jars).resolve("*").toString(), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    String bootstrap()
    {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker and waits until it answers a client's metadata request. */
    KafkaBroker start() throws Exception
    {
        process = java("kafka.Kafka", properties.toString()).start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline)
        {
            if (!process.isAlive())
            {
                throw new IllegalStateException("the broker exited with " + process.exitValue() + ":\n" + log());
            }
            try (Socket probe = new Socket())
            {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                try (Admin admin = admin())
                {
                    admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                    return this;
                }
            }
            catch (final IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException notYet)
            {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the broker did not start within 90 s:\n" + log());
    }

    Admin admin()
    {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
    }

    void createTopic(final String topic, final int partitions) throws Exception
    {
        try (Admin admin = admin())
        {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short)1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM: the broker's controlled shutdown, its log flushed. */
    void stop() throws Exception
    {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IllegalStateException("the broker did not stop within 60 s of SIGTERM:\n" + log());
        }
    }

    String log() throws IOException
    {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws Exception
    {
        if (process != null && process.isAlive())
        {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}

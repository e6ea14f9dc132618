package io.omnistock.cluster;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** A cluster member in its own JVM, started with the project's JVM flags, killable with SIGKILL. */
final class MemberProcess implements AutoCloseable
{
    /** The members' idempotency window: a replay must use the same to decide the same. */
    static final int IDEMPOTENCY_WINDOW = 1 << 16;

    private final int id;
    private final String members;
    private final Path dataDir;
    private final Path log;
    private Process process;

    MemberProcess(final int id, final String members, final Path dataDir)
    {
        this.id = id;
        this.members = members;
        this.dataDir = dataDir;
        this.log = dataDir.resolveSibling("member-" + id + ".log");
    }

    /** @return members on loopback with a free range of UDP ports: {@code 0=127.0.0.1:p,1=...}. */
    static String freeMembers(final int count) throws IOException
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            final int base = 20_000 + ThreadLocalRandom.current().nextInt(2_000) * 20;
            if (udpFree(base, count * 10))
            {
                final List<String> entries = new ArrayList<>();
                for (int i = 0; i < count; i++)
                {
                    entries.add(i + "=127.0.0.1:" + (base + i * 10));
                }
                return String.join(",", entries);
            }
        }
        throw new IOException("no free UDP port range on loopback");
    }

    private static boolean udpFree(final int from, final int count)
    {
        for (int port = from; port < from + count; port++)
        {
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)))
            {
                socket.getLocalPort();
            }
            catch (final IOException taken)
            {
                return false;
            }
        }
        return true;
    }

    int id()
    {
        return id;
    }

    Path dataDir()
    {
        return dataDir;
    }

    MemberProcess start() throws IOException
    {
        Files.createDirectories(dataDir);
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("omnistock.child.jvm.flags", "").trim().split("\\s+")));
        command.removeIf(String::isEmpty);
        command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"),
            "io.omnistock.cluster.ClusterNode", Integer.toString(id), members, dataDir.toString(),
            "idempotencyWindow=" + IDEMPOTENCY_WINDOW, "startupCanvassTimeoutMillis=5000"));
        process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        return this;
    }

    boolean alive()
    {
        return process != null && process.isAlive();
    }

    /** kill -9: nothing of the member's shutdown runs. */
    void kill9() throws Exception
    {
        new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start().waitFor();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String log() throws IOException
    {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** @return the member's last answer to a checksum request: "sequence checksum", or null. */
    String checksum() throws IOException
    {
        final Path file = dataDir.resolve("checksum");
        return Files.exists(file) ? Files.readString(file).trim() : null;
    }

    @Override
    public void close() throws Exception
    {
        if (process != null && process.isAlive())
        {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                process.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }
}

package io.omnistock.daemon.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real daemon, started as a separate process from the packaged jar, on a free loopback port. */
final class DaemonProcess implements AutoCloseable
{
    private final Path dataDir;
    private final Path log;
    private final Map<String, String> env;
    private final int port;
    private final List<String> jvmFlags = new ArrayList<>(List.of("-Xmx512m"));
    private Path configFile;
    private Process process;

    DaemonProcess(final Path dataDir, final Map<String, String> env) throws IOException
    {
        this(dataDir, env, freePort());
    }

    /** On a given port (e.g. one a test holds, to see the start fail). */
    DaemonProcess(final Path dataDir, final Map<String, String> env, final int port)
    {
        this.dataDir = dataDir;
        this.log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        this.env = env;
        this.port = port;
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    int port()
    {
        return port;
    }

    /** Replaces the child JVM's default -Xmx512m (e.g. a small heap, to see memory run out). */
    DaemonProcess jvmFlags(final String... flags)
    {
        jvmFlags.clear();
        jvmFlags.addAll(List.of(flags));
        return this;
    }

    /** Starts with {@code --config file} (settings only a file can give, e.g. kafka.properties.*). */
    DaemonProcess config(final Path file)
    {
        configFile = file;
        return this;
    }

    /** Waits for the process to end on its own. @return the exit code. */
    int awaitExit(final long seconds) throws Exception
    {
        if (!process.waitFor(seconds, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IllegalStateException("the daemon did not exit within " + seconds + " s:\n" + log());
        }
        return process.exitValue();
    }

    DaemonProcess(final Path dataDir) throws IOException
    {
        this(dataDir, Map.of());
    }

    DaemonProcess start() throws Exception
    {
        startWithoutWaiting();
        try
        {
            awaitReady();
        }
        catch (final Exception | Error e)
        {
            // The caller gets no DaemonProcess to close: a daemon that never got ready must not outlive the test.
            close();
            throw e;
        }
        return this;
    }

    /** Starts the process only (e.g. an HTTPS daemon, which the plain readiness probe cannot reach). */
    DaemonProcess startWithoutWaiting() throws Exception
    {
        final String jar = System.getProperty("omnistock.daemon.jar");
        if (jar == null || !Files.exists(Path.of(jar)))
        {
            throw new IllegalStateException("the daemon jar is not built: " + jar + " (run mvn verify)");
        }
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("omnistock.child.jvm.flags", "").trim().split("\\s+")));
        command.removeIf(String::isEmpty);
        command.addAll(jvmFlags);
        command.addAll(List.of("-jar", jar, "serve"));
        if (configFile != null)
        {
            command.addAll(List.of("--config", configFile.toString()));
        }
        final ProcessBuilder builder = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("OMNISTOCK_"));
        builder.environment().put("OMNISTOCK_DATA_DIR", dataDir.toString());
        builder.environment().put("OMNISTOCK_HTTP_PORT", Integer.toString(port));
        builder.environment().putAll(env);
        process = builder.start();
        return this;
    }

    void awaitReady() throws Exception
    {
        final HttpClient client = HttpClient.newHttpClient();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline)
        {
            if (!process.isAlive())
            {
                throw new IllegalStateException("the daemon exited with " + process.exitValue() + ":\n" + log());
            }
            try
            {
                final HttpResponse<String> ready = client.send(HttpRequest.newBuilder(uri("/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200)
                {
                    return;
                }
            }
            catch (final IOException notYet)
            {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the daemon did not become ready within 60 s:\n" + log());
    }

    URI uri(final String path)
    {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    boolean hasAdminKey()
    {
        return Files.exists(dataDir.resolve("admin.key"));
    }

    String adminKey() throws IOException
    {
        return Files.readString(dataDir.resolve("admin.key")).trim();
    }

    String log() throws IOException
    {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    long pid()
    {
        return process.pid();
    }

    /** kill -9: no shutdown hook runs. */
    void kill9() throws Exception
    {
        new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start().waitFor();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as an init system stops it. @return the exit code. */
    int terminate() throws Exception
    {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IllegalStateException("the daemon did not stop within 60 s of SIGTERM:\n" + log());
        }
        return process.exitValue();
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

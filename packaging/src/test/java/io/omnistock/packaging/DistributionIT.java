package io.omnistock.packaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The distribution archive that {@code mvn package} builds, unpacked as a user would: its
 * {@code bin/omnistock serve} starts the daemon from lib/ with conf/ and no Maven on the PATH,
 * takes a write, answers {@code bin/omnistock health}, and stops gracefully on SIGTERM.
 */
class DistributionIT
{
    private static final Path ARCHIVE = Path.of(System.getProperty("omnistock.distribution.archive"));
    private static final String NAME = System.getProperty("omnistock.distribution.name");
    private static final Pattern COMMENTED_SETTING = Pattern.compile("^#([a-z][^=\\s]*)=(.*)$");

    @Test
    void unpackedArchiveServesWithoutMaven(@TempDir final Path dir) throws Exception
    {
        assertTrue(Files.isRegularFile(ARCHIVE), "no archive at " + ARCHIVE + " (mvn package builds it)");
        run(List.of(SystemdUnitTest.onPath("tar"), "-xzf", ARCHIVE.toString(), "-C", dir.toString()), Map.of(), dir);
        final Path home = dir.resolve(NAME);
        for (final String file : List.of("bin/omnistock", "lib/omnistock-daemon.jar", "lib/omnistock-tools.jar",
            "lib/omnistock-cluster.jar", "conf/omnistock.properties", "systemd/omnistock.service", "LICENSE", "NOTICE", "THIRD-PARTY.md",
            "README.md", "docs/daemon.md", "docs/packaging.md", "docs/openapi.yaml"))
        {
            assertTrue(Files.isRegularFile(home.resolve(file)), "the archive lacks " + file);
        }
        assertTrue(Files.isExecutable(home.resolve("bin/omnistock")), "bin/omnistock is not executable");
        confListsEveryDefault(home);

        // A PATH with what the launcher needs (bash, dirname, java) and nothing else: no mvn.
        final Path path = Files.createDirectories(dir.resolve("path"));
        Files.createSymbolicLink(path.resolve("bash"), Path.of(SystemdUnitTest.onPath("bash")));
        Files.createSymbolicLink(path.resolve("dirname"), Path.of(SystemdUnitTest.onPath("dirname")));
        Files.createSymbolicLink(path.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        final Path work = Files.createDirectories(dir.resolve("work"));
        final int port = freePort();
        final Map<String, String> env = Map.of("PATH", path.toString(), "HOME", work.toString(),
            "OMNISTOCK_HTTP_PORT", Integer.toString(port));
        assertEquals(1, run(List.of(path.resolve("bash").toString(), "-c", "command -v mvn"), env, work).code,
            "mvn is reachable on the test's PATH");

        final Path log = work.resolve("serve.log");
        final ProcessBuilder serve = new ProcessBuilder(home.resolve("bin/omnistock").toString(), "serve")
            .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        serve.environment().clear();
        serve.environment().putAll(env);
        final Process daemon = serve.start();
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        final String base = "http://127.0.0.1:" + port;
        try
        {
            awaitReady(http, base, daemon, log);
            // The launcher exec'd java on the archive's jar, with the archive's settings.
            final String commandLine = daemon.toHandle().info().commandLine().orElse("");
            assertTrue(commandLine.contains(home.resolve("lib/omnistock-daemon.jar").toString()) &&
                commandLine.contains("--config " + home.resolve("conf/omnistock.properties")), commandLine);

            final String adminKey = Files.readString(work.resolve("data/admin.key")).strip();
            final HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/locations"))
                .header("Authorization", "Bearer " + adminKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"DIST-STORE\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}"))
                .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());

            final Result health = run(List.of(home.resolve("bin/omnistock").toString(), "health"), env, work);
            assertEquals(0, health.code, health.output);
        }
        finally
        {
            daemon.destroy(); // SIGTERM
            if (!daemon.waitFor(60, TimeUnit.SECONDS))
            {
                daemon.destroyForcibly();
                fail("the daemon did not stop within 60 s of SIGTERM:\n" + Files.readString(log));
            }
        }
        // 143 = 128 + SIGTERM: the JVM's exit after its shutdown hooks ran.
        assertTrue(daemon.exitValue() == 143 || daemon.exitValue() == 0, "exit " + daemon.exitValue());
        assertTrue(Files.readString(log).contains("stopped; journal flushed"), Files.readString(log));
        final Result down = run(List.of(home.resolve("bin/omnistock").toString(), "health", "--timeout-ms", "2000"), env, work);
        assertEquals(1, down.code, down.output);
        // The cluster member runs from the archive's own jar too: a bad setting is refused naming it (exit 2).
        final Result member = run(List.of(home.resolve("bin/omnistock").toString(), "cluster-node", "0",
            "0=127.0.0.1:20000", work.resolve("member").toString(), "leaderHeartbeatTimeoutMillis=soon"), env, work);
        assertEquals(2, member.code, member.output);
        assertTrue(member.output.contains("leaderHeartbeatTimeoutMillis"), member.output);
    }

    /**
     * Each runnable jar the archive ships merges the NOTICE files of what it bundles; omnistock's
     * own NOTICE comes first, whole and word for word, before any library's.
     */
    @Test
    void shippedJarsStartTheirMergedNoticeWithOmnistocksOwn(@TempDir final Path dir) throws Exception
    {
        run(List.of(SystemdUnitTest.onPath("tar"), "-xzf", ARCHIVE.toString(), "-C", dir.toString()), Map.of(), dir);
        final Path home = dir.resolve(NAME);
        final String own = Files.readString(home.resolve("NOTICE"), StandardCharsets.UTF_8).strip();
        assertEquals(Files.readString(Path.of(System.getProperty("omnistock.root"), "NOTICE"), StandardCharsets.UTF_8).strip(),
            own, "the archive's NOTICE is the repository's");
        for (final String jar : List.of("lib/omnistock-daemon.jar", "lib/omnistock-tools.jar", "lib/omnistock-cluster.jar"))
        {
            final String merged;
            try (ZipFile zip = new ZipFile(home.resolve(jar).toFile());
                 InputStream in = zip.getInputStream(zip.getEntry("META-INF/NOTICE")))
            {
                merged = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            assertTrue(merged.startsWith(own + "\n\n"), jar + "'s NOTICE does not start with omnistock's:\n" + merged);
            assertTrue(merged.length() > own.length() + 100, jar + "'s NOTICE has no library's notice after ours");
            assertEquals(merged.indexOf("omnistock\nCopyright"), merged.lastIndexOf("omnistock\nCopyright"),
                jar + ": omnistock's notice is there once");
        }
    }

    /** conf/omnistock.properties: every setting of the daemon's embedded defaults, commented out at its default. */
    private static void confListsEveryDefault(final Path home) throws IOException
    {
        final Properties defaults = new Properties();
        try (ZipFile jar = new ZipFile(home.resolve("lib/omnistock-daemon.jar").toFile());
             InputStream in = jar.getInputStream(jar.getEntry("io/omnistock/daemon/daemon-defaults.properties")))
        {
            defaults.load(in);
        }
        final Map<String, String> expected = new TreeMap<>();
        defaults.stringPropertyNames().forEach(k -> expected.put(k, defaults.getProperty(k)));
        final Map<String, String> commented = new TreeMap<>();
        for (final String line : Files.readAllLines(home.resolve("conf/omnistock.properties")))
        {
            assertTrue(line.isBlank() || line.startsWith("#"), "a setting is not commented out: " + line);
            final Matcher m = COMMENTED_SETTING.matcher(line);
            if (m.matches())
            {
                commented.put(m.group(1), m.group(2));
            }
        }
        assertTrue(expected.size() > 10, "the daemon's defaults: " + expected);
        assertEquals(expected, commented);
    }

    private static void awaitReady(final HttpClient http, final String base, final Process daemon, final Path log)
        throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline)
        {
            if (!daemon.isAlive())
            {
                fail("the daemon exited with " + daemon.exitValue() + ":\n" + Files.readString(log));
            }
            try
            {
                final HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200)
                {
                    return;
                }
            }
            catch (final IOException notYet)
            {
                // not listening yet
            }
            Thread.sleep(250);
        }
        fail("not ready within 120 s:\n" + Files.readString(log));
    }

    private record Result(int code, String output)
    {
    }

    private static Result run(final List<String> command, final Map<String, String> env, final Path dir) throws Exception
    {
        assertNotNull(command.get(0), "not on the PATH: " + command);
        final ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        if (!env.isEmpty())
        {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        final Process p = pb.start();
        final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not finish: " + command);
        return new Result(p.exitValue(), output);
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}

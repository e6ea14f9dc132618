package io.omnistock.cluster;

import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * A cluster member in its own JVM ({@code cluster-node --config FILE}, the file written beside its
 * data dir), killable with SIGKILL. Used by {@code cluster-demo}, the failover benchmark and the tests.
 */
final class MemberProcess implements AutoCloseable
{
    /** The members' idempotency window: a replay must use the same to decide the same. */
    static final int IDEMPOTENCY_WINDOW = 1 << 16;

    private final int id;
    private final String members;
    private final Path dataDir;
    private final Path log;
    private final Path config;
    private final int idempotencyWindow;
    private final Properties extraSettings = new Properties();
    private Process process;

    MemberProcess(final int id, final String members, final Path dataDir)
    {
        this(id, members, dataDir, IDEMPOTENCY_WINDOW);
    }

    MemberProcess(final int id, final String members, final Path dataDir, final int idempotencyWindow)
    {
        this.idempotencyWindow = idempotencyWindow;
        this.id = id;
        this.members = members;
        this.dataDir = dataDir;
        this.log = dataDir.resolveSibling("member-" + id + ".log");
        this.config = dataDir.resolveSibling("member-" + id + ".properties");
    }

    int id()
    {
        return id;
    }

    Path dataDir()
    {
        return dataDir;
    }

    /** Sets a member setting ({@link ClusterNodeConfig}) for this member's next {@link #start}. */
    MemberProcess setting(final String key, final String value)
    {
        extraSettings.setProperty(key, value);
        return this;
    }

    MemberProcess start() throws IOException
    {
        Files.createDirectories(dataDir);
        final Properties settings = new Properties();
        settings.setProperty("memberId", Integer.toString(id));
        settings.setProperty("members", members);
        settings.setProperty("dataDir", dataDir.toAbsolutePath().toString());
        settings.setProperty("idempotencyWindow", Integer.toString(idempotencyWindow));
        // Every member starts at once here: no need to canvass for the default 10 s.
        settings.setProperty("startupCanvassTimeoutMillis", "5000");
        settings.putAll(extraSettings);
        try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8))
        {
            settings.store(out, "cluster member " + id + " (written by " + MemberProcess.class.getSimpleName() + ")");
        }
        process = new ProcessBuilder(childCommand("cluster-node", "--config", config.toString()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        return this;
    }

    /**
     * A JVM running {@link ClusterCli} with {@code args}, as this one runs: from the runnable jar
     * ({@code java -jar}, whose manifest carries the JVM flags), or from a class path with this JVM's
     * {@code --add-opens}/{@code --add-exports} and Chronicle settings passed on.
     */
    static List<String> childCommand(final String... args)
    {
        return javaCommand(ClusterCli.class.getName(), args);
    }

    /**
     * A JVM running {@code mainClass} (or the runnable jar's own entry point) with {@code args}, with
     * the flags {@link #childCommand} describes.
     */
    static List<String> javaCommand(final String mainClass, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String flag : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (flag.startsWith("--add-") || flag.startsWith("-Dchronicle."))
            {
                command.add(flag);
            }
        }
        if (!command.contains("-Dchronicle.analytics.disable=true"))
        {
            command.add("-Dchronicle.analytics.disable=true");
        }
        command.add("-Xmx256m");
        final String classPath = System.getProperty("java.class.path");
        if (isRunnableJar(classPath))
        {
            command.addAll(List.of("-jar", classPath));
        }
        else
        {
            command.addAll(List.of("-cp", classPath, mainClass));
        }
        command.addAll(List.of(args));
        return command;
    }

    private static boolean isRunnableJar(final String classPath)
    {
        if (!classPath.endsWith(".jar") || classPath.contains(java.io.File.pathSeparator))
        {
            return false;
        }
        try (JarFile jar = new JarFile(classPath))
        {
            return jar.getManifest() != null &&
                ClusterCli.class.getName().equals(jar.getManifest().getMainAttributes().getValue("Main-Class"));
        }
        catch (final IOException e)
        {
            return false;
        }
    }

    /** @return the member's process id. */
    long pid()
    {
        return process.pid();
    }

    boolean alive()
    {
        return process != null && process.isAlive();
    }

    /** kill -9: nothing of the member's shutdown runs. */
    void kill9() throws Exception
    {
        signal(process, "KILL");
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGSTOP: the member stays alive but silent, as a leader stuck in a long pause. */
    void pause() throws Exception
    {
        signal(process, "STOP");
    }

    /** SIGCONT after {@link #pause}. */
    void resume() throws Exception
    {
        signal(process, "CONT");
    }

    /** Sends {@code kill -<name>} to {@code target}, and waits for {@code kill} to return. */
    static void signal(final Process target, final String name) throws Exception
    {
        final int exit = new ProcessBuilder("kill", "-" + name, Long.toString(target.pid())).inheritIO().start().waitFor();
        if (exit != 0)
        {
            throw new IllegalStateException("kill -" + name + " " + target.pid() + " exited " + exit);
        }
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

    /**
     * Asks for the checksum through the log, then waits until every given member has recorded its
     * answer at that same point.
     *
     * @return "sequence checksum", as each member recorded it.
     * @throws IllegalStateException with the members' logs if they do not agree within 90 s.
     */
    static String agreedChecksum(final ClusterClient client, final List<MemberProcess> live) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline)
        {
            final ClusterClient.Checksum leader = client.stateChecksum().get(60, TimeUnit.SECONDS);
            final String expected = leader.sequence() + " " + Long.toHexString(leader.checksum());
            final long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < waitUntil)
            {
                boolean all = true;
                for (final MemberProcess m : live)
                {
                    all &= expected.equals(m.checksum());
                }
                if (all)
                {
                    return expected;
                }
                Thread.sleep(100);
            }
        }
        final StringBuilder state = new StringBuilder();
        for (final MemberProcess m : live)
        {
            state.append("member ").append(m.id()).append(": ").append(m.checksum()).append('\n').append(m.log());
        }
        throw new IllegalStateException("the members did not agree on a checksum:\n" + state);
    }

    /** @return the sequence of an {@link #agreedChecksum}. */
    static long sequenceOf(final String checksum)
    {
        return Long.parseLong(checksum.split(" ")[0]);
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

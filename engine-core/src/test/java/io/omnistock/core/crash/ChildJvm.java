package io.omnistock.core.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A child JVM running a main class from the test classpath with the test JVM's flags
 * (system property {@code omnistock.child.jvm.flags}, set by surefire). Its stdout is read line
 * by line on a background thread; its stderr goes to a file for diagnostics. Its stdin stays
 * open: children exit when it closes, so none outlives the test JVM.
 */
final class ChildJvm implements AutoCloseable
{
    private final Process process;
    private final Path stderr;
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    /** Lines read per first word, so waiting never slows the reader (a slow reader would fill
     * the pipe and stall the child in its write). */
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Thread reader;

    private ChildJvm(final Process process, final Path stderr)
    {
        this.process = process;
        this.stderr = stderr;
        reader = new Thread(this::readStdout, "child-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static ChildJvm start(final Class<?> mainClass, final Path stderr, final String... args) throws IOException
    {
        final String java = ProcessHandle.current().info().command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        final List<String> command = new ArrayList<>();
        command.add(java);
        for (final String flag : System.getProperty("omnistock.child.jvm.flags", "").trim().split("\\s+"))
        {
            if (!flag.isEmpty())
            {
                command.add(flag);
            }
        }
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command)
            .redirectError(stderr.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
        return new ChildJvm(process, stderr);
    }

    private void readStdout()
    {
        try (BufferedReader in = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII), 1 << 16))
        {
            String line;
            while ((line = in.readLine()) != null)
            {
                lines.add(line);
                final int space = line.indexOf(' ');
                counts.computeIfAbsent(space < 0 ? line : line.substring(0, space), k -> new AtomicInteger())
                    .incrementAndGet();
            }
        }
        catch (final IOException e)
        {
            // the child is gone
        }
    }

    Process process()
    {
        return process;
    }

    /**
     * @return every stdout line read so far.
     */
    List<String> lines()
    {
        return new ArrayList<>(lines);
    }

    /**
     * Waits until {@code count} lines starting with the word {@code first} have been read.
     *
     * @throws AssertionError if they do not come, with the child's state and stderr.
     */
    void awaitLines(final String first, final int count, final long timeoutSeconds) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (linesStartingWith(first) < count)
        {
            if (System.nanoTime() > deadline || !reader.isAlive())
            {
                throw new AssertionError("child printed " + linesStartingWith(first) + " of " + count + " '" + first +
                    "' lines; alive=" + process.isAlive() + "; stderr:\n" + stderrText());
            }
            Thread.sleep(2);
        }
    }

    int linesStartingWith(final String first)
    {
        final AtomicInteger n = counts.get(first);
        return n == null ? 0 : n.get();
    }

    /**
     * Kills the child with {@link Process#destroyForcibly()} (SIGKILL on Linux) and waits for
     * it and for the rest of its stdout.
     *
     * @return the exit value: 128 + 9 = 137 for a SIGKILL.
     */
    int killForcibly() throws InterruptedException
    {
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            throw new AssertionError("child did not die after destroyForcibly");
        }
        reader.join(TimeUnit.SECONDS.toMillis(60));
        return process.exitValue();
    }

    String stderrText()
    {
        try
        {
            return Files.exists(stderr) ? Files.readString(stderr) : "";
        }
        catch (final IOException e)
        {
            return "(stderr unreadable: " + e + ")";
        }
    }

    @Override
    public void close()
    {
        if (process.isAlive())
        {
            process.destroyForcibly();
            try
            {
                process.waitFor(60, TimeUnit.SECONDS);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}

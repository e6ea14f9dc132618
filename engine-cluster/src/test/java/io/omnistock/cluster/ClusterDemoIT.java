package io.omnistock.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cluster-demo} as {@code bin/omnistock} runs it: {@code java -jar omnistock-cluster.jar},
 * whose members are started from the same jar. A short load; what it prints is checked.
 */
class ClusterDemoIT
{
    @TempDir
    Path dir;

    private record Run(int exitCode, String output)
    {
    }

    private Run demo(final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dchronicle.analytics.disable=true", "-jar", System.getProperty("omnistock.cluster.jar"), "cluster-demo"));
        command.addAll(List.of(args));
        final Path output = dir.resolve("demo.out");
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(output.toFile()).start();
        if (!process.waitFor(150, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor();
            throw new AssertionError("cluster-demo still running after 150 s:\n" + Files.readString(output));
        }
        return new Run(process.exitValue(), Files.readString(output));
    }

    private static Matcher line(final String output, final String regex)
    {
        final Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(output);
        assertTrue(m.find(), "no line matching " + regex + " in:\n" + output);
        return m;
    }

    @Test
    void killsTheLeaderUnderLoadAndReportsFailoverAndEqualChecksums() throws Exception
    {
        // A small idempotency window (the load sends several times more commands): the resends at the
        // end must be of commands the members still remember, or they would be applied again.
        final Run run = demo("--dir", dir.resolve("cluster").toString(), "--load-seconds", "1.5",
            "--idempotency-window", "1024");
        assertEquals(0, run.exitCode(), run.output());
        final String out = run.output();

        final Matcher kill = line(out, "^kill 1: leader member (\\d) killed \\(SIGKILL\\) after (\\d+) acknowledged; " +
            "first write acknowledged (\\d+) ms later, by member (\\d)$");
        assertTrue(Long.parseLong(kill.group(2)) > 0, out);
        final int killed = Integer.parseInt(kill.group(1));
        assertTrue(killed != Integer.parseInt(kill.group(4)), "the new leader is the killed one:\n" + out);
        final long failoverMillis = Long.parseLong(kill.group(3));
        assertEquals(failoverMillis, Long.parseLong(line(out,
            "^failover \\(kill -9 of the leader to the first acknowledged write\\): \\[(\\d+)] ms; median \\d+ ms, " +
            "max \\d+ ms over 1 kill\\(s\\)$").group(1)));

        final long acknowledged = Long.parseLong(line(out, "^acknowledged commands: (\\d+) ").group(1));
        assertTrue(acknowledged > Long.parseLong(kill.group(2)), "nothing acknowledged after the kill:\n" + out);
        line(out, "^resends of acknowledged commands answered as duplicates with their outcome: 50 of 50$");
        line(out, "^journals of members \\[\\d, \\d]: acknowledged commands lost or applied twice: 0$");

        final Matcher members = Pattern.compile("^member (\\d): applied sequence (\\d+), state checksum ([0-9a-f]+)$",
            Pattern.MULTILINE).matcher(out);
        final List<String> states = new ArrayList<>();
        while (members.find())
        {
            assertTrue(Integer.parseInt(members.group(1)) != killed, out);
            states.add(members.group(2) + " " + members.group(3));
        }
        assertEquals(2, states.size(), out);
        assertEquals(states.get(0), states.get(1), out);
        assertTrue(Long.parseLong(states.get(0).split(" ")[0]) >= acknowledged, out);
        line(out, "^checksums equal: yes$");
        // The members logged through the jar's SLF4J provider.
        assertTrue(Files.readString(dir.resolve("cluster").resolve("member-0.log")).contains("member 0 of [0, 1, 2] started"));
    }

    @Test
    void aBadOptionIsRefusedByName() throws Exception
    {
        final Run run = demo("--kills", "zero");
        assertEquals(2, run.exitCode(), run.output());
        assertTrue(run.output().contains("--kills must be a number, not 'zero'"), run.output());
        final Run nonEmpty = demo("--dir", dir.toString());
        assertEquals(2, nonEmpty.exitCode(), nonEmpty.output());
        assertTrue(nonEmpty.output().contains("is not empty"), nonEmpty.output());
    }
}

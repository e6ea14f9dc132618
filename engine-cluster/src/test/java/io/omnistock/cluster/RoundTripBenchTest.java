package io.omnistock.cluster;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cluster-bench} refuses a bad option before it starts anything, naming the option (exit 2). */
class RoundTripBenchTest
{
    @Test
    void aBadOptionExitsTwoNamingIt() throws Exception
    {
        for (final String[] args : new String[][] {{"--rounds", "0"}, {"--in-flight", "1,x"}, {"--seconds"},
            {"--warp", "9"}})
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(2, RoundTripBench.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)), String.join(" ", args));
            final String message = err.toString(StandardCharsets.UTF_8);
            assertTrue(message.startsWith("cluster-bench: " + args[0]) || message.contains("unknown option " + args[0]),
                message);
            assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing started");
        }
    }
}

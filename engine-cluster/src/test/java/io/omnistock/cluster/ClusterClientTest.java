package io.omnistock.cluster;

import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandType;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClusterClientTest
{
    /**
     * No member answers: the command completes with NO_LEADER after the configured wait, naming
     * the command's id and type (the daemon records each answer by type, and answers 503 from it).
     */
    @Test
    void withoutALeaderACommandIsAnsweredNoLeaderWithItsIdAndType(@TempDir final Path dir) throws Exception
    {
        final int port;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            port = socket.getLocalPort();
        }
        final ClusterClient.Settings settings = new ClusterClient.Settings("0=127.0.0.1:" + port, "127.0.0.1:0",
            Duration.ofMillis(300), Duration.ofSeconds(3), dir);
        try (ClusterClient client = ClusterClient.start(settings))
        {
            final long start = System.nanoTime();
            final CommandResult result = client.submit(Commands.receive(77, 0, 0, 5)).get(30, TimeUnit.SECONDS);
            assertEquals(ReasonCode.NO_LEADER, result.reason());
            assertEquals(77, result.commandId());
            assertEquals(CommandType.RECEIVE, result.type());
            final long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(true, waitedMillis >= 300, "answered after the no-leader wait, not at once: " + waitedMillis);
        }
    }
}

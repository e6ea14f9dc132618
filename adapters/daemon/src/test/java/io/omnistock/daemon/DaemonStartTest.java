package io.omnistock.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link Daemon#start} inside another program: a failed start leaves nothing behind. */
class DaemonStartTest
{
    @TempDir
    Path dir;

    @Test
    void aStartThatCannotListenReleasesTheEngineAndTheLock() throws Exception
    {
        try (ServerSocket taken = new ServerSocket())
        {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final DaemonConfig config = DaemonConfig.load(null, Map.of("OMNISTOCK_DATA_DIR", dir.toString(),
                "OMNISTOCK_HTTP_PORT", Integer.toString(taken.getLocalPort()),
                "OMNISTOCK_SNAPSHOT_INTERVAL_SECONDS", "0"));
            for (int attempt = 0; attempt < 2; attempt++)
            {
                // The second attempt finds the lock free (not "another daemon"), and fails the same way.
                final Daemon.StartException e = assertThrows(Daemon.StartException.class, () -> Daemon.start(config));
                assertEquals("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": address in use", e.getMessage());
            }
            // Nothing in this JVM holds the lock any more.
            try (FileChannel channel = FileChannel.open(dir.resolve("daemon.lock"), StandardOpenOption.WRITE))
            {
                final FileLock lock = channel.tryLock();
                assertNotNull(lock);
                lock.release();
            }
        }
        final DaemonConfig free = DaemonConfig.load(null, Map.of("OMNISTOCK_DATA_DIR", dir.toString(),
            "OMNISTOCK_HTTP_PORT", "0", "OMNISTOCK_SNAPSHOT_INTERVAL_SECONDS", "0"));
        try (Daemon daemon = Daemon.start(free))
        {
            assertEquals(true, daemon.port() > 0);
        }
    }
}

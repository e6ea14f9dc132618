package io.omnistock.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Daemon#start} inside another program: a failed start leaves nothing behind. */
class DaemonStartTest
{
    @TempDir
    Path dir;

    @Test
    void aStartThatCannotListenLeavesNothingBehind() throws Exception
    {
        final Path data = dir.resolve("data");
        try (ServerSocket taken = new ServerSocket())
        {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final DaemonConfig config = DaemonConfig.load(null, Map.of("OMNISTOCK_DATA_DIR", data.toString(),
                "OMNISTOCK_HTTP_PORT", Integer.toString(taken.getLocalPort()),
                "OMNISTOCK_SNAPSHOT_INTERVAL_SECONDS", "0"));
            for (int attempt = 0; attempt < 2; attempt++)
            {
                final Daemon.StartException e = assertThrows(Daemon.StartException.class, () -> Daemon.start(config));
                assertEquals("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": address in use", e.getMessage());
                // The port is tried before the data directory is touched: no lock, no admin key, no journal.
                assertFalse(Files.exists(data), "a failed start created " + data);
            }
        }
        final DaemonConfig free = DaemonConfig.load(null, Map.of("OMNISTOCK_DATA_DIR", data.toString(),
            "OMNISTOCK_HTTP_PORT", "0", "OMNISTOCK_SNAPSHOT_INTERVAL_SECONDS", "0"));
        try (Daemon daemon = Daemon.start(free))
        {
            assertEquals(true, daemon.port() > 0);
        }
    }

    @Test
    void aStartThatFailsAfterListeningReleasesThePortAndTheLock() throws Exception
    {
        final Path data = dir.resolve("data");
        final DaemonConfig config = DaemonConfig.load(null, Map.of("OMNISTOCK_DATA_DIR", data.toString(),
            "OMNISTOCK_HTTP_PORT", "0", "OMNISTOCK_SNAPSHOT_INTERVAL_SECONDS", "0"));
        try (Daemon running = Daemon.start(config))
        {
            // A second daemon on the same directory: refused after it opened its listener.
            final DaemonConfig.ConfigException e = assertThrows(DaemonConfig.ConfigException.class,
                () -> Daemon.start(config));
            assertTrue(e.getMessage().contains("another omnistock daemon"), e.getMessage());
        }
        // Nothing in this JVM holds the lock any more.
        try (FileChannel channel = FileChannel.open(data.resolve("daemon.lock"), StandardOpenOption.WRITE))
        {
            final FileLock lock = channel.tryLock();
            assertNotNull(lock);
            lock.release();
        }
    }
}

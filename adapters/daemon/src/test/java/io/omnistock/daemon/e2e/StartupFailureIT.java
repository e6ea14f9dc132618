package io.omnistock.daemon.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A start that fails after the engine has recovered (the port is taken) exits with the documented
 * status and one line saying why, and leaves the data directory usable: the next start on a free
 * port gets the lock and finds the state as it was.
 */
class StartupFailureIT
{
    @TempDir
    Path dir;

    @Test
    void portInUseIsOneLineAndReleasesTheDataDirectory() throws Exception
    {
        final Path data = dir.resolve("data");
        try (DaemonProcess first = new DaemonProcess(data).start())
        {
            final Client admin = new Client(first, first.adminKey());
            admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
            admin.ok("/v1/skus", "{\"code\":\"TEA\"}");
            admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":7}");
            assertEquals(143, first.terminate());
        }
        try (ServerSocket taken = new ServerSocket())
        {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final int before = new DaemonProcess(data, Map.of(), 0).log().length();
            final DaemonProcess blocked = new DaemonProcess(data, Map.of(), taken.getLocalPort());
            try (blocked)
            {
                blocked.startWithoutWaiting();
                assertEquals(1, blocked.awaitExit(60), blocked.log());
            }
            // The log file is the data directory's, shared by every run: this run's part only.
            final String log = blocked.log().substring(before);
            final String expected = "omnistock: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": address in use";
            assertTrue(log.contains(expected), log);
            // One line: no stack trace, no second account of the same failure.
            final List<String> lines = log.lines().filter(l -> l.contains("listen") || l.contains("ERROR") || l.contains("did not start") ||
                l.startsWith("\tat ") || l.contains("Exception")).toList();
            assertEquals(List.of(expected), lines, log);
            assertFalse(log.contains("listening url="), log);
        }
        try (DaemonProcess again = new DaemonProcess(data).start())
        {
            final Client admin = new Client(again, again.adminKey());
            assertEquals(7, admin.get("/v1/positions/S1/TEA").body().at("/position/onHand").asLong());
        }
    }

    @Test
    void aFirstStartThatCannotListenLeavesNoFileBehind() throws Exception
    {
        final Path data = dir.resolve("fresh");
        try (ServerSocket taken = new ServerSocket())
        {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final DaemonProcess blocked = new DaemonProcess(data, Map.of(), taken.getLocalPort());
            try (blocked)
            {
                blocked.startWithoutWaiting();
                assertEquals(1, blocked.awaitExit(60), blocked.log());
            }
            // No admin.key to mistake for the key of a daemon that never ran, no lock, no journal.
            assertFalse(java.nio.file.Files.exists(data), blocked.log());
        }
        // The next start on a free port is a first start: it writes the admin key.
        try (DaemonProcess again = new DaemonProcess(data).start())
        {
            assertTrue(java.nio.file.Files.exists(data.resolve("admin.key")));
        }
    }
}

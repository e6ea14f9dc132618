package io.omnistock.daemon.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM while eight clients write: the daemon stops within a generous bound with status 143,
 * every request in flight gets an answer or a closed connection (none hangs until the client's
 * timeout), every acknowledged write survives the restart, and retries apply each key once.
 */
class SigtermIT
{
    private static final int CLIENTS = 8;

    @TempDir
    Path dir;

    @Test
    void acknowledgedWritesSurviveAGracefulStop() throws Exception
    {
        final Path data = dir.resolve("data");
        final ReceiptWriters writers;
        try (DaemonProcess daemon = new DaemonProcess(data).start())
        {
            writers = ReceiptWriters.startOn(new Client(daemon, daemon.adminKey()), CLIENTS);
            final long start = System.nanoTime();
            final int status = daemon.terminate();
            final long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertTrue(writers.stopAndJoin(), "a writer is still waiting for an answer");
            assertEquals(143, status, daemon.log());
            assertTrue(seconds <= 30, "stopped after " + seconds + " s");
            assertEquals(0, writers.hung(), "requests left without an answer or a closed connection");
            assertEquals(List.of(), writers.unexpected());
            assertTrue(daemon.log().contains("stopped; journal flushed"), daemon.log());
        }
        try (DaemonProcess again = new DaemonProcess(data).start())
        {
            writers.assertNothingLostAndRetriesApplyOnce(new Client(again, again.adminKey()));
        }
    }
}

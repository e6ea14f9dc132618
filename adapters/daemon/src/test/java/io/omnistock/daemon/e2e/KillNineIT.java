package io.omnistock.daemon.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 while eight clients write: every acknowledged receipt survives the restart, a key reused
 * for a different request is still refused after it, and
 * retrying every request with its Idempotency-Key applies each exactly once.
 */
class KillNineIT
{
    private static final int CLIENTS = 8;

    @TempDir
    Path dir;

    @Test
    void noAcknowledgedWriteIsLost() throws Exception
    {
        final Path data = dir.resolve("data");
        final ReceiptWriters writers;
        try (DaemonProcess daemon = new DaemonProcess(data).start())
        {
            writers = ReceiptWriters.startOn(new Client(daemon, daemon.adminKey()), CLIENTS);
            daemon.kill9();
            assertTrue(writers.stopAndJoin(), "a writer is still waiting for an answer");
            assertEquals(List.of(), writers.unexpected());
        }
        try (DaemonProcess again = new DaemonProcess(data).start())
        {
            final Client admin = new Client(again, again.adminKey());
            writers.assertNothingLostAndRetriesApplyOnce(admin);
            // A key used before the kill, now for a different request, is refused and applies nothing.
            final String reused = writers.acknowledged().keySet().iterator().next();
            final Client.Response r = admin.post("/v1/movements",
                ReceiptWriters.body(writers.acknowledged().get(reused) + 100), reused);
            assertEquals(422, r.status(), r.body().toString());
            assertEquals("IDEMPOTENCY_KEY_REUSED", r.body().at("/error/code").asText());
            assertEquals(writers.sentUnits(), ReceiptWriters.onHand(admin));
            // Decided from the journal alone: no side file of fingerprints.
            assertFalse(java.nio.file.Files.exists(data.resolve("idempotency-keys.bin")));
        }
    }
}

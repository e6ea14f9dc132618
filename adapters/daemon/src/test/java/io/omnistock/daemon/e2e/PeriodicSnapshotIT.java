package io.omnistock.daemon.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code snapshot.interval-seconds}: snapshots are taken, only {@code snapshot.keep} remain, and a
 * snapshot that cannot be written is reported (log and metrics) while the daemon goes on serving
 * and loses nothing; the schedule resumes once the directory can be written again.
 */
class PeriodicSnapshotIT
{
    @TempDir
    Path dir;

    @Test
    void snapshotsAreTakenPrunedAndTheirFailureIsHarmless() throws Exception
    {
        final Path data = dir.resolve("data");
        final Path snapshots = data.resolve("snapshots");
        final Map<String, String> env = Map.of("OMNISTOCK_SNAPSHOT_INTERVAL_SECONDS", "1", "OMNISTOCK_SNAPSHOT_KEEP", "2");
        try (DaemonProcess daemon = new DaemonProcess(data, env).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
            admin.ok("/v1/skus", "{\"code\":\"TEA\"}");
            // A write between snapshots gives each a new sequence, hence a new file.
            for (int i = 0; i < 5; i++)
            {
                admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":1}");
                final int before = countLines(daemon.log(), "snapshot sequence=");
                awaitTrue(() -> countLines(daemon.log(), "snapshot sequence=") > before, daemon);
            }
            final List<Path> files = snapshotFiles(snapshots);
            assertEquals(2, files.size(), files.toString());

            // The snapshot directory becomes unusable: a plain file where it was.
            try (Stream<Path> all = Files.list(snapshots))
            {
                for (final Path p : all.toList())
                {
                    Files.delete(p);
                }
            }
            Files.delete(snapshots);
            Files.writeString(snapshots, "not a directory");
            final int failuresBefore = countLines(daemon.log(), "snapshot failed");
            awaitTrue(() -> countLines(daemon.log(), "snapshot failed") > failuresBefore, daemon);
            admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":10}");
            assertEquals(200, admin.get("/health").status());
            assertEquals(200, admin.get("/ready").status());
            assertEquals(15, admin.get("/v1/positions/S1/TEA").body().at("/position/onHand").asLong());

            // The schedule goes on failing, counted, and repeats say so in a line, not a trace each.
            awaitTrue(() -> metric(admin, "omnistock_snapshots_total{outcome=\"failed\"}") >= 3, daemon);
            assertTrue(daemon.log().contains("periodic snapshot failed again ("), daemon.log());
            final double okBefore = metric(admin, "omnistock_snapshots_total{outcome=\"ok\"}");
            assertTrue(okBefore >= 5, "ok snapshots: " + okBefore);

            // The directory is usable again: the very same schedule resumes.
            Files.delete(snapshots);
            Files.createDirectory(snapshots);
            awaitTrue(() -> daemon.log().contains("periodic snapshots work again after"), daemon);
            awaitTrue(() -> metric(admin, "omnistock_snapshots_total{outcome=\"ok\"}") > okBefore, daemon);
            assertEquals(lastLoggedSnapshot(daemon.log()), metric(admin, "omnistock_last_snapshot_sequence"), daemon.log());
            assertEquals(143, daemon.terminate(), daemon.log());
            assertTrue(daemon.log().contains("stopped; journal flushed"), daemon.log());
        }
        try (DaemonProcess again = new DaemonProcess(data, env).start())
        {
            final Client admin = new Client(again, again.adminKey());
            assertEquals(15, admin.get("/v1/positions/S1/TEA").body().at("/position/onHand").asLong());
        }
    }

    private static List<Path> snapshotFiles(final Path dir) throws Exception
    {
        if (!Files.isDirectory(dir))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(p -> p.getFileName().toString().startsWith("snapshot-")).sorted().toList();
        }
    }

    /** @return the value of the metric line that starts with {@code series}. */
    static double metric(final Client client, final String series) throws Exception
    {
        final String text = client.get("/metrics").raw().body();
        return text.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(
            series.length() + 1).trim())).findFirst().orElseThrow(() -> new AssertionError(series + " not in\n" + text));
    }

    private static long lastLoggedSnapshot(final String log)
    {
        final String marker = "snapshot sequence=";
        final String line = log.lines().filter(l -> l.contains(marker)).reduce((a, b) -> b).orElseThrow();
        return Long.parseLong(line.substring(line.indexOf(marker) + marker.length()).trim().split("\\s")[0]);
    }

    private static int countLines(final String log, final String marker)
    {
        return (int)log.lines().filter(l -> l.contains(marker)).count();
    }

    private interface Check
    {
        boolean ok() throws Exception;
    }

    private static void awaitTrue(final Check check, final DaemonProcess daemon) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!check.ok())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("not within 30 s:\n" + daemon.log());
            }
            Thread.sleep(100);
        }
    }
}

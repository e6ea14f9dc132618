package io.omnistock.benchmarks;

import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.RecoveryReport;
import io.omnistock.core.WaitStrategyKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Scale and recovery (not a JMH benchmark: a plain main). A real engine with its journal (page
 * cache) and snapshots:
 * <ol>
 *   <li>loads {@code locations x skus} positions through its ring (one RECEIVE each, journaled):
 *       load time and heap used after a full GC;</li>
 *   <li>takes a snapshot: time and size;</li>
 *   <li>runs {@code commands} more journaled commands (RESERVE/RELEASE pairs at random positions);</li>
 *   <li>closes, and starts a new engine on the same directories: recovery loads the snapshot and
 *       replays (verifying) the commands after it. Recovery time, what it replayed, heap used, and
 *       whether the recovered state's checksum equals the one before the restart.</li>
 * </ol>
 *
 * <p>Usage: {@code java -Xmx14g <jvm flags> -cp benchmarks.jar io.omnistock.benchmarks.ScaleRun
 * [locations 10000] [skus 10000] [commands 10000000] [dir] [load batch 256]}. The default is 100,000,000
 * positions and 10,000,000 commands; the directory (a fresh temp dir by default) is deleted at the end
 * unless given. The load publishes {@code load batch} commands at a time ({@code InventoryEngine.tryPublishBatch};
 * 1: one {@code tryPublish} per command, as before run 36). {@code ScaleRun recover DIR} times only the
 * recovery of a directory a run left.
 */
public final class ScaleRun
{
    /** Load commands per publication: a batch as a daemon client sends one (docs/benchmarks.md run 23). */
    private static final int LOAD_BATCH = 256;

    private ScaleRun()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length == 2 && args[0].equals("recover"))
        {
            recoverOnly(Path.of(args[1]));
            return;
        }
        final int locations = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 10_000;
        final int skus = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 10_000;
        final int commands = args.length > 2 ? Integer.parseInt(args[2].replace("_", "")) : 10_000_000;
        final Path dir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("omnistock-scale");
        final int loadBatch = args.length > 4 ? Integer.parseInt(args[4]) : LOAD_BATCH;
        final long positions = (long)locations * skus;
        if (positions > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("at most " + Integer.MAX_VALUE + " positions: " + positions);
        }
        final Path journal = dir.resolve("journal");
        final Path snapshots = dir.resolve("snapshots");
        final EngineConfig config = EngineConfig.builder().journalDir(journal).snapshotDir(snapshots)
            .waitStrategy(WaitStrategyKind.YIELDING).expectedPositions((int)positions).snapshotsToKeep(1).build();
        System.out.printf(Locale.ROOT, "JVM %s %s, %d CPUs, max heap %,d MiB; %,d positions (%,d locations x %,d SKUs), " +
            "%,d commands after the snapshot; data in %s%n", System.getProperty("java.vm.name"),
            System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
            Runtime.getRuntime().maxMemory() >> 20, positions, locations, skus, commands, dir);
        try
        {
            // In its own frame, so that nothing of the first engine is reachable once it returns.
            final long checksum = loadSnapshotAndRun(config, locations, skus, commands, journal, snapshots, loadBatch);
            final long heapClosed = PositionFootprint.usedHeapAfterGc();

            final long start = System.nanoTime();
            try (OmnistockEngine recovered = OmnistockEngine.start(config))
            {
                final double recoverySeconds = seconds(start);
                final RecoveryReport report = recovered.recoveryReport();
                final long heapRecovered = PositionFootprint.usedHeapAfterGc() - heapClosed;
                final long recoveredChecksum = recovered.stateChecksum().get();
                System.out.printf(Locale.ROOT, "recovery: %.1f s: snapshot %s (sequence %,d) loaded in %.1f s + %,d " +
                    "journaled commands replayed and verified in %.1f s; resumed at sequence %,d; heap %,d MiB; " +
                    "problems %s%n", recoverySeconds,
                    report.snapshot() == null ? "none" : report.snapshot().getFileName(), report.snapshotSequence(),
                    report.snapshotLoadMillis() / 1e3, report.replayedCommands(), report.replayMillis() / 1e3,
                    report.lastSequence(), heapRecovered >> 20, report.problems());
                System.out.printf(Locale.ROOT, "state checksum before restart %016x, after recovery %016x: %s%n",
                    checksum, recoveredChecksum, checksum == recoveredChecksum ? "EQUAL" : "DIFFERENT");
                if (checksum != recoveredChecksum)
                {
                    throw new IllegalStateException("the recovered state differs from the state before the restart");
                }
            }
        }
        finally
        {
            if (args.length <= 3)
            {
                PipelineBenchmark.deleteRecursively(dir);
            }
        }
    }

    /**
     * {@code recover DIR}: only the recovery of a directory an earlier run with a DIR argument left
     * (its journal and snapshot), timed alone, so that it can be profiled and run with a cold or a
     * warm page cache; nothing is written but the engine's own start-up.
     */
    private static void recoverOnly(final Path dir)
    {
        final EngineConfig config = EngineConfig.builder().journalDir(dir.resolve("journal"))
            .snapshotDir(dir.resolve("snapshots")).waitStrategy(WaitStrategyKind.YIELDING).snapshotsToKeep(1).build();
        final long start = System.nanoTime();
        try (OmnistockEngine recovered = OmnistockEngine.start(config))
        {
            final double recoverySeconds = seconds(start);
            final RecoveryReport report = recovered.recoveryReport();
            System.out.printf(Locale.ROOT, "recovery: %.2f s: snapshot %s (sequence %,d) loaded in %.2f s + %,d " +
                "journaled commands replayed and verified in %.2f s; state checksum %016x; problems %s%n",
                recoverySeconds, report.snapshot() == null ? "none" : report.snapshot().getFileName(),
                report.snapshotSequence(), report.snapshotLoadMillis() / 1e3, report.replayedCommands(),
                report.replayMillis() / 1e3, recovered.stateChecksum().join(), report.problems());
        }
    }

    private static long loadSnapshotAndRun(
        final EngineConfig config, final int locations, final int skus, final int commands, final Path journal,
        final Path snapshots, final int loadBatch) throws Exception
    {
        final long positions = (long)locations * skus;
        final long heapBefore = PositionFootprint.usedHeapAfterGc();
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            long start = System.nanoTime();
            long commandId = Network.loadInto(engine, locations, skus, 1L << 20, 1, loadBatch);
            final double loadSeconds = seconds(start);
            final long heapLoaded = PositionFootprint.usedHeapAfterGc() - heapBefore;
            System.out.printf(Locale.ROOT, "load: %,d commands through the ring, %d per publication, journaled, in " +
                "%.1f s (%,.0f/s); heap used by the engine after full GC: %,d MiB = %.1f bytes/position%n",
                Network.loadCommands(locations, skus), loadBatch, loadSeconds,
                Network.loadCommands(locations, skus) / loadSeconds, heapLoaded >> 20, (double)heapLoaded / positions);

            start = System.nanoTime();
            final long snapshotSequence = engine.snapshot().get();
            final double snapshotSeconds = seconds(start);
            System.out.printf(Locale.ROOT, "snapshot at sequence %,d: %.1f s, %,d bytes (%.1f bytes/position)%n",
                snapshotSequence, snapshotSeconds, sizeOf(snapshots), (double)sizeOf(snapshots) / positions);

            start = System.nanoTime();
            commandId = reserveRelease(engine, new Positions(locations, skus, 11), commandId, commands);
            final double runSeconds = seconds(start);
            final long checksum = engine.stateChecksum().get();
            System.out.printf(Locale.ROOT, "%,d RESERVE/RELEASE commands after the snapshot in %.1f s (%,.0f/s); " +
                "journal now %,d bytes on disk (apparent size of its files)%n", commands, runSeconds,
                commands / runSeconds, sizeOf(journal));
            return checksum;
        }
    }

    /** RESERVE then RELEASE of 1 unit at seeded random positions, waiting for every answer. */
    private static long reserveRelease(
        final OmnistockEngine engine, final Positions picks, final long firstCommandId, final int commands)
    {
        final PipelineBenchmark.Next next = new PipelineBenchmark.Next();
        final PipelineBenchmark.Completions completions = new PipelineBenchmark.Completions();
        long commandId = firstCommandId;
        for (int i = 0; i < commands; i++)
        {
            next.commandId = commandId++;
            if ((i & 1) == 0)
            {
                final int p = (i >>> 1) & Positions.MASK;
                next.kind = PipelineBenchmark.RESERVE;
                next.reservationId = i + 1L;
                next.location = picks.location[p];
                next.sku = picks.sku[p];
                next.quantity = 1;
            }
            else
            {
                next.kind = PipelineBenchmark.RELEASE;
            }
            engine.publish(PipelineBenchmark.WRITE_NEXT, next, completions);
        }
        completions.awaitAtLeast(commands);
        if (completions.rejected() != 0)
        {
            throw new IllegalStateException(completions.rejected() + " commands were rejected");
        }
        return commandId;
    }

    private static double seconds(final long startNanos)
    {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static long sizeOf(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}

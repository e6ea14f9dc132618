package io.omnistock.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's boundary, checked over the main sources of every other module of the repository:
 * none names the engine's state machine ({@code io.omnistock.core.state}) or its mutable ring slot
 * ({@code CommandSlot}). They read through the public surface instead: {@link OmnistockEngine} and
 * its queries ({@link io.omnistock.api.StateView}), {@link EngineConfig}, and the read-only
 * journal API ({@link io.omnistock.core.journal.JournalRecord}, {@link JournalReplayer}).
 *
 * <p>One check here rather than one per consumer module: the engine owns its boundary, one list
 * shows every exception at a glance, and a new module is covered without anyone adding a test to it.
 * Test sources are not checked: a test may drive the state machine directly.
 *
 * <p>{@link #ALLOWED} names the files that may still cross it. engine-cluster's replicated service
 * is a second host of the state machine (every cluster member applies the ordered log through
 * {@code CommandProcessor} on its own {@code EngineState}, stamps with {@code Sequencer} and
 * snapshots the state), so those of its files that host the machine stay allowed. The rest of the
 * list is migration not done yet (issue 17); an allowed file that no longer crosses the boundary
 * fails the check too, so the list only shrinks.
 */
class ModuleBoundaryTest
{
    /** What a module outside the engine must not name. */
    private static final List<String> FORBIDDEN = List.of("io.omnistock.core.state.", "io.omnistock.core.command.CommandSlot");

    private static final Set<String> ALLOWED = Set.of(
        // engine-cluster hosts the state machine on every member (see the class comment).
        "engine-cluster/src/main/java/io/omnistock/cluster/OmnistockClusteredService.java",
        "engine-cluster/src/main/java/io/omnistock/cluster/ReplicatedEngine.java",
        "engine-cluster/src/main/java/io/omnistock/cluster/ClusterMember.java",
        "engine-cluster/src/main/java/io/omnistock/cluster/LocalJournal.java",
        "engine-cluster/src/main/java/io/omnistock/cluster/JournalAudit.java",
        // The member's ingress decoder fills the slots the member applies (its clients encode
        // through CommandEncoder, no slot).
        "engine-cluster/src/main/java/io/omnistock/cluster/IngressDecoder.java",
        // Not migrated yet: the benchmarks drive the state machine by hand.
        "benchmarks/src/main/java/io/omnistock/benchmarks/OrderJournal.java",
        "benchmarks/src/main/java/io/omnistock/benchmarks/SnapshotBenchmark.java",
        "benchmarks/src/main/java/io/omnistock/benchmarks/JournalBenchmark.java",
        "benchmarks/src/main/java/io/omnistock/benchmarks/Network.java",
        "benchmarks/src/main/java/io/omnistock/benchmarks/LedgerBenchmark.java",
        "benchmarks/src/main/java/io/omnistock/benchmarks/RoutingBenchmark.java",
        "benchmarks/src/main/java/io/omnistock/benchmarks/PositionFootprint.java",
        "benchmarks/src/main/java/io/omnistock/benchmarks/OrderBookFootprint.java",
        // It feeds the forecast job's projection records it makes by hand in a CommandSlot: no
        // public type makes a JournalRecord without a journal.
        "benchmarks/src/main/java/io/omnistock/daemon/forecast/ForecastJobRun.java");

    @Test
    void noModuleOutsideTheEngineNamesItsStateMachineOrRingSlot() throws IOException
    {
        final Path root = repositoryRoot();
        final Set<String> crossing = new TreeSet<>();
        final List<Path> mainRoots = mainSourceRoots(root);
        assertTrue(mainRoots.size() >= 6, "the consumer modules' sources are found under " + root + ": " + mainRoots);
        for (final Path sources : mainRoots)
        {
            try (Stream<Path> files = Files.walk(sources))
            {
                files.filter(f -> f.toString().endsWith(".java")).filter(ModuleBoundaryTest::crosses)
                    .forEach(f -> crossing.add(root.relativize(f).toString().replace('\\', '/')));
            }
        }
        final Set<String> unexpected = new TreeSet<>(crossing);
        unexpected.removeAll(ALLOWED);
        assertEquals(Set.of(), unexpected, "main sources outside engine-core that name " + FORBIDDEN +
            ": read through OmnistockEngine.query (StateView), JournalReader.nextRecord (JournalRecord) or " +
            "JournalReplayer.withFreshState instead");
        final Set<String> stale = new TreeSet<>(ALLOWED);
        stale.removeAll(crossing);
        assertEquals(Set.of(), stale, "allowed to cross the boundary but no longer do: remove them from ALLOWED");
    }

    private static boolean crosses(final Path file)
    {
        try
        {
            final String text = Files.readString(file);
            return FORBIDDEN.stream().anyMatch(text::contains);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** Surefire runs in engine-core's directory: the repository is its parent. */
    private static Path repositoryRoot()
    {
        final Path module = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        final Path root = module.getFileName().toString().equals("engine-core") ? module.getParent() : module;
        assertTrue(Files.isDirectory(root.resolve("engine-core/src/main/java")), "no repository at " + root);
        return root;
    }

    /** Every module's {@code src/main/java} but engine-core's, adapters/x and the consumer test's project included. */
    private static List<Path> mainSourceRoots(final Path root) throws IOException
    {
        final List<Path> roots = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(root, 6))
        {
            dirs.filter(d -> d.endsWith(Path.of("src", "main", "java")) && Files.isDirectory(d))
                .filter(d -> !d.startsWith(root.resolve("engine-core")))
                .filter(d -> !root.relativize(d).toString().contains("target") && !d.toString().contains("node_modules"))
                .forEach(roots::add);
        }
        return roots;
    }
}

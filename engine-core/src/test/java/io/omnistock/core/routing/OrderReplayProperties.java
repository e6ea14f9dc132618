package io.omnistock.core.routing;

import io.omnistock.core.journal.JournalCodec;
import io.omnistock.core.journal.JournalFormats;
import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.EventKind;
import io.omnistock.api.OrderState;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.routing.CheckedRun.Trace;
import io.omnistock.core.routing.Scenario.Advance;
import io.omnistock.core.routing.Scenario.Step;
import io.omnistock.core.state.ProcessorHarness;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replay equals live for orders: a random order sequence through a real engine (journal, engine
 * timer for expiry, optionally a snapshot part-way) answers exactly as the business logic did
 * when driven directly, and the engine recovered from its journal (verifying every record byte for
 * byte), from the snapshot plus the tail, and from the journal alone, has the live checksum.
 */
class OrderReplayProperties
{
    private Path root;

    @BeforeProperty
    void createRoot() throws IOException
    {
        // Under the build directory: Chronicle may still touch a closed queue's files for a moment.
        final Path target = Path.of("target");
        root = Files.isDirectory(target) ? Files.createTempDirectory(target, "order-replay") :
            Files.createTempDirectory("omnistock-order-replay");
    }

    @AfterProperty
    void deleteRoot()
    {
        delete(root);
    }

    @Provide
    Arbitrary<Scenario> scenarios()
    {
        return new OrderRoutingProperties().scenarios();
    }

    @Property(tries = 25, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
    void replayEqualsLive(
        @ForAll("scenarios") final Scenario scenario,
        @ForAll @IntRange(min = -1, max = 100) final int snapshotPercent,
        @ForAll @IntRange(min = JournalCodec.OLDEST_VERSION, max = JournalCodec.FORMAT_VERSION) final int formatVersion)
        throws Exception
    {
        // The business logic alone, checked against the model: what the engine must answer.
        final CheckedRun expected = CheckedRun.fresh(scenario, true);
        expected.runAll();
        final Trace trace = expected.trace();
        final int snapshotAt = snapshotPercent < 0 ? -1 : scenario.steps.size() * snapshotPercent / 100;

        final Path dir = Files.createTempDirectory(root, "engine");
        final AtomicLong clock = new AtomicLong(ProcessorHarness.START);
        final AtomicInteger expired = new AtomicInteger();
        final EngineConfig config = EngineConfig.builder()
            .journalDir(dir.resolve("journal"))
            .clock(clock::get)
            .eventListener(e ->
            {
                if (e.kind() == EventKind.ORDER_CHANGED && e.orderState() == OrderState.EXPIRED)
                {
                    expired.incrementAndGet();
                }
            })
            .build();
        // In every format this build reads: a journal started in an older version stays in it.
        JournalFormats.start(config.journalDir(), formatVersion);
        final long live;
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            for (final Command command : scenario.setup)
            {
                engine.submit(command).get(10, TimeUnit.SECONDS);
            }
            int result = 0;
            int expectedExpired = 0;
            for (int i = 0; i < scenario.steps.size(); i++)
            {
                if (i == snapshotAt)
                {
                    engine.snapshot().get(10, TimeUnit.SECONDS);
                }
                final Step step = scenario.steps.get(i);
                clock.set(step.now());
                final String where = "step #" + i + " " + step.op();
                if (step.op() instanceof Advance)
                {
                    // Time moved on: the engine timer expires what is due, as the harness did.
                    expectedExpired += trace.expiredPerStep().get(i);
                    awaitExpired(expired, expectedExpired, where);
                    result++;
                    continue;
                }
                if (step.promiseQuery() != null)
                {
                    same(where + " (quote)", trace.results().get(result++), engine.submit(step.promiseQuery()).get());
                }
                same(where, trace.results().get(result++), engine.submit(expected.issued.get(i)).get());
            }
            if (snapshotAt == scenario.steps.size())
            {
                engine.snapshot().get(10, TimeUnit.SECONDS);
            }
            assertEquals(expectedExpired, expired.get(), "holds expired by the engine timer");
            live = engine.stateChecksum().get(10, TimeUnit.SECONDS);
        }
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            assertEquals(snapshotAt >= 0, engine.recoveryReport().snapshotSequence() > 0,
                engine.recoveryReport().toString());
            assertEquals(live, engine.stateChecksum().get(10, TimeUnit.SECONDS), "recovered " +
                (snapshotAt >= 0 ? "from snapshot + verified tail" : "by verified replay"));
        }
        if (snapshotAt >= 0)
        {
            delete(dir.resolve("journal").resolve("snapshots"));
            try (OmnistockEngine engine = OmnistockEngine.start(config))
            {
                assertEquals(0, engine.recoveryReport().snapshotSequence());
                assertEquals(live, engine.stateChecksum().get(10, TimeUnit.SECONDS), "full verified replay");
            }
        }
        delete(dir);
    }

    private static void awaitExpired(final AtomicInteger expired, final int expected, final String where)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (expired.get() < expected && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertEquals(expected, expired.get(), where + ": holds expired by the engine timer");
    }

    /**
     * Equal but for the sequence: the engine sends EXPIRE_HOLDS only when a hold is due, the
     * harness at every step where time moves, so their journal sequences drift apart.
     */
    private static void same(final String where, final CommandResult expected, final CommandResult actual)
    {
        assertEquals(withoutSequence(expected), withoutSequence(actual), where);
        assertTrue(actual.sequence() >= 0, where);
    }

    private static CommandResult withoutSequence(final CommandResult r)
    {
        return new CommandResult(r.commandId(), r.type(), 0, r.timestamp(), r.reason(), r.originalReason(),
            r.assignedId(), r.location(), r.sku(), r.reservationId(), r.held(), r.onHand(), r.reserved(),
            r.inTransit(), r.safetyStock(), r.available(), r.networkAvailable(), r.warehouseAvailable(),
            r.frontWarehouseAvailable(), r.storeAvailable(), r.orderId(), r.orderState(), r.expiresAt(),
            r.allocations(), r.unfilledLines(), r.candidates(), r.ruleSets());
    }

    /** Best effort: a leftover temporary file must never hide the property's own verdict. */
    private static void delete(final Path path)
    {
        for (int attempt = 0; attempt < 3 && path != null && Files.exists(path); attempt++)
        {
            try (Stream<Path> walk = Files.walk(path))
            {
                for (final Path p : walk.sorted(Comparator.reverseOrder()).toList())
                {
                    Files.deleteIfExists(p);
                }
            }
            catch (final IOException | UncheckedIOException e)
            {
                try
                {
                    Thread.sleep(50); // then retry; anything left is in the temporary directory
                }
                catch (final InterruptedException interrupted)
                {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}

package io.omnistock.core.properties;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.JournalReplayer;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.RecoveryReport;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalCodec;
import io.omnistock.core.journal.JournalFormats;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.core.model.Cmd;
import io.omnistock.core.model.EngineProbe;
import io.omnistock.core.model.ModelAssertions;
import io.omnistock.core.model.ReferenceModel;
import io.omnistock.core.sim.SimClock;
import io.omnistock.core.state.CommandProcessor;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.LogicVersion;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.openhft.chronicle.queue.ChronicleQueue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.omnistock.core.model.EngineProbe.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Determinism through the real engine (ring, business-logic thread, Chronicle journal) with a
 * deterministic clock:
 * <ul>
 *   <li>replay equals live: the journal replayed into a fresh state (verified byte for byte)
 *       gives the live checksum, and re-applying each journaled command gives exactly the result
 *       the live engine returned for it; a restarted engine recovers the same checksum;</li>
 *   <li>snapshot + tail equals full replay: recovery from a mid-sequence snapshot plus the
 *       journal after it gives the same checksum as replaying the whole journal.</li>
 * </ul>
 * Live results are also compared with the reference model, so the pipeline is checked as well
 * as the logic.
 */
class ReplayProperties
{
    @Provide
    Arbitrary<Scenario> scenarios()
    {
        return CommandArbitraries.scenarios(200);
    }

    /** Results of one live run. */
    private record Live(List<Cmd> commands, List<CommandResult> results, long checksum, long lastSequence,
        long snapshotSequence)
    {
    }

    static EngineConfig config(final Path dir, final int window)
    {
        return EngineConfig.builder()
            .journalDir(dir.resolve("journal"))
            .snapshotDir(dir.resolve("snapshots"))
            .ringSize(256)
            .expectedPositions(64)
            .expectedReservations(64)
            .idempotencyWindow(window)
            .clock(new SimClock(SimClock.START, 3))
            // The journals here start in logic version 1 (JournalFormats.start, as builds before
            // format 3 did): kept there, so the engine adds no switch ahead of the scenario's commands.
            .logicVersion(LogicVersion.FIRST)
            .build();
    }

    /**
     * Also in every journal format this build reads: a journal started in an older version is
     * appended to in this build's format, and each record replays byte for byte in its own.
     */
    @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
    void replayEqualsLive(
        @ForAll("scenarios") final Scenario scenario,
        @ForAll @IntRange(min = JournalCodec.OLDEST_VERSION, max = JournalCodec.FORMAT_VERSION) final int formatVersion)
        throws IOException
    {
        final Path dir = Files.createTempDirectory("omnistock-replay");
        try
        {
            final EngineConfig config = config(dir, scenario.idempotencyWindow());
            JournalFormats.start(config.journalDir(), formatVersion);
            final Live live = runLive(config, scenario.all(), -1);
            final ReferenceModel model = checkAgainstModel(live, scenario.idempotencyWindow());
            final Set<Long> reservationIds = ModelEquivalenceProperties.reservationIds(live.commands());

            // Replay through JournalReplayer, verifying every record byte for byte.
            final EngineState replayed = replayJournal(config, scenario.idempotencyWindow(), live.lastSequence());
            assertEquals(live.checksum(), replayed.checksum(), "replayed checksum");
            ModelAssertions.assertState("replayed state", replayed, model, reservationIds);

            // Re-apply each journaled command and compare its output with the live result.
            final Map<Long, CommandResult> liveBySequence = new HashMap<>();
            for (final CommandResult r : live.results())
            {
                if (r.type().journaled())
                {
                    assertNull(liveBySequence.put(r.sequence(), r), "two live results with sequence " + r.sequence());
                }
            }
            assertEquals(live.lastSequence(), liveBySequence.size(), "journaled commands");
            final EngineState state = new EngineState(64, 64, scenario.idempotencyWindow());
            // The logic version the journal's header names, as JournalReplayer adopts it.
            state.startInLogic(LogicVersion.FIRST);
            final CommandProcessor processor = new CommandProcessor(state);
            final CommandSlot journaled = new CommandSlot();
            final CommandSlot again = new CommandSlot();
            long records = 0;
            try (ChronicleQueue queue = Journal.open(config.journalDir(), false);
                 JournalReader reader = new JournalReader(queue))
            {
                while (reader.next(journaled))
                {
                    records++;
                    final CommandResult expected = liveBySequence.get(journaled.sequence);
                    assertNotNull(expected, "journal has sequence " + journaled.sequence + " that no live result had");
                    assertEquals(expected.commandId(), journaled.commandId, "journaled command id");
                    assertEquals(expected.type(), journaled.type, "journaled type");
                    assertEquals(expected.timestamp(), journaled.timestamp, "journaled timestamp");
                    assertEquals(expected.reason(), journaled.reason, "journaled reason");
                    assertEquals(expected.originalReason(), journaled.originalReason, "journaled original reason");
                    assertEquals(expected.assignedId(), journaled.assignedId, "journaled assigned id");
                    again.copyInputFrom(journaled);
                    // Warmed first, as the live stage warms every command ahead of it: reading its
                    // memory changes nothing the outputs and the checksum below would show.
                    processor.warm(again);
                    processor.apply(again);
                    assertEquals(expected, CommandResult.copyOf(again), "replayed output of sequence " +
                        journaled.sequence);
                }
            }
            assertEquals(live.lastSequence(), records, "journal records");
            assertEquals(JournalCodec.FORMAT_VERSION, journalVersion(config),
                "a journal begun in format " + formatVersion + " is appended to in this build's format");
            assertEquals(live.checksum(), state.checksum(), "checksum after re-applying the journal");

            // A restarted engine recovers the same state from the journal.
            try (OmnistockEngine engine = OmnistockEngine.start(config))
            {
                final RecoveryReport report = engine.recoveryReport();
                assertNull(report.snapshot(), "no snapshot was taken");
                assertEquals(live.lastSequence(), report.lastSequence());
                assertEquals(live.lastSequence(), report.replayedCommands());
                assertTrue(report.problems().isEmpty(), () -> "recovery problems: " + report.problems());
                assertEquals(live.checksum(), await(engine.stateChecksum()), "recovered checksum");
                EngineProbe.assertMatchesModel("restarted engine", engine, model, 1L << 50);
            }
        }
        finally
        {
            EngineProbe.deleteRecursively(dir);
        }
    }

    @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
    void snapshotPlusTailEqualsFullReplay(
        @ForAll("scenarios") final Scenario scenario,
        @ForAll @IntRange(min = 0, max = 1000) final int snapshotAtPermille) throws IOException
    {
        final Path dir = Files.createTempDirectory("omnistock-snapshot");
        try
        {
            final EngineConfig config = config(dir, scenario.idempotencyWindow());
            final List<Cmd> all = scenario.all();
            // At least the first definition, at most everything.
            final int snapshotAfter = Math.max(1, (int)((long)all.size() * snapshotAtPermille / 1000));
            final Live live = runLive(config, all, snapshotAfter);
            final ReferenceModel model = checkAgainstModel(live, scenario.idempotencyWindow());
            assertTrue(live.snapshotSequence() >= 1 && live.snapshotSequence() <= live.lastSequence(),
                "snapshot sequence " + live.snapshotSequence());

            final EngineState full = replayJournal(config, scenario.idempotencyWindow(), live.lastSequence());
            assertEquals(live.checksum(), full.checksum(), "full replay checksum");

            try (OmnistockEngine engine = OmnistockEngine.start(config))
            {
                final RecoveryReport report = engine.recoveryReport();
                assertNotNull(report.snapshot(), "recovery did not use the snapshot");
                assertTrue(report.problems().isEmpty(), () -> "recovery problems: " + report.problems());
                assertEquals(live.snapshotSequence(), report.snapshotSequence(), "snapshot sequence");
                assertEquals(live.lastSequence() - live.snapshotSequence(), report.replayedCommands(),
                    "tail replayed");
                assertEquals(live.lastSequence(), report.lastSequence());
                assertEquals(full.checksum(), await(engine.stateChecksum()), "snapshot + tail vs full replay");
                EngineProbe.assertMatchesModel("recovered from snapshot", engine, model, 1L << 50);

                // The recovered engine carries on exactly like the model: resubmitted ids are
                // duplicates while inside the restored idempotency window.
                final List<Cmd> again = all.subList(0, Math.min(12, all.size()));
                for (final Cmd cmd : again)
                {
                    ModelAssertions.assertResult("resubmitted after recovery", cmd, model.apply(cmd),
                        await(engine.submit(cmd.toCommand())));
                }
            }
        }
        finally
        {
            EngineProbe.deleteRecursively(dir);
        }
    }

    /**
     * Regression: a definition rejected as CODE_INVALID (a code with an unpaired surrogate) was
     * journaled as the UTF-8 replacement text, which replays as a valid code: the journal then
     * diverged on replay and the engine refused to start on it (or, with a unit, would define
     * a SKU that live never had).
     */
    @Example
    void invalidCodeRejectionReplaysAsTheSameRejection() throws IOException
    {
        final Path dir = Files.createTempDirectory("omnistock-invalid-code");
        try
        {
            final EngineConfig config = config(dir, 16);
            final long checksum;
            try (OmnistockEngine engine = OmnistockEngine.start(config))
            {
                assertEquals(ReasonCode.CODE_INVALID,
                    await(engine.submit(Commands.defineSku(1, "BAD\ud800", StockUnit.PIECE))).reason());
                assertEquals(ReasonCode.CODE_INVALID, await(engine.submit(
                    Commands.defineLocation(2, "\udc00X", Tier.STORE, 0, 0, Capabilities.PICKUP))).reason());
                assertEquals(ReasonCode.OK,
                    await(engine.submit(Commands.defineSku(3, "OK\ud83d\ude00", StockUnit.PIECE))).reason());
                checksum = await(engine.stateChecksum());
            }
            replayJournal(config, 16, 3);
            try (OmnistockEngine engine = OmnistockEngine.start(config))
            {
                assertEquals(checksum, await(engine.stateChecksum()));
                assertEquals(-1, engine.skuId("BAD?"));
                assertEquals(-1, engine.locationId("?X"));
                assertEquals(0, engine.skuId("OK\ud83d\ude00"));
            }
        }
        finally
        {
            EngineProbe.deleteRecursively(dir);
        }
    }

    /**
     * Runs the commands through a fresh engine; with {@code snapshotAfter >= 0}, snapshots after
     * that many commands.
     */
    private static Live runLive(final EngineConfig config, final List<Cmd> commands, final int snapshotAfter)
    {
        final List<CompletableFuture<CommandResult>> futures = new ArrayList<>(commands.size());
        final long checksum;
        long snapshotSequence = -1;
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            for (int i = 0; i < commands.size(); i++)
            {
                if (i == snapshotAfter)
                {
                    snapshotSequence = await(engine.snapshot());
                }
                futures.add(engine.submit(commands.get(i).toCommand()));
            }
            if (snapshotAfter == commands.size())
            {
                snapshotSequence = await(engine.snapshot());
            }
            checksum = await(engine.stateChecksum());
        }
        final List<CommandResult> results = new ArrayList<>(futures.size());
        long lastSequence = 0;
        long lastTimestamp = Long.MIN_VALUE;
        for (final CompletableFuture<CommandResult> future : futures)
        {
            final CommandResult r = await(future);
            results.add(r);
            if (r.type().journaled())
            {
                assertEquals(lastSequence + 1, r.sequence(), "journaled commands are sequenced without gaps");
                assertTrue(r.timestamp() >= lastTimestamp, "engine time went backwards");
                lastSequence = r.sequence();
                lastTimestamp = r.timestamp();
            }
            else
            {
                assertEquals(0, r.sequence(), "queries are not sequenced");
            }
        }
        return new Live(commands, results, checksum, lastSequence, snapshotSequence);
    }

    /** Live results must match the model too: the pipeline adds nothing to the logic. */
    private static ReferenceModel checkAgainstModel(final Live live, final int window)
    {
        final ReferenceModel model = new ReferenceModel(window);
        for (int i = 0; i < live.commands().size(); i++)
        {
            final Cmd cmd = live.commands().get(i);
            ModelAssertions.assertResult("live command " + i, cmd, model.apply(cmd), live.results().get(i));
        }
        assertEquals(model.lastSequence(), live.lastSequence());
        return model;
    }

    private static EngineState replayJournal(final EngineConfig config, final int window, final long expected)
    {
        final EngineState state = new EngineState(64, 64, window);
        try (ChronicleQueue queue = Journal.open(config.journalDir(), false);
             JournalReader reader = new JournalReader(queue))
        {
            final long applied = new JournalReplayer(new CommandProcessor(state)).replay(reader, Long.MAX_VALUE, true);
            assertEquals(expected, applied, "commands replayed from the journal");
        }
        assertEquals(expected, state.lastSequence());
        return state;
    }

    private static int journalVersion(final EngineConfig config)
    {
        try (ChronicleQueue queue = Journal.open(config.journalDir(), false);
             JournalReader reader = new JournalReader(queue))
        {
            reader.next(new CommandSlot());
            return reader.formatVersion();
        }
    }
}

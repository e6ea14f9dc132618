package io.omnistock.core;

import io.omnistock.api.Capabilities;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Limits;
import io.omnistock.api.RankCriterion;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.RoutingPolicy;
import io.omnistock.api.RuleSet;
import io.omnistock.api.Tier;
import io.omnistock.core.state.EngineState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A policy the engine accepts must come back from its journal record and from a snapshot: an
 * accepted policy that cannot be encoded would stop every later restart.
 */
class PolicyRecoveryTest
{
    @TempDir
    Path dir;

    private EngineConfig config()
    {
        return EngineConfig.builder().journalDir(dir.resolve("journal")).snapshotDir(dir.resolve("snapshots")).build();
    }

    @Test
    void aRuleSetRepeatingATierIsRejectedAndTheEngineStillRestarts() throws Exception
    {
        final RoutingPolicy repeated = withFirstRuleSet(new RuleSet("many-stores", Collections.nCopies(128, Tier.STORE),
            Capabilities.SHIPS_PARCELS, false, false, 0, false, List.of(), List.of(RankCriterion.DISTANCE), 1, 8));
        assertNotNull(repeated.problem());
        final long checksum;
        try (OmnistockEngine engine = OmnistockEngine.start(config()))
        {
            assertEquals(ReasonCode.INVALID_POLICY, engine.submit(Commands.setRoutingPolicy(1, repeated)).get().reason());
            checksum = engine.stateChecksum().get();
        }
        try (OmnistockEngine engine = OmnistockEngine.start(config()))
        {
            assertEquals(1, engine.recoveryReport().replayedCommands());
            assertEquals(checksum, engine.stateChecksum().get());
            assertEquals(0, (int)read(engine, EngineState::policyVersion));
        }
    }

    @Test
    void aPolicyAtEveryValidatedMaximumReplaysFromTheJournalAndFromASnapshot() throws Exception
    {
        final RoutingPolicy largest = largestValidPolicy();
        assertNull(largest.problem());
        final long checksum;
        try (OmnistockEngine engine = OmnistockEngine.start(config()))
        {
            assertEquals(ReasonCode.OK, engine.submit(Commands.setRoutingPolicy(1, largest)).get().reason());
            assertEquals(1, engine.snapshot().get());
            checksum = engine.stateChecksum().get();
        }
        try (OmnistockEngine engine = OmnistockEngine.start(config()))
        {
            assertEquals(1, engine.recoveryReport().snapshotSequence());
            assertEquals(List.of(), engine.recoveryReport().problems());
            assertEquals(checksum, engine.stateChecksum().get());
            assertEquals(largest, read(engine, EngineState::policy));
        }
        deleteSnapshots();
        try (OmnistockEngine engine = OmnistockEngine.start(config()))
        {
            assertEquals(1, engine.recoveryReport().replayedCommands());
            assertEquals(checksum, engine.stateChecksum().get());
            assertEquals(largest, read(engine, EngineState::policy));
            assertEquals(1, (int)read(engine, EngineState::policyVersion));
        }
    }

    /** Every list as long as validation allows, every name 32 characters of three UTF-8 bytes each. */
    private static RoutingPolicy largestValidPolicy()
    {
        final List<Tier> allTiers = List.of(Tier.STORE, Tier.WAREHOUSE, Tier.FRONT_WAREHOUSE);
        final List<RankCriterion> allCriteria = List.of(RankCriterion.DISTANCE, RankCriterion.TIER,
            RankCriterion.NODE_PRIORITY);
        final List<List<RuleSet>> ruleSets = new ArrayList<>();
        for (int type = 0; type < FulfilmentType.COUNT; type++)
        {
            final List<RuleSet> list = new ArrayList<>();
            for (int i = 0; i < Limits.MAX_RULE_SETS; i++)
            {
                final String name = "\u20ac".repeat(30) + type + i;
                list.add(new RuleSet(name, allTiers, Capabilities.ALL, true, true, 20_000_000, true, allTiers,
                    allCriteria, Limits.MAX_SPLITS, Limits.MAX_ROUTING_CANDIDATES));
            }
            ruleSets.add(list);
        }
        return new RoutingPolicy(ruleSets, 10_080, 1_000_000, 10_080, Long.MAX_VALUE);
    }

    private static RoutingPolicy withFirstRuleSet(final RuleSet ruleSet)
    {
        final RoutingPolicy defaults = RoutingPolicy.defaults();
        final List<List<RuleSet>> ruleSets = new ArrayList<>(defaults.ruleSets());
        ruleSets.set(FulfilmentType.REGULAR.ordinal(), List.of(ruleSet));
        return new RoutingPolicy(ruleSets, defaults.pickPackMinutes(), defaults.courierMetersPerHour(),
            defaults.instantWindowMinutes(), defaults.highValueThreshold());
    }

    private static <T> T read(final OmnistockEngine engine, final Function<EngineState, T> query) throws Exception
    {
        final AtomicReference<T> value = new AtomicReference<>();
        engine.read(state -> value.set(query.apply(state))).get();
        return value.get();
    }

    private void deleteSnapshots() throws IOException
    {
        try (Stream<Path> files = Files.list(dir.resolve("snapshots")))
        {
            for (final Path p : files.toList())
            {
                Files.delete(p);
            }
        }
    }
}

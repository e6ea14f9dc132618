package io.omnistock.core.properties;

import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandType;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.Tier;
import io.omnistock.core.model.Cmd;
import io.omnistock.core.model.ModelAssertions;
import io.omnistock.core.model.ReferenceModel;
import io.omnistock.core.state.ProcessorHarness;
import io.omnistock.core.stock.StockLedger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsCollector;
import net.jqwik.api.statistics.StatisticsReport;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The business logic against the independent {@link ReferenceModel}, command by command: the
 * same reason for every command (accepted or the specific rejection), the same result, the same
 * state afterwards; available-to-promise never negative; network availability per tier equal to
 * the model's sum over locations.
 */
class ModelEquivalenceProperties
{
    @Provide
    Arbitrary<Scenario> scenarios()
    {
        return CommandArbitraries.scenarios(200);
    }

    /**
     * Every command's reason and result, and the whole state after it, equal the model's. The
     * generator's reach is asserted too: over all tries every journaled command type is both
     * accepted and rejected at least once, and duplicates occur.
     */
    @Property(edgeCases = EdgeCasesMode.NONE, tries = 200)
    @StatisticsReport(onFailureOnly = true)
    void engineMatchesReferenceModelAfterEveryCommand(@ForAll("scenarios") final Scenario scenario)
    {
        final StatisticsCollector outcomes = Statistics.label("outcome");
        runAgainstModel(scenario, actual -> outcomes.collect(actual.type() + " " +
            (actual.reason() == ReasonCode.OK ? "OK" :
                actual.reason() == ReasonCode.DUPLICATE_COMMAND ? "DUPLICATE" : "REJECTED")));
        outcomes.coverage(checker ->
        {
            for (final CommandType type : CommandArbitraries.GENERATED_TYPES)
            {
                checker.check(type + " OK").count(n -> n > 0);
                checker.check(type + " REJECTED").count(n -> n > 0);
            }
            checker.check(CommandType.RESERVE + " DUPLICATE").count(n -> n > 0);
        });
    }

    @Provide
    Arbitrary<Scenario> extremeScenarios()
    {
        return CommandArbitraries.extremeScenarios(200);
    }

    /** The same comparison with quantities driven to the per-position limits (and past them). */
    @Property(edgeCases = EdgeCasesMode.NONE, tries = 100)
    @StatisticsReport(onFailureOnly = true)
    void engineMatchesReferenceModelAtTheLimits(@ForAll("extremeScenarios") final Scenario scenario)
    {
        final StatisticsCollector limits = Statistics.label("limits");
        runAgainstModel(scenario, actual -> limits.collect(actual.type() + " " + actual.reason()));
        limits.coverage(checker ->
        {
            checker.check(CommandType.RECEIVE + " " + ReasonCode.QUANTITY_OVERFLOW).count(n -> n > 0);
            checker.check(CommandType.SALE + " " + ReasonCode.QUANTITY_OVERFLOW).count(n -> n > 0);
            checker.check(CommandType.ADJUST + " " + ReasonCode.QUANTITY_OVERFLOW).count(n -> n > 0);
        });
    }

    private static void runAgainstModel(final Scenario scenario, final Consumer<CommandResult> observe)
    {
        final ReferenceModel model = new ReferenceModel(scenario.idempotencyWindow());
        final ProcessorHarness engine = scenario.harness();
        final Set<Long> reservationIds = reservationIds(scenario.all());
        int i = 0;
        for (final Cmd cmd : scenario.all())
        {
            final ReferenceModel.Outcome expected = model.apply(cmd);
            final CommandResult actual = engine.run(cmd.toCommand());
            final String context = "command " + i++;
            ModelAssertions.assertResult(context, cmd, expected, actual);
            ModelAssertions.assertState("after " + context + " " + cmd, engine.state, model, reservationIds);
            observe.accept(actual);
        }
    }

    @Property(edgeCases = EdgeCasesMode.NONE, tries = 150)
    void availableNeverNegative(@ForAll("scenarios") final Scenario scenario)
    {
        final ProcessorHarness engine = scenario.harness();
        for (final Cmd cmd : scenario.all())
        {
            final CommandResult result = engine.run(cmd.toCommand());
            assertTrue(result.available() >= 0, () -> cmd + " reported available " + result.available());
            final StockLedger ledger = engine.state.ledger();
            for (int slot = 0; slot < ledger.size(); slot++)
            {
                final long available = ledger.available(slot);
                assertTrue(available >= 0, "available < 0 after " + cmd);
                assertEquals(Math.max(0, ledger.onHand(slot) - ledger.reserved(slot) - ledger.safetyStock(slot)),
                    available, "available formula after " + cmd);
                assertTrue(ledger.reserved(slot) >= 0 && ledger.inTransit(slot) >= 0 &&
                    ledger.safetyStock(slot) >= 0, "negative reserved, in transit or safety stock after " + cmd);
            }
            for (int sku = 0; sku < engine.state.skus().count(); sku++)
            {
                for (final Tier tier : Tier.values())
                {
                    assertTrue(ledger.tierAvailable(sku, tier.ordinal()) >= 0, tier + " availability < 0 after " + cmd);
                }
            }
        }
    }

    /**
     * QUERY_AVAILABILITY after every command, for every SKU (and one unknown SKU): per tier, the
     * model's sum over that tier's locations of per-position available; in total, their sum.
     */
    @Property(edgeCases = EdgeCasesMode.NONE, tries = 150)
    void networkAvailabilityIsTheSumOfPositions(@ForAll("scenarios") final Scenario scenario)
    {
        final ReferenceModel model = new ReferenceModel(scenario.idempotencyWindow());
        final ProcessorHarness engine = scenario.harness();
        long queryId = 1L << 40;
        for (final Cmd cmd : scenario.all())
        {
            model.apply(cmd);
            engine.run(cmd.toCommand());
            for (int sku = 0; sku <= model.skuCount(); sku++)
            {
                final CommandResult result = engine.run(Cmd.queryAvailability(queryId++, sku).toCommand());
                if (sku == model.skuCount())
                {
                    assertEquals(ReasonCode.UNKNOWN_SKU, result.reason());
                    continue;
                }
                assertEquals(ReasonCode.OK, result.reason());
                long network = 0;
                for (final Tier tier : Tier.values())
                {
                    long sum = 0;
                    for (int location = 0; location < model.locationCount(); location++)
                    {
                        if (model.locationTier(location) == tier)
                        {
                            sum += model.position(location, sku).available();
                        }
                    }
                    network += sum;
                    assertEquals(sum, result.tierAvailable(tier), tier + " availability of SKU " + sku + " after " + cmd);
                }
                assertEquals(network, result.networkAvailable(), "network availability of SKU " + sku + " after " + cmd);
            }
        }
    }

    static Set<Long> reservationIds(final List<Cmd> cmds)
    {
        final Set<Long> ids = new TreeSet<>();
        for (final Cmd cmd : cmds)
        {
            ids.add(cmd.reservationId());
        }
        return ids;
    }
}

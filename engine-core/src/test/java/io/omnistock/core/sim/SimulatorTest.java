package io.omnistock.core.sim;

import io.omnistock.api.CommandType;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the {@link Simulator} over a bounded set of seeds (CI: about 30 s on two cores), or as many
 * as asked (docs/testing.md):
 * <pre>
 *   -Dsim.seeds=N       seeds to run (default 32), from -Dsim.firstSeed (default 1)
 *   -Dsim.seed=S        just seed S (to reproduce a failure: the failure names its seed)
 *   -Dsim.commands=C    commands per seed (default 500)
 *   -Dsim.faults=false  no journal failures
 *   -Dsim.sweepEvery=K  compare the engine's whole ledger with the auditor's every K commands (default 8)
 *   -Dsim.inProcessSeeds=N  seeds the business logic alone runs through the harness (default 10), from
 *                       -Dsim.inProcessFirstSeed (default 1001: other seeds than the engine's)
 * </pre>
 */
class SimulatorTest
{
    @Test
    void seededSimulationsMatchTheAuditor()
    {
        final String one = System.getProperty("sim.seed");
        final int seeds = one != null ? 1 : Integer.getInteger("sim.seeds", 32);
        final boolean faults = Boolean.parseBoolean(System.getProperty("sim.faults", "true"));
        runSeeds(seeds, one != null ? Long.parseLong(one) : Long.getLong("sim.firstSeed", 1), faults, false);
    }

    /**
     * The same workload and auditor over the business logic alone ({@code ProcessorHarness}): 10 seeds
     * of 500 commands, enough for the coverage checks. Cheap once the JVM is warm (4 and 10 seeds took
     * the same 12-13 s as the first test of a JVM at load 15-17; most of it is warming up).
     */
    @Test
    void seededInProcessSimulationsMatchTheAuditor()
    {
        final String one = System.getProperty("sim.seed");
        runSeeds(one != null ? 1 : Integer.getInteger("sim.inProcessSeeds", 10),
            one != null ? Long.parseLong(one) : Long.getLong("sim.inProcessFirstSeed", 1001), false, true);
    }

    private static void runSeeds(final int seeds, final long first, final boolean faults, final boolean inProcess)
    {
        final String one = System.getProperty("sim.seed");
        final int commands = Integer.getInteger("sim.commands", 500);
        final int sweepEvery = Integer.getInteger("sim.sweepEvery", 8);
        final long started = System.nanoTime();
        final Map<String, Integer> reasons = new TreeMap<>();
        final Map<CommandType, Integer> types = new TreeMap<>();
        final Map<Simulator.Fault, Integer> injected = new TreeMap<>();
        int expired = 0;
        for (long seed = first; seed < first + seeds; seed++)
        {
            final Simulator.Outcome outcome = new Simulator(seed, commands, faults, sweepEvery, inProcess).run();
            outcome.reasons().forEach((reason, count) -> reasons.merge(reason.name(), count, Integer::sum));
            outcome.types().forEach((type, count) -> types.merge(type, count, Integer::sum));
            outcome.faults().forEach((fault, count) -> injected.merge(fault, count, Integer::sum));
            expired += outcome.holdsExpired();
        }
        System.out.printf("simulator%s: %d seeds from %d, %d commands each, %d ms; journal faults %s; %d holds " +
            "expired%n  commands %s%n  reasons %s%n", inProcess ? " in process" : "", seeds, first, commands,
            (System.nanoTime() - started) / 1_000_000, injected, expired, types, reasons);
        if (one != null || seeds * commands < 5_000)
        {
            return;
        }
        // A workload that stopped reaching the engine's rules would pass vacuously.
        final Set<CommandType> clientTypes = EnumSet.complementOf(EnumSet.of(CommandType.EXPIRE_HOLDS));
        assertEquals(clientTypes, types.keySet(), "command types the workload sent");
        assertTrue(reasons.getOrDefault("OK", 0) > seeds * commands / 4, "too few commands accepted: " + reasons);
        assertTrue(reasons.size() > 50, "too few distinct reasons: " + reasons);
        assertTrue(expired > 0, "no hold expired");
        assertTrue(!faults || injected.keySet().equals(EnumSet.allOf(Simulator.Fault.class)),
            "journal faults injected: " + injected);
    }
}

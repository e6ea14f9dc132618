package io.omnistock.core.sim;

import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandType;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.Durability;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.InjectedJournalFaults;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.RecoveryReport;
import io.omnistock.core.journal.TornTail;
import io.omnistock.core.model.EngineProbe;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.ProcessorHarness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static io.omnistock.core.model.EngineProbe.await;
import static io.omnistock.core.sim.Auditor.check;

/**
 * A deterministic simulation of the engine, in the spirit of TigerBeetle's VOPR: one seed decides
 * the workload ({@link Workload}), the clock's steps (including jumps past every hold's
 * time-to-live) and where the journal fails; the {@link Auditor} predicts and checks every answer,
 * and its ledger is compared with the engine's through queries every few commands (every one with
 * {@code sweepEvery} 1, to find the command a divergence began at), after every recovery and at the end. The engine is the real one (ring, business-logic
 * thread, Chronicle journal), driven one command at a time so the order of events is the seed's.
 *
 * <p>Faults: a journal write that fails (append, document write, force) halts the engine, which
 * must answer that command {@link ReasonCode#JOURNAL_FAILED} and every later one
 * {@link ReasonCode#ENGINE_HALTED}. The simulator then restarts an engine on the same journal
 * (after tearing its last document, for {@link Fault#TORN}) and checks that every acknowledged
 * command survived, that the failed one survived only where its document was written whole, and
 * that the recovered engine equals the auditor. At the end the engine's checksum must equal that
 * of an engine recovered from its journal (a full, verified replay).
 *
 * <p>In process ({@code inProcess}): the same workload, clock and auditor drive the business logic
 * alone through the tests' one harness, {@link ProcessorHarness} (no ring, thread or journal, so no
 * faults), with the engine timer's rule: an {@code EXPIRE_HOLDS} once the state's next timed work
 * is due. It checks that the logic alone decides as the auditor predicts, with no timer or thread
 * between the seed and the state (a failure here and not in the engine points at the pipeline).
 */
final class Simulator
{
    /** Bounds a wait for the engine's own expiry command; the machine is shared. */
    private static final long EXPIRY_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** Journal failures the simulator injects. */
    enum Fault
    {
        /** The command cannot be added to the journal batch. */
        APPEND,
        /** The batch cannot be written as a document; the failed command is not in the journal. */
        FLUSH,
        /** The written document cannot be forced to the device; it is in the journal. */
        SYNC,
        /** The force fails and the document is torn: recovery sets it aside. */
        TORN
    }

    /** What one seed did, for the test's report. */
    record Outcome(Map<ReasonCode, Integer> reasons, Map<CommandType, Integer> types, Map<Fault, Integer> faults,
        int holdsExpired)
    {
    }

    private final long seed;
    private final int commands;
    private final boolean injectFaults;
    private final int sweepEvery;
    private int lastSweep = -1;
    private final SimClock clock = new SimClock();
    private final InjectedJournalFaults faults = new InjectedJournalFaults();
    private final SplittableRandom random;
    private final Map<ReasonCode, Integer> reasons = new TreeMap<>();
    private final Map<CommandType, Integer> types = new TreeMap<>();
    private final Map<Fault, Integer> faultsInjected = new TreeMap<>();
    private int holdsExpired;
    private Path dir;
    private EngineConfig config;
    private OmnistockEngine engine;
    private final boolean inProcess;
    /** The business logic alone, when {@link #inProcess}. */
    private ProcessorHarness harness;
    private Auditor auditor;
    private Workload workload;
    private long lastAcknowledged;
    private long queryId = 1L << 60;

    /**
     * @param sweepEvery compare the engine's whole ledger with the auditor's after every this many commands.
     */
    Simulator(final long seed, final int commands, final boolean injectFaults, final int sweepEvery)
    {
        this(seed, commands, injectFaults, sweepEvery, false);
    }

    /**
     * @param inProcess drive the business logic through {@link ProcessorHarness} instead of an engine
     *     (no journal: {@code injectFaults} must be false).
     */
    Simulator(final long seed, final int commands, final boolean injectFaults, final int sweepEvery,
        final boolean inProcess)
    {
        if (inProcess && injectFaults)
        {
            throw new IllegalArgumentException("journal faults need the engine's journal");
        }
        this.inProcess = inProcess;
        this.seed = seed;
        this.commands = commands;
        this.injectFaults = injectFaults;
        this.sweepEvery = sweepEvery;
        // Clock steps and faults draw from a stream of their own, so the workload stays the seed's.
        this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 1);
    }

    /**
     * Runs the seed.
     *
     * @throws AssertionError naming the seed and the command index that failed, and how to rerun it.
     */
    Outcome run()
    {
        int index = -1;
        Op op = null;
        try
        {
            if (inProcess)
            {
                // The engine's sizes and idempotency window below; the state starts in the current logic.
                harness = new ProcessorHarness(new EngineState(256, 256, 1 << 16)).ticking(clock.epochMillis(), 0);
                auditor = new Auditor(harness.state.logicVersion());
            }
            else
            {
                startEngine();
            }
            workload = new Workload(seed, auditor.ledger());
            final Map<Integer, Fault> plan = faultPlan();
            for (index = 0; index < commands; index++)
            {
                advanceClock();
                op = workload.next(clock.epochMillis());
                step(op, plan.get(index));
                auditor.checkInvariants();
                if (index % sweepEvery == 0)
                {
                    sweep();
                    lastSweep = index;
                }
            }
            op = null;
            finish();
            return new Outcome(reasons, types, faultsInjected, holdsExpired);
        }
        catch (final Throwable t)
        {
            final String where = (index < 0 ? "at start" : index >= commands ? "in the final checks" :
                "at command index " + index + (op == null ? "" : " " + op)) + (lastSweep < 0 ? "" :
                " (the engine last equalled the auditor in the sweep after command index " + lastSweep +
                "; -Dsim.sweepEvery=1 finds the first command that differs)");
            throw new AssertionError("simulator seed " + seed + (inProcess ? " in process" : "") + " failed " + where +
                ": " + t.getMessage() + "\nreproduce: mvn -o -B -pl engine-core -am test -Dtest=SimulatorTest" +
                (inProcess ? "#seededInProcessSimulationsMatchTheAuditor" : "") + " -Dsurefire.failIfNoSpecifiedTests=false" +
                " -Dsim.seed=" + seed +
                " -Dsim.commands=" + commands + (injectFaults ? "" : " -Dsim.faults=false"), t);
        }
        finally
        {
            if (engine != null)
            {
                engine.close();
            }
            EngineProbe.deleteRecursively(dir);
        }
    }

    /** The business logic's state after an in-process {@link #run()}: for comparing builds ({@code StateBytesTest}). */
    EngineState inProcessState()
    {
        return Objects.requireNonNull(harness, "only an in-process run keeps its state").state;
    }

    private void startEngine() throws IOException
    {
        dir = Files.createTempDirectory(baseDir(), "omnistock-sim-" + seed + "-");
        config = EngineConfig.builder()
            .journalDir(dir.resolve("journal"))
            .snapshotDir(null)
            .ringSize(1024)
            .expectedPositions(256)
            .expectedReservations(256)
            .idempotencyWindow(1 << 16)
            .clock(clock)
            .journalPretouch(false)
            // Each batch forced, so a force can fail; the directory is usually in memory.
            .durability(Durability.syncEachBatch())
            .build();
        engine = faults.start(config);
        auditor = new Auditor(engine.recoveryReport().logicVersion());
    }

    /** The command's answer, from the engine or, in process, from the harness at the simulated time. */
    private CommandResult submit(final Command command)
    {
        if (harness == null)
        {
            return await(engine.submit(command));
        }
        harness.now = clock.epochMillis();
        return harness.run(command);
    }

    private String locationCode(final int id)
    {
        return harness == null ? engine.locationCode(id) : harness.state.locations().codeOf(id);
    }

    private String skuCode(final int id)
    {
        return harness == null ? engine.skuCode(id) : harness.state.skus().codeOf(id);
    }

    private static Path baseDir() throws IOException
    {
        final String configured = System.getProperty("sim.dir");
        if (configured != null)
        {
            return Files.createDirectories(Path.of(configured));
        }
        // Memory-backed where there is one: forcing each batch to a disk would dominate the run.
        final Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Up to two faults, after the definitions, at seeded command indexes. */
    private Map<Integer, Fault> faultPlan()
    {
        final Map<Integer, Fault> plan = new TreeMap<>();
        if (!injectFaults || commands < 40)
        {
            return plan;
        }
        final int count = random.nextInt(4);
        for (int i = 0; i < count; i++)
        {
            plan.put(20 + random.nextInt(commands - 20), Fault.values()[random.nextInt(Fault.values().length)]);
        }
        return plan;
    }

    /**
     * Time moves by the seed: often not at all (commands in the same millisecond), mostly by up to
     * a few seconds, sometimes past a channel's hold time-to-live, now and then by days. Holds due
     * by then are expired by the engine's own timer: the simulator waits for that before it goes on.
     */
    private void advanceClock()
    {
        final double p = random.nextDouble();
        final long step = p < 0.4 ? 0 : p < 0.9 ? 1 + random.nextInt(5_000) :
            p < 0.985 ? 60_000 + random.nextInt(3_600_000) : 3_600_000 + random.nextLong(2 * 86_400_000L);
        clock.advance(step);
        if (harness != null && harness.state.nextTimedWork() <= clock.epochMillis())
        {
            // The engine timer's rule: one EXPIRE_HOLDS once the earliest timed work is due.
            harness.now = clock.epochMillis();
            harness.timer();
        }
        final List<Long> due = auditor.dueHolds(clock.epochMillis());
        if (due.isEmpty())
        {
            return;
        }
        final long deadline = System.nanoTime() + EXPIRY_WAIT_NANOS;
        for (final long orderId : due)
        {
            while (submit(Commands.queryOrder(queryId++, orderId)).reason() != ReasonCode.UNKNOWN_ORDER)
            {
                check(harness == null && System.nanoTime() < deadline, "order " + orderId + " still open " +
                    TimeUnit.NANOSECONDS.toSeconds(EXPIRY_WAIT_NANOS) + " s after its hold was due");
                sleepMillis(1);
            }
        }
        auditor.expireDue(clock.epochMillis());
        holdsExpired += due.size();
    }

    private void step(final Op op, final Fault fault)
    {
        final Set<ReasonCode> expected = auditor.expect(op, clock.epochMillis());
        final boolean armed = fault != null && op.type.journaled();
        if (armed)
        {
            faults.arm(fault == Fault.TORN ? InjectedJournalFaults.Kind.SYNC : InjectedJournalFaults.Kind.valueOf(
                fault.name()));
        }
        final CommandResult r = submit(op);
        reasons.merge(r.reason(), 1, Integer::sum);
        types.merge(op.type, 1, Integer::sum);
        if (r.reason() == ReasonCode.JOURNAL_FAILED)
        {
            check(armed && !faults.pending(), "the journal failed without an injected fault");
            recover(op, expected, r, fault);
            return;
        }
        check(!armed, "an injected " + fault + " failure did not fail the command");
        auditor.apply(op, expected, r);
        if (op.type.journaled())
        {
            check(r.sequence() > lastAcknowledged, "sequence " + r.sequence() + " after " + lastAcknowledged);
            lastAcknowledged = r.sequence();
        }
    }

    /**
     * After an injected failure: the engine refuses everything, then an engine restarted on the
     * same journal has every acknowledged command, and the failed one exactly when its document
     * was written whole.
     */
    private void recover(final Op op, final Set<ReasonCode> expected, final CommandResult failed, final Fault fault)
    {
        faultsInjected.merge(fault, 1, Integer::sum);
        check(engine.halted(), "no halt after a journal failure");
        final CommandResult refused = await(engine.submit(Commands.receive(queryId++, 0, 0, 1)));
        check(refused.reason() == ReasonCode.ENGINE_HALTED, "a halted engine answered " + refused.reason());
        engine.close();
        engine = null;
        if (fault == Fault.TORN)
        {
            TornTail.tear(config.journalDir());
        }
        engine = faults.start(config);
        final RecoveryReport report = engine.recoveryReport();
        check(report.lastSequence() >= lastAcknowledged, "acknowledged commands lost: recovered to sequence " +
            report.lastSequence() + ", acknowledged " + lastAcknowledged);
        final boolean survived = report.lastSequence() >= failed.sequence();
        check(survived == (fault == Fault.SYNC), fault + " failure: the failed command " +
            "(sequence " + failed.sequence() + ") " + (survived ? "survived" : "was lost") + "; recovered to " +
            report.lastSequence());
        check((report.damagedTail() != null) == (fault == Fault.TORN), fault + " failure: damaged tail " +
            report.damagedTail() + ", problems " + report.problems());
        if (survived)
        {
            // Decided before the journal failed: booked as decided. A duplicate's answer names the first reason.
            final ReasonCode decided = expected.size() == 1 && (expected.contains(ReasonCode.DUPLICATE_COMMAND) ||
                expected.contains(ReasonCode.IDEMPOTENCY_KEY_REUSED)) ? expected.iterator().next() :
                failed.originalReason();
            auditor.apply(op, expected, failed, decided);
            lastAcknowledged = failed.sequence();
        }
        sweep();
    }

    /** The engine's whole ledger, definitions and open orders equal the auditor's. */
    private void sweep()
    {
        final AuditLedger ledger = auditor.ledger();
        for (int l = 0; l <= ledger.locations(); l++)
        {
            final String code = l == ledger.locations() ? null : ledger.locationCode(l);
            check(Objects.equals(code, locationCode(l)), "location " + l + " is " + locationCode(l));
            for (int s = 0; s <= ledger.skus(); s++)
            {
                final Op query = new Op(CommandType.QUERY_POSITION, queryId++);
                query.location = l;
                query.sku = s;
                ask(query);
            }
        }
        for (int s = 0; s <= ledger.skus(); s++)
        {
            final String code = s == ledger.skus() ? null : ledger.skuCode(s);
            check(Objects.equals(code, skuCode(s)), "SKU " + s + " is " + skuCode(s));
            final Op query = new Op(CommandType.QUERY_AVAILABILITY, queryId++);
            query.sku = s;
            ask(query);
        }
        for (final long orderId : new ArrayList<>(ledger.orders().keySet()))
        {
            final Op query = new Op(CommandType.QUERY_ORDER, queryId++);
            query.id = orderId;
            ask(query);
        }
    }

    private void ask(final Op query)
    {
        auditor.apply(query, auditor.expect(query, clock.epochMillis()), submit(query));
    }

    /** The live engine's state equals a verified replay of its journal, and that engine equals the auditor. */
    private void finish()
    {
        sweep();
        if (harness != null)
        {
            return;
        }
        final long live = await(engine.stateChecksum());
        engine.close();
        engine = null;
        engine = faults.start(config);
        final RecoveryReport report = engine.recoveryReport();
        check(report.lastSequence() >= lastAcknowledged, "recovered to sequence " + report.lastSequence() +
            ", acknowledged " + lastAcknowledged);
        check(report.problems().isEmpty(), "recovery problems: " + report.problems());
        final long replayed = await(engine.stateChecksum());
        check(live == replayed, "live checksum " + live + ", replayed " + replayed);
        sweep();
    }

    private static void sleepMillis(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

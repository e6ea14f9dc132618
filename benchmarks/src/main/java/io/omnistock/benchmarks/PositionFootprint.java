package io.omnistock.benchmarks;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.omnistock.core.state.CommandProcessor;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.stock.StockLedger;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Memory footprint of stock positions (not a JMH benchmark: a plain main).
 *
 * <p>Loads {@code locations x 1,000 SKUs} positions (default 10,000,000) through the real
 * {@link CommandProcessor}: DEFINE_LOCATION, DEFINE_SKU, then one RECEIVE command per position,
 * stamped as the engine stamps them, with the engine's default idempotency window and reservation
 * sizing. Then reports bytes per position two ways:
 * <ul>
 *   <li>structural: {@link StockLedger#footprintBytes()} (slot pages + index + per-SKU tier sums)
 *       divided by the positions;</li>
 *   <li>measured: heap used after {@code System.gc()} after loading minus before the state was
 *       created, in total, and with the fixed, position-independent part of an engine state (the
 *       1,048,576-id idempotency window, the reservation book; measured on an empty state) taken
 *       out.</li>
 * </ul>
 *
 * <p>Usage: {@code java -Xmx8g <jvm flags> -cp benchmarks.jar io.omnistock.benchmarks.PositionFootprint [positions]}.
 * The goal is at most 64 bytes per position including the index.
 */
public final class PositionFootprint
{
    private static final int SKUS = 1_000;
    private static final int EXPECTED_RESERVATIONS = 1 << 14;
    private static final int IDEMPOTENCY_WINDOW = 1 << 20;
    private static final long GOAL_BYTES_PER_POSITION = 64;
    private static final int GOAL_POSITIONS = 10_000_000;

    private PositionFootprint()
    {
    }

    public static void main(final String[] args)
    {
        final long requested = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 10_000_000L;
        if (requested < 1 || requested > (long)io.omnistock.api.Limits.MAX_LOCATIONS * SKUS)
        {
            throw new IllegalArgumentException("positions must be between 1 and " +
                (long)io.omnistock.api.Limits.MAX_LOCATIONS * SKUS + ": " + requested);
        }
        final int skus = (int)Math.min(SKUS, requested);
        final int locations = (int)((requested + skus - 1) / skus);
        final int positions = locations * skus;

        System.out.printf(Locale.ROOT, "JVM: %s %s, GC: %s, max heap %,d MiB, G1 region size %s%n",
            System.getProperty("java.vm.name"), System.getProperty("java.version"), gcNames(),
            Runtime.getRuntime().maxMemory() >> 20, vmOption("G1HeapRegionSize"));
        System.out.printf(Locale.ROOT, "positions: %,d (%,d locations x %,d SKUs), loaded through CommandProcessor " +
            "(one RECEIVE command per position)%n", positions, locations, skus);

        // The fixed part of any engine state: idempotency window and reservation book, no positions.
        final long beforeEmpty = usedHeapAfterGc();
        EngineState empty = new EngineState(0, EXPECTED_RESERVATIONS, IDEMPOTENCY_WINDOW);
        final long fixedBytes = usedHeapAfterGc() - beforeEmpty;
        if (empty.ledger().size() != 0)
        {
            throw new AssertionError();
        }
        empty = null;

        final long before = usedHeapAfterGc();
        final EngineState state = new EngineState(positions, EXPECTED_RESERVATIONS, IDEMPOTENCY_WINDOW);
        final CommandProcessor processor = new CommandProcessor(state);
        final long start = System.nanoTime();
        new Network(processor).load(locations, skus, 100);
        final long loadNanos = System.nanoTime() - start;
        final long after = usedHeapAfterGc();

        final StockLedger ledger = state.ledger();
        if (ledger.size() != positions)
        {
            throw new IllegalStateException("ledger holds " + ledger.size() + " positions, expected " + positions);
        }
        final long structural = ledger.footprintBytes();
        final long measured = after - before;
        final long measuredPositional = measured - fixedBytes;

        System.out.printf(Locale.ROOT, "load time: %.2f s (%,.0f commands/s, %,d commands incl. definitions)%n",
            loadNanos / 1e9, (positions + locations + skus) / (loadNanos / 1e9), positions + locations + skus);
        System.out.printf(Locale.ROOT, "structural (StockLedger.footprintBytes): %,d bytes = %.2f bytes/position%n",
            structural, (double)structural / positions);
        System.out.printf(Locale.ROOT, "measured heap delta (whole engine state): %,d bytes = %.2f bytes/position%n",
            measured, (double)measured / positions);
        System.out.printf(Locale.ROOT, "  of which fixed, position-independent (empty state: window, reservations): " +
            "%,d bytes%n", fixedBytes);
        System.out.printf(Locale.ROOT, "measured heap delta without the fixed part: %,d bytes = %.2f bytes/position%n",
            measuredPositional, (double)measuredPositional / positions);
        final double worst = Math.max((double)structural, (double)measuredPositional) / positions;
        if (positions >= GOAL_POSITIONS)
        {
            System.out.printf(Locale.ROOT, "goal <= %d bytes/position at %,d positions: %s (worst of structural and " +
                "measured without the fixed part: %.2f)%n", GOAL_BYTES_PER_POSITION, GOAL_POSITIONS,
                worst <= GOAL_BYTES_PER_POSITION ? "MET" : "NOT MET", worst);
        }
        else
        {
            System.out.printf(Locale.ROOT, "goal <= %d bytes/position not evaluated: it is stated for %,d positions, " +
                "and index and page rounding weigh more in small ledgers%n", GOAL_BYTES_PER_POSITION, GOAL_POSITIONS);
        }
        // Keep the state reachable until after the last measurement.
        if (state.lastSequence() != positions + locations + skus)
        {
            throw new IllegalStateException("unexpected last sequence " + state.lastSequence());
        }
    }

    static long usedHeapAfterGc()
    {
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        // Repeat until a collection frees nothing more: finalisation and reference processing settle.
        for (int i = 0; i < 10; i++)
        {
            System.gc();
            final long now = memory.getHeapMemoryUsage().getUsed();
            if (now >= used)
            {
                return now;
            }
            used = now;
        }
        return used;
    }

    private static String gcNames()
    {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(" + "));
    }

    private static String vmOption(final String name)
    {
        try
        {
            final String value = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption(name).getValue();
            return String.format(Locale.ROOT, "%,d bytes", Long.parseLong(value));
        }
        catch (final RuntimeException e)
        {
            return "n/a";
        }
    }
}

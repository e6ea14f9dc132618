package io.omnistock.daemon.forecast;

import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.forecast.HolidayCalendar;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Timed run (issue 23): what one run of the daemon's forecast job costs at N positions, and what
 * its later runs of the same day cost when models are reused ({@link ForecastPlan.Models}). The
 * projection is fed journal-shaped records made here (a receipt per position, then a sale per
 * position and day with its STOCK_CHANGED event, as the engine journals them), so the job's own
 * aggregation ({@link ForecastProjection#add}) is timed apart from planning. In the daemon's
 * package because the projection and the plan are package-private; it is not in the daemon's jar.
 * <pre>
 * java -Xmx12g -cp benchmarks/target/benchmarks.jar io.omnistock.daemon.forecast.ForecastJobRun [POSITIONS] [DAYS] [STORES]
 * </pre>
 * Defaults: 1,000,000 positions, 91 days of history, 1,000 stores (so POSITIONS / STORES SKUs).
 * Prints wall and this thread's CPU time per phase: on a shared machine the wall time includes
 * waiting for other processes; the job runs on one thread, so its CPU time is what a run takes.
 */
public final class ForecastJobRun
{
    private static final long DAY_MILLIS = 86_400_000L;
    private static final long START_DAY = 20_454; // 2026-01-01

    private ForecastJobRun()
    {
    }

    public static void main(final String[] args)
    {
        final int positions = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final int days = args.length > 1 ? Integer.parseInt(args[1]) : 91;
        final int stores = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        final int skus = Math.max(1, positions / stores);
        final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        final ForecastProjection p = new ForecastProjection();
        final CommandSlot c = new CommandSlot();
        final long[] onHand = new long[stores * skus];
        long sequence = 0;

        long wall = System.nanoTime();
        long used = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < onHand.length; i++)
        {
            onHand[i] = 1_000_000;
            c.receive(0, i / skus, i % skus, onHand[i]);
            record(p, c, ++sequence, START_DAY * DAY_MILLIS, i / skus, i % skus, onHand[i]);
        }
        long records = onHand.length;
        for (int day = 0; day <= days; day++)
        {
            // day == days is today: one record starts it, as the daemon's job sees the journal.
            final int last = day == days ? 1 : onHand.length;
            for (int i = 0; i < last; i++)
            {
                // Today's one record always sells: it is what makes the day today.
                final long units = day == days ? 1 : demand(i, day);
                if (units == 0)
                {
                    continue;
                }
                onHand[i] -= units;
                c.sale(0, i / skus, i % skus, units);
                record(p, c, ++sequence, (START_DAY + day) * DAY_MILLIS + 36_000_000L, i / skus, i % skus, onHand[i]);
                records++;
            }
        }
        report("aggregation", records + " records", wall, used, cpu);

        final ForecastPlan.Models models = new ForecastPlan.Models();
        wall = System.nanoTime();
        used = cpu.getCurrentThreadCpuTime();
        ForecastPlan.Plan plan = ForecastPlan.plan(p, ForecastPlan.Settings.DEFAULT, HolidayCalendar.bundled(), models);
        report("first run of the day", counts(plan, models), wall, used, cpu);

        // More of today's sales: not history yet, so nothing to fit again.
        for (int i = 0; i < Math.min(1_000, onHand.length); i++)
        {
            onHand[i] -= 1;
            c.sale(0, i / skus, i % skus, 1);
            record(p, c, ++sequence, (START_DAY + days) * DAY_MILLIS + 40_000_000L, i / skus, i % skus, onHand[i]);
        }
        wall = System.nanoTime();
        used = cpu.getCurrentThreadCpuTime();
        plan = ForecastPlan.plan(p, ForecastPlan.Settings.DEFAULT, HolidayCalendar.bundled(), models);
        report("a later run, 1,000 sales since", counts(plan, models), wall, used, cpu);

        // A promotion for SKU 0 everywhere from tomorrow: that SKU's positions are fitted again.
        c.putPromotion(0, 1, 0, 0, -1, -1, (int)(START_DAY + days + 1), (int)(START_DAY + days + 3), 5_000);
        record(p, c, ++sequence, (START_DAY + days) * DAY_MILLIS + 41_000_000L, -1, -1, 0);
        wall = System.nanoTime();
        used = cpu.getCurrentThreadCpuTime();
        plan = ForecastPlan.plan(p, ForecastPlan.Settings.DEFAULT, HolidayCalendar.bundled(), models);
        report("a later run, a promotion for one SKU", counts(plan, models), wall, used, cpu);

        final Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.printf("heap used after the runs: %.1f GB%n", (rt.totalMemory() - rt.freeMemory()) / 1e9);
    }

    /** Units sold at position i on a day: 0 to 6, a weekly swing, deterministic. */
    private static long demand(final int i, final int day)
    {
        final long h = (i * 0x9E3779B97F4A7C15L) ^ (day * 0xC2B2AE3D27D4EB4FL);
        final long mixed = (h ^ (h >>> 29)) * 0xBF58476D1CE4E5B9L;
        final int weekend = day % 7 >= 5 ? 2 : 0;
        return Math.floorMod(mixed >>> 7, 5) + weekend * Math.floorMod(mixed >>> 17, 2);
    }

    /** One accepted record with its STOCK_CHANGED event ({@code location} -1: none). */
    private static void record(final ForecastProjection p, final CommandSlot c, final long sequence, final long time,
        final int location, final int sku, final long onHandAfter)
    {
        c.sequence = sequence;
        c.timestamp = time;
        c.reason = ReasonCode.OK;
        c.events.clear();
        if (location >= 0)
        {
            c.events.addStock(location, sku, onHandAfter, 0, 0, 0);
        }
        p.add(c);
    }

    private static String counts(final ForecastPlan.Plan plan, final ForecastPlan.Models models)
    {
        return plan.positions().size() + " positions, " + models.fitted() + " fitted, " + models.reused() +
            " reused, " + plan.commands().size() + " commands";
    }

    private static void report(final String phase, final String what, final long wallStart, final long cpuStart,
        final ThreadMXBean cpu)
    {
        System.out.printf("%-40s %s: wall %.1f s, thread CPU %.1f s%n", phase, what, (System.nanoTime() - wallStart) / 1e9,
            (cpu.getCurrentThreadCpuTime() - cpuStart) / 1e9);
    }
}

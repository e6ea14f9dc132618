package io.omnistock.benchmarks;

import io.omnistock.forecast.DailyForecaster;
import io.omnistock.forecast.DemandGenerator;
import io.omnistock.forecast.DemandProfile;
import io.omnistock.forecast.Grid;
import io.omnistock.forecast.HolidayCalendar;

import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Timed run (issue 23): how long fitting and forecasting N (SKU, location) daily series takes,
 * journal aggregation excluded (the series are in memory). Per SKU, the network series is fitted
 * once with the fine grid (its profile is the stores' prior), then each store series with the
 * coarse grid, as a production job would. Holding a million two-year series would take 6 GB, so
 * the run cycles through a pool of generated series (distinct SKUs x stores); the work per series
 * is the same whichever series it is. Prints wall time and the workers' CPU time: on a shared
 * machine the wall time includes waiting for other processes, CPU time / threads is what the run
 * takes on dedicated cores.
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.omnistock.benchmarks.ForecastScaleRun [SERIES] [THREADS] [STORES_PER_SKU] [DAYS]
 * </pre>
 * Defaults: 1,000,000 series, 2 threads, 1,000 stores per SKU (so 1,000 network fits), 730 days.
 */
public final class ForecastScaleRun
{
    private static final int HORIZON = 28;
    private static final int POOL_SKUS = 20;
    private static final int POOL_STORES = 50;

    private ForecastScaleRun()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final long series = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        final int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        final int storesPerSku = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        final int days = args.length > 3 ? Integer.parseInt(args[3]) : 730;
        final HolidayCalendar calendar = HolidayCalendar.bundled();
        final LocalDate start = LocalDate.of(2023, 1, 2);
        final List<DemandGenerator.Sku> pool = new DemandGenerator(POOL_STORES, POOL_SKUS, days, start, 1, calendar)
            .generate();
        final int history = days - HORIZON;
        final DailyForecaster store = new DailyForecaster(calendar, start, history, HORIZON, DailyForecaster.Options.DEFAULT);
        final DailyForecaster network = new DailyForecaster(calendar, start, history, HORIZON,
            new DailyForecaster.Options(Grid.FINE, 3, 3, 0.80));
        final List<double[]> sales = new ArrayList<>();
        final List<boolean[]> out = new ArrayList<>();
        for (final DemandGenerator.Sku sku : pool)
        {
            for (final DemandGenerator.StoreSeries s : sku.stores())
            {
                sales.add(java.util.Arrays.copyOf(s.sales(), history));
                out.add(java.util.Arrays.copyOf(s.stockOut(), history));
            }
        }
        final long skus = (series + storesPerSku - 1) / storesPerSku;
        System.out.printf("%,d series (%,d SKUs x %,d stores), %d days of history, %d-day horizon, %d threads%n",
            series, skus, storesPerSku, history, HORIZON, threads);
        final AtomicLong next = new AtomicLong();
        final AtomicLong checksum = new AtomicLong();
        final AtomicLong cpuNanos = new AtomicLong();
        final long begin = System.nanoTime();
        final Thread[] workers = new Thread[threads];
        for (int w = 0; w < threads; w++)
        {
            workers[w] = new Thread(() ->
            {
                double sum = 0;
                long sku;
                while ((sku = next.getAndIncrement()) < skus)
                {
                    final DemandGenerator.Sku data = pool.get((int)(sku % POOL_SKUS));
                    final double[] total = new double[history];
                    final boolean[] anyOut = new boolean[history];
                    for (final DemandGenerator.StoreSeries s : data.stores())
                    {
                        for (int t = 0; t < history; t++)
                        {
                            total[t] += s.sales()[t];
                            anyOut[t] |= s.stockOut()[t];
                        }
                    }
                    final DemandProfile profile = network.forecast(total, anyOut, data.promotions(), null).profile();
                    final long stores = Math.min(storesPerSku, series - sku * storesPerSku);
                    for (int s = 0; s < stores; s++)
                    {
                        final int i = (int)((sku * storesPerSku + s) % sales.size());
                        sum += store.forecast(sales.get(i), out.get(i), data.promotions(), profile).forecast().total(0, HORIZON);
                    }
                }
                checksum.addAndGet((long)sum);
                cpuNanos.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
            });
            workers[w].start();
        }
        for (final Thread t : workers)
        {
            t.join();
        }
        final double seconds = (System.nanoTime() - begin) / 1e9;
        final double cpu = cpuNanos.get() / 1e9;
        System.out.printf("%,d series in %.1f s wall: %.0f series/s; CPU %.1f s, %.1f us CPU per series (checksum %d)%n",
            series, seconds, series / seconds, cpu, cpu * 1e6 / series, checksum.get());
        System.out.printf("on %d dedicated cores: %.1f s for 1,000,000 series (CPU per series x 1,000,000 / %d); " +
            "load average now %.1f%n", threads, cpu / series * 1e6 / threads, threads,
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}

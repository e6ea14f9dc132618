package io.omnistock.forecast;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The accuracy measurements behind docs/benchmarks.md, run by benchmarks/forecast/compare.sh:
 * <pre>
 * real FILE [R_FORECASTS]          series in long CSV (name,frequency,horizon,index,value): our
 *                                  forecast of each holdout, MASE next to R's methods
 * generated STORES SKUS DAYS SEED OUT_DIR [R_FORECASTS]
 *                                  generator series: WAPE at store x SKU x day and at network x SKU
 *                                  x week (28-day horizon, against true demand), next to R's; writes
 *                                  the histories R fits to OUT_DIR
 * </pre>
 * R forecasts are long CSV: name,method,step,value. All figures are computed here, once, with
 * {@link Accuracy}, for every method alike.
 */
public final class AccuracyRun
{
    static final int HORIZON_DAYS = 28;
    private static final int WEEK = 7;

    private AccuracyRun()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        if (args.length >= 2 && args[0].equals("real"))
        {
            real(Path.of(args[1]), args.length > 2 ? Path.of(args[2]) : null, out);
        }
        else if (args.length >= 6 && args[0].equals("generated"))
        {
            final Generated g = generated(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                Long.parseLong(args[4]), Path.of(args[5]), args.length > 6 ? readForecasts(Path.of(args[6])) : Map.of());
            g.print(out);
        }
        else
        {
            System.err.println("usage: AccuracyRun real FILE [R_FORECASTS] | generated STORES SKUS DAYS SEED OUT_DIR [R_FORECASTS]");
            System.exit(2);
        }
    }

    /** One real series: its history, holdout and horizon. */
    private record RealSeries(String name, int frequency, double[] training, double[] test)
    {
    }

    static void real(final Path file, final Path rForecasts, final PrintWriter out) throws IOException
    {
        final Map<String, List<String[]>> rows = new LinkedHashMap<>();
        for (final String line : Files.readAllLines(file))
        {
            if (!line.isBlank() && !line.startsWith("name,"))
            {
                final String[] f = line.split(",");
                rows.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f);
            }
        }
        final Map<String, Map<String, double[]>> theirs = rForecasts == null ? Map.of() : readForecasts(rForecasts);
        final TreeMap<String, Integer> methods = new TreeMap<>();
        theirs.values().forEach(m -> m.keySet().forEach(k -> methods.put(k, 0)));
        out.printf("| series | freq | n | h | ours: method | ours | %s |%n", String.join(" | ", methods.keySet()));
        out.printf("|---|---|---|---|---|---|%s%n", "---|".repeat(methods.size()));
        final Map<String, Double> sums = new TreeMap<>();
        int count = 0;
        for (final Map.Entry<String, List<String[]>> e : rows.entrySet())
        {
            final List<String[]> r = e.getValue();
            final int frequency = Integer.parseInt(r.get(0)[1]);
            final int h = Integer.parseInt(r.get(0)[2]);
            final double[] all = r.stream().mapToDouble(f -> Double.parseDouble(f[4])).toArray();
            final RealSeries s = new RealSeries(e.getKey(), frequency, java.util.Arrays.copyOf(all, all.length - h),
                java.util.Arrays.copyOfRange(all, all.length - h, all.length));
            final boolean nonNegative = java.util.Arrays.stream(all).allMatch(v -> v >= 0);
            final Fit fit = ModelSelector.select(s.training(),
                new ModelSelector.Options(frequency, h, 3, Grid.FINE_WITH_LOGS, nonNegative, ModelSelector.Criterion.AICC));
            final double ours = Accuracy.mase(s.training(), frequency, s.test(), fit.forecast(h, 0.8).mean());
            sums.merge("ours", ours, Double::sum);
            final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %.3f |",
                s.name(), frequency, s.training().length, h, fit.family(), ours));
            for (final String method : methods.keySet())
            {
                final double[] f = theirs.getOrDefault(s.name(), Map.of()).get(method);
                final double mase = f == null ? Double.NaN : Accuracy.mase(s.training(), frequency, s.test(), f);
                sums.merge(method, mase, Double::sum);
                line.append(String.format(Locale.ROOT, " %.3f |", mase));
            }
            out.println(line);
            count++;
        }
        final StringBuilder mean = new StringBuilder(String.format(Locale.ROOT, "| **mean MASE** | | | | | **%.3f** |",
            sums.get("ours") / count));
        for (final String method : methods.keySet())
        {
            mean.append(String.format(Locale.ROOT, " **%.3f** |", sums.get(method) / count));
        }
        out.println(mean);
    }

    /** Figures of one generator run. */
    static final class Generated
    {
        final Map<String, Accuracy.Wape> storeDay = new TreeMap<>();
        final Map<String, Accuracy.Wape> networkWeek = new TreeMap<>();
        final Map<String, double[]> storeMase = new TreeMap<>();
        int series;
        int censoredDays;
        int historyDays;
        final Map<String, Integer> families = new TreeMap<>();

        Accuracy.Wape storeDay(final String method)
        {
            return storeDay.computeIfAbsent(method, k -> new Accuracy.Wape());
        }

        Accuracy.Wape networkWeek(final String method)
        {
            return networkWeek.computeIfAbsent(method, k -> new Accuracy.Wape());
        }

        void mase(final String method, final double mase)
        {
            if (!Double.isNaN(mase))
            {
                final double[] m = storeMase.computeIfAbsent(method, k -> new double[2]);
                m[0] += mase;
                m[1]++;
            }
        }

        void print(final PrintWriter out)
        {
            out.printf("generator: %d store x SKU series, %d history days, %d-day horizon, %d history days censored " +
                "(out of stock)%n", series, historyDays, HORIZON_DAYS, censoredDays);
            out.println("| method | store x SKU x day: 1 - WAPE | store x SKU x day: mean MASE | network x SKU x week: 1 - WAPE |");
            out.println("|---|---|---|---|");
            for (final String method : storeDay.keySet())
            {
                final double[] m = storeMase.get(method);
                final Accuracy.Wape week = networkWeek.get(method);
                out.printf(Locale.ROOT, "| %s | %.1f%% | %s | %s |%n", method, 100 * storeDay.get(method).accuracy(),
                    m == null ? "-" : String.format(Locale.ROOT, "%.3f", m[0] / m[1]),
                    week == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * week.accuracy()));
            }
            for (final Map.Entry<String, Accuracy.Wape> e : networkWeek.entrySet())
            {
                if (!storeDay.containsKey(e.getKey()))
                {
                    out.printf(Locale.ROOT, "| %s | - | - | %.1f%% |%n", e.getKey(), 100 * e.getValue().accuracy());
                }
            }
            out.println("models chosen (store series): " + families);
        }
    }

    /**
     * Generates, forecasts the last {@link #HORIZON_DAYS} days from the rest, and scores against
     * true demand (not sales: sales on stock-out days understate demand). Network forecasts:
     * "ours" sums the store forecasts (bottom-up); "ours, network model" forecasts the network
     * series itself (top-down, stock-out days of any store censored).
     */
    static Generated generated(final int stores, final int skus, final int days, final long seed, final Path outDir,
        final Map<String, Map<String, double[]>> theirs) throws IOException
    {
        final HolidayCalendar calendar = HolidayCalendar.bundled();
        final LocalDate start = LocalDate.of(2023, 1, 2);
        final List<DemandGenerator.Sku> data = new DemandGenerator(stores, skus, days, start, seed, calendar).generate();
        final int history = days - HORIZON_DAYS;
        final DailyForecaster forecaster = new DailyForecaster(calendar, start, history, HORIZON_DAYS,
            DailyForecaster.Options.DEFAULT);
        final DailyForecaster networkForecaster = new DailyForecaster(calendar, start, history, HORIZON_DAYS,
            new DailyForecaster.Options(Grid.FINE, 3, 3, 0.80));
        final Generated g = new Generated();
        g.historyDays = history;
        final StringBuilder storeCsv = new StringBuilder("name,frequency,horizon,index,value\n");
        final StringBuilder weekCsv = new StringBuilder("name,frequency,horizon,index,value\n");
        final int firstWeekStart = history % WEEK;
        for (final DemandGenerator.Sku sku : data)
        {
            final double[] networkSales = new double[history];
            final boolean[] networkOut = new boolean[history];
            final double[] networkDemand = new double[HORIZON_DAYS];
            for (final DemandGenerator.StoreSeries s : sku.stores())
            {
                for (int t = 0; t < history; t++)
                {
                    networkSales[t] += s.sales()[t];
                    networkOut[t] |= s.stockOut()[t];
                }
                for (int k = 0; k < HORIZON_DAYS; k++)
                {
                    networkDemand[k] += s.demand()[history + k];
                }
            }
            final DailyForecaster.Result network = networkForecaster.forecast(networkSales, networkOut, sku.promotions(),
                null);
            final double[] bottomUp = new double[HORIZON_DAYS];
            final double[] naive = new double[HORIZON_DAYS];
            for (final DemandGenerator.StoreSeries s : sku.stores())
            {
                final String name = "s" + s.store() + "k" + s.sku();
                final double[] training = java.util.Arrays.copyOf(s.sales(), history);
                final double[] actual = java.util.Arrays.copyOfRange(s.demand(), history, days);
                final DailyForecaster.Result r = forecaster.forecast(training, java.util.Arrays.copyOf(s.stockOut(), history),
                    sku.promotions(), network.profile());
                g.series++;
                g.censoredDays += r.censoredDays();
                g.families.merge(r.fit().family(), 1, Integer::sum);
                final double[] mean = r.forecast().mean();
                final double[] seasonalNaive = new double[HORIZON_DAYS];
                for (int k = 0; k < HORIZON_DAYS; k++)
                {
                    bottomUp[k] += mean[k];
                    seasonalNaive[k] = training[history - WEEK + k % WEEK];
                    naive[k] += seasonalNaive[k];
                }
                score(g, "ours", training, actual, mean);
                score(g, "seasonal naive", training, actual, seasonalNaive);
                final Map<String, double[]> r2 = theirs.getOrDefault(name, Map.of());
                for (final Map.Entry<String, double[]> m : r2.entrySet())
                {
                    score(g, m.getKey(), training, actual, m.getValue());
                    final double[] sum = networkSumsOf(theirs, m.getKey(), sku);
                    if (sum != null && s.store() == 0)
                    {
                        weekScore(g, m.getKey() + " (sum of store forecasts)", networkDemand, sum);
                    }
                }
                for (int t = 0; t < history; t++)
                {
                    storeCsv.append(name).append(",7,").append(HORIZON_DAYS).append(',').append(t + 1).append(',')
                        .append((long)training[t]).append('\n');
                }
            }
            weekScore(g, "ours", networkDemand, bottomUp);
            weekScore(g, "ours, network model", networkDemand, network.forecast().mean());
            weekScore(g, "seasonal naive", networkDemand, naive);
            final String weekly = "k" + sku.sku();
            final double[] w = theirs.getOrDefault(weekly, Map.of()).get("ets");
            if (w != null)
            {
                weekScoreWeekly(g, "ets (network weekly series)", networkDemand, w);
            }
            final double[] a = theirs.getOrDefault(weekly, Map.of()).get("auto.arima");
            if (a != null)
            {
                weekScoreWeekly(g, "auto.arima (network weekly series)", networkDemand, a);
            }
            int index = 1;
            for (int from = firstWeekStart; from + WEEK <= history; from += WEEK)
            {
                double week = 0;
                for (int t = from; t < from + WEEK; t++)
                {
                    week += networkSales[t];
                }
                weekCsv.append(weekly).append(",52,").append(HORIZON_DAYS / WEEK).append(',').append(index++).append(',')
                    .append((long)week).append('\n');
            }
        }
        Files.createDirectories(outDir);
        Files.writeString(outDir.resolve("generated-store-day.csv"), storeCsv);
        Files.writeString(outDir.resolve("generated-network-week.csv"), weekCsv);
        return g;
    }

    private static double[] networkSumsOf(final Map<String, Map<String, double[]>> theirs, final String method,
        final DemandGenerator.Sku sku)
    {
        final double[] sum = new double[HORIZON_DAYS];
        for (final DemandGenerator.StoreSeries s : sku.stores())
        {
            final double[] f = theirs.getOrDefault("s" + s.store() + "k" + s.sku(), Map.of()).get(method);
            if (f == null)
            {
                return null;
            }
            for (int k = 0; k < HORIZON_DAYS; k++)
            {
                sum[k] += f[k];
            }
        }
        return sum;
    }

    private static void score(final Generated g, final String method, final double[] training, final double[] actual,
        final double[] forecast)
    {
        g.storeDay(method).add(actual, forecast);
        g.mase(method, Accuracy.mase(training, WEEK, actual, forecast));
    }

    /** Scores daily network forecasts summed into the horizon's weeks. */
    private static void weekScore(final Generated g, final String method, final double[] demand, final double[] daily)
    {
        final double[] weekly = new double[HORIZON_DAYS / WEEK];
        for (int k = 0; k < HORIZON_DAYS; k++)
        {
            weekly[k / WEEK] += daily[k];
        }
        weekScoreWeekly(g, method, demand, weekly);
    }

    private static void weekScoreWeekly(final Generated g, final String method, final double[] demand,
        final double[] weekly)
    {
        for (int w = 0; w < HORIZON_DAYS / WEEK; w++)
        {
            double actual = 0;
            for (int k = w * WEEK; k < (w + 1) * WEEK; k++)
            {
                actual += demand[k];
            }
            g.networkWeek(method).add(actual, weekly[w]);
        }
    }

    static Map<String, Map<String, double[]>> readForecasts(final Path file) throws IOException
    {
        final Map<String, Map<String, List<double[]>>> raw = new TreeMap<>();
        for (final String line : Files.readAllLines(file))
        {
            if (line.isBlank() || line.startsWith("name,"))
            {
                continue;
            }
            final String[] f = line.split(",");
            raw.computeIfAbsent(f[0], k -> new TreeMap<>()).computeIfAbsent(f[1], k -> new ArrayList<>())
                .add(new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3])});
        }
        final Map<String, Map<String, double[]>> out = new TreeMap<>();
        raw.forEach((name, methods) -> methods.forEach((method, steps) ->
        {
            final double[] v = new double[steps.size()];
            steps.forEach(s -> v[(int)s[0] - 1] = Math.max(0, s[1]));
            out.computeIfAbsent(name, k -> new TreeMap<>()).put(method, v);
        }));
        return out;
    }
}

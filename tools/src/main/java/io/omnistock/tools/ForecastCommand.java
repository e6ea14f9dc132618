package io.omnistock.tools;

import io.omnistock.core.journal.JournalRecord;
import io.omnistock.core.planning.DailySales;
import io.omnistock.forecast.DailyForecaster;
import io.omnistock.forecast.Forecast;
import io.omnistock.forecast.ForecastException;
import io.omnistock.forecast.Grid;
import io.omnistock.forecast.HolidayCalendar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Daily demand forecast of one SKU, at one location or over the network, from the journal's sales
 * and fulfilments (docs/replenishment.md, Forecasting): stock-out days censored, the bundled holiday
 * calendar applied, the model chosen by rolling-origin error. Prints the forecast with intervals and
 * writes an SVG chart. Journaled promotions arrive with the promotion commands (issue 23, phase 2).
 */
@Command(name = "forecast", mixinStandardHelpOptions = true,
    description = "Daily demand forecast of a SKU (at a location, or the network) with intervals and an SVG chart.")
final class ForecastCommand implements Callable<Integer>
{
    /** Days of history the chart shows before the forecast. */
    private static final int CHART_HISTORY_DAYS = 91;
    private static final int MAX_HORIZON_DAYS = 366;

    @Spec
    CommandSpec spec;

    @Option(names = "--journal", required = true, paramLabel = "DIR", description = JournalInput.OPTION_DESCRIPTION)
    Path journal;

    @Option(names = "--sku", required = true, paramLabel = "CODE", description = "The SKU to forecast.")
    String sku;

    @Option(names = "--location", paramLabel = "CODE", description = "Only this location (default: the network, every location summed).")
    String location;

    @Option(names = "--horizon", paramLabel = "Nd", defaultValue = "28d",
        description = "Days ahead, 1d to 366d (default: ${DEFAULT-VALUE}).")
    String horizon;

    @Option(names = "--coverage", paramLabel = "P", defaultValue = "0.80",
        description = "Interval coverage: 0.80, 0.90, 0.95 or 0.99 (default: ${DEFAULT-VALUE}).")
    double coverage;

    @Option(names = "--chart", paramLabel = "FILE",
        description = "Where to write the SVG chart (default: forecast-SKU[-LOCATION].svg in the current directory).")
    Path chart;

    @Override
    public Integer call()
    {
        final int days = horizonDays();
        final Codes codes = new Codes();
        DailySales sales = null;
        try (JournalInput input = JournalInput.open(journal))
        {
            boolean any = false;
            for (JournalRecord record = input.next(); record != null; record = input.next())
            {
                any = true;
                codes.learn(record);
                if (sales == null && codes.skuId(sku) >= 0 && (location == null || codes.locationId(location) >= 0))
                {
                    sales = new DailySales(codes.skuId(sku), location == null ? -1 : codes.locationId(location));
                }
                if (sales != null)
                {
                    sales.add(record);
                }
            }
            if (!any)
            {
                throw input.empty();
            }
        }
        if (codes.skuId(sku) < 0 || (location != null && codes.locationId(location) < 0))
        {
            throw new ToolException(OmnistockCli.EXIT_NOT_FOUND,
                "no " + (codes.skuId(sku) < 0 ? "SKU " + sku : "location " + location) + " in the journal");
        }
        if (sales == null || !sales.seen())
        {
            throw new ToolException(OmnistockCli.EXIT_NOT_FOUND, "SKU " + sku + " has no stock" +
                (location == null ? "" : " at " + location) + " in the journal: nothing to forecast from");
        }
        final double[] history = sales.sales();
        final boolean[] out = sales.stockOut();
        final DailyForecaster.Result result;
        try
        {
            result = new DailyForecaster(HolidayCalendar.bundled(), sales.firstDate(), history.length, days,
                new DailyForecaster.Options(Grid.FINE, 3, 3, coverage)).forecast(history, out, List.of(), null);
        }
        catch (final ForecastException e)
        {
            throw new ToolException(OmnistockCli.EXIT_NOT_FOUND, "cannot forecast " + sku + ": " + e.getMessage());
        }
        final String scope = location == null ? "network" : location;
        final String unit = codes.skuUnit(codes.skuId(sku));
        final LocalDate first = sales.firstDate().plusDays(history.length);
        final Forecast f = result.forecast();
        final PrintWriter w = spec.commandLine().getOut();
        w.printf("forecast of %s at %s, in %s per day%n", sku, scope, unit);
        w.printf("history: %s to %s (%d days, %d censored: out of stock), model %s%n", sales.firstDate(),
            first.minusDays(1), history.length, result.censoredDays(), result.fit().method());
        w.printf("%-10s %10s %10s %10s%n", "date", "forecast", "low " + percent(coverage), "high " + percent(coverage));
        for (int k = 0; k < days; k++)
        {
            w.printf("%-10s %10.2f %10.2f %10.2f%n", first.plusDays(k), f.mean()[k], f.lower()[k], f.upper()[k]);
        }
        w.printf("total over %d days: %.1f %s%n", days, f.total(0, days), unit);
        final Path file = chart != null ? chart :
            Path.of("forecast-" + sku + (location == null ? "" : "-" + location) + ".svg");
        final int shown = Math.min(CHART_HISTORY_DAYS, history.length);
        final String svg = SvgChart.render("Forecast of " + sku + " at " + scope + " (" + unit + " per day, model " +
                f.model() + ")", Arrays.copyOfRange(history, history.length - shown, history.length),
            Arrays.copyOfRange(out, out.length - shown, out.length), first.minusDays(shown), f);
        try
        {
            Files.writeString(file, svg, StandardCharsets.UTF_8);
        }
        catch (final IOException e)
        {
            throw new ToolException(OmnistockCli.EXIT_NOT_FOUND, "cannot write the chart " + file + ": " + e.getMessage());
        }
        w.printf("chart: %s%n", file);
        w.flush();
        return 0;
    }

    private int horizonDays()
    {
        final String text = horizon.trim();
        int days = -1;
        if (text.matches("\\d{1,4}d?"))
        {
            days = Integer.parseInt(text.endsWith("d") ? text.substring(0, text.length() - 1) : text);
        }
        if (days < 1 || days > MAX_HORIZON_DAYS)
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--horizon '" + horizon + "' must be a number of days from 1d to " + MAX_HORIZON_DAYS + "d, e.g. 28d");
        }
        try
        {
            io.omnistock.forecast.Coverage.z(coverage);
        }
        catch (final ForecastException e)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--coverage: " + e.getMessage());
        }
        return days;
    }

    private static String percent(final double coverage)
    {
        return Math.round(coverage * 100) + "%";
    }
}

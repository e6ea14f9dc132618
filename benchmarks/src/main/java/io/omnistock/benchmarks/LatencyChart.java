package io.omnistock.benchmarks;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.List;
import java.util.Locale;

/**
 * Draws latency-by-percentile curves, one per offered rate, as a self-contained SVG: the x axis
 * spreads the tail out (its position is log10 of 1 / (1 - percentile), so 90%, 99%, 99.9% ... are
 * evenly spaced), the y axis is latency in microseconds on a log scale. No plotting library is
 * available on the build machines, and a few lines of SVG need none.
 */
final class LatencyChart
{
    private static final int WIDTH = 860;
    private static final int HEIGHT = 520;
    private static final int LEFT = 80;
    private static final int RIGHT = 200;
    private static final int TOP = 56;
    private static final int BOTTOM = 60;
    /** Rightmost x: 99.999%; the 100% point (the worst) is drawn there too. */
    private static final double MAX_NINES = 5.0;
    private static final String[] PERCENTILE_LABELS = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
    private static final String[] COLOURS = {"#1f77b4", "#2ca02c", "#ff7f0e", "#d62728", "#9467bd", "#8c564b", "#17becf"};

    private LatencyChart()
    {
    }

    static String svg(final List<LatencyProfile.RateResult> results)
    {
        double minUs = Double.MAX_VALUE;
        double maxUs = 1;
        for (final LatencyProfile.RateResult r : results)
        {
            minUs = Math.min(minUs, Math.max(0.1, r.histogram().getMinValue() / 1000.0));
            maxUs = Math.max(maxUs, r.histogram().getMaxValue() / 1000.0);
        }
        final double yLow = Math.floor(Math.log10(minUs));
        final double yHigh = Math.ceil(Math.log10(maxUs));
        final double plotW = WIDTH - LEFT - RIGHT;
        final double plotH = HEIGHT - TOP - BOTTOM;

        final StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" " +
            "font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\">omnistock end-to-end latency " +
            "by percentile at fixed offered rates</text>%n<text x=\"%d\" y=\"40\">from each command's intended " +
            "start to its journaled result (coordinated-omission corrected)</text>%n", LEFT - 40, LEFT - 40));

        for (int nines = 0; nines <= (int)MAX_NINES; nines++)
        {
            final double x = LEFT + plotW * nines / MAX_NINES;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>" +
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n", x, TOP, x, TOP + plotH, x,
                TOP + plotH + 18, PERCENTILE_LABELS[nines]));
        }
        for (double decade = yLow; decade <= yHigh; decade++)
        {
            final double y = TOP + plotH - plotH * (decade - yLow) / Math.max(1, yHigh - yLow);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>" +
                "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, y, LEFT + plotW, y, LEFT - 6, y + 4,
                micros(Math.pow(10, decade))));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n",
            LEFT + plotW / 2, HEIGHT - 16));
        sb.append(String.format(Locale.ROOT, "<text transform=\"translate(18,%.1f) rotate(-90)\" text-anchor=\"middle\">" +
            "latency (log scale)</text>%n", TOP + plotH / 2));

        for (int i = 0; i < results.size(); i++)
        {
            final LatencyProfile.RateResult r = results.get(i);
            final String colour = COLOURS[i % COLOURS.length];
            final StringBuilder points = new StringBuilder();
            final Histogram h = r.histogram();
            for (final HistogramIterationValue v : h.percentiles(5))
            {
                final double p = v.getPercentileLevelIteratedTo() / 100.0;
                final double nines = p >= 1.0 ? MAX_NINES : Math.min(MAX_NINES, Math.log10(1 / (1 - p)));
                final double us = Math.max(Math.pow(10, yLow), v.getValueIteratedTo() / 1000.0);
                final double x = LEFT + plotW * nines / MAX_NINES;
                final double y = TOP + plotH - plotH * (Math.log10(us) - yLow) / Math.max(1, yHigh - yLow);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            sb.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" " +
                "points=\"%s\"/>%n", colour, points.toString().trim()));
            final double ly = TOP + 10 + i * 20;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" " +
                "stroke-width=\"3\"/><text x=\"%.1f\" y=\"%.1f\">%,d/s%s</text>%n", LEFT + plotW + 12, ly,
                LEFT + plotW + 32, ly, colour, LEFT + plotW + 38, ly + 4, r.rate(), r.sustained() ? "" : " (not sustained)"));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static String micros(final double us)
    {
        if (us >= 1_000_000)
        {
            return String.format(Locale.ROOT, "%.0f s", us / 1_000_000);
        }
        if (us >= 1_000)
        {
            return String.format(Locale.ROOT, "%.0f ms", us / 1_000);
        }
        return us >= 1 ? String.format(Locale.ROOT, "%.0f µs", us) : String.format(Locale.ROOT, "%.1f µs", us);
    }
}

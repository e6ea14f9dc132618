package io.omnistock.tools;

import io.omnistock.forecast.Forecast;

import java.time.LocalDate;
import java.util.Locale;

/**
 * A hand-written SVG of a daily history and its forecast: sales as a line (stock-out days as red
 * marks under the axis, their sales are not demand), the forecast mean dashed, the interval as a
 * band. Plain SVG 1.1 that any browser opens; no charting library.
 */
final class SvgChart
{
    private static final int WIDTH = 960;
    private static final int HEIGHT = 360;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int TOP = 36;
    private static final int BOTTOM = 40;

    private SvgChart()
    {
    }

    /**
     * @param sales    the history shown (its last days), oldest first.
     * @param stockOut per history day shown.
     * @param first    the date of {@code sales[0]}.
     */
    static String render(final String title, final double[] sales, final boolean[] stockOut, final LocalDate first,
        final Forecast forecast)
    {
        final int n = sales.length + forecast.horizon();
        double max = 1;
        for (final double v : sales)
        {
            max = Math.max(max, v);
        }
        for (final double v : forecast.upper())
        {
            max = Math.max(max, v);
        }
        final double xStep = (WIDTH - LEFT - RIGHT) / (double)Math.max(1, n - 1);
        final double yScale = (HEIGHT - TOP - BOTTOM) / (max * 1.05);
        final StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" " +
            "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\">%s</text>%n", LEFT, escape(title)));
        final double baseline = HEIGHT - BOTTOM;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#888\"/>%n",
            LEFT, baseline, WIDTH - RIGHT, baseline));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%.1f\" stroke=\"#888\"/>%n",
            LEFT, TOP, LEFT, baseline));
        for (int i = 0; i <= 4; i++)
        {
            final double v = max * i / 4;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6,
                baseline - v * yScale + 4, v >= 10 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v)));
        }
        final int h = forecast.horizon();
        final int origin = sales.length;
        final StringBuilder band = new StringBuilder();
        for (int k = 0; k < h; k++)
        {
            band.append(point(origin + k, forecast.upper()[k], xStep, yScale)).append(' ');
        }
        for (int k = h - 1; k >= 0; k--)
        {
            band.append(point(origin + k, forecast.lower()[k], xStep, yScale)).append(' ');
        }
        svg.append("<polygon fill=\"#9ecae1\" fill-opacity=\"0.5\" stroke=\"none\" points=\"").append(band.toString().trim())
            .append("\"/>\n");
        final StringBuilder history = new StringBuilder();
        for (int t = 0; t < sales.length; t++)
        {
            history.append(point(t, sales[t], xStep, yScale)).append(' ');
            if (stockOut[t])
            {
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"4\" fill=\"#d62728\"/>%n",
                    LEFT + t * xStep - xStep / 2, baseline + 2, Math.max(1, xStep)));
            }
        }
        svg.append("<polyline fill=\"none\" stroke=\"#333\" stroke-width=\"1.5\" points=\"").append(history.toString().trim())
            .append("\"/>\n");
        final StringBuilder mean = new StringBuilder();
        for (int k = 0; k < h; k++)
        {
            mean.append(point(origin + k, forecast.mean()[k], xStep, yScale)).append(' ');
        }
        svg.append("<polyline fill=\"none\" stroke=\"#08519c\" stroke-width=\"2\" stroke-dasharray=\"5,3\" points=\"")
            .append(mean.toString().trim()).append("\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT, HEIGHT - 12, first));
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
            LEFT + origin * xStep, HEIGHT - 12, first.plusDays(origin)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", WIDTH - RIGHT,
            HEIGHT - 12, first.plusDays(n - 1)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" text-anchor=\"end\" fill=\"#555\">sales (black), " +
            "forecast (dashed) with %.0f%% interval, stock-out days (red)</text>%n", WIDTH - RIGHT, 100 * forecast.coverage()));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String point(final int t, final double v, final double xStep, final double yScale)
    {
        return String.format(Locale.ROOT, "%.1f,%.1f", LEFT + t * xStep, HEIGHT - BOTTOM - v * yScale);
    }

    private static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

package io.omnistock.forecast;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ABC and XYZ classes. ABC by share of sales value: items sorted by value, A while the cumulative
 * share (including the item) is within {@code aShare}, B within {@code bShare}, C after; the item
 * that crosses a boundary belongs to the class it crosses into the boundary from (the first item
 * is always A). XYZ by the coefficient of variation of demand per period (standard deviation over
 * mean, population form): X up to {@code xCv}, Y up to {@code yCv}, Z above, and Z for an item
 * that never sold.
 */
public final class Classification
{
    /** The thresholds: the usual 80% / 95% of value, and CV 0.5 / 1.0. */
    public record Thresholds(double aShare, double bShare, double xCv, double yCv)
    {
        public static final Thresholds DEFAULT = new Thresholds(0.80, 0.95, 0.5, 1.0);

        public Thresholds
        {
            if (!(aShare > 0 && aShare < bShare && bShare <= 1) || !(xCv > 0 && xCv < yCv))
            {
                throw new ForecastException(ForecastException.Reason.INVALID_CLASS_THRESHOLDS,
                    "need 0 < A share < B share <= 1 and 0 < X cv < Y cv; got " + aShare + ", " + bShare + ", " +
                        xCv + ", " + yCv);
            }
        }
    }

    /** One item's classes and the figures behind them. */
    public record ItemClass(String item, char abc, char xyz, double value, double cumulativeShare, double cv)
    {
        public String classes()
        {
            return "" + abc + xyz;
        }
    }

    private Classification()
    {
    }

    /**
     * @param demandPerPeriod per item, its demand per period (e.g. units per week), each the same
     *                        periods; value per item is its sales value over those periods.
     * @param value           per item, sales value (units x price) over the periods.
     * @return the items, highest value first (ties by name, so the result is deterministic).
     */
    public static List<ItemClass> classify(final Map<String, double[]> demandPerPeriod, final Map<String, Double> value,
        final Thresholds thresholds)
    {
        double total = 0;
        for (final Map.Entry<String, Double> e : value.entrySet())
        {
            if (e.getValue() < 0 || e.getValue().isNaN() || e.getValue().isInfinite())
            {
                throw new ForecastException(ForecastException.Reason.INVALID_SERIES,
                    "item " + e.getKey() + " has sales value " + e.getValue() + "; it must be 0 or more");
            }
            total += e.getValue();
        }
        final List<String> items = new ArrayList<>(value.keySet());
        items.sort(Comparator.comparing((String i) -> -value.get(i)).thenComparing(Comparator.naturalOrder()));
        final Map<String, ItemClass> out = new LinkedHashMap<>();
        double cumulative = 0;
        for (final String item : items)
        {
            final double previousShare = total == 0 ? 1 : cumulative / total;
            cumulative += value.get(item);
            final double share = total == 0 ? 1 : cumulative / total;
            final char abc = previousShare < thresholds.aShare() ? 'A' : previousShare < thresholds.bShare() ? 'B' : 'C';
            final double cv = cv(demandPerPeriod.getOrDefault(item, new double[0]));
            final char xyz = Double.isNaN(cv) || cv > thresholds.yCv() ? 'Z' : cv > thresholds.xCv() ? 'Y' : 'X';
            out.put(item, new ItemClass(item, abc, xyz, value.get(item), share, cv));
        }
        return new ArrayList<>(out.values());
    }

    /** @return standard deviation / mean (population), or NaN when the mean is 0. */
    static double cv(final double[] demand)
    {
        if (demand.length == 0)
        {
            return Double.NaN;
        }
        double sum = 0;
        for (final double d : demand)
        {
            sum += d;
        }
        final double mean = sum / demand.length;
        if (mean <= 0)
        {
            return Double.NaN;
        }
        double squares = 0;
        for (final double d : demand)
        {
            squares += (d - mean) * (d - mean);
        }
        return Math.sqrt(squares / demand.length) / mean;
    }
}

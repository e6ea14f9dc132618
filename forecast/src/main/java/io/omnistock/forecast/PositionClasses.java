package io.omnistock.forecast;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * ABC and XYZ classes of (location, SKU) positions from their sales history, as the daemon's forecast
 * job and {@code bin/omnistock kpi} both compute them (one piece of code for both): ABC by sales value
 * over the last {@link #CLASS_WEEKS} whole weeks among the positions of each location, XYZ by the
 * variability of their weekly units ({@link Classification}). A position's key is its location in the
 * high 32 bits and its SKU in the low 32 (the engine's position key).
 */
public final class PositionClasses
{
    /** Weeks the ABC value and XYZ variability are measured over: a quarter. */
    public static final int CLASS_WEEKS = 13;

    /** Units sold per week over the {@code weeks} whole weeks ending before day {@code end}. */
    @FunctionalInterface
    public interface WeeklySales
    {
        double[] weekly(long positionKey, int end, int weeks);
    }

    /** Sales value over days {@code [from, to)}. */
    @FunctionalInterface
    public interface SalesValue
    {
        double value(long positionKey, int from, int to);
    }

    private PositionClasses()
    {
    }

    /**
     * @param positions position keys.
     * @param days      whole days of history (day indexes 0 to days - 1): the window ends with the last.
     * @return per position key, its classes, in key order.
     */
    public static Map<Long, Classification.ItemClass> classify(final long[] positions, final int days,
        final WeeklySales sales, final SalesValue value, final Classification.Thresholds thresholds)
    {
        final int weeks = Math.max(1, Math.min(CLASS_WEEKS, days / 7));
        final Map<Integer, Map<String, double[]>> demand = new TreeMap<>();
        final Map<Integer, Map<String, Double>> values = new TreeMap<>();
        for (final long key : positions)
        {
            final int location = (int)(key >> 32);
            final String item = Long.toString(key);
            demand.computeIfAbsent(location, l -> new LinkedHashMap<>()).put(item, sales.weekly(key, days, weeks));
            values.computeIfAbsent(location, l -> new LinkedHashMap<>()).put(item, value.value(key, days - weeks * 7, days));
        }
        final Map<Long, Classification.ItemClass> classes = new TreeMap<>();
        for (final Map.Entry<Integer, Map<String, double[]>> e : demand.entrySet())
        {
            for (final Classification.ItemClass c : Classification.classify(e.getValue(), values.get(e.getKey()), thresholds))
            {
                classes.put(Long.parseLong(c.item()), c);
            }
        }
        return classes;
    }
}

package io.omnistock.core.replenishment;

import io.omnistock.api.Limits;

/**
 * The arithmetic of demand-driven policies, in Java's IEEE-754 doubles (exact and identical on
 * every JVM since Java 17) and {@link StrictMath}, so a replay computes the very same levels.
 *
 * <p>Demand is averaged per UTC day: when a day closes, its demand d updates an exponentially
 * weighted mean and variance, {@code mean' = mean + a(d - mean)} and
 * {@code var' = (1 - a)(var + a(d - mean)^2)}, with weight {@link #ALPHA} for the newest day.
 */
final class DemandMath
{
    static final long DAY_MILLIS = 86_400_000L;
    /** Weight of the newest day: about ten days of memory, a change shows within two or three. */
    static final double ALPHA = 0.2;
    /** After this many days without demand the averages are taken as zero (0.8^366 is below 1e-35). */
    static final int MAX_DECAY_DAYS = 366;

    private DemandMath()
    {
    }

    static long day(final long timeMillis)
    {
        return Math.floorDiv(timeMillis, DAY_MILLIS);
    }

    static double nextMean(final double mean, final double demand)
    {
        return mean + ALPHA * (demand - mean);
    }

    static double nextVariance(final double variance, final double mean, final double demand)
    {
        final double d = demand - mean;
        return (1 - ALPHA) * (variance + ALPHA * d * d);
    }

    /** @return {@code x} rounded up to a whole unit, within the position limit. */
    static long ceilUnits(final double x)
    {
        return (long)Math.min(StrictMath.ceil(x), (double)Limits.MAX_POSITION_QUANTITY);
    }

    /** @return {@code x} rounded down to a whole unit, within the position limit. */
    static long floorUnits(final double x)
    {
        return (long)Math.min(StrictMath.floor(x), (double)Limits.MAX_POSITION_QUANTITY);
    }

    /**
     * The standard normal quantile z with P(Z <= z) = p, for a service level: P. J. Acklam's rational
     * approximation (relative error below 1.2e-9), which is plenty for a safety factor.
     */
    static double normalQuantile(final double p)
    {
        final double low = 0.02425;
        if (p < low)
        {
            final double q = StrictMath.sqrt(-2 * StrictMath.log(p));
            return tail(q);
        }
        if (p > 1 - low)
        {
            final double q = StrictMath.sqrt(-2 * StrictMath.log(1 - p));
            return -tail(q);
        }
        final double q = p - 0.5;
        final double r = q * q;
        return (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r +
            1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q /
            (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r +
            6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1);
    }

    private static double tail(final double q)
    {
        return (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q -
            2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00) /
            ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q +
            3.754408661907416e+00) * q + 1);
    }
}

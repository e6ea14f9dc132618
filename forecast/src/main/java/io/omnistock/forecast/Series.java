package io.omnistock.forecast;

/** Helpers over a series held as {@code double[]}, where {@code NaN} marks a missing observation. */
final class Series
{
    private Series()
    {
    }

    /** @return the mean of the observed values in [from, to), or NaN if none is. */
    static double mean(final double[] y, final int from, final int to)
    {
        double sum = 0;
        int n = 0;
        for (int t = Math.max(0, from); t < Math.min(to, y.length); t++)
        {
            if (!Double.isNaN(y[t]))
            {
                sum += y[t];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    static int observed(final double[] y)
    {
        int n = 0;
        for (final double v : y)
        {
            if (!Double.isNaN(v))
            {
                n++;
            }
        }
        return n;
    }

    /**
     * Average inter-demand interval over the observed points (Syntetos and Boylan's ADI): above
     * 1.32 a series is intermittent and Croston-type methods compete.
     */
    static double averageDemandInterval(final double[] y)
    {
        int observed = 0;
        int demands = 0;
        for (final double v : y)
        {
            if (!Double.isNaN(v))
            {
                observed++;
                if (v > 0)
                {
                    demands++;
                }
            }
        }
        return demands == 0 ? Double.POSITIVE_INFINITY : (double)observed / demands;
    }
}

package io.omnistock.forecast;

/**
 * Forecast error measures. MASE (Hyndman and Koehler 2006): mean absolute error over the holdout
 * divided by the in-sample mean absolute error of the seasonal naive forecast (lag m), so 1.0 is
 * "as good as last season's value", comparable across series. WAPE: sum of absolute errors over
 * sum of actuals, i.e. volume-weighted, so 1 - WAPE is the "accuracy" retail plans quote. Missing
 * actuals (NaN) are skipped in both.
 */
public final class Accuracy
{
    private Accuracy()
    {
    }

    /**
     * @param training the history the forecast was made from (for the scale).
     * @param period   the seasonal lag of the naive scale (1: the random walk).
     */
    public static double mase(final double[] training, final int period, final double[] actual, final double[] forecast)
    {
        final int lag = training.length > period ? period : 1;
        double scale = 0;
        int n = 0;
        for (int t = lag; t < training.length; t++)
        {
            if (!Double.isNaN(training[t]) && !Double.isNaN(training[t - lag]))
            {
                scale += Math.abs(training[t] - training[t - lag]);
                n++;
            }
        }
        return n == 0 || scale == 0 ? Double.NaN : meanAbsoluteError(actual, forecast) / (scale / n);
    }

    public static double meanAbsoluteError(final double[] actual, final double[] forecast)
    {
        double sum = 0;
        int n = 0;
        for (int t = 0; t < actual.length; t++)
        {
            if (!Double.isNaN(actual[t]))
            {
                sum += Math.abs(actual[t] - forecast[t]);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Accumulates WAPE over many series and steps: volume-weighted by construction. */
    public static final class Wape
    {
        private double absoluteError;
        private double volume;

        public void add(final double actual, final double forecast)
        {
            if (!Double.isNaN(actual))
            {
                absoluteError += Math.abs(actual - forecast);
                volume += Math.abs(actual);
            }
        }

        public void add(final double[] actual, final double[] forecast)
        {
            for (int t = 0; t < actual.length; t++)
            {
                add(actual[t], forecast[t]);
            }
        }

        public double wape()
        {
            return volume == 0 ? Double.NaN : absoluteError / volume;
        }

        /** @return 1 - WAPE, the accuracy figure of the retail plans. */
        public double accuracy()
        {
            return 1 - wape();
        }
    }
}

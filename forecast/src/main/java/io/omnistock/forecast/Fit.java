package io.omnistock.forecast;

/**
 * A method run over a whole series: its state at the end (what it forecasts from), the one-step
 * prediction it made for every point (for learning event effects against), and the spread of its
 * one-step errors (for intervals).
 */
public final class Fit
{
    private final Filter filter;
    private final double[] fitted;
    private final double sigma;
    private final boolean nonNegative;

    private Fit(final Filter filter, final double[] fitted, final double sigma, final boolean nonNegative)
    {
        this.filter = filter;
        this.fitted = fitted;
        this.sigma = sigma;
        this.nonNegative = nonNegative;
    }

    static Fit run(final Filter filter, final double[] y, final int warmup, final boolean nonNegative)
    {
        final double[] fitted = new double[y.length];
        filter.start(y);
        double sse = 0;
        int count = 0;
        for (int t = 0; t < y.length; t++)
        {
            fitted[t] = filter.predict();
            if (t >= warmup && !Double.isNaN(y[t]))
            {
                final double e = y[t] - fitted[t];
                sse += e * e;
                count++;
            }
            filter.update(y[t]);
        }
        return new Fit(filter, fitted, count == 0 ? 0 : Math.sqrt(sse / count), nonNegative);
    }

    /** @return the chosen method with its parameters. */
    public String method()
    {
        return filter.name();
    }

    /** @return the chosen family, e.g. {@code ETS(A,Ad,M)} or {@code SBA}. */
    public String family()
    {
        return filter.family();
    }

    /** @return the one-step prediction the method made for point t (before seeing it). */
    public double fitted(final int t)
    {
        return fitted[t];
    }

    /** @return the standard deviation of the in-sample one-step errors. */
    public double sigma()
    {
        return sigma;
    }

    /**
     * The standard deviation of the error of the forecast summed over the next {@code days} steps
     * (a lead time's demand): sigma^2 sum_{k=1}^{L} (1 + sum_{j=1}^{L-k} c_j)^2, ETS class 1, the
     * shock of step k carrying into every later step of the window with weight c_j. A flat
     * Croston-type forecast (every c_j 0) gives L sigma^2. docs/replenishment.md, safety stock.
     */
    public double leadTimeSigma(final int days)
    {
        if (days < 1)
        {
            throw new ForecastException(ForecastException.Reason.INVALID_HORIZON, "lead time " + days + " must be at least 1 day");
        }
        // carried[m] = 1 + c_1 + ... + c_m: what a shock contributes to the m steps after it, plus its own.
        final double[] carried = new double[days];
        carried[0] = 1;
        for (int m = 1; m < days; m++)
        {
            carried[m] = carried[m - 1] + filter.shockWeight(m);
        }
        double sum = 0;
        for (int k = 1; k <= days; k++)
        {
            sum += carried[days - k] * carried[days - k];
        }
        return sigma * Math.sqrt(sum);
    }

    /**
     * @return the forecast for the next {@code horizon} steps with an interval of the coverage:
     *     mean +- z sigma sqrt(1 + sum_{j&lt;h} c_j^2) (ETS class 1), clipped at 0 for demand.
     */
    public Forecast forecast(final int horizon, final double coverage)
    {
        if (horizon < 1)
        {
            throw new ForecastException(ForecastException.Reason.INVALID_HORIZON, "horizon " + horizon + " must be at least 1");
        }
        final double z = Coverage.z(coverage);
        final double[] mean = new double[horizon];
        final double[] lower = new double[horizon];
        final double[] upper = new double[horizon];
        filter.forecast(mean);
        double variance = 1;
        for (int k = 0; k < horizon; k++)
        {
            if (k > 0)
            {
                final double c = filter.shockWeight(k);
                variance += c * c;
            }
            final double half = z * sigma * Math.sqrt(variance);
            mean[k] = ModelSelector.clip(mean[k], nonNegative);
            lower[k] = ModelSelector.clip(mean[k] - half, nonNegative);
            upper[k] = mean[k] + half;
        }
        return new Forecast(filter.family(), mean, lower, upper, coverage);
    }
}

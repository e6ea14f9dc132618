package io.omnistock.forecast;

/**
 * An additive method run on the logarithm of a strictly positive series (Box-Cox with lambda 0):
 * additive level, trend and season of log y are a multiplicative level, growth rate and season of
 * y, with errors proportional to the level, which is what ETS's multiplicative-error models
 * describe and an additive model on y cannot (a series growing by a percentage, with swings that
 * grow with it). Forecasts are back-transformed without bias adjustment, so they are the median
 * of the forecast distribution, as R's forecast package does by default (biasadj = FALSE).
 */
final class LogScale implements Filter
{
    private final Filter inner;

    LogScale(final Filter inner)
    {
        this.inner = inner;
    }

    /** @return whether every observed value is above 0, so the logarithm exists. */
    static boolean applies(final double[] y)
    {
        for (final double v : y)
        {
            if (!Double.isNaN(v) && !(v > 0))
            {
                return false;
            }
        }
        return Series.observed(y) > 0;
    }

    @Override
    public String name()
    {
        return "log " + inner.name();
    }

    @Override
    public String family()
    {
        return "log " + inner.family();
    }

    @Override
    public void start(final double[] y)
    {
        final double[] logs = new double[y.length];
        for (int t = 0; t < y.length; t++)
        {
            logs[t] = Math.log(y[t]);
        }
        inner.start(logs);
    }

    @Override
    public double predict()
    {
        return Math.exp(inner.predict());
    }

    @Override
    public void update(final double y)
    {
        inner.update(Math.log(y));
    }

    @Override
    public void forecast(final double[] mean)
    {
        inner.forecast(mean);
        for (int k = 0; k < mean.length; k++)
        {
            mean[k] = Math.exp(mean[k]);
        }
    }

    /**
     * The inner model's weight: a shock of one sigma moves the log forecast by c_j, i.e. the
     * forecast by a factor; with sigma measured on y this is the first-order (delta method)
     * approximation of the interval around the median.
     */
    @Override
    public double shockWeight(final int j)
    {
        return inner.shockWeight(j);
    }

    @Override
    public int parameters()
    {
        return inner.parameters();
    }

    @Override
    public int minimumLength()
    {
        return inner.minimumLength();
    }
}

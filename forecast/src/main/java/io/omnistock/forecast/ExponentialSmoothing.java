package io.omnistock.forecast;

import java.util.Locale;

/**
 * Exponential smoothing with level, optional (damped) trend and optional additive or
 * multiplicative seasonality: Holt-Winters in the error-correction form of ETS with additive
 * errors (Hyndman et al., Forecasting with Exponential Smoothing, 2008, table 2.1), so that the
 * interval formula of ETS class 1 applies. {@code beta} is the trend's smoothing weight on the
 * error (beta* times alpha in the book's notation), {@code gamma} the season's.
 */
final class ExponentialSmoothing implements Filter
{
    /** The trend component. */
    enum Trend
    {
        NONE("N"), ADDITIVE("A"), DAMPED("Ad");

        final String code;

        Trend(final String code)
        {
            this.code = code;
        }
    }

    /** The seasonal component. */
    enum Season
    {
        NONE("N"), ADDITIVE("A"), MULTIPLICATIVE("M");

        final String code;

        Season(final String code)
        {
            this.code = code;
        }
    }

    /** Seasonal indices of a multiplicative model stay in this band: a run of zeros must not wipe a weekday out for ever. */
    private static final double MIN_INDEX = 0.02;
    private static final double MAX_INDEX = 50;
    private static final double TINY = 1e-9;

    private final Trend trendKind;
    private final Season seasonKind;
    private final int period;
    private final double alpha;
    private final double beta;
    private final double gamma;
    private final double phi;
    private final double[] season;
    private double level;
    private double slope;
    private int seasonIndex;

    ExponentialSmoothing(final Trend trend, final Season season, final int period, final double alpha,
        final double beta, final double gamma, final double phi)
    {
        this.trendKind = trend;
        this.seasonKind = period > 1 ? season : Season.NONE;
        this.period = this.seasonKind == Season.NONE ? 1 : period;
        this.alpha = alpha;
        this.beta = trend == Trend.NONE ? 0 : beta;
        this.gamma = this.seasonKind == Season.NONE ? 0 : gamma;
        this.phi = trend == Trend.DAMPED ? phi : 1;
        this.season = new double[this.period];
    }

    @Override
    public String family()
    {
        return "ETS(A," + trendKind.code + "," + seasonKind.code + ")";
    }

    @Override
    public String name()
    {
        return String.format(Locale.ROOT, "%s a=%.3f b=%.3f g=%.3f phi=%.2f", family(), alpha, beta, gamma, phi);
    }

    @Override
    public int parameters()
    {
        final int trend = switch (trendKind)
        {
            case NONE -> 0;
            case ADDITIVE -> 2;
            case DAMPED -> 3;
        };
        // alpha, level and sigma; beta, slope (and phi); gamma and period - 1 free indices
        return 3 + trend + (seasonKind == Season.NONE ? 0 : period);
    }

    @Override
    public int minimumLength()
    {
        return seasonKind == Season.NONE ? 3 : 2 * period;
    }

    /**
     * Classical start: the level is the mean of the first season (of the first ten points without
     * seasonality), the trend the change between the first two seasons' means per step, and each
     * seasonal index the average deviation (ratio) of its points from their season's mean.
     */
    @Override
    public void start(final double[] y)
    {
        seasonIndex = 0;
        if (seasonKind == Season.NONE)
        {
            startWithoutSeason(y);
            return;
        }
        final double first = Series.mean(y, 0, period);
        final double second = Series.mean(y, period, 2 * period);
        final double mean0 = Double.isNaN(first) ? Series.mean(y, 0, y.length) : first;
        final double mean1 = Double.isNaN(second) ? mean0 : second;
        slope = trendKind == Trend.NONE ? 0 : (mean1 - mean0) / period;
        // the first season's mean sits at its middle; the state is the one before index 0
        level = mean0 - slope * (period + 1) / 2.0;
        double sum = 0;
        for (int i = 0; i < period; i++)
        {
            double total = 0;
            int n = 0;
            for (int k = 0; k < 2; k++)
            {
                final double v = y[k * period + i];
                final double m = k == 0 ? mean0 : mean1;
                if (!Double.isNaN(v))
                {
                    total += seasonKind == Season.ADDITIVE ? v - m : (m > TINY ? v / m : 1);
                    n++;
                }
            }
            season[i] = n == 0 ? (seasonKind == Season.ADDITIVE ? 0 : 1) : total / n;
            sum += season[i];
        }
        for (int i = 0; i < period; i++)
        {
            season[i] = seasonKind == Season.ADDITIVE ? season[i] - sum / period :
                clampIndex(sum > TINY ? season[i] * period / sum : 1);
        }
    }

    private void startWithoutSeason(final double[] y)
    {
        // least squares line through the first ten observed points, evaluated just before index 0
        double n = 0;
        double st = 0;
        double sy = 0;
        double stt = 0;
        double sty = 0;
        for (int t = 0; t < y.length && n < 10; t++)
        {
            if (!Double.isNaN(y[t]))
            {
                n++;
                st += t;
                sy += y[t];
                stt += (double)t * t;
                sty += t * y[t];
            }
        }
        final double denominator = n * stt - st * st;
        slope = trendKind == Trend.NONE || n < 3 || denominator == 0 ? 0 : (n * sty - st * sy) / denominator;
        level = n == 0 ? 0 : (sy - slope * st) / n - slope;
    }

    private static double clampIndex(final double index)
    {
        return Math.max(MIN_INDEX, Math.min(MAX_INDEX, index));
    }

    @Override
    public double predict()
    {
        final double base = level + phi * slope;
        return switch (seasonKind)
        {
            case NONE -> base;
            case ADDITIVE -> base + season[seasonIndex];
            case MULTIPLICATIVE -> base * season[seasonIndex];
        };
    }

    @Override
    public void update(final double y)
    {
        final double damped = phi * slope;
        final double base = level + damped;
        if (Double.isNaN(y))
        {
            level = base;
            slope = damped;
        }
        else
        {
            final double s = season[seasonIndex];
            switch (seasonKind)
            {
                case NONE ->
                {
                    final double e = y - base;
                    level = base + alpha * e;
                    slope = damped + beta * e;
                }
                case ADDITIVE ->
                {
                    final double e = y - base - s;
                    level = base + alpha * e;
                    slope = damped + beta * e;
                    season[seasonIndex] = s + gamma * e;
                }
                case MULTIPLICATIVE ->
                {
                    final double e = y - base * s;
                    level = base + alpha * e / s;
                    slope = damped + beta * e / s;
                    season[seasonIndex] = clampIndex(s + gamma * e / Math.max(base, TINY));
                }
            }
        }
        seasonIndex = seasonIndex + 1 == period ? 0 : seasonIndex + 1;
    }

    @Override
    public void forecast(final double[] mean)
    {
        double dampedSum = 0;
        double power = 1;
        int index = seasonIndex;
        for (int k = 0; k < mean.length; k++)
        {
            power *= phi;
            dampedSum += power;
            final double base = level + dampedSum * slope;
            mean[k] = switch (seasonKind)
            {
                case NONE -> base;
                case ADDITIVE -> base + season[index];
                case MULTIPLICATIVE -> base * season[index];
            };
            index = index + 1 == period ? 0 : index + 1;
        }
    }

    @Override
    public double shockWeight(final int j)
    {
        double dampedSum = 0;
        double power = 1;
        for (int i = 1; i <= j; i++)
        {
            power *= phi;
            dampedSum += power;
        }
        return alpha + beta * dampedSum + (seasonKind != Season.NONE && j % period == 0 ? gamma : 0);
    }
}

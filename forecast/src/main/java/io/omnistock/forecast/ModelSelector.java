package io.omnistock.forecast;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses a method per series without a numeric optimiser. Each candidate of the {@link Grid} runs
 * once over the series: its one-step squared error in sample, on the model's own scale, picks the
 * parameters within a family (as ETS picks them by likelihood), and the {@link Criterion} picks
 * the family: the squared error of its forecasts from rolling origins (the last {@code origins}
 * windows of {@code horizon} steps, each forecast from the data before it), or AICc, whose
 * likelihood of y counts a log-scale model's Jacobian (the sum of log y) so that it compares with
 * the models of y. Squared error, not absolute: the forecast
 * should be the mean (it is summed into weeks and networks), and absolute error rewards
 * forecasting zero for intermittent items.
 */
public final class ModelSelector
{
    /** Syntetos and Boylan's cut-off on the average demand interval. */
    static final double INTERMITTENT_ADI = 1.32;

    /**
     * @param period      seasonal period in steps (7 for days in a week, 12 for months, 1 for none).
     * @param horizon     steps ahead the rolling-origin windows cover (the horizon that matters).
     * @param origins     how many rolling origins (windows) to evaluate; fewer when the series is short.
     * @param grid        the methods and parameters tried.
     * @param nonNegative whether forecasts and lower bounds are clipped at 0 (demand).
     * @param criterion   what picks the family.
     */
    public record Options(int period, int horizon, int origins, Grid grid, boolean nonNegative, Criterion criterion)
    {
        /** Families picked by their rolling-origin error. */
        public Options(final int period, final int horizon, final int origins, final Grid grid, final boolean nonNegative)
        {
            this(period, horizon, origins, grid, nonNegative, Criterion.ROLLING_ORIGIN);
        }

        public Options
        {
            if (period < 1 || horizon < 1 || origins < 0)
            {
                throw new ForecastException(ForecastException.Reason.INVALID_HORIZON,
                    "period " + period + ", horizon " + horizon + " and origins " + origins +
                        " must be at least 1, 1 and 0");
            }
        }
    }

    /** What picks the family once each family has its parameters. */
    public enum Criterion
    {
        /**
         * The squared error of the forecasts from the rolling origins (the in-sample one when the
         * series is too short for any origin). Robust where the likelihood is not the model's:
         * daily series with censored days, holidays and promotions set aside.
         */
        ROLLING_ORIGIN,
        /**
         * AICc on the whole series, as R's ets() does: the likelihood of every point with a
         * penalty per estimated number, so a long monthly series is judged on all its history and
         * not on three windows of it. Intermittent series fall back to the rolling origins: Croston
         * has no likelihood.
         */
        AICC
    }

    private ModelSelector()
    {
    }

    /**
     * @param y the series, oldest first; {@code NaN} marks a missing observation (a stock-out day).
     */
    public static Fit select(final double[] y, final Options options)
    {
        final int observed = Series.observed(y);
        if (observed == 0)
        {
            throw new ForecastException(ForecastException.Reason.INVALID_SERIES, "the series has no observation");
        }
        for (final double v : y)
        {
            if (Double.isInfinite(v) || (options.nonNegative() && v < 0))
            {
                throw new ForecastException(ForecastException.Reason.INVALID_SERIES,
                    "the series holds " + v + (v < 0 ? ": demand cannot be negative" : ""));
            }
        }
        final boolean intermittent = Series.averageDemandInterval(y) > INTERMITTENT_ADI;
        final int period = y.length >= 2 * options.period() + options.horizon() ? options.period() : 1;
        final List<Filter> candidates = options.grid().filters(period, intermittent, LogScale.applies(y));
        final int h = options.horizon();
        final boolean[] origin = new boolean[y.length];
        int origins = 0;
        for (int k = 0; k < options.origins(); k++)
        {
            final int at = y.length - h * (k + 1);
            if (at < Math.max(2 * period, 8))
            {
                break;
            }
            origin[at] = true;
            origins++;
        }
        final int warmup = Math.min(period, y.length / 4);
        final double[] buffer = new double[h];
        final Map<String, Filter> bestInFamily = new HashMap<>();
        final Map<String, double[]> bestScores = new HashMap<>();
        for (final Filter f : candidates)
        {
            if (y.length < f.minimumLength())
            {
                continue;
            }
            f.start(y);
            final boolean log = f instanceof LogScale;
            double sse = 0;
            double logJacobian = 0;
            int count = 0;
            double outOfSample = 0;
            for (int t = 0; t < y.length; t++)
            {
                if (origin[t])
                {
                    f.forecast(buffer);
                    for (int k = 0; k < h; k++)
                    {
                        final double actual = y[t + k];
                        if (!Double.isNaN(actual))
                        {
                            final double e = actual - clip(buffer[k], options.nonNegative());
                            outOfSample += e * e;
                        }
                    }
                }
                final double actual = y[t];
                if (t >= warmup && !Double.isNaN(actual))
                {
                    // the error on the model's own scale: its likelihood (log y for a log-scale model)
                    final double e = log ? Math.log(actual) - Math.log(f.predict()) : actual - f.predict();
                    sse += e * e;
                    logJacobian += log ? Math.log(actual) : 0;
                    count++;
                }
                f.update(actual);
            }
            // -2 log likelihood of y under Gaussian errors; a log-scale model's density of y carries 1/y
            final double deviance = count == 0 ? Double.MAX_VALUE : sse <= 0 ? -Double.MAX_VALUE :
                count * Math.log(sse / count) + 2 * logJacobian;
            final double[] best = bestScores.get(f.family());
            if (best == null || deviance < best[0])
            {
                bestScores.put(f.family(), new double[] {deviance, outOfSample, aicc(deviance, f.parameters(), count)});
                bestInFamily.put(f.family(), f);
            }
        }
        final boolean byInformation = options.criterion() == Criterion.AICC && !intermittent;
        String chosen = null;
        for (final Map.Entry<String, double[]> e : bestScores.entrySet())
        {
            final int column = byInformation ? 2 : origins > 0 ? 1 : 0;
            final double score = e.getValue()[column];
            if (chosen == null)
            {
                chosen = e.getKey();
                continue;
            }
            final double chosenScore = bestScores.get(chosen)[column];
            if (score < chosenScore || (score == chosenScore && e.getKey().compareTo(chosen) < 0))
            {
                chosen = e.getKey();
            }
        }
        if (chosen == null)
        {
            throw new ForecastException(ForecastException.Reason.INVALID_SERIES,
                "the series has " + y.length + " points, too few for any method");
        }
        return Fit.run(bestInFamily.get(chosen), y, warmup, options.nonNegative());
    }

    /** Akaike's criterion with the small-sample correction; the largest value when the model has too many parameters for the points. */
    static double aicc(final double deviance, final int parameters, final int n)
    {
        return n - parameters - 1 <= 0 || deviance == Double.MAX_VALUE ? Double.MAX_VALUE :
            deviance + 2.0 * parameters + 2.0 * parameters * (parameters + 1) / (n - parameters - 1);
    }

    static double clip(final double value, final boolean nonNegative)
    {
        return nonNegative && value < 0 ? 0 : value;
    }
}

package io.omnistock.forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * The methods and the smoothing parameters a selector tries: a fixed, small grid instead of a
 * numeric optimiser, so a series costs a known number of passes (what makes a million series fit
 * in minutes) and the same series always gives the same choice. {@link #COARSE} is for the
 * million daily store series, {@link #FINE} for a few long series (network series),
 * {@link #FINE_WITH_LOGS} for monthly and quarterly series (the R comparison).
 *
 * @param alphas       level weights.
 * @param betaShares   trend weights as shares of alpha (beta &lt;= alpha keeps the trend slower than the level).
 * @param gammaShares  season weights as shares of 1 - alpha (the ETS admissible region).
 * @param phis         damping factors for the damped trend.
 * @param undampedTrend whether the linear (undamped) trend competes; it extrapolates without bound.
 * @param tsbBetas     TSB's demand-probability weights.
 * @param logScale     whether the additive models also compete on the logarithm of a strictly
 *                     positive series ({@link LogScale}: multiplicative growth and errors).
 */
public record Grid(double[] alphas, double[] betaShares, double[] gammaShares, double[] phis, boolean undampedTrend,
    double[] tsbBetas, boolean logScale)
{
    public static final Grid COARSE = new Grid(new double[] {0.05, 0.15, 0.35}, new double[] {0.1},
        new double[] {0.05, 0.2}, new double[] {0.95}, false, new double[] {0.05, 0.15}, false);

    public static final Grid FINE = new Grid(new double[] {0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.65, 0.8, 0.95},
        new double[] {0.01, 0.05, 0.15, 0.4}, new double[] {0.01, 0.05, 0.1, 0.2, 0.35}, new double[] {0.8, 0.9, 0.98},
        true, new double[] {0.02, 0.05, 0.1, 0.2}, false);

    /**
     * {@link #FINE} with the log-scale models: for long, strictly positive, uncensored series
     * (monthly and quarterly sales and production), where growth by a percentage and swings that
     * grow with the level show. Not on the daily network series: measured there, the log-scale
     * models won some rolling-origin windows and lost accuracy (network model 87.5% -> 87.0% on the
     * generator), and they would double the network fit's cost.
     */
    public static final Grid FINE_WITH_LOGS = new Grid(FINE.alphas, FINE.betaShares, FINE.gammaShares, FINE.phis,
        FINE.undampedTrend, FINE.tsbBetas, true);

    /**
     * @param period       the seasonal period (1: none).
     * @param intermittent whether Croston, SBA and TSB compete (and the seasonal models do not:
     *                     seasonal indices of a mostly-zero series are noise).
     * @param positive     whether every observation is above 0 (the log-scale models need it).
     */
    List<Filter> filters(final int period, final boolean intermittent, final boolean positive)
    {
        final List<Filter> filters = new ArrayList<>();
        // a log-scale model of an intermittent series would model the zeros away
        final boolean logs = logScale && positive && !intermittent;
        for (final double a : alphas)
        {
            add(filters, logs, ExponentialSmoothing.Trend.NONE, ExponentialSmoothing.Season.NONE, 1, a, 0, 0, 1);
            if (intermittent)
            {
                filters.add(new Croston(Croston.Variant.CROSTON, a, 0));
                filters.add(new Croston(Croston.Variant.SBA, a, 0));
                for (final double b : tsbBetas)
                {
                    filters.add(new Croston(Croston.Variant.TSB, a, b));
                }
                continue;
            }
            for (final double bs : betaShares)
            {
                for (final double phi : phis)
                {
                    add(filters, logs, ExponentialSmoothing.Trend.DAMPED, ExponentialSmoothing.Season.NONE, 1, a, bs, 0, phi);
                }
                if (undampedTrend)
                {
                    add(filters, logs, ExponentialSmoothing.Trend.ADDITIVE, ExponentialSmoothing.Season.NONE, 1, a, bs, 0, 1);
                }
            }
            if (period <= 1)
            {
                continue;
            }
            for (final double gs : gammaShares)
            {
                for (final ExponentialSmoothing.Season season : new ExponentialSmoothing.Season[] {
                    ExponentialSmoothing.Season.ADDITIVE, ExponentialSmoothing.Season.MULTIPLICATIVE})
                {
                    add(filters, logs, ExponentialSmoothing.Trend.NONE, season, period, a, 0, gs, 1);
                    for (final double bs : betaShares)
                    {
                        for (final double phi : phis)
                        {
                            add(filters, logs, ExponentialSmoothing.Trend.DAMPED, season, period, a, bs, gs, phi);
                        }
                        if (undampedTrend)
                        {
                            add(filters, logs, ExponentialSmoothing.Trend.ADDITIVE, season, period, a, bs, gs, 1);
                        }
                    }
                }
            }
        }
        return filters;
    }

    /**
     * Adds the model and, when {@code logs}, the same additive model on the log scale (a
     * multiplicative season on the log scale would be a season of a season: not tried).
     */
    private static void add(final List<Filter> filters, final boolean logs, final ExponentialSmoothing.Trend trend,
        final ExponentialSmoothing.Season season, final int period, final double alpha, final double betaShare,
        final double gammaShare, final double phi)
    {
        filters.add(smoothing(trend, season, period, alpha, betaShare, gammaShare, phi));
        if (logs && season != ExponentialSmoothing.Season.MULTIPLICATIVE)
        {
            filters.add(new LogScale(smoothing(trend, season, period, alpha, betaShare, gammaShare, phi)));
        }
    }

    private static Filter smoothing(final ExponentialSmoothing.Trend trend, final ExponentialSmoothing.Season season,
        final int period, final double alpha, final double betaShare, final double gammaShare, final double phi)
    {
        return new ExponentialSmoothing(trend, season, period, alpha, betaShare * alpha, gammaShare * (1 - alpha), phi);
    }
}

package io.omnistock.forecast;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * Forecasts daily demand of one (SKU, location) or (SKU, network) series:
 * <ol>
 * <li>days out of stock are missing, not zero demand (sales there are a floor, not the demand);</li>
 * <li>holiday and promotion days are set aside, so the base model learns ordinary days;</li>
 * <li>a yearly shape (Fourier terms, or the pooled profile's) divides the rest;</li>
 * <li>{@link ModelSelector} picks an exponential smoothing or Croston-type model with a weekly
 *     season on what is left, by rolling-origin error;</li>
 * <li>each holiday event's effect and the promotion uplift are learned as actual over the base
 *     model's prediction on those days, shrunk towards the prior (the pooled profile, else none);</li>
 * <li>the forecast is the base forecast times the yearly factor, the holiday effect and 1 + the
 *     uplift of any promotion planned on the day, interval bounds included.</li>
 * </ol>
 * One instance serves every series with the same dates (it precomputes the calendar and the
 * Fourier basis), so a batch pays that once.
 */
public final class DailyForecaster
{
    /** Days of average volume the prior counts for when an effect is learned (shrinkage). */
    private static final double PRIOR_DAYS = 0.5;
    /** Fewest observed ordinary days before a series learns its own yearly shape. */
    private static final int YEARLY_MIN_DAYS = 300;
    private static final int WEEK = 7;

    /**
     * @param grid         methods and parameters tried.
     * @param origins      rolling origins for model selection.
     * @param fourierTerms yearly harmonics learned when no pooled profile is given (0: none).
     * @param coverage     interval coverage (0.80, 0.90, 0.95 or 0.99).
     */
    public record Options(Grid grid, int origins, int fourierTerms, double coverage)
    {
        public static final Options DEFAULT = new Options(Grid.COARSE, 3, 3, 0.80);

        public Options
        {
            Coverage.z(coverage);
        }
    }

    /**
     * @param forecast      the daily forecast with intervals.
     * @param fit           the base model chosen and its fit.
     * @param profile       what this series taught (yearly shape, holiday effects, uplift): pool it.
     * @param censoredDays  history days treated as missing because the position was out of stock.
     */
    public record Result(Forecast forecast, Fit fit, DemandProfile profile, int censoredDays)
    {
    }

    private final HolidayCalendar calendar;
    private final LocalDate start;
    private final int days;
    private final int horizon;
    private final Options options;
    private final int[] events;
    private final double[][] basis;

    /**
     * @param start   the date of the first history day.
     * @param days    history length in days.
     * @param horizon days to forecast after the history.
     */
    public DailyForecaster(final HolidayCalendar calendar, final LocalDate start, final int days, final int horizon,
        final Options options)
    {
        if (days < 1 || horizon < 1 || horizon > 3660)
        {
            throw new ForecastException(ForecastException.Reason.INVALID_HORIZON,
                "history of " + days + " days and horizon of " + horizon + " days: both must be at least 1 (horizon at most 3660)");
        }
        this.calendar = calendar;
        this.start = start;
        this.days = days;
        this.horizon = horizon;
        this.options = options;
        this.events = calendar.events(start, days + horizon);
        this.basis = new double[days + horizon][];
        for (int t = 0; t < days + horizon; t++)
        {
            basis[t] = DemandProfile.basis(start.toEpochDay() + t, options.fourierTerms());
        }
    }

    public LocalDate start()
    {
        return start;
    }

    /**
     * @param sales      units sold per day, {@code days} long.
     * @param stockOut   per day, whether the position was out of stock at some time that day (null: never).
     * @param promotions past and planned promotions of this series.
     * @param prior      a pooled profile (the network's or the category's), or null.
     */
    public Result forecast(final double[] sales, final boolean[] stockOut, final List<Promotion> promotions,
        final DemandProfile prior)
    {
        if (sales.length != days || (stockOut != null && stockOut.length != days))
        {
            throw new ForecastException(ForecastException.Reason.INVALID_SERIES,
                "expected " + days + " days of sales (and of stock-out flags), got " + sales.length +
                    (stockOut == null ? "" : " and " + stockOut.length));
        }
        final double[] promo = promotionDays(promotions);
        final double[] y = new double[days];
        final double[] base = new double[days];
        int censored = 0;
        for (int t = 0; t < days; t++)
        {
            final double v = sales[t];
            if (Double.isNaN(v) || Double.isInfinite(v) || v < 0)
            {
                throw new ForecastException(ForecastException.Reason.INVALID_SERIES,
                    "sales on " + start.plusDays(t) + " are " + v + "; they must be a number, 0 or more");
            }
            final boolean out = stockOut != null && stockOut[t];
            censored += out ? 1 : 0;
            y[t] = out ? Double.NaN : v;
            base[t] = events[t] >= 0 || promoted(promo, t) ? Double.NaN : y[t];
        }
        final double[] fourier = prior != null && prior.hasYearly() ? prior.fourier() : learnYearly(base);
        final double[] yearly = yearly(fourier);
        final double[] deseasonalised = new double[days];
        boolean any = false;
        for (int t = 0; t < days; t++)
        {
            deseasonalised[t] = base[t] / yearly[t];
            any |= !Double.isNaN(deseasonalised[t]);
        }
        // a series whose every day is a holiday, a promotion or a stock-out still gets a level
        final double[] modelled = any ? deseasonalised : y;
        final Fit fit = ModelSelector.select(modelled,
            new ModelSelector.Options(WEEK, horizon, options.origins(), options.grid(), true));
        final double[] expected = new double[days];
        double expectedTotal = 0;
        for (int t = 0; t < days; t++)
        {
            expected[t] = Math.max(0, fit.fitted(t)) * yearly[t];
            expectedTotal += expected[t];
        }
        final double priorVolume = PRIOR_DAYS * expectedTotal / days;
        final double[] holidays = learnHolidays(y, expected, promo, prior, priorVolume);
        final double uplift = learnUplift(y, expected, holidays, promo, prior, priorVolume);
        final DemandProfile profile = new DemandProfile(fourier, holidays, uplift);
        final Forecast baseForecast = fit.forecast(horizon, options.coverage());
        final double[] mean = baseForecast.mean();
        final double[] lower = baseForecast.lower();
        final double[] upper = baseForecast.upper();
        for (int k = 0; k < horizon; k++)
        {
            final int t = days + k;
            final double promoUplift = Double.isNaN(promo[t]) ? uplift : promo[t];
            final double factor = yearly[t] * profile.holidayEffect(events[t]) * (1 + promoUplift);
            mean[k] *= factor;
            lower[k] *= factor;
            upper[k] *= factor;
        }
        return new Result(baseForecast, fit, profile, censored);
    }

    /** @return the yearly factor per day of history and horizon, from the precomputed basis (no trigonometry per series). */
    private double[] yearly(final double[] fourier)
    {
        final double[] yearly = new double[days + horizon];
        final int terms = Math.min(fourier.length, 2 * options.fourierTerms());
        for (int t = 0; t < yearly.length; t++)
        {
            double f = 1;
            for (int j = 0; j < terms; j++)
            {
                f += fourier[j] * basis[t][j];
            }
            yearly[t] = DemandProfile.clampFactor(f);
        }
        return yearly;
    }

    /** @return per day of history and horizon: 0 without a promotion, its uplift, or NaN to learn it. */
    private double[] promotionDays(final List<Promotion> promotions)
    {
        final double[] promo = new double[days + horizon];
        final long first = start.toEpochDay();
        for (final Promotion p : promotions)
        {
            final long from = Math.max(0, p.start().toEpochDay() - first);
            final long to = Math.min(days + horizon - 1L, p.end().toEpochDay() - first);
            for (long t = from; t <= to; t++)
            {
                // a day with a learned-uplift promotion must not count as "no promotion" (0)
                promo[(int)t] = p.learnsUplift() ? Double.NaN : Math.max(promo[(int)t], p.uplift());
            }
        }
        return promo;
    }

    private static boolean promoted(final double[] promo, final int t)
    {
        return Double.isNaN(promo[t]) || promo[t] != 0;
    }

    /**
     * Least squares of y on a level, a linear drift and the Fourier terms, over ordinary observed
     * days; the terms are returned relative to the level, so the shape scales with the series.
     */
    private double[] learnYearly(final double[] base)
    {
        final int terms = options.fourierTerms();
        if (terms == 0 || Series.observed(base) < YEARLY_MIN_DAYS || days < 365)
        {
            return new double[0];
        }
        final int p = 2 + 2 * terms;
        final double[][] a = new double[p][p + 1];
        final double[] row = new double[p];
        for (int t = 0; t < days; t++)
        {
            if (Double.isNaN(base[t]))
            {
                continue;
            }
            row[0] = 1;
            row[1] = (t - days / 2.0) / days;
            System.arraycopy(basis[t], 0, row, 2, 2 * terms);
            for (int i = 0; i < p; i++)
            {
                for (int j = 0; j < p; j++)
                {
                    a[i][j] += row[i] * row[j];
                }
                a[i][p] += row[i] * base[t];
            }
        }
        final double[] beta = LeastSquares.solve(a);
        if (beta == null || beta[0] <= 0)
        {
            return new double[0];
        }
        final double[] relative = new double[2 * terms];
        for (int i = 0; i < relative.length; i++)
        {
            relative[i] = beta[2 + i] / beta[0];
        }
        return relative;
    }

    private double[] learnHolidays(final double[] y, final double[] expected, final double[] promo,
        final DemandProfile prior, final double priorVolume)
    {
        final int n = calendar.eventCount();
        final double[] actual = new double[n];
        final double[] predicted = new double[n];
        for (int t = 0; t < days; t++)
        {
            if (events[t] >= 0 && !promoted(promo, t) && !Double.isNaN(y[t]))
            {
                actual[events[t]] += y[t];
                predicted[events[t]] += expected[t];
            }
        }
        final double[] effects = new double[n];
        for (int e = 0; e < n; e++)
        {
            final double before = prior == null ? 1 : prior.holidayEffect(e);
            effects[e] = shrink(actual[e], predicted[e], before, priorVolume);
        }
        return effects;
    }

    private double learnUplift(final double[] y, final double[] expected, final double[] holidays,
        final double[] promo, final DemandProfile prior, final double priorVolume)
    {
        double actual = 0;
        double predicted = 0;
        for (int t = 0; t < days; t++)
        {
            if (promoted(promo, t) && !Double.isNaN(y[t]))
            {
                actual += y[t];
                predicted += expected[t] * (events[t] >= 0 ? holidays[events[t]] : 1);
            }
        }
        final double before = 1 + (prior == null ? 0 : prior.promotionUplift());
        return Math.max(0, shrink(actual, predicted, before, priorVolume) - 1);
    }

    /** @return (actual + prior volume x prior ratio) / (predicted + prior volume): the ratio, pulled to the prior. */
    private static double shrink(final double actual, final double predicted, final double prior, final double priorVolume)
    {
        final double denominator = predicted + priorVolume;
        return denominator <= 0 ? prior : (actual + priorVolume * prior) / denominator;
    }

    /** @return the calendar event ids of history and horizon days (for tests and charts). */
    int[] events()
    {
        return Arrays.copyOf(events, events.length);
    }
}

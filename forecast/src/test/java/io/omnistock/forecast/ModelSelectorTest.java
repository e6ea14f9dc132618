package io.omnistock.forecast;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelSelectorTest
{
    /** Simple exponential smoothing with alpha 0.3 and unit noise: the in-sample grid choice is 0.3. */
    @Test
    void recoversTheSmoothingWeightOfAKnownLocalLevelSeries()
    {
        final Random random = new Random(11);
        final double[] y = new double[3000];
        double level = 50;
        for (int t = 0; t < y.length; t++)
        {
            final double e = random.nextGaussian();
            y[t] = level + e;
            level += 0.3 * e;
        }
        Fit best = null;
        for (final Filter f : Grid.FINE.filters(1, false, false))
        {
            if (f.family().equals("ETS(A,N,N)"))
            {
                final Fit fit = Fit.run(f, y, 1, false);
                best = best == null || fit.sigma() < best.sigma() ? fit : best;
            }
        }
        assertTrue(best.method().contains("a=0.300"), best.method());
        assertEquals(1.0, best.sigma(), 0.05);
    }

    /**
     * A noiseless multiplicative Holt-Winters series (level 100 rising 0.5 a day, weekly indices
     * from 0.7 to 1.5): the selector finds a multiplicative seasonal model and continues the series.
     */
    @Test
    void continuesAKnownMultiplicativeSeasonalSeries()
    {
        final double[] index = {0.7, 0.8, 0.9, 1.0, 1.1, 1.5, 1.0};
        final int n = 140;
        final double[] y = new double[n + 14];
        for (int t = 0; t < y.length; t++)
        {
            y[t] = (100 + 0.5 * t) * index[t % 7];
        }
        final Fit fit = ModelSelector.select(java.util.Arrays.copyOf(y, n),
            new ModelSelector.Options(7, 14, 3, Grid.FINE, true));
        final Forecast f = fit.forecast(14, 0.95);
        assertTrue(fit.family().endsWith(",M)"), fit.family());
        for (int k = 0; k < 14; k++)
        {
            assertEquals(y[n + k], f.mean()[k], 0.02 * y[n + k], "step " + k);
            assertTrue(f.lower()[k] <= f.mean()[k] && f.mean()[k] <= f.upper()[k]);
        }
    }

    /**
     * Monthly sales growing 1% a month with a season of +-30% and 3% multiplicative noise (the
     * AirPassengers shape, where an additive model's swings stay the same size as the series
     * grows): AICc picks the log-scale model with an additive trend (constant growth rate) and
     * season, and its 18-month forecast stays within a few percent of the noiseless path.
     */
    @Test
    void aiccPicksTheLogScaleModelOfExponentialGrowthWithAGrowingSeason()
    {
        final Random random = new Random(23);
        final int n = 144;
        final int h = 18;
        final double[] y = new double[n];
        final double[] path = new double[n + h];
        for (int t = 0; t < n + h; t++)
        {
            path[t] = 100 * Math.exp(0.01 * t) * (1 + 0.3 * Math.sin(2 * Math.PI * t / 12));
            if (t < n)
            {
                y[t] = path[t] * Math.exp(0.03 * random.nextGaussian());
            }
        }
        final Fit fit = ModelSelector.select(y,
            new ModelSelector.Options(12, h, 3, Grid.FINE_WITH_LOGS, true, ModelSelector.Criterion.AICC));
        assertEquals("log ETS(A,A,A)", fit.family());
        final double[] mean = fit.forecast(h, 0.8).mean();
        double worst = 0;
        for (int k = 0; k < h; k++)
        {
            worst = Math.max(worst, Math.abs(mean[k] / path[n + k] - 1));
        }
        assertTrue(worst < 0.05, "largest relative error " + worst);
    }

    /**
     * Six years of monthly white noise around a constant level: AICc's penalty (a season costs 12
     * numbers, a trend 2 or 3) keeps the level-only model on every seed, where three rolling
     * windows of 12 months often mistake noise for a trend or a season.
     */
    @Test
    void aiccDoesNotFitATrendOrASeasonToNoise()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            final Random random = new Random(seed);
            final double[] y = new double[72];
            for (int t = 0; t < y.length; t++)
            {
                y[t] = 100 + 5 * random.nextGaussian();
            }
            final String family = ModelSelector.select(y,
                new ModelSelector.Options(12, 12, 3, Grid.FINE_WITH_LOGS, true, ModelSelector.Criterion.AICC)).family();
            assertTrue(family.equals("ETS(A,N,N)") || family.equals("log ETS(A,N,N)"), "seed " + seed + ": " + family);
        }
    }

    /**
     * Ten quarters: too few points for the seasonal models' parameters (AICc has no value for
     * them); the selector still picks a model that has one instead of failing.
     */
    @Test
    void aiccOnASeriesTooShortForSomeFamiliesPicksOneItCanScore()
    {
        final double[] y = {10, 12, 9, 14, 11, 13, 10, 15, 12, 14};
        final Fit fit = ModelSelector.select(y,
            new ModelSelector.Options(4, 2, 3, Grid.FINE_WITH_LOGS, true, ModelSelector.Criterion.AICC));
        assertTrue(fit.family().endsWith(",N)"), fit.family());
        assertTrue(fit.forecast(2, 0.8).mean()[0] > 0, fit.family());
    }

    /** A series with a zero or a negative value gets no log-scale candidate. */
    @Test
    void logScaleModelsNeedAStrictlyPositiveSeries()
    {
        assertTrue(LogScale.applies(new double[] {1, Double.NaN, 2}));
        assertTrue(!LogScale.applies(new double[] {1, 0, 2}));
        assertTrue(!LogScale.applies(new double[] {1, -1, 2}));
        assertTrue(Grid.FINE_WITH_LOGS.filters(12, false, true).stream().anyMatch(f -> f.family().startsWith("log ")));
        assertTrue(Grid.FINE_WITH_LOGS.filters(12, false, false).stream().noneMatch(f -> f.family().startsWith("log ")));
        assertTrue(Grid.FINE.filters(12, false, true).stream().noneMatch(f -> f.family().startsWith("log ")));
        assertTrue(Grid.COARSE.filters(7, false, true).stream().noneMatch(f -> f.family().startsWith("log ")));
    }

    /** Intervals widen with the horizon for a random walk, and hold about their coverage (the fine grid reaches alpha 0.95). */
    @Test
    void intervalsWidenAndCover()
    {
        final Random random = new Random(5);
        int inside = 0;
        int total = 0;
        for (int run = 0; run < 200; run++)
        {
            final double[] y = new double[200];
            double level = 100;
            for (int t = 0; t < y.length; t++)
            {
                level += random.nextGaussian();
                y[t] = level;
            }
            final Fit fit = ModelSelector.select(java.util.Arrays.copyOf(y, 190),
                new ModelSelector.Options(1, 10, 3, Grid.FINE, false));
            final Forecast f = fit.forecast(10, 0.80);
            assertTrue(f.upper()[9] - f.lower()[9] > f.upper()[0] - f.lower()[0]);
            for (int k = 0; k < 10; k++)
            {
                inside += y[190 + k] >= f.lower()[k] && y[190 + k] <= f.upper()[k] ? 1 : 0;
                total++;
            }
        }
        final double coverage = (double)inside / total;
        assertTrue(coverage > 0.70 && coverage < 0.90, "80% intervals covered " + coverage);
    }

    @Test
    void missingObservationsAdvanceWithoutLearning()
    {
        final double[] y = new double[60];
        java.util.Arrays.fill(y, 10);
        for (int t = 40; t < 50; t++)
        {
            y[t] = Double.NaN;
        }
        final Fit fit = ModelSelector.select(y, new ModelSelector.Options(7, 7, 2, Grid.COARSE, true));
        assertEquals(10, fit.forecast(7, 0.8).mean()[0], 1e-6);
    }

    @Test
    void refusesAnEmptyOrNegativeSeries()
    {
        final ModelSelector.Options o = new ModelSelector.Options(7, 7, 2, Grid.COARSE, true);
        assertEquals(ForecastException.Reason.INVALID_SERIES, org.junit.jupiter.api.Assertions.assertThrows(
            ForecastException.class, () -> ModelSelector.select(new double[] {Double.NaN, Double.NaN}, o)).reason());
        assertEquals(ForecastException.Reason.INVALID_SERIES, org.junit.jupiter.api.Assertions.assertThrows(
            ForecastException.class, () -> ModelSelector.select(new double[] {1, 2, -3, 4, 5}, o)).reason());
        assertEquals(ForecastException.Reason.INVALID_HORIZON, org.junit.jupiter.api.Assertions.assertThrows(
            ForecastException.class, () -> new ModelSelector.Options(7, 0, 2, Grid.COARSE, true)).reason());
    }
}

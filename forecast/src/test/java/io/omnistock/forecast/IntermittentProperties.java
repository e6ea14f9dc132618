package io.omnistock.forecast;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

class IntermittentProperties
{
    /** Demand on a day with probability p, of size 1 + Poisson-ish(geometric) with mean `size`. */
    private static double[] series(final long seed, final double p, final double size, final int n)
    {
        final Random random = new Random(seed);
        final double[] y = new double[n];
        for (int t = 0; t < n; t++)
        {
            if (random.nextDouble() < p)
            {
                // geometric on 1, 2, ... with mean `size`
                y[t] = 1 + Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - 1 / size));
            }
        }
        return y;
    }

    private static double forecastRate(final double[] y)
    {
        final Fit fit = ModelSelector.select(y, new ModelSelector.Options(7, 28, 3, Grid.COARSE, true));
        return fit.forecast(28, 0.8).total(0, 28) / 28;
    }

    /**
     * For any seed and demand probability, the forecast rate averaged over 60 series drawn from
     * that seed is within 20% of the true rate: no systematic bias (one series alone can be far off,
     * a few demands in the smoothing window are a small sample; that is variance, not bias).
     */
    @Property(tries = 40)
    void intermittentForecastIsUnbiased(@ForAll @LongRange(min = 0, max = 1_000_000) final long seed,
        @ForAll @DoubleRange(min = 0.1, max = 0.4) final double p)
    {
        final double size = 2.5;
        final int runs = 60;
        double ratio = 0;
        for (int run = 0; run < runs; run++)
        {
            ratio += forecastRate(series(seed * runs + run, p, size, 500)) / (p * size);
        }
        final double bias = ratio / runs - 1;
        assertTrue(Math.abs(bias) < 0.2, "mean relative bias " + bias + " at p " + p);
    }

    /** Croston-type methods compete on intermittent series, and one of them is chosen there. */
    @Test
    void aCrostonTypeMethodIsChosenForASparseSeries()
    {
        final Fit fit = ModelSelector.select(series(3, 0.1, 3, 600),
            new ModelSelector.Options(7, 28, 3, Grid.COARSE, true));
        assertTrue(Series.averageDemandInterval(series(3, 0.1, 3, 600)) > ModelSelector.INTERMITTENT_ADI);
        assertTrue(fit.family().matches("CROSTON|SBA|TSB|ETS\\(A,N,N\\)"), fit.family());
    }
}

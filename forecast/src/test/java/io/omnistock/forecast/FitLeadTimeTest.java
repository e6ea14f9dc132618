package io.omnistock.forecast;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The lead-time error of docs/replenishment.md's safety stock: for simple exponential smoothing
 * every later step carries a shock with weight alpha, so sigma_L^2 = sigma^2 sum_{k=1}^{L} (1 + (L - k) alpha)^2;
 * the formula is checked against that closed form and against the spread of simulated lead-time sums.
 */
class FitLeadTimeTest
{
    @Test
    void simpleSmoothingCarriesEachShockWithWeightAlpha()
    {
        final Random random = new Random(5);
        final double[] y = new double[4000];
        double level = 20;
        for (int t = 0; t < y.length; t++)
        {
            final double e = random.nextGaussian();
            y[t] = level + e;
            level += 0.3 * e;
        }
        Fit fit = null;
        for (final Filter f : Grid.FINE.filters(1, false, false))
        {
            if (f.family().equals("ETS(A,N,N)") && f.name().contains("a=0.300"))
            {
                fit = Fit.run(f, y, 1, false);
            }
        }
        final int lead = 5;
        double expected = 0;
        for (int k = 1; k <= lead; k++)
        {
            expected += Math.pow(1 + (lead - k) * 0.3, 2);
        }
        assertEquals(fit.sigma() * Math.sqrt(expected), fit.leadTimeSigma(lead), 1e-9);
        assertEquals(fit.sigma(), fit.leadTimeSigma(1), 1e-12, "one day is the one-step error");

        // The same process simulated: the spread of 5-day demand around the forecast made before it.
        final Random paths = new Random(9);
        double sumSq = 0;
        final int runs = 20_000;
        for (int r = 0; r < runs; r++)
        {
            double l = 0;
            double total = 0;
            for (int h = 0; h < lead; h++)
            {
                final double e = paths.nextGaussian();
                total += l + e;
                l += 0.3 * e;
            }
            sumSq += total * total;
        }
        assertEquals(Math.sqrt(sumSq / runs), fit.leadTimeSigma(lead) / fit.sigma(), 0.05);
    }
}

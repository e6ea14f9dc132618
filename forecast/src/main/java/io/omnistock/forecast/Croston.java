package io.omnistock.forecast;

import java.util.Locale;

/**
 * Intermittent demand: Croston's method (smoothed demand size over smoothed interval), its
 * bias-corrected variant SBA (Syntetos and Boylan 2005: times 1 - alpha/2, since Croston's ratio
 * over-forecasts) and TSB (Teunter, Syntetos and Babai 2011: a demand probability smoothed every
 * period, so an item that stopped selling decays instead of staying at its old rate). Missing
 * days do not count in the intervals: a stock-out day says nothing about when demand comes.
 */
final class Croston implements Filter
{
    /** The variant. */
    enum Variant
    {
        CROSTON, SBA, TSB
    }

    private final Variant variant;
    private final double alpha;
    private final double beta;
    private double size;
    private double interval;
    private double probability;
    private int sinceDemand;

    Croston(final Variant variant, final double alpha, final double beta)
    {
        this.variant = variant;
        this.alpha = alpha;
        this.beta = variant == Variant.TSB ? beta : 0;
    }

    @Override
    public String family()
    {
        return variant.name();
    }

    @Override
    public String name()
    {
        return String.format(Locale.ROOT, variant == Variant.TSB ? "%s a=%.3f b=%.3f" : "%s a=%.3f", variant, alpha,
            beta);
    }

    @Override
    public int parameters()
    {
        // alpha (and TSB's beta), the size and interval (probability) states and sigma
        return variant == Variant.TSB ? 5 : 4;
    }

    @Override
    public int minimumLength()
    {
        return 4;
    }

    /** Size, interval and probability start at their averages over the first half of the series. */
    @Override
    public void start(final double[] y)
    {
        final int half = Math.max(2, y.length / 2);
        double total = 0;
        int demands = 0;
        int observed = 0;
        for (int t = 0; t < Math.min(half, y.length); t++)
        {
            if (!Double.isNaN(y[t]))
            {
                observed++;
                if (y[t] > 0)
                {
                    total += y[t];
                    demands++;
                }
            }
        }
        size = demands == 0 ? 0 : total / demands;
        interval = demands == 0 ? Math.max(1, observed) : (double)observed / demands;
        probability = 1 / interval;
        sinceDemand = 0;
    }

    @Override
    public double predict()
    {
        return switch (variant)
        {
            case CROSTON -> size / interval;
            case SBA -> (1 - alpha / 2) * size / interval;
            case TSB -> probability * size;
        };
    }

    @Override
    public void update(final double y)
    {
        if (Double.isNaN(y))
        {
            return;
        }
        sinceDemand++;
        if (variant == Variant.TSB)
        {
            probability += beta * ((y > 0 ? 1 : 0) - probability);
        }
        if (y > 0)
        {
            size += alpha * (y - size);
            interval += alpha * (sinceDemand - interval);
            sinceDemand = 0;
        }
    }

    @Override
    public void forecast(final double[] mean)
    {
        java.util.Arrays.fill(mean, predict());
    }

    @Override
    public double shockWeight(final int j)
    {
        return 0;
    }
}

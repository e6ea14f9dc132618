package io.omnistock.forecast;

import java.util.Arrays;

/**
 * What a series says beyond its level and week: a yearly shape (Fourier terms relative to the
 * level), a multiplicative effect per holiday event, and the uplift its promotions brought. Learned
 * from one series and passed to others as their prior ("pooled"): a store's SKU sells a few units
 * a day, too few to see a year's shape or a festival in, while the network's series for the same
 * SKU shows both; the store's own promotions and holidays then move the prior as far as its own
 * volume justifies.
 */
public final class DemandProfile
{
    private static final double DAYS_PER_YEAR = 365.2425;
    private static final double MIN_FACTOR = 0.2;
    private static final double MAX_FACTOR = 5;

    private final double[] fourier;
    private final double[] holidayEffects;
    private final double promotionUplift;

    /**
     * @param fourier         relative coefficients: sin_1, cos_1, sin_2, cos_2, ... (empty: no yearly shape).
     * @param holidayEffects  by calendar event id, 1 for none.
     * @param promotionUplift the learned uplift, a share (0.4: +40%).
     */
    DemandProfile(final double[] fourier, final double[] holidayEffects, final double promotionUplift)
    {
        this.fourier = fourier;
        this.holidayEffects = holidayEffects;
        this.promotionUplift = promotionUplift;
    }

    /** @return a profile that changes nothing: no yearly shape, every holiday 1, no uplift. */
    public static DemandProfile flat(final HolidayCalendar calendar)
    {
        final double[] effects = new double[calendar.eventCount()];
        Arrays.fill(effects, 1);
        return new DemandProfile(new double[0], effects, 0);
    }

    static double clampFactor(final double factor)
    {
        return Math.max(MIN_FACTOR, Math.min(MAX_FACTOR, factor));
    }

    static double[] basis(final long epochDay, final int terms)
    {
        final double[] b = new double[2 * terms];
        for (int k = 0; k < terms; k++)
        {
            final double phase = 2 * Math.PI * (k + 1) * epochDay / DAYS_PER_YEAR;
            b[2 * k] = Math.sin(phase);
            b[2 * k + 1] = Math.cos(phase);
        }
        return b;
    }

    boolean hasYearly()
    {
        return fourier.length > 0;
    }

    double[] fourier()
    {
        return fourier;
    }

    /** @return the multiplicative effect of the calendar event (1: none, or no event: id -1). */
    public double holidayEffect(final int eventId)
    {
        return eventId < 0 || eventId >= holidayEffects.length ? 1 : holidayEffects[eventId];
    }

    double[] holidayEffects()
    {
        return holidayEffects;
    }

    public double promotionUplift()
    {
        return promotionUplift;
    }
}

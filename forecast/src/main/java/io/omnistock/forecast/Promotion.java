package io.omnistock.forecast;

import java.time.LocalDate;

/**
 * A promotion as data: the days it runs (both included) and the uplift expected, as a share of
 * the demand without it (0.5: half as much again). {@code NaN} asks for the uplift learned from
 * the series' past promotions. A promotion that lowers demand is not a promotion: a negative
 * uplift is refused, as is an end before the start.
 */
public record Promotion(LocalDate start, LocalDate end, double uplift)
{
    public Promotion
    {
        if (start == null || end == null)
        {
            throw new ForecastException(ForecastException.Reason.PROMOTION_END_BEFORE_START,
                "a promotion needs a start and an end date");
        }
        if (end.isBefore(start))
        {
            throw new ForecastException(ForecastException.Reason.PROMOTION_END_BEFORE_START,
                "promotion ends " + end + ", before it starts " + start);
        }
        if (uplift < 0 || Double.isInfinite(uplift))
        {
            throw new ForecastException(ForecastException.Reason.NEGATIVE_UPLIFT,
                "promotion " + start + ".." + end + " has uplift " + uplift + "; it must be 0 or more (0.5 = +50%)");
        }
    }

    /** @return a promotion whose uplift is learned from the series' past promotions. */
    public static Promotion learned(final LocalDate start, final LocalDate end)
    {
        return new Promotion(start, end, Double.NaN);
    }

    public boolean learnsUplift()
    {
        return Double.isNaN(uplift);
    }
}

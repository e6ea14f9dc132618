package io.omnistock.forecast;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DailyForecasterTest
{
    private static final LocalDate START = LocalDate.of(2024, 1, 1);

    private static double[] flat(final int days, final double mean, final long seed)
    {
        final Random random = new Random(seed);
        final double[] y = new double[days];
        for (int t = 0; t < days; t++)
        {
            y[t] = Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        return y;
    }

    /**
     * Past promotions lifted sales 50%. A planned promotion with uplift 0.5
     * lifts its days by half; without it the same days are ordinary; a promotion whose uplift is
     * to be learned gets about the 50% its predecessors showed.
     */
    @Test
    void aPromotionsUpliftIsAppliedAndRemoved()
    {
        final int days = 364;
        final double[] y = flat(days, 40, 1);
        final List<Promotion> past = List.of(
            Promotion.learned(START.plusDays(50), START.plusDays(56)),
            Promotion.learned(START.plusDays(150), START.plusDays(156)),
            Promotion.learned(START.plusDays(250), START.plusDays(256)));
        for (final Promotion p : past)
        {
            for (long t = p.start().toEpochDay() - START.toEpochDay(); t <= p.end().toEpochDay() - START.toEpochDay(); t++)
            {
                y[(int)t] *= 1.5;
            }
        }
        final DailyForecaster f = new DailyForecaster(HolidayCalendar.none(), START, days, 28, DailyForecaster.Options.DEFAULT);
        final LocalDate from = START.plusDays(days + 10);
        final Promotion planned = new Promotion(from, from.plusDays(2), 0.5);

        final Forecast without = f.forecast(y, null, past, null).forecast();
        final Forecast with = f.forecast(y, null, concat(past, planned), null).forecast();
        final Forecast learned = f.forecast(y, null, concat(past, Promotion.learned(from, from.plusDays(2))), null).forecast();

        for (int k = 0; k < 28; k++)
        {
            final double ratio = with.mean()[k] / without.mean()[k];
            assertEquals(k >= 10 && k <= 12 ? 1.5 : 1.0, ratio, 1e-9, "day " + k);
        }
        assertEquals(40, without.mean()[11], 4);
        assertEquals(1.5, learned.mean()[11] / without.mean()[11], 0.15);
        assertEquals(0.5, f.forecast(y, null, past, null).profile().promotionUplift(), 0.15);
    }

    private static List<Promotion> concat(final List<Promotion> a, final Promotion b)
    {
        final java.util.ArrayList<Promotion> out = new java.util.ArrayList<>(a);
        out.add(b);
        return out;
    }

    /** Days out of stock sold 2 of a steady 20: censored, they do not pull the forecast down. */
    @Test
    void stockOutDaysAreNotDemand()
    {
        final int days = 200;
        final double[] sales = flat(days, 20, 2);
        final boolean[] out = new boolean[days];
        for (int t = 0; t < days; t++)
        {
            if (t % 3 == 0 || t > 180)
            {
                sales[t] = 2;
                out[t] = true;
            }
        }
        final DailyForecaster f = new DailyForecaster(HolidayCalendar.none(), START, days, 14, DailyForecaster.Options.DEFAULT);
        final DailyForecaster.Result censored = f.forecast(sales, out, List.of(), null);
        final DailyForecaster.Result naive = f.forecast(sales, null, List.of(), null);
        assertEquals(20, censored.forecast().total(0, 14) / 14, 1.5);
        assertTrue(naive.forecast().total(0, 14) / 14 < 12, "uncensored sales understate demand");
        assertEquals(67 + 19 - 6, censored.censoredDays()); // t % 3 == 0, t > 180, both
    }

    /** 11.11 tripled sales the last two years: the coming 11.11 is forecast at about three times. */
    @Test
    void aHolidaysEffectIsLearnedFromPastYears()
    {
        final HolidayCalendar calendar = HolidayCalendar.parse(new StringReader(String.join("\n",
            "name,date,days_before,days_after", "D1111,2022-11-11,0,0", "D1111,2023-11-11,0,0", "D1111,2024-11-11,0,0")));
        final LocalDate start = LocalDate.of(2022, 1, 1);
        final int days = (int)(LocalDate.of(2024, 11, 1).toEpochDay() - start.toEpochDay());
        final double[] y = flat(days, 30, 3);
        y[(int)(LocalDate.of(2022, 11, 11).toEpochDay() - start.toEpochDay())] = 90;
        y[(int)(LocalDate.of(2023, 11, 11).toEpochDay() - start.toEpochDay())] = 90;
        final DailyForecaster f = new DailyForecaster(calendar, start, days, 20, DailyForecaster.Options.DEFAULT);
        final Forecast forecast = f.forecast(y, null, List.of(), null).forecast();
        final double ratio = forecast.mean()[10] / forecast.mean()[9];
        assertTrue(ratio > 2.3 && ratio < 3.3, "11.11 at " + ratio + " x the day before");
    }

    @Test
    void theBundledCalendarHasTheMovingFestivals()
    {
        final HolidayCalendar calendar = HolidayCalendar.bundled();
        final int[] events = calendar.events(LocalDate.of(2025, 1, 29), 1);
        assertEquals("SPRING_FESTIVAL+0", calendar.eventName(events[0]));
        assertEquals("SINGLES_DAY_1111+0", calendar.eventName(calendar.events(LocalDate.of(2030, 11, 11), 1)[0]));
        assertEquals("SHOPPING_618+0", calendar.eventName(calendar.events(LocalDate.of(2026, 6, 18), 1)[0]));
    }

    @Test
    void badInputIsRefusedWithAReason()
    {
        final ForecastException endBeforeStart = assertThrows(ForecastException.class,
            () -> new Promotion(LocalDate.of(2025, 3, 10), LocalDate.of(2025, 3, 9), 0.2));
        assertEquals(ForecastException.Reason.PROMOTION_END_BEFORE_START, endBeforeStart.reason());
        assertTrue(endBeforeStart.getMessage().contains("2025-03-09"), endBeforeStart.getMessage());
        final ForecastException negative = assertThrows(ForecastException.class,
            () -> new Promotion(LocalDate.of(2025, 3, 1), LocalDate.of(2025, 3, 9), -0.2));
        assertEquals(ForecastException.Reason.NEGATIVE_UPLIFT, negative.reason());
        assertEquals(ForecastException.Reason.INVALID_CALENDAR, assertThrows(ForecastException.class,
            () -> HolidayCalendar.parse(new StringReader("X,2025-13-01,0,0"))).reason());
        final DailyForecaster f = new DailyForecaster(HolidayCalendar.none(), START, 10, 7, DailyForecaster.Options.DEFAULT);
        assertEquals(ForecastException.Reason.INVALID_SERIES, assertThrows(ForecastException.class,
            () -> f.forecast(new double[] {1, 2, 3, -1, 2, 3, 4, 5, 6, 7}, null, List.of(), null)).reason());
        assertEquals(ForecastException.Reason.INVALID_COVERAGE, assertThrows(ForecastException.class,
            () -> new DailyForecaster.Options(Grid.COARSE, 3, 3, 0.5)).reason());
    }
}

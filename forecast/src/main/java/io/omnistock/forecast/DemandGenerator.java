package io.omnistock.forecast;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic daily store x SKU demand for measuring the forecaster, built on purpose from other
 * assumptions than the model's, so that a good score is not the model recognising itself:
 * <ul>
 * <li>counts are negative binomial (gamma-Poisson, dispersion 1.5 to 6 per SKU), not Gaussian
 *     errors around a smoothed level; a fifth of the SKUs sell under one unit a day (intermittent);</li>
 * <li>the level is a random walk in logs (0.5% a day) times a linear growth or decline of up to
 *     30% a year, not a damped additive trend;</li>
 * <li>the year is a Gaussian bump (summer or winter, per SKU, up to x1.8 at its peak), not a
 *     sum of sines;</li>
 * <li>the week is a weekend bump that differs per store (Saturday x1.15 to x1.6);</li>
 * <li>moving holidays come from the calendar's dates (the dates are facts) with their own shapes:
 *     a ramp to x2.2 over the two weeks before Spring Festival and x0.35 in the week after, x2.5
 *     on 11.11, x1.8 on 618, x1.3 the days before Mid-Autumn;</li>
 * <li>promotions (3 to 6 a year per SKU, network-wide, 3 to 10 days) lift demand by a true uplift
 *     drawn per promotion (+20% to +150%) and then depress it for 3 days (pull-forward), which the
 *     model does not represent; the forecaster is told only the dates, never the uplift;</li>
 * <li>stock-outs: each store reviews each SKU weekly and orders up to a level sized on average
 *     demand (not on promotions), delivered 2 days later; sales are demand capped by stock, and a
 *     day is flagged out of stock when the shelf ended it empty (what the journal shows).</li>
 * </ul>
 * Seeded: the same seed gives the same series.
 */
public final class DemandGenerator
{
    /** One store x SKU series. */
    public record StoreSeries(int store, int sku, double[] demand, double[] sales, boolean[] stockOut)
    {
    }

    /** One SKU: its store series and its promotions (dates only; uplift to be learned). */
    public record Sku(int sku, List<StoreSeries> stores, List<Promotion> promotions)
    {
    }

    private static final int LEAD_DAYS = 2;
    private static final int REVIEW_DAYS = 7;

    private final int stores;
    private final int skus;
    private final int days;
    private final LocalDate start;
    private final long seed;
    private final HolidayCalendar calendar;

    public DemandGenerator(final int stores, final int skus, final int days, final LocalDate start, final long seed,
        final HolidayCalendar calendar)
    {
        this.stores = stores;
        this.skus = skus;
        this.days = days;
        this.start = start;
        this.seed = seed;
        this.calendar = calendar;
    }

    public List<Sku> generate()
    {
        final SplittableRandom root = new SplittableRandom(seed);
        final double[] saturday = new double[stores];
        final double[] size = new double[stores];
        for (int s = 0; s < stores; s++)
        {
            saturday[s] = 1.15 + 0.45 * root.nextDouble();
            size[s] = Math.exp(0.5 * gaussian(root));
        }
        final double[] holiday = holidayShape();
        final List<Sku> out = new ArrayList<>();
        for (int k = 0; k < skus; k++)
        {
            final SplittableRandom r = root.split();
            final boolean slow = r.nextDouble() < 0.2;
            final double rate = slow ? 0.1 + 0.6 * r.nextDouble() : Math.exp(1.0 + 1.0 * gaussian(r));
            final double dispersion = 1.5 + 4.5 * r.nextDouble();
            final double growthPerYear = -0.3 + 0.6 * r.nextDouble();
            final double peakDay = r.nextBoolean() ? 200 : 15;
            final double peak = 0.8 * r.nextDouble();
            final List<Promotion> promotions = new ArrayList<>();
            final double[] promo = promotions(r, promotions);
            final double[] sku = new double[days];
            double walk = 0;
            for (int t = 0; t < days; t++)
            {
                walk += 0.005 * gaussian(r);
                final int dayOfYear = start.plusDays(t).getDayOfYear();
                final double distance = Math.min(Math.abs(dayOfYear - peakDay), 365 - Math.abs(dayOfYear - peakDay));
                final double yearly = 1 + peak * Math.exp(-distance * distance / (2 * 30.0 * 30.0));
                sku[t] = rate * Math.exp(walk) * (1 + growthPerYear * t / 365.0) * yearly * holiday[t] * promo[t];
            }
            final List<StoreSeries> series = new ArrayList<>();
            for (int s = 0; s < stores; s++)
            {
                series.add(store(r, s, k, sku, size[s], saturday[s], dispersion));
            }
            out.add(new Sku(k, series, promotions));
        }
        return out;
    }

    private StoreSeries store(final SplittableRandom r, final int store, final int sku, final double[] skuMean,
        final double size, final double saturday, final double dispersion)
    {
        final double[] demand = new double[days];
        final double[] sales = new double[days];
        final boolean[] out = new boolean[days];
        final int reviewDay = r.nextInt(REVIEW_DAYS);
        final double cover = 0.9 + 0.6 * r.nextDouble();
        double stock = 0;
        double onOrder = 0;
        int arrives = -1;
        double recent = skuMean[0] * size;
        for (int t = 0; t < days; t++)
        {
            final int dow = start.plusDays(t).getDayOfWeek().getValue();
            final double week = dow == 6 ? saturday : dow == 7 ? 1 + (saturday - 1) * 0.8 : dow == 5 ? 1.08 : 0.92;
            final double mean = skuMean[t] * size * week;
            demand[t] = negativeBinomial(r, mean, dispersion);
            if (t == arrives)
            {
                stock += onOrder;
                onOrder = 0;
            }
            if (t == 0)
            {
                stock = Math.ceil(recent * (REVIEW_DAYS + LEAD_DAYS) * cover);
            }
            sales[t] = Math.min(demand[t], stock);
            stock -= sales[t];
            out[t] = stock <= 0;
            recent = 0.97 * recent + 0.03 * sales[t];
            if (t % REVIEW_DAYS == reviewDay && onOrder == 0)
            {
                final double upTo = Math.ceil(recent * (REVIEW_DAYS + LEAD_DAYS) * cover) + 1;
                onOrder = Math.max(0, upTo - stock);
                arrives = t + LEAD_DAYS;
            }
        }
        return new StoreSeries(store, sku, demand, sales, out);
    }

    private double[] holidayShape()
    {
        final double[] shape = new double[days];
        java.util.Arrays.fill(shape, 1);
        final int[] events = calendar.events(start, days);
        for (int t = 0; t < days; t++)
        {
            if (events[t] < 0)
            {
                continue;
            }
            final String name = calendar.eventName(events[t]);
            final int split = Math.max(name.lastIndexOf('+'), name.lastIndexOf('-'));
            final int offset = Integer.parseInt(name.substring(split).replace("+", ""));
            final String holiday = name.substring(0, split);
            shape[t] = switch (holiday)
            {
                case "SPRING_FESTIVAL" -> offset < 0 ? 1 + 1.2 * (15 + offset) / 14.0 : 0.35;
                case "SINGLES_DAY_1111" -> offset == 0 ? 2.5 : 1.2;
                case "SHOPPING_618" -> offset == 0 ? 1.8 : 1.1;
                case "MID_AUTUMN" -> 1.3;
                default -> 1;
            };
        }
        return shape;
    }

    /** @return per day the promotion factor (uplift then pull-forward dip), adding each promotion's dates. */
    private double[] promotions(final SplittableRandom r, final List<Promotion> promotions)
    {
        final double[] factor = new double[days];
        java.util.Arrays.fill(factor, 1);
        final int count = (int)Math.round(days / 365.0 * (3 + r.nextInt(4)));
        for (int i = 0; i < count; i++)
        {
            final int from = r.nextInt(Math.max(1, days - 10));
            final int length = 3 + r.nextInt(8);
            final double uplift = 0.2 + 1.3 * r.nextDouble();
            for (int t = from; t < Math.min(days, from + length); t++)
            {
                factor[t] = 1 + uplift;
            }
            for (int t = from + length; t < Math.min(days, from + length + 3); t++)
            {
                factor[t] = Math.min(factor[t], 0.75);
            }
            promotions.add(Promotion.learned(start.plusDays(from), start.plusDays(from + length - 1)));
        }
        return factor;
    }

    /** Gamma-Poisson: Poisson with a gamma-distributed mean (shape = dispersion, mean = mean). */
    private static double negativeBinomial(final SplittableRandom r, final double mean, final double dispersion)
    {
        if (mean <= 0)
        {
            return 0;
        }
        return poisson(r, gamma(r, dispersion) * mean / dispersion);
    }

    /** Marsaglia and Tsang's method (shape >= 1 here). */
    private static double gamma(final SplittableRandom r, final double shape)
    {
        final double d = shape - 1.0 / 3;
        final double c = 1 / Math.sqrt(9 * d);
        while (true)
        {
            final double x = gaussian(r);
            final double v = Math.pow(1 + c * x, 3);
            if (v > 0 && Math.log(r.nextDouble()) < 0.5 * x * x + d - d * v + d * Math.log(v))
            {
                return d * v;
            }
        }
    }

    private static double poisson(final SplittableRandom r, final double mean)
    {
        if (mean > 30)
        {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(r)));
        }
        final double limit = Math.exp(-mean);
        double p = r.nextDouble();
        int k = 0;
        while (p > limit)
        {
            p *= r.nextDouble();
            k++;
        }
        return k;
    }

    private static double gaussian(final SplittableRandom r)
    {
        final double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}

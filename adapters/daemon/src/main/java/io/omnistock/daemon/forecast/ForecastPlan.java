package io.omnistock.daemon.forecast;

import io.omnistock.api.Tier;
import io.omnistock.api.Command;
import io.omnistock.api.Commands;
import io.omnistock.api.ReplenishmentKind;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.StableHash;
import io.omnistock.core.planning.PlanningData;
import io.omnistock.forecast.Classification;
import io.omnistock.forecast.ColdStart;
import io.omnistock.forecast.DailyForecaster;
import io.omnistock.forecast.Forecast;
import io.omnistock.forecast.ForecastException;
import io.omnistock.forecast.Grid;
import io.omnistock.forecast.HolidayCalendar;
import io.omnistock.forecast.PositionClasses;
import io.omnistock.forecast.Promotion;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run of the forecast job over a {@link ForecastProjection}: a forecast per position, its ABC
 * and XYZ class, the reorder and order-up-to levels, and the replenishment commands that set them.
 * A pure function of the projection and the settings (no clock, no randomness, positions in key
 * order), so the same journal prefix always plans the same commands with the same ids.
 */
public final class ForecastPlan
{
    /**
     * @param horizonDays     days forecast (at least the lead time plus the review period are).
     * @param leadTimeHours   supplier lead time for positions whose own policy names none.
     * @param reviewDays      the review cycle: order-up-to = reorder level + its forecast demand.
     * @param minHistoryDays  fewer in-stock days of history than this: a cold start from peers.
     */
    public record Settings(int horizonDays, int leadTimeHours, int reviewDays, int minHistoryDays)
    {
        static final Settings DEFAULT = new Settings(28, 48, 7, 14);
    }

    /** Why a position's levels are what they are. */
    enum Basis
    {
        /** The model's forecast. */
        MODEL,
        /** Too little history for a model: the peers' forecasts (the SKU elsewhere, or its category), scaled. */
        COLD_START,
        /** A planner's daily demand overrides the model. */
        DEMAND_OVERRIDE,
        /** A planner's levels override the computed ones. */
        LEVELS_OVERRIDE,
        /** A DYNAMIC policy is in force: the job changes nothing here. */
        DYNAMIC
    }

    /** One position's result. Days of {@code mean}, {@code lower}, {@code upper} start at {@link Plan#firstDay}: today. */
    record PositionForecast(int location, int sku, String model, double[] mean, double[] lower, double[] upper,
        double coverage, char abc, char xyz, Basis basis, long reorderLevel, long orderUpTo, double safetyStock,
        double leadTimeDemand)
    {
    }

    /**
     * A SKU's network forecast: the sum of its positions' forecasts over the settings' horizon (the
     * store forecasts summed were the most accurate network figure measured, docs/benchmarks.md:
     * 88% at network x SKU x week), the interval's half-widths added in quadrature, as for
     * independent errors.
     */
    record NetworkForecast(int sku, int positions, double[] mean, double[] lower, double[] upper)
    {
    }

    /**
     * A run's result: what it read up to, its forecasts (by position, by SKU over the network and
     * over each tier's locations), and the commands it plans.
     */
    record Plan(long sequence, LocalDate firstDay, List<PositionForecast> positions, List<NetworkForecast> network,
        Map<Tier, List<NetworkForecast>> tiers, List<Command> commands)
    {
    }

    /** Years of history a forecast reads at most: enough for a yearly season, bounded cost. */
    private static final int MAX_HISTORY_DAYS = 730;
    /** Interval coverage of the forecasts served. */
    static final double COVERAGE = 0.80;
    /**
     * Days of a new position's own sales that weigh as much as its peers' level: a month of its own
     * sales outweighs them, a few days do not (ColdStart's credibility blend).
     */
    private static final double COLD_START_PRIOR_DAYS = 28;
    /** z of the upper bound of an {@link #COVERAGE} interval: a band's half-width over it is a day's sigma. */
    private static final double COVERAGE_Z = 1.2816;
    /** Marks the job's command ids (any value works; this one reads "FCST" in hex dumps). */
    private static final long ID_TAG = 0x4643_5354L;

    private ForecastPlan()
    {
    }

    /**
     * The models of the last run, per position, with the inputs they were fitted on: a run reuses a
     * position's model when its inputs are those again, which is exact, not an approximation. The
     * inputs are the history's length (which fixes its first day, its last and every value in it:
     * the history is the whole days before the last record's, and no later record can change a
     * day before its own, the engine's timestamps never going back), the horizon and lead time, and
     * the promotions that reach the position. Fitting is what a run costs (docs/benchmarks.md), so
     * a day's first run fits every position and the day's later runs only those whose promotions or
     * lead time changed; the levels, classes, overrides and commands are worked out again every run.
     * A run with a cache plans exactly what one without it plans: the same commands, the same ids.
     */
    static final class Models
    {
        private record Entry(int days, int horizon, int leadDays, List<Promotion> promotions, Forecast forecast,
            double leadSigma)
        {
        }

        private final Map<Long, Entry> byPosition = new java.util.HashMap<>();
        private int fitted;
        private int reused;

        /** @return positions fitted by the last plan. */
        int fitted()
        {
            return fitted;
        }

        /** @return positions whose model the last plan reused. */
        int reused()
        {
            return reused;
        }
    }

    /** Plans with no models to reuse: every position fitted. */
    static Plan plan(final ForecastProjection p, final Settings settings, final HolidayCalendar calendar)
    {
        return plan(p, settings, calendar, new Models());
    }

    static Plan plan(final ForecastProjection p, final Settings settings, final HolidayCalendar calendar,
        final Models cache)
    {
        cache.fitted = 0;
        cache.reused = 0;
        final List<PositionForecast> out = new ArrayList<>();
        final List<Command> commands = new ArrayList<>();
        // The last record's day is today, still selling: history is the whole days before it, and
        // the forecast starts with today.
        final int days = p.sales.seen() ? p.sales.days() - 1 : 0;
        if (days < 1)
        {
            return new Plan(p.lastSequence, null, out, List.of(), Map.of(), commands);
        }
        final int historyDays = Math.min(days, MAX_HISTORY_DAYS);
        final int skipped = days - historyDays;
        final LocalDate start = p.sales.firstDate().plusDays(skipped);
        final LocalDate firstDay = p.sales.firstDate().plusDays(days);
        final long[] keys = p.sales.positions();
        final Map<Long, char[]> classes = classify(p, keys, days);
        // The models first, in key order; then the positions with too little history, from them.
        // Forecasts and commands are listed in position order, as before cold starts were.
        final Map<Long, Forecast> models = new TreeMap<>();
        final Map<Long, Command> byPosition = new TreeMap<>();
        final List<Long> cold = new ArrayList<>();
        for (final long key : keys)
        {
            final int location = (int)(key >> 32);
            final int sku = (int)key;
            final double[] sales = Arrays.copyOfRange(p.sales.sales(key), skipped, days);
            final boolean[] stockOut = Arrays.copyOfRange(p.sales.stockOut(key), skipped, days);
            if (observedDays(stockOut) < settings.minHistoryDays())
            {
                cold.add(key);
                continue;
            }
            final Lead lead = lead(p, settings, key);
            final List<Promotion> promotions = promotions(p.planning, p.channels, location, sku);
            Models.Entry model = cache.byPosition.get(key);
            if (model != null && model.days() == days && model.horizon() == lead.horizon &&
                model.leadDays() == lead.days && model.promotions().equals(promotions))
            {
                cache.reused++;
            }
            else
            {
                model = fit(calendar, start, historyDays, lead, sales, stockOut, promotions, days);
                cache.byPosition.put(key, model);
                cache.fitted++;
            }
            if (model.forecast() == null)
            {
                continue;
            }
            models.put(key, model.forecast());
            out.add(levels(p, settings, key, lead, model.forecast(), model.leadSigma(), Basis.MODEL, classes.get(key),
                byPosition));
        }
        for (final long key : cold)
        {
            final Lead lead = lead(p, settings, key);
            final Forecast[] peers = peers(p.planning, models, key, lead.horizon);
            if (peers.length == 0)
            {
                // A SKU new to the network with no category: nothing to start from.
                continue;
            }
            final double[] own = Arrays.copyOfRange(p.sales.sales(key), skipped, days);
            final boolean[] stockOut = Arrays.copyOfRange(p.sales.stockOut(key), skipped, days);
            for (int d = 0; d < own.length; d++)
            {
                // Days out of stock (and, for a new item, the days before it sold) are not demand.
                own[d] = stockOut[d] ? Double.NaN : own[d];
            }
            final Forecast f = ColdStart.fromPeers(peers, firstSale(own), COLD_START_PRIOR_DAYS);
            out.add(levels(p, settings, key, lead, f, bandSigma(f, lead.days), Basis.COLD_START, classes.get(key),
                byPosition));
        }
        out.sort(java.util.Comparator.comparingLong(f -> PlanningData.positionKey(f.location(), f.sku())));
        commands.addAll(byPosition.values());
        return new Plan(p.lastSequence, firstDay, out, network(out, settings.horizonDays()),
            byTier(out, p.locationTiers, settings.horizonDays()), commands);
    }

    /** A position's model on its inputs; with no forecast when the forecaster refuses the series. */
    private static Models.Entry fit(final HolidayCalendar calendar, final LocalDate start, final int historyDays,
        final Lead lead, final double[] sales, final boolean[] stockOut, final List<Promotion> promotions, final int days)
    {
        try
        {
            final DailyForecaster.Result result = new DailyForecaster(calendar, start, historyDays, lead.horizon,
                new DailyForecaster.Options(Grid.COARSE, 3, 3, COVERAGE)).forecast(sales, stockOut, promotions, null);
            return new Models.Entry(days, lead.horizon, lead.days, promotions, result.forecast(),
                result.fit().leadTimeSigma(lead.days));
        }
        catch (final ForecastException e)
        {
            return new Models.Entry(days, lead.horizon, lead.days, promotions, null, 0);
        }
    }

    /** @return per SKU, in SKU order, the sum of its positions' forecasts over the first {@code horizon} days. */
    static List<NetworkForecast> network(final List<PositionForecast> positions, final int horizon)
    {
        final Map<Integer, double[][]> sums = new TreeMap<>();
        final Map<Integer, Integer> counts = new TreeMap<>();
        for (final PositionForecast f : positions)
        {
            // mean, then the lower and upper half-widths' squares
            final double[][] sum = sums.computeIfAbsent(f.sku(), s -> new double[3][horizon]);
            for (int k = 0; k < horizon; k++)
            {
                sum[0][k] += f.mean()[k];
                sum[1][k] += (f.mean()[k] - f.lower()[k]) * (f.mean()[k] - f.lower()[k]);
                sum[2][k] += (f.upper()[k] - f.mean()[k]) * (f.upper()[k] - f.mean()[k]);
            }
            counts.merge(f.sku(), 1, Integer::sum);
        }
        final List<NetworkForecast> out = new ArrayList<>();
        sums.forEach((sku, sum) ->
        {
            final double[] lower = new double[horizon];
            final double[] upper = new double[horizon];
            for (int k = 0; k < horizon; k++)
            {
                lower[k] = Math.max(0, sum[0][k] - Math.sqrt(sum[1][k]));
                upper[k] = sum[0][k] + Math.sqrt(sum[2][k]);
            }
            out.add(new NetworkForecast(sku, counts.get(sku), sum[0], lower, upper));
        });
        return out;
    }

    /** @return per tier, per SKU, the sum of the forecasts of its positions at that tier's locations. */
    static Map<Tier, List<NetworkForecast>> byTier(
        final List<PositionForecast> positions, final Map<Integer, Tier> locationTiers, final int horizon)
    {
        final Map<Tier, List<PositionForecast>> split = new EnumMap<>(Tier.class);
        for (final PositionForecast f : positions)
        {
            final Tier tier = locationTiers.get(f.location());
            if (tier != null)
            {
                split.computeIfAbsent(tier, t -> new ArrayList<>()).add(f);
            }
        }
        final Map<Tier, List<NetworkForecast>> out = new EnumMap<>(Tier.class);
        split.forEach((tier, list) -> out.put(tier, network(list, horizon)));
        return out;
    }

    /** A position's lead time in days (its own policy's, else the setting) and the horizon it needs. */
    private record Lead(int hours, int days, int horizon)
    {
    }

    private static Lead lead(final ForecastProjection p, final Settings settings, final long key)
    {
        final ReplenishmentPolicy own = p.ownPolicies.get(key);
        final int hours = own != null && own.leadTimeHours() > 0 ? own.leadTimeHours() : settings.leadTimeHours();
        final int days = Math.max(1, (hours + 23) / 24);
        return new Lead(hours, days, Math.max(settings.horizonDays(), days + settings.reviewDays()));
    }

    /**
     * A position's levels from its forecast {@code f}, a planner's override winning over it until it
     * expires and a DYNAMIC policy in force over both; its policy command when the levels changed.
     *
     * @param leadSigma the forecast's error summed over the lead time, for the safety stock.
     */
    private static PositionForecast levels(final ForecastProjection p, final Settings settings, final long key,
        final Lead lead, final Forecast f, final double leadSigma, final Basis model, final char[] abcXyz,
        final Map<Long, Command> commands)
    {
        final int location = (int)(key >> 32);
        final int sku = (int)key;
        final int horizon = lead.horizon;
        double[] mean = f.mean();
        double[] lower = f.lower();
        double[] upper = f.upper();
        Basis basis = model;
        final ReplenishmentPolicy own = p.ownPolicies.get(key);
        final int override = p.planning.overrideRow(location, sku);
        final boolean live = override >= 0 && p.planning.overrideExpiresAt(override) > p.lastTimestamp;
        if (live && p.planning.overrideDailyDemandMilli(override) >= 0)
        {
            // The planner's demand replaces the mean; the model's band moves with it.
            final double demand = p.planning.overrideDailyDemandMilli(override) / 1_000.0;
            mean = new double[horizon];
            lower = new double[horizon];
            upper = new double[horizon];
            for (int k = 0; k < horizon; k++)
            {
                mean[k] = demand;
                lower[k] = Math.max(0, demand - (f.mean()[k] - f.lower()[k]));
                upper[k] = demand + (f.upper()[k] - f.mean()[k]);
            }
            basis = Basis.DEMAND_OVERRIDE;
        }
        double leadDemand = 0;
        for (int k = 0; k < lead.days; k++)
        {
            leadDemand += mean[k];
        }
        double reviewDemand = 0;
        for (int k = lead.days; k < lead.days + settings.reviewDays(); k++)
        {
            reviewDemand += mean[k];
        }
        final double safety = serviceZ(abcXyz[0]) * withLeadTimeSpread(leadSigma, leadDemand / lead.days,
            p.leadTimes.sigmaDays(source(own), location, sku));
        long reorder = (long)Math.ceil(leadDemand + safety);
        long orderUpTo = Math.max(reorder + 1, (long)Math.ceil(leadDemand + safety + reviewDemand));
        if (live && p.planning.overrideMaxLevel(override) > 0)
        {
            reorder = p.planning.overrideMinLevel(override);
            orderUpTo = p.planning.overrideMaxLevel(override);
            basis = Basis.LEVELS_OVERRIDE;
        }
        if (p.dynamicInForce(location, sku))
        {
            basis = Basis.DYNAMIC;
        }
        if (basis != Basis.DYNAMIC && reorder < orderUpTo)
        {
            final ReplenishmentPolicy next = policy(own, reorder, orderUpTo, lead.hours);
            if (!next.equals(own))
            {
                commands.put(key, Commands.setPositionPolicy(commandId(p.lastSequence, key), location, sku, next));
            }
        }
        return new PositionForecast(location, sku, f.model(), mean, lower, upper, COVERAGE, abcXyz[0], abcXyz[1],
            basis, reorder, orderUpTo, safety, leadDemand);
    }

    /**
     * The error of the demand over a lead time that itself varies: sigma_total^2 = sigma_L^2 + d^2
     * sigma_LT^2 (sigma_L the forecast's error over the lead time, L sigma_d^2 for independent days; d
     * the mean daily demand over it; sigma_LT the lead time's standard deviation in days), the usual
     * SS = z sqrt(L sigma_d^2 + d^2 sigma_LT^2) with the forecast's own error growth in the first term.
     */
    static double withLeadTimeSpread(final double leadSigma, final double dailyDemand, final double leadTimeSigmaDays)
    {
        return Math.sqrt(leadSigma * leadSigma + dailyDemand * dailyDemand * leadTimeSigmaDays * leadTimeSigmaDays);
    }

    /** Where a position is replenished from: its own policy's source, else the network's choice. */
    private static int source(final ReplenishmentPolicy own)
    {
        return own != null ? own.sourceLocation() : ReplenishmentPolicy.NETWORK;
    }

    /**
     * The peers a new position starts from, in key order, each forecast over {@code horizon} days:
     * the same SKU at other locations (a store added to the network); else the SKU's category at the
     * same location; else its category anywhere (a new item).
     */
    static Forecast[] peers(final PlanningData planning, final Map<Long, Forecast> models, final long key,
        final int horizon)
    {
        final int location = (int)(key >> 32);
        final int sku = (int)key;
        final int category = planning.category(sku);
        final List<Forecast> sameSku = new ArrayList<>();
        final List<Forecast> categoryHere = new ArrayList<>();
        final List<Forecast> categoryAnywhere = new ArrayList<>();
        for (final Map.Entry<Long, Forecast> e : models.entrySet())
        {
            final long peer = e.getKey();
            if (e.getValue().horizon() != horizon)
            {
                continue;
            }
            if ((int)peer == sku)
            {
                sameSku.add(e.getValue());
            }
            else if (category != 0 && planning.category((int)peer) == category)
            {
                ((int)(peer >> 32) == location ? categoryHere : categoryAnywhere).add(e.getValue());
            }
        }
        final List<Forecast> chosen = !sameSku.isEmpty() ? sameSku : !categoryHere.isEmpty() ? categoryHere :
            categoryAnywhere;
        return chosen.toArray(new Forecast[0]);
    }

    /** @return {@code own} from its first day with a sale on (the days before it are not the item's). */
    private static double[] firstSale(final double[] own)
    {
        int first = 0;
        while (first < own.length && !(own[first] > 0))
        {
            first++;
        }
        return Arrays.copyOfRange(own, first, own.length);
    }

    /**
     * The lead time's error for a forecast with no fit (a cold start): each day's sigma read off its
     * interval, the days taken as independent, so sigma_L = sqrt(sum of the days' variances).
     */
    static double bandSigma(final Forecast f, final int leadDays)
    {
        double variance = 0;
        for (int k = 0; k < leadDays && k < f.horizon(); k++)
        {
            final double sigma = (f.upper()[k] - f.mean()[k]) / COVERAGE_Z;
            variance += sigma * sigma;
        }
        return Math.sqrt(variance);
    }

    /**
     * The command id of a position's policy planned after journal sequence {@code sequence}: the same
     * prefix gives the same id, so a run repeated (a restart, a second member) is answered as a
     * duplicate by the engine instead of applied twice. Non-zero and positive. Journaled: the ids of
     * the same prefix must never change (ForecastJobTest pins a few), hence engine-api's StableHash.
     */
    static long commandId(final long sequence, final long positionKey)
    {
        final long id = StableHash.mix(StableHash.combine(StableHash.combine(ID_TAG, sequence), positionKey)) & Long.MAX_VALUE;
        return id == 0 ? 1 : id;
    }

    /** MIN_MAX with the computed levels, keeping what a position's own policy says besides them. */
    private static ReplenishmentPolicy policy(final ReplenishmentPolicy own, final long reorder, final long orderUpTo,
        final int leadHours)
    {
        final boolean keep = own != null && own.kind() != ReplenishmentKind.DYNAMIC;
        return new ReplenishmentPolicy(ReplenishmentKind.MIN_MAX, reorder, orderUpTo,
            keep && own.overstockLevel() > orderUpTo ? own.overstockLevel() : 0, keep ? Math.max(1, own.packSize()) : 1,
            keep ? own.minOrderQuantity() : 0, keep ? own.sourceLocation() : ReplenishmentPolicy.NETWORK, leadHours,
            keep ? own.slowMoverDays() : 0);
    }

    /**
     * One-sided service level by ABC class, as z: A 98%, B 95%, C 90% (the classes are data to
     * replenishment: the most valuable items are the least often out).
     */
    static double serviceZ(final char abc)
    {
        return switch (abc)
        {
            case 'A' -> 2.0537;
            case 'B' -> 1.6449;
            default -> 1.2816;
        };
    }

    /**
     * The promotions that reach a position: its SKU or its SKU's category, at its location or all. A
     * stated uplift for one channel is scaled by that channel's share of the position's sales: it
     * lifts only that part of the demand. A learned uplift is not: it was measured on the position's
     * whole demand over its past promotions, whatever channel they ran for.
     */
    static List<Promotion> promotions(final PlanningData data, final ChannelShares shares, final int location,
        final int sku)
    {
        final List<Promotion> promotions = new ArrayList<>();
        final int category = data.category(sku);
        for (int row = 0; row < data.promotionCount(); row++)
        {
            final boolean item = data.promotionSku(row) == sku ||
                (data.promotionSku(row) < 0 && category != 0 && data.promotionCategory(row) == category);
            final int at = data.promotionLocation(row);
            if (item && (at < 0 || at == location))
            {
                final LocalDate start = LocalDate.ofEpochDay(data.promotionStartDay(row));
                final LocalDate end = LocalDate.ofEpochDay(data.promotionEndDay(row));
                final int channel = data.promotionChannel(row);
                final double share = channel < 0 ? 1 : shares.share(PlanningData.positionKey(location, sku), channel);
                promotions.add(data.promotionLearnsUplift(row) ? Promotion.learned(start, end) :
                    new Promotion(start, end, share * data.promotionUpliftBasisPoints(row) / 10_000.0));
            }
        }
        return promotions;
    }

    private static int observedDays(final boolean[] stockOut)
    {
        int n = 0;
        for (final boolean out : stockOut)
        {
            n += out ? 0 : 1;
        }
        return n;
    }

    /**
     * ABC by sales value over the last {@link PositionClasses#CLASS_WEEKS} weeks among the positions
     * of each location (the POS lines' recorded amounts, units without one at the SKU's unit price),
     * XYZ by the variability of their weekly units: per position key, its two class letters. A SKU
     * sold without amounts and with no price has no value: C.
     */
    private static Map<Long, char[]> classify(final ForecastProjection p, final long[] keys, final int days)
    {
        final Map<Long, char[]> classes = new TreeMap<>();
        PositionClasses.classify(keys, days, p.sales::weeklySales,
            (key, from, to) -> p.sales.salesValue(key, from, to, p.planning.unitPrice((int)key)),
            Classification.Thresholds.DEFAULT).forEach((key, c) -> classes.put(key, new char[] {c.abc(), c.xyz()}));
        return classes;
    }
}

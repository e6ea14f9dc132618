package io.omnistock.forecast;

/**
 * Forecasts for a new SKU (or a new SKU at a location) from its peers: the category's, or items
 * the planner names as similar. The peers' forecasts, each scaled to its own mean, average into a
 * shape (week, holidays, promotions included); the level is the new item's own mean where it has
 * days, pulled towards the peers' median level with a weight of {@code priorDays} days (a
 * credibility blend: a day of sales does not outweigh a category, a month of sales does).
 */
public final class ColdStart
{
    private ColdStart()
    {
    }

    /**
     * @param peers     peer forecasts, the same horizon each.
     * @param ownSales  the new item's observed daily sales so far (may be empty; NaN = missing).
     * @param priorDays how many days of the new item's own sales weigh as much as the peers' level.
     */
    public static Forecast fromPeers(final Forecast[] peers, final double[] ownSales, final double priorDays)
    {
        if (peers.length == 0)
        {
            throw new ForecastException(ForecastException.Reason.INVALID_SERIES, "cold start needs at least one peer");
        }
        final int h = peers[0].horizon();
        final double[] shape = new double[h];
        final double[] lowerShape = new double[h];
        final double[] upperShape = new double[h];
        final double[] levels = new double[peers.length];
        int usable = 0;
        for (final Forecast peer : peers)
        {
            if (peer.horizon() != h)
            {
                throw new ForecastException(ForecastException.Reason.INVALID_HORIZON,
                    "peer forecasts have different horizons: " + h + " and " + peer.horizon());
            }
            final double level = peer.total(0, h) / h;
            if (level <= 0)
            {
                continue;
            }
            levels[usable++] = level;
            for (int k = 0; k < h; k++)
            {
                shape[k] += peer.mean()[k] / level;
                lowerShape[k] += peer.lower()[k] / level;
                upperShape[k] += peer.upper()[k] / level;
            }
        }
        final double peerLevel = usable == 0 ? 0 : median(java.util.Arrays.copyOf(levels, usable));
        final double ownMean = Series.mean(ownSales, 0, ownSales.length);
        final double ownDays = Double.isNaN(ownMean) ? 0 : Series.observed(ownSales);
        final double level = (ownDays * (Double.isNaN(ownMean) ? 0 : ownMean) + priorDays * peerLevel) /
            (ownDays + priorDays);
        final double[] mean = new double[h];
        final double[] lower = new double[h];
        final double[] upper = new double[h];
        for (int k = 0; k < h; k++)
        {
            final double divisor = Math.max(1, usable);
            mean[k] = level * shape[k] / divisor;
            lower[k] = level * lowerShape[k] / divisor;
            upper[k] = level * upperShape[k] / divisor;
        }
        return new Forecast("COLD_START(" + usable + " peers)", mean, lower, upper, peers[0].coverage());
    }

    private static double median(final double[] values)
    {
        java.util.Arrays.sort(values);
        final int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}

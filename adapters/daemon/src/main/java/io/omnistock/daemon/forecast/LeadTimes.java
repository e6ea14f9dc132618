package io.omnistock.daemon.forecast;

import io.omnistock.api.CommandType;
import io.omnistock.api.EventKind;
import io.omnistock.api.EventView;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.core.journal.JournalRecord;
import io.omnistock.core.planning.PlanningData;

import java.util.HashMap;
import java.util.Map;

/**
 * Lead times as the journal shows them, for the safety stock's lead-time term (docs/replenishment.md,
 * "Safety stock"): a supplier's, from a position's {@code REPLENISHMENT_REQUESTED} sourced from the
 * supplier to the {@code RECEIVE} that closes it (the engine closes a supplier request only on a
 * receipt); a transfer's, from its {@code TRANSFER_CHANGED} created to its received (from the
 * source's hold to the stock on hand at the destination). A request that closes any other way
 * (cancelled, stock from elsewhere, its policy removed) and a cancelled transfer measure nothing.
 * Each observation is kept per (source, destination location), the supplier being source -1, as
 * running sums, so the memory is per lane, not per order.
 *
 * <p>Pooled when few: a lane with fewer than {@link #MIN_OBSERVATIONS} observations takes its
 * source's (every destination), then its destination's (every source), then the network's; with
 * fewer than that everywhere the variability is not measured (0). Built from journal records alone,
 * in sequence order, so the same prefix gives the same figures.
 */
final class LeadTimes
{
    /** Fewer observations than this do not measure a standard deviation worth using. */
    static final int MIN_OBSERVATIONS = 5;
    /** Key of the pools: a source over all destinations, a destination over all sources, the network. */
    private static final int ANY = Integer.MIN_VALUE;
    private static final double DAY_MILLIS = 86_400_000.0;

    /** Running count, sum and sum of squares of lead times in days. */
    private static final class Stats
    {
        long count;
        double sum;
        double squares;

        void add(final double days)
        {
            count++;
            sum += days;
            squares += days * days;
        }

        /** Sample standard deviation (n - 1). */
        double sigma()
        {
            final double mean = sum / count;
            return Math.sqrt(Math.max(0, (squares - count * mean * mean) / (count - 1)));
        }
    }

    /** An open supplier request's time, by position key. */
    private final Map<Long, Long> requested = new HashMap<>();
    /** An open transfer's source and creation time, by transfer id. */
    private final Map<Long, long[]> created = new HashMap<>();
    /** By {@link PlanningData#positionKey}(source, destination): the lanes and their pools. */
    private final Map<Long, Stats> lanes = new HashMap<>();
    /** The source a position's last observed request or transfer came from, by position key. */
    private final Map<Long, Integer> lastSource = new HashMap<>();

    void add(final JournalRecord c)
    {
        for (int i = 0; i < c.eventCount(); i++)
        {
            final EventView events = c.event(i);
            final EventKind kind = events.kind();
            final long position = PlanningData.positionKey(events.location(), events.sku());
            if (kind == EventKind.REPLENISHMENT_REQUESTED && events.sourceLocation() == ReplenishmentPolicy.SUPPLIER)
            {
                requested.put(position, c.timestamp());
            }
            else if (kind == EventKind.REPLENISHMENT_CLOSED)
            {
                final Long at = requested.remove(position);
                if (at != null && c.type() == CommandType.RECEIVE)
                {
                    observe(ReplenishmentPolicy.SUPPLIER, events.location(), events.sku(), c.timestamp() - at);
                }
            }
            else if (kind == EventKind.TRANSFER_CHANGED)
            {
                transfer(c, events);
            }
        }
    }

    private void transfer(final JournalRecord c, final EventView events)
    {
        switch (events.transferState())
        {
            case EventView.TRANSFER_CREATED -> created.put(events.transferId(), new long[] {events.location(), c.timestamp()});
            case EventView.TRANSFER_RECEIVED ->
            {
                final long[] open = created.remove(events.transferId());
                if (open != null)
                {
                    observe((int)open[0], events.location(), events.sku(), c.timestamp() - open[1]);
                }
            }
            case EventView.TRANSFER_CANCELLED -> created.remove(events.transferId());
            default ->
            {
            }
        }
    }

    private void observe(final int source, final int destination, final int sku, final long millis)
    {
        final double days = millis / DAY_MILLIS;
        lanes.computeIfAbsent(PlanningData.positionKey(source, destination), k -> new Stats()).add(days);
        lanes.computeIfAbsent(PlanningData.positionKey(source, ANY), k -> new Stats()).add(days);
        lanes.computeIfAbsent(PlanningData.positionKey(ANY, destination), k -> new Stats()).add(days);
        lanes.computeIfAbsent(PlanningData.positionKey(ANY, ANY), k -> new Stats()).add(days);
        lastSource.put(PlanningData.positionKey(destination, sku), source);
    }

    /**
     * The standard deviation of the lead time, in days, of a position replenished from {@code
     * source}: the lane's, else pooled (above), else 0.
     *
     * @param source a location, {@link ReplenishmentPolicy#SUPPLIER}, or {@link ReplenishmentPolicy#NETWORK}:
     *               the source the position's own requests and transfers last came from, if any.
     */
    double sigmaDays(final int source, final int location, final int sku)
    {
        final Integer seen = lastSource.get(PlanningData.positionKey(location, sku));
        final int from = source != ReplenishmentPolicy.NETWORK ? source : seen != null ? seen : ANY;
        for (final long pool : new long[] {PlanningData.positionKey(from, location), PlanningData.positionKey(from, ANY),
            PlanningData.positionKey(ANY, location), PlanningData.positionKey(ANY, ANY)})
        {
            final Stats stats = lanes.get(pool);
            if (stats != null && stats.count >= MIN_OBSERVATIONS)
            {
                return stats.sigma();
            }
        }
        return 0;
    }
}

package io.omnistock.daemon.metrics;

import io.omnistock.api.CommandType;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine latency quantiles cover a sliding window: a new spike shows, an old one is forgotten. */
final class LatencySummaryTest
{
    private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long MICROS_100 = 100_000;
    private static final long SECONDS_2 = 2_000_000_000L;

    private final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(5));
    /** Two answering threads' recordings (two I/O threads'): every figure is theirs added up. */
    private final CommandLatencies first = new CommandLatencies();
    private final CommandLatencies second = new CommandLatencies();
    private final LatencySummary summary = new LatencySummary(List.of(first, second), WINDOW_NANOS, now::get);

    @Test
    void everyThreadsRecordingsAddUpAndATypeCountsOnlyItsOwn()
    {
        first.record(CommandType.ROUTE_ORDER, MICROS_100);
        first.record(CommandType.ROUTE_ORDER, MICROS_100);
        second.record(CommandType.ROUTE_ORDER, SECONDS_2);
        second.record(CommandType.CONFIRM_ORDER, MICROS_100);
        final SummarySnapshot snapshot = (SummarySnapshot)summary.collect();
        assertEquals(2, snapshot.getDataPoints().size(), "the two types answered, no other");
        final SummarySnapshot.SummaryDataPointSnapshot orders = snapshot.getDataPoints().stream()
            .filter(p -> p.getLabels().get("type").equals("ROUTE_ORDER")).findFirst().orElseThrow();
        assertEquals(3, orders.getCount());
        assertEquals(2 + 2 * 100e-6, orders.getSum(), 0.01);
        first.record(CommandType.ROUTE_ORDER, Long.MAX_VALUE);
        first.record(CommandType.ROUTE_ORDER, -5);
        assertEquals(5, point(CommandType.ROUTE_ORDER).getCount(), "out of range clamped, not refused");
    }

    @Test
    void aSpikeShowsAtOnceAndIsForgottenAfterTheWindow()
    {
        record(1000, MICROS_100);
        assertEquals(100e-6, quantile(1.0), 1e-6, "steady state: the max is 100 us");

        // A spike, scraped 10 s later: it is the new max and moves the p99.9.
        advanceSeconds(10);
        record(1000, MICROS_100);
        record(10, SECONDS_2);
        assertEquals(2.0, quantile(1.0), 0.02, "the new spike shows at once");
        assertTrue(quantile(0.999) > 1.9, "and in the p99.9: " + quantile(0.999));

        // Scraped every 10 s with fast commands only: the spike stays while in the window...
        for (int i = 0; i < 4; i++)
        {
            advanceSeconds(10);
            record(1000, MICROS_100);
            assertEquals(2.0, quantile(1.0), 0.02, "still within the minute, " + (i + 1) * 10 + " s on");
        }
        // ...and is forgotten once a minute has passed; count and sum still cover the whole life.
        advanceSeconds(20);
        record(1000, MICROS_100);
        assertEquals(100e-6, quantile(1.0), 1e-6, "the spike has aged out");
        assertEquals(7010, point().getCount(), "the count is the daemon's whole life");
        assertEquals(20 + 7000 * 100e-6, point().getSum(), 0.01, "the sum too");
    }

    @Test
    void aWindowWithNothingInItHasNoQuantilesButKeepsItsCount()
    {
        record(5, MICROS_100);
        assertEquals(100e-6, quantile(0.5), 1e-6);
        // No scrape for 75 s: the old slice was never overwritten, it is past the window all the same.
        advanceSeconds(75);
        assertTrue(Double.isNaN(quantile(0.5)), "nothing in the last minute: no figure, not the old one");
        assertEquals(5, point().getCount());
    }

    @Test
    void aTypeThatNeverRanIsNotExported()
    {
        assertTrue(summary.collect().getDataPoints().isEmpty());
    }

    private void record(final int times, final long nanos)
    {
        for (int i = 0; i < times; i++)
        {
            (i % 2 == 0 ? first : second).record(CommandType.ROUTE_ORDER, nanos);
        }
    }

    private void advanceSeconds(final long seconds)
    {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    private SummarySnapshot.SummaryDataPointSnapshot point(final CommandType type)
    {
        final SummarySnapshot snapshot = (SummarySnapshot)summary.collect();
        return snapshot.getDataPoints().stream().filter(p -> p.getLabels().get("type").equals(type.name()))
            .findFirst().orElseThrow();
    }

    private SummarySnapshot.SummaryDataPointSnapshot point()
    {
        final SummarySnapshot snapshot = (SummarySnapshot)summary.collect();
        assertEquals(1, snapshot.getDataPoints().size());
        return snapshot.getDataPoints().get(0);
    }

    private double quantile(final double q)
    {
        for (final Quantile quantile : point().getQuantiles())
        {
            if (quantile.getQuantile() == q)
            {
                return quantile.getValue();
            }
        }
        throw new AssertionError("no quantile " + q);
    }
}

package io.omnistock.daemon.metrics;

import io.omnistock.api.CommandType;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Engine latency per command type as a Prometheus summary computed by HdrHistogram, its quantiles
 * over a sliding window ({@code metrics.latency-window-seconds}), its count and sum over the
 * daemon's life (as the Prometheus client's own summaries with a max age). A quantile over the whole
 * life would never show a new spike nor forget an old one.
 *
 * <p>Request threads record into a {@link Recorder} and never block. Each scrape takes the interval
 * recorded since the last one and adds it to the window's current slice; the window is the last
 * {@link #SLICES} slices, so it covers between five sixths of the window and all of it. Recordings
 * are placed at the scrape that first sees them: with scrapes more often than a slice (10 s of the
 * default minute) that is exact to a slice.
 */
final class LatencySummary implements Collector
{
    static final int SLICES = 6;
    private static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999, 0.9999, 1.0};
    private static final double NANOS_PER_SECOND = 1e9;
    /**
     * Slices keep 2 significant digits (quantiles within 1%): a slice is about 30 KB where 3 digits
     * take about 210 KB, and each type that ran keeps {@link #SLICES} of them and one to merge into.
     */
    private static final int SLICE_DIGITS = 2;

    /** Every answering thread's recorders: a type's interval is theirs added up. */
    private final Iterable<CommandLatencies> threads;
    private final Map<CommandType, Window> windows = new EnumMap<>(CommandType.class);
    private final long sliceNanos;
    private final LongSupplier nanoTime;

    /**
     * @param windowNanos how far back the quantiles look.
     * @param nanoTime    the clock (System::nanoTime; a test's own).
     */
    LatencySummary(final Iterable<CommandLatencies> threads, final long windowNanos, final LongSupplier nanoTime)
    {
        if (windowNanos < SLICES)
        {
            throw new IllegalArgumentException("a latency window of " + windowNanos + " ns");
        }
        this.threads = threads;
        this.sliceNanos = windowNanos / SLICES;
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized MetricSnapshot collect()
    {
        final long slice = Math.floorDiv(nanoTime.getAsLong(), sliceNanos);
        final SummarySnapshot.Builder summary = SummarySnapshot.builder()
            .name("omnistock_command_latency_seconds")
            .help("Engine round trip per command type, submit to journaled result (HdrHistogram): quantiles " +
                "over the last metrics.latency-window-seconds, count and sum since start");
        for (final CommandType type : CommandType.values())
        {
            final Histogram interval = interval(type);
            if (interval == null)
            {
                // No thread has answered a command of this type.
                continue;
            }
            Window window = windows.get(type);
            if (window == null)
            {
                if (interval.getTotalCount() == 0)
                {
                    continue;
                }
                window = new Window(interval.getHighestTrackableValue());
                windows.put(type, window);
            }
            window.add(slice, interval);
            final Histogram recent = window.recent(slice);
            final boolean empty = recent.getTotalCount() == 0;
            final Quantiles.Builder quantiles = Quantiles.builder();
            for (final double q : QUANTILES)
            {
                // Nothing in the window: no figure (NaN), as the Prometheus client's summaries say it.
                quantiles.quantile(new Quantile(q, empty ? Double.NaN :
                    recent.getValueAtPercentile(q * 100) / NANOS_PER_SECOND));
            }
            summary.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder()
                .labels(Labels.of("type", type.name()))
                .quantiles(quantiles.build())
                .count(window.count)
                .sum(window.sumNanos / NANOS_PER_SECOND)
                .build());
        }
        return summary.build();
    }

    /** @return what every thread recorded of {@code type} since the last scrape, added up; null when none ever did. */
    private Histogram interval(final CommandType type)
    {
        Histogram interval = null;
        for (final CommandLatencies thread : threads)
        {
            final Recorder recorder = thread.recorder(type);
            if (recorder != null)
            {
                final Histogram recorded = recorder.getIntervalHistogram();
                if (interval == null)
                {
                    interval = recorded;
                }
                else
                {
                    interval.add(recorded);
                }
            }
        }
        return interval;
    }

    /** One command type's slices, a ring indexed by slice number, and its totals since start. */
    private static final class Window
    {
        private final Histogram[] slices = new Histogram[SLICES];
        /** The slice number each of {@link #slices} holds, -1 for none yet. */
        private final long[] sliceNumbers = new long[SLICES];
        private final Histogram merged;
        private long count;
        private double sumNanos;

        Window(final long highestNanos)
        {
            for (int i = 0; i < SLICES; i++)
            {
                slices[i] = new Histogram(highestNanos, SLICE_DIGITS);
                sliceNumbers[i] = Long.MIN_VALUE;
            }
            merged = new Histogram(highestNanos, SLICE_DIGITS);
        }

        void add(final long slice, final Histogram interval)
        {
            count += interval.getTotalCount();
            sumNanos += interval.getMean() * interval.getTotalCount();
            final int at = (int)Math.floorMod(slice, SLICES);
            if (sliceNumbers[at] != slice)
            {
                slices[at].reset();
                sliceNumbers[at] = slice;
            }
            slices[at].add(interval);
        }

        /** @return the slices of the window that ends in {@code slice}, merged. */
        Histogram recent(final long slice)
        {
            merged.reset();
            for (int i = 0; i < SLICES; i++)
            {
                if (sliceNumbers[i] > slice - SLICES)
                {
                    merged.add(slices[i]);
                }
            }
            return merged;
        }
    }
}

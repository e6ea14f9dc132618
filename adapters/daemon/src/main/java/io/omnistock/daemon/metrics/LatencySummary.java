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

/**
 * Engine latency per command type as a Prometheus summary computed by HdrHistogram. Each scrape
 * folds the interval recorded since the last one into a running histogram, so quantiles cover the
 * daemon's lifetime and recording never blocks a request thread.
 */
final class LatencySummary implements Collector
{
    private static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999, 0.9999, 1.0};
    private static final double NANOS_PER_SECOND = 1e9;

    private final Map<CommandType, Recorder> recorders;
    private final Map<CommandType, Histogram> totals = new EnumMap<>(CommandType.class);

    LatencySummary(final Map<CommandType, Recorder> recorders)
    {
        this.recorders = recorders;
    }

    @Override
    public synchronized MetricSnapshot collect()
    {
        final SummarySnapshot.Builder summary = SummarySnapshot.builder()
            .name("omnistock_command_latency_seconds")
            .help("Engine round trip per command type, submit to journaled result (HdrHistogram)");
        recorders.forEach((type, recorder) ->
        {
            final Histogram interval = recorder.getIntervalHistogram();
            final Histogram total = totals.computeIfAbsent(type, t -> new Histogram(interval.getHighestTrackableValue(), 3));
            total.add(interval);
            if (total.getTotalCount() == 0)
            {
                return;
            }
            final Quantiles.Builder quantiles = Quantiles.builder();
            for (final double q : QUANTILES)
            {
                quantiles.quantile(new Quantile(q, total.getValueAtPercentile(q * 100) / NANOS_PER_SECOND));
            }
            summary.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder()
                .labels(Labels.of("type", type.name()))
                .quantiles(quantiles.build())
                .count(total.getTotalCount())
                .sum(total.getMean() * total.getTotalCount() / NANOS_PER_SECOND)
                .build());
        });
        return summary.build();
    }
}

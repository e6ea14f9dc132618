package io.omnistock.daemon.metrics;

import io.omnistock.api.CommandType;
import io.omnistock.api.ReasonCode;
import io.aeron.cluster.service.Cluster;
import io.omnistock.cluster.ClusterMember;
import io.omnistock.core.EngineGauges;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The daemon's Prometheus metrics: commands by type and outcome, engine latency per command type
 * (HdrHistogram, exported as a summary over a sliding window), and the engine's gauges.
 */
public final class DaemonMetrics
{
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private static final ReasonCode[] REASONS = ReasonCode.values();
    private static final int STATUS_CLASSES = 10;

    private final Counter commands;
    /** {@link #commands}' data points by type and reason, made on first use (a benign race: the same point either way). */
    private final AtomicReferenceArray<CounterDataPoint> commandOutcomes =
        new AtomicReferenceArray<>(CommandType.values().length * REASONS.length);
    /** {@link #httpRequests}' data points by status class (2 for 2xx). */
    private final AtomicReferenceArray<CounterDataPoint> statusClasses = new AtomicReferenceArray<>(STATUS_CLASSES);
    private final Counter httpRequests;
    private final Counter snapshots;
    private final Histogram httpLatency;
    private final AtomicLong lastSnapshotSequence = new AtomicLong(-1);
    /** One per thread that hands results on ({@link #latencies()}), added to, never removed. */
    private final List<CommandLatencies> latencies = new CopyOnWriteArrayList<>();
    private final AtomicInteger streamSubscribers = new AtomicInteger();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    /**
     * The metrics of a daemon running the embedded engine.
     *
     * @param latencyWindow how far back the engine latency quantiles look ({@code metrics.latency-window-seconds}).
     */
    public DaemonMetrics(final EngineGauges gauges, final IntSupplier ready, final Duration latencyWindow)
    {
        this(ready, latencyWindow);
        gauge("omnistock_ring_used", "Ring slots holding commands not yet fully processed", gauges::ringUsed);
        gauge("omnistock_ring_size", "Ring slots", gauges::ringSize);
        gauge("omnistock_journal_lag", "Commands applied but not yet journaled", gauges::journalLag);
        gauge("omnistock_last_sequence", "Journal sequence of the last applied command", gauges::lastSequence);
        gauge("omnistock_open_reservations", "Open reservations", gauges::openReservations);
        gauge("omnistock_open_orders", "Open (held or confirmed) orders", gauges::openOrders);
        gauge("omnistock_order_book_bytes", "Heap held by the engine's order book, room to grow included",
            gauges::orderBookBytes);
        gauge("omnistock_open_replenishment_requests", "Open replenishment requests",
            gauges::openReplenishmentRequests);
    }

    /** The metrics of a daemon that is a cluster member: the member's role, leader and replication figures. */
    public DaemonMetrics(final ClusterMember member, final IntSupplier ready, final Duration latencyWindow)
    {
        this(ready, latencyWindow);
        gauge("omnistock_last_sequence", "Sequence of the last command this replica applied", member::appliedSequence);
        gauge("omnistock_cluster_role", "This member's role: 0 follower, 1 candidate, 2 leader",
            () -> Cluster.Role.valueOf(member.role()).code());
        gauge("omnistock_cluster_leader_member_id", "The leader this member follows, -1 during an election",
            member::leaderMemberId);
        counter("omnistock_cluster_elections", "Elections this member took part in since it started",
            member::elections);
        gauge("omnistock_cluster_commit_position", "Log position a quorum holds, as this member knows it",
            member::commitPosition);
        gauge("omnistock_cluster_applied_position", "Log position this replica has applied through",
            member::appliedPosition);
        gauge("omnistock_cluster_lag_bytes", "Committed log bytes this replica has not applied yet",
            member::lagBytes);
    }

    private DaemonMetrics(final IntSupplier ready, final Duration latencyWindow)
    {
        commands = Counter.builder().name("omnistock_commands_total")
            .help("Commands answered by the engine, by type and outcome (ok or the reason code)")
            .labelNames("type", "outcome").register(registry);
        httpRequests = Counter.builder().name("omnistock_http_requests_total")
            .help("HTTP requests by status class").labelNames("status").register(registry);
        // Classic buckets only: an observation is a bucket search and two adds, no allocation. Labels are
        // route templates (bounded by the route table), never raw paths.
        httpLatency = Histogram.builder().name("omnistock_http_request_duration_seconds")
            .help("HTTP request latency by route, from the request's first byte to its answer being sent (streams not included)")
            .labelNames("method", "route").classicOnly()
            .classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
                5, 10)
            .register(registry);
        JvmMetrics.register(registry);
        snapshots = Counter.builder().name("omnistock_snapshots_total")
            .help("Periodic snapshots by outcome (ok or failed); a failure loses nothing, but recovery replays more")
            .labelNames("outcome").register(registry);
        snapshots.labelValues("ok");
        snapshots.labelValues("failed");
        registry.register(new LatencySummary(latencies, latencyWindow.toNanos(), System::nanoTime));
        gauge("omnistock_event_stream_subscribers", "Connected event-stream clients", streamSubscribers::get);
        gauge("omnistock_ready", "1 when the daemon accepts traffic", ready::getAsInt);
        gauge("omnistock_last_snapshot_sequence", "Journal sequence of the newest periodic snapshot, -1 before the first",
            lastSnapshotSequence::get);
    }

    /** The listener's connections: open now, and refused over the cap. */
    public void connections(final io.omnistock.daemon.http.ConnectionLimits limits)
    {
        gauge("omnistock_http_connections", "Open HTTP connections", limits::openConnections);
        counter("omnistock_http_connections_refused", "Connections answered 503 and closed because " +
            "http.max-connections were open", limits::refusedConnections);
        counter("omnistock_http_stalled_bodies", "Connections closed because a request body stalled for " +
            "http.request-read-timeout-ms", limits::stalledBodies);
    }

    /** The journal-fed read models: how far they have applied the journal, and what the orders' model holds. */
    public void readModels(final java.util.function.LongSupplier appliedSequence,
        final java.util.function.LongSupplier orders, final java.util.function.LongSupplier orderBytes)
    {
        gauge("omnistock_read_models_applied_sequence", "Journal sequence the read models (orders, reservations) " +
            "have applied; reads wait for it to reach the engine's", appliedSequence);
        gauge("omnistock_read_model_orders", "Orders the order read model holds: open ones, and closed ones within " +
            "orders.history-retention-seconds", orders);
        gauge("omnistock_read_model_order_bytes", "Heap the order read model's records and indexes take, as allocated",
            orderBytes);
    }

    /** One webhook subscription's figures, read at each scrape. */
    public record WebhookFigures(String subscription, long delivered, long failed, long lag)
    {
    }

    /** Per webhook subscription: deliveries taken, attempts failed, and journal commands still ahead of it. */
    public void webhooks(final java.util.function.Supplier<java.util.List<WebhookFigures>> figures)
    {
        CounterWithCallback.builder().name("omnistock_webhook_deliveries")
            .help("Webhook deliveries by subscription and outcome: delivered (answered 2xx) or failed (an attempt " +
                "that was not; it is retried)")
            .labelNames("subscription", "outcome")
            .callback(cb -> figures.get().forEach(f ->
            {
                cb.call(f.delivered(), f.subscription(), "delivered");
                cb.call(f.failed(), f.subscription(), "failed");
            }))
            .register(registry);
        GaugeWithCallback.builder().name("omnistock_webhook_lag")
            .help("Journal commands a webhook subscription has not yet delivered or passed over")
            .labelNames("subscription")
            .callback(cb -> figures.get().forEach(f -> cb.call(f.lag(), f.subscription())))
            .register(registry);
    }

    /** The Kafka sink's figures, read at each scrape. */
    public record KafkaFigures(long published, long failed, long lag)
    {
    }

    /** The Kafka sink: records acknowledged and failed, and journal commands not yet published or passed over. */
    public void kafka(final java.util.function.Supplier<KafkaFigures> figures)
    {
        CounterWithCallback.builder().name("omnistock_kafka_records")
            .help("Kafka sink records by outcome: published (acknowledged by the broker, acks=all) or failed " +
                "(given up on by the producer; published again from the sink's cursor)")
            .labelNames("outcome")
            .callback(cb ->
            {
                final KafkaFigures f = figures.get();
                cb.call(f.published(), "published");
                cb.call(f.failed(), "failed");
            })
            .register(registry);
        gauge("omnistock_kafka_lag", "Journal commands the Kafka sink has not yet published (acknowledged) or passed over",
            () -> figures.get().lag());
    }

    private void counter(final String name, final String help, final java.util.function.LongSupplier value)
    {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsLong())).register(registry);
    }

    private void gauge(final String name, final String help, final java.util.function.LongSupplier value)
    {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsLong())).register(registry);
    }

    /** @return where one thread that hands engine results on records their round trips. */
    public CommandLatencies latencies()
    {
        final CommandLatencies thread = new CommandLatencies();
        latencies.add(thread);
        return thread;
    }

    /**
     * A command answered: its type, its outcome ({@code ok} or the reason's name) and its round trip
     * (submit to result, as the daemon sees it), recorded in the answering thread's {@code latencies}.
     */
    public void command(final CommandType type, final ReasonCode reason, final long nanos, final CommandLatencies latencies)
    {
        final int slot = type.ordinal() * REASONS.length + reason.ordinal();
        CounterDataPoint outcome = commandOutcomes.get(slot);
        if (outcome == null)
        {
            // Once per (type, outcome): the label lookup makes a list and an iterator per call, which
            // was most of the I/O threads' allocation per request (JFR, single orders).
            outcome = commands.labelValues(type.name(), reason == ReasonCode.OK ? "ok" : reason.name());
            commandOutcomes.set(slot, outcome);
        }
        outcome.inc();
        latencies.record(type, nanos);
    }

    public void snapshotTaken(final long sequence)
    {
        snapshots.labelValues("ok").inc();
        lastSnapshotSequence.set(sequence);
    }

    public void snapshotFailed()
    {
        snapshots.labelValues("failed").inc();
    }

    /** @return the latency histogram of one route, to observe each of its requests' seconds in. */
    public DistributionDataPoint routeLatency(final String method, final String template)
    {
        return httpLatency.labelValues(method, template);
    }

    public void httpStatus(final int status)
    {
        final int statusClass = Math.min(Math.max(status / 100, 0), STATUS_CLASSES - 1);
        CounterDataPoint answered = statusClasses.get(statusClass);
        if (answered == null)
        {
            answered = httpRequests.labelValues(statusClass + "xx");
            statusClasses.set(statusClass, answered);
        }
        answered.inc();
    }

    public AtomicInteger streamSubscribers()
    {
        return streamSubscribers;
    }

    public void write(final OutputStream out) throws IOException
    {
        writer.write(out, registry.scrape());
    }
}

package io.omnistock.daemon.webhooks;

import io.omnistock.api.EventKind;
import io.omnistock.api.InventoryEngine;
import io.omnistock.cluster.ClusterMember;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.core.webhook.WebhookTable;
import io.omnistock.daemon.events.JournalPositions;
import io.omnistock.daemon.metrics.DaemonMetrics;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Webhook subscriptions and their delivery loops ({@link Delivery}), fed by the journal as the event
 * stream is. Subscriptions and cursors live in {@link WebhookStore}: a change of subscription is
 * written before it is answered; cursors are written at most {@link #CURSOR_FLUSH_MILLIS} after they
 * move and on close, so a crash re-sends at most that much (at-least-once, never a gap).
 */
public final class Webhooks implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
    static final long CURSOR_FLUSH_MILLIS = 500;

    /**
     * The settings ({@code webhooks.*}).
     *
     * @param allowTargets       CIDR blocks that may be targets although private or loopback.
     * @param maxSubscriptions   subscriptions at most (each has a thread and a journal reader).
     * @param timeout            for connecting and for the receiver's answer, each attempt.
     * @param retryInitial       the pause after a first failed attempt; it doubles per attempt...
     * @param retryMax           ...up to this; each pause is drawn between half of it and all of it.
     * @param rotationOverlap    how long a rotated-out secret still signs, unless the request says.
     */
    public record Settings(String allowTargets, int maxSubscriptions, Duration timeout, Duration retryInitial,
        Duration retryMax, Duration rotationOverlap)
    {
    }

    /** A subscription with its delivery figures, for the API. */
    public record Status(Subscription subscription, long cursor, long lag, long delivered, long failed, String lastError)
    {
    }

    private final Path journalDir;
    private final InventoryEngine engine;
    private final LongSupplier lastSequence;
    private final BooleanSupplier delivers;
    private final Settings settings;
    private final TargetGuard guard;
    private final WebhookStore store;
    private final HttpClient client;
    private final JournalPositions positions = new JournalPositions();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Delivery> deliveries = new LinkedHashMap<>();
    /** Cluster mode's subscriptions (the replica's table), or null for webhooks.json. */
    private final ReplicatedWebhooks replica;
    private final AtomicBoolean cursorsDirty = new AtomicBoolean();
    private final ScheduledExecutorService flusher;
    private boolean started;
    private boolean closed;

    /**
     * @param delivers whether this process delivers now: always for the embedded engine; in cluster
     *                 mode while its member leads, so that one member delivers.
     */
    private Webhooks(final Path dataDir, final Path journalDir, final InventoryEngine engine, final LongSupplier lastSequence,
        final BooleanSupplier delivers, final Settings settings, final TargetGuard.Resolver resolver,
        final ReplicatedWebhooks replica)
    {
        this.replica = replica;
        this.journalDir = journalDir;
        this.engine = engine;
        this.lastSequence = lastSequence;
        this.delivers = delivers;
        this.settings = settings;
        this.guard = new TargetGuard(settings.allowTargets(), resolver);
        this.store = new WebhookStore(dataDir);
        this.client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(settings.timeout())
            .build();
        this.flusher = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread t = new Thread(r, "omnistock-webhook-cursors");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reads the stored subscriptions; {@link #start()} starts their delivery. */
    public static Webhooks open(final Path dataDir, final Path journalDir, final InventoryEngine engine,
        final LongSupplier lastSequence, final BooleanSupplier delivers, final Settings settings,
        final TargetGuard.Resolver resolver) throws IOException
    {
        final Webhooks hooks = new Webhooks(dataDir, journalDir, engine, lastSequence, delivers, settings, resolver, null);
        final List<WebhookStore.Stored> stored = hooks.store.read();
        final long journalEnd = stored.isEmpty() ? 0 : journalEnd(journalDir);
        for (final WebhookStore.Stored s : stored)
        {
            final Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
            try
            {
                s.kinds().forEach(k -> kinds.add(EventKind.valueOf(k)));
            }
            catch (final IllegalArgumentException e)
            {
                throw new IOException(hooks.store.file() + ": subscription " + s.id() + " names an unknown event kind");
            }
            final int channelId = s.channel() == null ? -1 : engine.channelId(s.channel());
            final Subscription subscription = new Subscription(s.id(), URI.create(s.url()), kinds, s.channel(), channelId,
                s.secret(), s.previousSecret(), s.previousSecretUntilMillis(), s.createdAtMillis());
            long cursor = s.cursor();
            if (cursor > journalEnd)
            {
                // Waiting for the journal to reach the cursor would skip, unseen, every command up to it.
                LOG.warn("webhook {}: its cursor {} is past the journal's last sequence {} (a data directory " +
                    "restored from an older copy?); it delivers from {} on, and its receiver sees ids up to {} again, " +
                    "for other commands than before", s.id(), cursor, journalEnd, journalEnd + 1, cursor);
                cursor = journalEnd;
            }
            hooks.deliveries.put(s.id(), new Delivery(hooks, subscription, cursor));
        }
        return hooks;
    }

    /**
     * Cluster mode: the subscriptions are the member's replicated table, the same on every member,
     * and only the member that leads delivers, from the position recorded in the table when it
     * became leader. An embedded-mode {@code webhooks.json} is proposed to the cluster once
     * ({@link #proposeStored}), then no longer read.
     *
     * @param timeout how long a change waits for the cluster.
     */
    public static Webhooks replicated(final Path dataDir, final Path journalDir, final ClusterMember member,
        final Settings settings, final TargetGuard.Resolver resolver, final Duration timeout)
    {
        final Webhooks hooks = new Webhooks(dataDir, journalDir, member, member::appliedSequence, member::leads, settings,
            resolver, new ReplicatedWebhooks(member, timeout));
        hooks.sync();
        return hooks;
    }

    /**
     * Cluster mode, once a leader is known: proposes the subscriptions of this member's embedded-mode
     * {@code webhooks.json}, once ({@link WebhookMigration}). Blocks until the cluster decided each:
     * run it on a thread of its own.
     */
    public void proposeStored(final Path dataDir) throws IOException, InterruptedException
    {
        if (replica == null)
        {
            return;
        }
        replica.migration(url ->
        {
            try
            {
                checkTarget(url);
                return true;
            }
            catch (final TargetGuard.Refused | IllegalArgumentException e)
            {
                return false;
            }
        }).proposeOnce(dataDir);
        sync();
    }

    /** Cluster mode: a read or change sees what other members changed just now, not up to a tick ago. */
    private void followChanges()
    {
        if (replica != null)
        {
            sync();
        }
    }

    /**
     * Cluster mode: makes the delivery loops follow the replica's table (subscriptions created,
     * rotated or deleted through any member).
     */
    private synchronized void sync()
    {
        if (closed)
        {
            return;
        }
        final Map<String, Subscription> table = new LinkedHashMap<>();
        for (final WebhookTable.Webhook w : replica.table().webhooks())
        {
            table.put(ReplicatedWebhooks.idText(w.id()), replica.subscription(w));
        }
        for (final var it = deliveries.entrySet().iterator(); it.hasNext(); )
        {
            final Map.Entry<String, Delivery> e = it.next();
            if (!table.containsKey(e.getKey()))
            {
                e.getValue().stop();
                it.remove();
            }
        }
        table.forEach((id, subscription) ->
        {
            final Delivery d = deliveries.get(id);
            if (d == null)
            {
                final Delivery added = new Delivery(this, subscription, replica.recorded(id));
                deliveries.put(id, added);
                if (started)
                {
                    added.start();
                }
            }
            else if (!d.subscription().equals(subscription))
            {
                d.subscription(subscription);
            }
        });
    }

    private static long journalEnd(final Path journalDir)
    {
        try (ChronicleQueue queue = Journal.open(journalDir, false))
        {
            return JournalReader.lastSequence(queue);
        }
    }

    public synchronized void start()
    {
        started = true;
        deliveries.values().forEach(Delivery::start);
        flusher.scheduleWithFixedDelay(replica == null ? this::flushCursors : this::followTable, CURSOR_FLUSH_MILLIS,
            CURSOR_FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** @throws TargetGuard.Refused if the URL may not be a target. */
    public URI checkTarget(final String url) throws TargetGuard.Refused
    {
        final URI uri = TargetGuard.parse(url);
        guard.check(uri);
        return uri;
    }

    /**
     * Subscribes, from the journal's present on: the events of commands after the last one applied.
     *
     * @return the subscription, its secret included.
     * @throws IllegalStateException when {@link Settings#maxSubscriptions()} exist.
     */
    public synchronized Subscription create(final URI url, final Set<EventKind> kinds, final String channel,
        final int channelId) throws IOException
    {
        if (deliveries.size() >= settings.maxSubscriptions())
        {
            throw new IllegalStateException("there are " + deliveries.size() + " webhook subscriptions, the most " +
                "webhooks.max-subscriptions allows");
        }
        String id;
        do
        {
            id = "wh_" + token(8);
        }
        while (deliveries.containsKey(id));
        final Subscription subscription = new Subscription(id, url, kinds, channel, channelId, "whsec_" + token(24), null, 0,
            System.currentTimeMillis());
        if (replica != null)
        {
            replica.create(subscription);
            sync();
            return deliveries.get(id).subscription();
        }
        final Delivery delivery = new Delivery(this, subscription, lastSequence.getAsLong());
        deliveries.put(id, delivery);
        try
        {
            persist();
        }
        catch (final IOException e)
        {
            deliveries.remove(id);
            throw e;
        }
        if (started)
        {
            delivery.start();
        }
        return subscription;
    }

    public synchronized List<Status> list()
    {
        followChanges();
        final List<Status> all = new ArrayList<>();
        deliveries.values().forEach(d -> all.add(status(d)));
        return all;
    }

    /** @return the subscription's status, or null if there is none by that id. */
    public synchronized Status get(final String id)
    {
        followChanges();
        final Delivery d = deliveries.get(id);
        return d == null ? null : status(d);
    }

    /** @return whether it existed; its delivery has stopped when this returns. */
    public synchronized boolean delete(final String id) throws IOException
    {
        if (replica != null)
        {
            final boolean existed = replica.delete(id);
            sync();
            return existed;
        }
        final Delivery d = deliveries.remove(id);
        if (d == null)
        {
            return false;
        }
        d.stop();
        try
        {
            persist();
        }
        catch (final IOException e)
        {
            // Not written: it stays, and goes on delivering.
            final Delivery again = new Delivery(this, d.subscription(), d.cursor());
            deliveries.put(id, again);
            again.start();
            throw e;
        }
        return true;
    }

    /**
     * A new secret; the current one still signs deliveries for {@code overlap} (two signatures per
     * delivery meanwhile), so receivers can switch without refusing any.
     *
     * @return the subscription with its new secret, or null if there is none by that id.
     */
    public synchronized Subscription rotate(final String id, final Duration overlap) throws IOException
    {
        followChanges();
        final Delivery d = deliveries.get(id);
        if (d == null)
        {
            return null;
        }
        final Subscription before = d.subscription();
        final Subscription after = before.rotated("whsec_" + token(24),
            overlap.isZero() ? 0 : System.currentTimeMillis() + overlap.toMillis());
        if (replica != null)
        {
            final boolean existed = replica.rotate(id, after.secret(), after.previousSecretUntilMillis());
            sync();
            return existed ? deliveries.get(id).subscription() : null;
        }
        d.subscription(after);
        try
        {
            persist();
        }
        catch (final IOException e)
        {
            d.subscription(before);
            throw e;
        }
        return after;
    }

    public Duration defaultRotationOverlap()
    {
        return settings.rotationOverlap();
    }

    /** @return each subscription's figures, for /metrics. */
    public synchronized List<DaemonMetrics.WebhookFigures> figures()
    {
        final List<DaemonMetrics.WebhookFigures> figures = new ArrayList<>();
        for (final Delivery d : deliveries.values())
        {
            figures.add(new DaemonMetrics.WebhookFigures(d.subscription().id(), d.delivered(), d.failed(), lag(d)));
        }
        return figures;
    }

    /** Stops every delivery and writes the cursors. */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        flusher.shutdownNow();
        deliveries.values().forEach(Delivery::stop);
        if (replica != null)
        {
            // The table is the cluster's; the next leader resumes from its recorded positions.
            return;
        }
        try
        {
            persist();
        }
        catch (final IOException e)
        {
            LOG.warn("could not write the webhook cursors; deliveries since the last write are sent again", e);
        }
    }

    // For the delivery loops.

    Path journalDir()
    {
        return journalDir;
    }

    InventoryEngine engine()
    {
        return engine;
    }

    JournalPositions positions()
    {
        return positions;
    }

    TargetGuard guard()
    {
        return guard;
    }

    HttpClient client()
    {
        return client;
    }

    Duration timeout()
    {
        return settings.timeout();
    }

    boolean delivers()
    {
        return delivers.getAsBoolean();
    }

    void cursorMoved()
    {
        cursorsDirty.set(true);
    }

    /**
     * @return where a delivery that starts delivering resumes, at the earliest: in cluster mode the
     *     position recorded in the replicated table (what the previous leader's deliveries reached),
     *     else -1 (its own cursor stands).
     */
    long recordedCursor(final String id)
    {
        return replica == null ? -1 : replica.recorded(id);
    }

    /** Cluster mode's tick: follow the table, and record how far this leader's deliveries got. */
    private void followTable()
    {
        try
        {
            sync();
            if (delivers.getAsBoolean())
            {
                final List<Delivery> all;
                synchronized (this)
                {
                    all = List.copyOf(deliveries.values());
                }
                all.forEach(d -> replica.delivered(d.subscription().id(), d.sent()));
            }
        }
        catch (final RuntimeException e)
        {
            LOG.warn("webhooks: could not follow the replicated subscriptions; trying again", e);
        }
    }

    /** Exponential, capped, with jitter so that receivers back up do not get every retry at once. */
    long backoffMillis(final int attempt, final SplittableRandom jitter)
    {
        final long initial = settings.retryInitial().toMillis();
        final long max = settings.retryMax().toMillis();
        final long ceiling = Math.min(max, initial << Math.min(attempt - 1, 30));
        return ceiling / 2 + jitter.nextLong(ceiling / 2 + 1);
    }

    private long lag(final Delivery d)
    {
        return Math.max(0, lastSequence.getAsLong() - d.cursor());
    }

    private Status status(final Delivery d)
    {
        return new Status(d.subscription(), d.cursor(), lag(d), d.delivered(), d.failed(), d.lastError());
    }

    private void flushCursors()
    {
        if (!cursorsDirty.getAndSet(false))
        {
            return;
        }
        try
        {
            synchronized (this)
            {
                if (!closed)
                {
                    persist();
                }
            }
        }
        catch (final IOException | RuntimeException e)
        {
            cursorsDirty.set(true);
            LOG.warn("could not write the webhook cursors; trying again", e);
        }
    }

    /** Writes every subscription with its cursor now; the caller holds the lock. */
    private void persist() throws IOException
    {
        final List<WebhookStore.Stored> all = new ArrayList<>();
        for (final Delivery d : deliveries.values())
        {
            final Subscription s = d.subscription();
            all.add(new WebhookStore.Stored(s.id(), s.url().toString(), s.kinds().stream().map(Enum::name).sorted().toList(),
                s.channel(), s.secret(), s.previousSecret(), s.previousSecretUntilMillis(), s.createdAtMillis(), d.cursor()));
        }
        store.write(all);
    }

    private String token(final int bytes)
    {
        final byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}

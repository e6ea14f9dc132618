package io.omnistock.daemon.events;

import io.omnistock.api.CommandResult;
import io.omnistock.api.EventKind;
import io.omnistock.api.EventView;
import io.omnistock.api.InventoryEngine;
import io.omnistock.core.journal.JournalRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The coalesced feeds for channels and store devices, fed by one thread tailing the journal (so
 * the engine's own threads do no extra work for them).
 *
 * <ul>
 *   <li>Availability: per SKU, what a channel may promise (network, quota-capped for a channel),
 *       published when it crosses a band (out of stock, low, in stock) or moves by at least the
 *       configured share since the last publication. Figures come from the engine itself.</li>
 *   <li>Store levels: per store, each changed position's latest on hand and available, at most
 *       once per interval, for shelf labels and staff tablets.</li>
 * </ul>
 */
public final class Feeds implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Feeds.class);
    /** How long a new subscriber waits for the tail to pick up at the journal's end: a poll or two. */
    private static final long FOLLOW_WAIT_MILLIS = 1_000;

    private final InventoryEngine engine;
    private final long intervalNanos;
    private final long lowThreshold;
    private final int changePercent;
    private final CopyOnWriteArrayList<FeedSubscriber> subscribers = new CopyOnWriteArrayList<>();
    private final JournalTail tail;
    /** Commands up to here were applied before the start: the feeds publish what changes after. */
    private final long present;

    // Owned by the tail thread.
    private long nextFlushNanos;
    private final Set<Integer> dirtySkus = new HashSet<>();
    private final Map<Long, long[]> dirtyPositions = new HashMap<>();

    public Feeds(final Path journalDir, final InventoryEngine engine, final java.util.function.LongSupplier lastSequence, final Duration interval,
        final long lowThreshold, final int changePercent)
    {
        this.engine = engine;
        this.intervalNanos = interval.toNanos();
        this.lowThreshold = lowThreshold;
        this.changePercent = changePercent;
        this.present = lastSequence.getAsLong();
        this.nextFlushNanos = System.nanoTime() + intervalNanos;
        this.tail = new JournalTail(journalDir, "omnistock-feeds", record ->
        {
            if (record.sequence() > present)
            {
                collect(record);
            }
        }, this::flushWhenDue, e -> LOG.error("the availability and store-level feeds stopped", e),
            () -> !subscribers.isEmpty());
    }

    public void start()
    {
        tail.start();
    }

    /**
     * Adds a subscriber and returns once the tail follows the journal for it, so no change made
     * after this returns is missed (with no subscribers the tail reads nothing, and picks up at the
     * journal's end when one comes).
     */
    void subscribe(final FeedSubscriber subscriber)
    {
        subscribers.add(subscriber);
        if (!tail.awaitFollowing(FOLLOW_WAIT_MILLIS))
        {
            LOG.warn("the feeds' journal tail did not start following within {} ms", FOLLOW_WAIT_MILLIS);
        }
    }

    void unsubscribe(final FeedSubscriber subscriber)
    {
        subscribers.remove(subscriber);
    }

    boolean closed()
    {
        return tail.closed();
    }

    @Override
    public void close()
    {
        tail.close();
    }

    private void flushWhenDue()
    {
        if (System.nanoTime() >= nextFlushNanos)
        {
            flush();
            nextFlushNanos = System.nanoTime() + intervalNanos;
        }
    }

    private void collect(final JournalRecord record)
    {
        for (int i = 0; i < record.eventCount(); i++)
        {
            final EventView events = record.event(i);
            if (events.kind() == EventKind.STOCK_CHANGED)
            {
                dirtySkus.add(events.sku());
                dirtyPositions.put(((long)events.location() << 32) | events.sku(),
                    new long[] {events.onHand(), events.available()});
            }
        }
    }

    private void flush()
    {
        if (subscribers.isEmpty())
        {
            dirtySkus.clear();
            dirtyPositions.clear();
            return;
        }
        for (final Map.Entry<Long, long[]> e : dirtyPositions.entrySet())
        {
            final int location = (int)(e.getKey() >>> 32);
            final int sku = (int)(long)e.getKey();
            for (final FeedSubscriber s : subscribers)
            {
                if (s.wantsStore(location, sku))
                {
                    s.offer(levelJson(location, sku, e.getValue()));
                }
            }
        }
        dirtyPositions.clear();
        // A figure the engine did not give (ring full, timeout) is asked for again on the next tick:
        // dropped, the feed would stay wrong until the SKU happened to change again.
        for (final FeedSubscriber s : subscribers)
        {
            s.ungreeted().removeIf(sku -> publishIfCrossed(s, sku, availability(s.channel(), sku)));
        }
        dirtySkus.removeIf(this::publish);
    }

    /** @return whether every subscriber that wants the SKU's availability got the engine's figure. */
    private boolean publish(final int sku)
    {
        final Map<Integer, Long> byChannel = new HashMap<>();
        boolean answered = true;
        for (final FeedSubscriber s : subscribers)
        {
            if (s.wantsAvailability(sku))
            {
                answered &= publishIfCrossed(s, sku, byChannel.computeIfAbsent(s.channel(), c -> availability(c, sku)));
            }
        }
        return answered;
    }

    /** @return false if there is no figure to judge by (the engine did not answer). */
    private boolean publishIfCrossed(final FeedSubscriber s, final int sku, final Long available)
    {
        if (available == null)
        {
            return false;
        }
        final Long last = s.published().get(sku);
        if (last == null || crosses(last, available))
        {
            s.published().put(sku, available);
            s.offer(availabilityJson(sku, s.channel(), available));
        }
        return true;
    }

    /** @return availability through the ring (the engine's own figure), or null if unavailable now. */
    private Long availability(final int channel, final int sku)
    {
        try
        {
            final CommandResult r = engine.trySubmit(channel < 0 ? io.omnistock.api.Commands.queryAvailability(1, sku) :
                w -> w.queryChannelAvailability(1, channel, sku)).get(5, TimeUnit.SECONDS);
            return r.accepted() ? r.networkAvailable() : null;
        }
        catch (final Exception e)
        {
            return null;
        }
    }

    boolean crosses(final long before, final long now)
    {
        if (band(before) != band(now))
        {
            return true;
        }
        final long change = Math.abs(now - before);
        return before == 0 ? change > 0 : change * 100 >= (long)changePercent * before;
    }

    private int band(final long available)
    {
        return available <= 0 ? 0 : available <= lowThreshold ? 1 : 2;
    }

    private String availabilityJson(final int sku, final int channel, final long available)
    {
        final StringBuilder out = new StringBuilder(128);
        out.append("{\"sku\":");
        EventJson.quote(out, engine.skuCode(sku));
        if (channel >= 0)
        {
            out.append(",\"channel\":");
            EventJson.quote(out, engine.channelCode(channel));
        }
        out.append(",\"available\":").append(available)
            .append(",\"status\":\"").append(available <= 0 ? "OUT_OF_STOCK" : available <= lowThreshold ? "LOW" : "IN_STOCK")
            .append("\"}");
        return "event: availability\ndata: " + out + "\n\n";
    }

    private String levelJson(final int location, final int sku, final long[] level)
    {
        final StringBuilder out = new StringBuilder(128);
        out.append("{\"location\":");
        EventJson.quote(out, engine.locationCode(location));
        out.append(",\"sku\":");
        EventJson.quote(out, engine.skuCode(sku));
        out.append(",\"onHand\":").append(level[0]).append(",\"available\":").append(level[1]).append('}');
        return "event: level\ndata: " + out + "\n\n";
    }
}

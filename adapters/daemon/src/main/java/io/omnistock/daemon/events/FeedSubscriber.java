package io.omnistock.daemon.events;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One feed client: what it wants and the events waiting for its connection. A client too slow to
 * keep up loses its connection rather than holding memory: it reconnects and reads positions anew.
 */
final class FeedSubscriber
{
    private static final int QUEUE = 65_536;

    private final int channel;
    private final Set<Integer> skus;
    private final int store;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
    /** What this subscriber was last sent per SKU; the feeds thread's alone. */
    private final Map<Integer, Long> published = new HashMap<>();
    /** SKUs still owed their starting figure; the feeds thread's alone. */
    private final Set<Integer> ungreeted;
    private volatile boolean overflowed;

    /**
     * @param channel the channel whose view of availability it gets, or -1 for the network's.
     * @param skus    SKUs of interest (empty: all), for the availability feed.
     * @param store   the store of a level feed, or -1 for an availability feed.
     */
    FeedSubscriber(final int channel, final Set<Integer> skus, final int store)
    {
        this.channel = channel;
        this.skus = Set.copyOf(skus);
        this.store = store;
        // A new availability subscriber that named its SKUs starts from their current figures.
        this.ungreeted = store < 0 ? new HashSet<>(skus) : new HashSet<>();
    }

    int channel()
    {
        return channel;
    }

    Map<Integer, Long> published()
    {
        return published;
    }

    Set<Integer> ungreeted()
    {
        return ungreeted;
    }

    boolean wantsAvailability(final int sku)
    {
        return store < 0 && (skus.isEmpty() || skus.contains(sku));
    }

    boolean wantsStore(final int location, final int sku)
    {
        return location == store && (skus.isEmpty() || skus.contains(sku));
    }

    void offer(final String event)
    {
        if (!queue.offer(event))
        {
            overflowed = true;
        }
    }

    BlockingQueue<String> queue()
    {
        return queue;
    }

    boolean overflowed()
    {
        return overflowed;
    }
}

package io.omnistock.core.webhook;

import io.omnistock.core.state.StateComponent;
import io.omnistock.core.state.StateHash;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Webhook subscriptions as replicated state (docs/cluster.md, "Replicated webhooks"): by id, the
 * target, the event kinds, the channel, the signing secret (and the one before the last rotation,
 * with until when it still signs) and the journal sequence deliveries are known received up to.
 *
 * <p>Changed only by the business-logic thread, read by any: every change publishes a new
 * immutable map through a volatile field (subscriptions change seldom).
 */
public final class WebhookTable implements StateComponent
{
    /** The snapshot format that added the table (with the API keys'); earlier formats load with an empty one. */
    public static final int SINCE_SNAPSHOT_FORMAT = 7;

    private volatile Map<Long, Webhook> byId = Map.of();

    /** A 24-byte secret as three big-endian words; all zeros is none. */
    public record Secret(long w0, long w1, long w2)
    {
        public static final Secret NONE = new Secret(0, 0, 0);

        public boolean none()
        {
            return (w0 | w1 | w2) == 0;
        }
    }

    /**
     * One subscription.
     *
     * @param kinds               one bit per {@link io.omnistock.api.EventKind} ordinal.
     * @param channel             the channel id, or -1 for every channel.
     * @param previous            the secret before the last rotation, or {@link Secret#NONE}.
     * @param previousUntilMillis until when {@code previous} still signs.
     * @param createdAtMillis     the creating command's engine time.
     * @param delivered           the journal sequence deliveries are received up to.
     */
    public record Webhook(long id, String url, int kinds, int channel, Secret secret, Secret previous,
        long previousUntilMillis, long createdAtMillis, long delivered)
    {
    }

    /** @return the subscription, or null. */
    public Webhook byId(final long id)
    {
        return byId.get(id);
    }

    /** @return every subscription in id order; an unchanging view. */
    public Collection<Webhook> webhooks()
    {
        return byId.values();
    }

    public int count()
    {
        return byId.size();
    }

    void put(final Webhook webhook)
    {
        final Map<Long, Webhook> next = new TreeMap<>(byId);
        next.put(webhook.id(), webhook);
        byId = Collections.unmodifiableMap(next);
    }

    void remove(final long id)
    {
        final Map<Long, Webhook> next = new TreeMap<>(byId);
        next.remove(id);
        byId = Collections.unmodifiableMap(next);
    }

    @Override
    public long checksum()
    {
        long sum = byId.size();
        for (final Webhook w : byId.values())
        {
            long h = StateHash.combine(w.id(), w.url().hashCode());
            h = StateHash.combine(h, w.kinds());
            h = StateHash.combine(h, w.channel());
            h = combine(h, w.secret());
            h = combine(h, w.previous());
            h = StateHash.combine(h, w.previousUntilMillis());
            h = StateHash.combine(h, w.createdAtMillis());
            sum += StateHash.combine(h, w.delivered());
        }
        return sum;
    }

    private static long combine(final long h, final Secret s)
    {
        return StateHash.combine(StateHash.combine(StateHash.combine(h, s.w0()), s.w1()), s.w2());
    }

    @Override
    public void writeTo(final DataOutput out) throws IOException
    {
        out.writeInt(byId.size());
        for (final Webhook w : byId.values())
        {
            out.writeLong(w.id());
            out.writeUTF(w.url());
            out.writeInt(w.kinds());
            out.writeInt(w.channel());
            write(out, w.secret());
            write(out, w.previous());
            out.writeLong(w.previousUntilMillis());
            out.writeLong(w.createdAtMillis());
            out.writeLong(w.delivered());
        }
    }

    private static void write(final DataOutput out, final Secret s) throws IOException
    {
        out.writeLong(s.w0());
        out.writeLong(s.w1());
        out.writeLong(s.w2());
    }

    @Override
    public void readFrom(final DataInput in, final int formatVersion) throws IOException
    {
        if (formatVersion < SINCE_SNAPSHOT_FORMAT)
        {
            return;
        }
        final int n = in.readInt();
        if (n < 0)
        {
            throw new IOException("negative webhook count " + n);
        }
        final Map<Long, Webhook> read = new TreeMap<>();
        for (int i = 0; i < n; i++)
        {
            final Webhook w = new Webhook(in.readLong(), in.readUTF(), in.readInt(), in.readInt(),
                new Secret(in.readLong(), in.readLong(), in.readLong()), new Secret(in.readLong(), in.readLong(), in.readLong()),
                in.readLong(), in.readLong(), in.readLong());
            read.put(w.id(), w);
        }
        byId = Collections.unmodifiableMap(read);
    }
}

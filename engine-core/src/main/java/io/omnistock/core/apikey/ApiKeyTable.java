package io.omnistock.core.apikey;

import io.omnistock.core.state.StateComponent;
import io.omnistock.core.state.StateHash;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The API keys a replicated daemon authenticates with (docs/cluster.md, "Replicated API keys"):
 * by name, each key's SHA-256 digest, scopes, channel, expiry and whether it is revoked. A revoked
 * key stays, so neither a failover nor a replay of an older snapshot plus the log brings it back.
 *
 * <p>Changed only by the business-logic thread, read by any: every change publishes new
 * immutable maps through volatile fields, so a daemon's I/O threads look a presented key up
 * without a lock (keys change seldom; a copy per change costs nothing that matters).
 */
public final class ApiKeyTable implements StateComponent
{
    /** The snapshot format that added the table; earlier formats load with an empty one. */
    public static final int SINCE_SNAPSHOT_FORMAT = 7;

    private volatile Map<String, ApiKey> byName = Map.of();
    private volatile Map<Digest, ApiKey> byDigest = Map.of();

    /** A key's SHA-256, as four big-endian 64-bit words. */
    public record Digest(long w0, long w1, long w2, long w3)
    {
        public boolean zero()
        {
            return (w0 | w1 | w2 | w3) == 0;
        }

        /** @param sha256 the 32 bytes of a SHA-256. */
        public static Digest of(final byte[] sha256)
        {
            if (sha256.length != 32)
            {
                throw new IllegalArgumentException("a SHA-256 is 32 bytes, not " + sha256.length);
            }
            final java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(sha256);
            return new Digest(b.getLong(), b.getLong(), b.getLong(), b.getLong());
        }
    }

    /**
     * One key.
     *
     * @param channel         the channel id it acts for, or -1.
     * @param expiresAtMillis when it stops working (epoch ms), or 0 for never.
     */
    public record ApiKey(String name, Digest digest, int scopes, int channel, long expiresAtMillis, boolean revoked)
    {
        /** @return whether it works at {@code nowMillis}: not revoked and not expired. */
        public boolean live(final long nowMillis)
        {
            return !revoked && (expiresAtMillis == 0 || nowMillis < expiresAtMillis);
        }
    }

    /** @return the key of this name, revoked or not, or null. */
    public ApiKey byName(final String name)
    {
        return byName.get(name);
    }

    /** @return the key with this digest, revoked or not, or null. */
    public ApiKey byDigest(final Digest digest)
    {
        return byDigest.get(digest);
    }

    /** @return every key, revoked ones included, in name order; an unchanging view. */
    public Collection<ApiKey> keys()
    {
        return byName.values();
    }

    public int count()
    {
        return byName.size();
    }

    void put(final ApiKey key)
    {
        final Map<String, ApiKey> names = new TreeMap<>(byName);
        final ApiKey previous = names.put(key.name(), key);
        final Map<Digest, ApiKey> digests = new HashMap<>(byDigest);
        if (previous != null)
        {
            digests.remove(previous.digest());
        }
        digests.put(key.digest(), key);
        byDigest = Collections.unmodifiableMap(digests);
        byName = Collections.unmodifiableMap(names);
    }

    @Override
    public long checksum()
    {
        long sum = byName.size();
        for (final ApiKey k : byName.values())
        {
            long h = StateHash.combine(k.name().hashCode(), k.digest().w0());
            h = StateHash.combine(h, k.digest().w1());
            h = StateHash.combine(h, k.digest().w2());
            h = StateHash.combine(h, k.digest().w3());
            h = StateHash.combine(h, k.scopes());
            h = StateHash.combine(h, k.channel());
            h = StateHash.combine(h, k.expiresAtMillis());
            sum += StateHash.combine(h, k.revoked() ? 1 : 0);
        }
        return sum;
    }

    @Override
    public void writeTo(final DataOutput out) throws IOException
    {
        out.writeInt(byName.size());
        for (final ApiKey k : byName.values())
        {
            out.writeUTF(k.name());
            out.writeLong(k.digest().w0());
            out.writeLong(k.digest().w1());
            out.writeLong(k.digest().w2());
            out.writeLong(k.digest().w3());
            out.writeInt(k.scopes());
            out.writeInt(k.channel());
            out.writeLong(k.expiresAtMillis());
            out.writeBoolean(k.revoked());
        }
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
            throw new IOException("negative API key count " + n);
        }
        final Map<String, ApiKey> names = new TreeMap<>();
        final Map<Digest, ApiKey> digests = new HashMap<>();
        for (int i = 0; i < n; i++)
        {
            final String name = in.readUTF();
            final Digest digest = new Digest(in.readLong(), in.readLong(), in.readLong(), in.readLong());
            final ApiKey key = new ApiKey(name, digest, in.readInt(), in.readInt(), in.readLong(), in.readBoolean());
            names.put(name, key);
            digests.put(digest, key);
        }
        byDigest = Collections.unmodifiableMap(digests);
        byName = Collections.unmodifiableMap(names);
    }
}

package io.omnistock.core.state;

import io.omnistock.api.ReasonCode;
import org.agrona.collections.Long2LongHashMap;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Idempotency: the ids of the most recent {@code capacity} journaled commands with the reason each
 * got. A retry inside the window is answered with its original reason instead of being applied
 * again. The window is bounded, so memory stays flat at millions of commands per second; its size
 * is configuration and part of the state (snapshotted, and rebuilt identically by replay).
 */
public final class CommandWindow
{
    private static final long MISSING = -1;
    /** Held by an id between {@link #admit} and {@link #settle}, within one command. */
    private static final long PENDING = -2;

    private final long[] ring;
    private final Long2LongHashMap reasonById;
    private int head;
    private int size;

    public CommandWindow(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("idempotency window must hold at least one command id");
        }
        ring = new long[capacity];
        reasonById = new Long2LongHashMap(Math.max(16, capacity * 2), 0.65f, MISSING);
    }

    public int capacity()
    {
        return ring.length;
    }

    /**
     * Admits a command id: if it is in the window, returns the reason the earlier command got;
     * otherwise enters it (reason to follow through {@link #settle}) and returns {@code null}.
     * One probe of the map serves both the lookup and the insert: on a map this size each probe is
     * a cache miss, and this is on every command's path.
     */
    public ReasonCode admit(final long commandId)
    {
        final long earlier = reasonById.put(commandId, PENDING);
        if (earlier != MISSING)
        {
            reasonById.put(commandId, earlier);
            return ReasonCode.fromOrdinal((int)earlier);
        }
        if (size == ring.length)
        {
            reasonById.remove(ring[head]);
        }
        else
        {
            size++;
        }
        ring[head] = commandId;
        head = head + 1 == ring.length ? 0 : head + 1;
        return null;
    }

    /** Records the reason an admitted command got. */
    public void settle(final long commandId, final ReasonCode reason)
    {
        reasonById.put(commandId, reason.ordinal());
    }

    /**
     * @return the reason the earlier command with this id got, or {@code null} if none is in the window.
     */
    public ReasonCode originalReason(final long commandId)
    {
        final long ordinal = reasonById.get(commandId);
        return ordinal == MISSING ? null : ReasonCode.fromOrdinal((int)ordinal);
    }

    /** Admits and settles in one go (snapshot loading, tests). */
    public void record(final long commandId, final ReasonCode reason)
    {
        admit(commandId);
        settle(commandId, reason);
    }

    long checksum()
    {
        long h = size;
        for (int i = 0; i < size; i++)
        {
            final long id = ring[oldest(i)];
            h = StateHash.combine(StateHash.combine(h, id), reasonById.get(id));
        }
        return h;
    }

    private int oldest(final int i)
    {
        final int start = size == ring.length ? head : 0;
        return (start + i) % ring.length;
    }

    void writeTo(final DataOutput out) throws IOException
    {
        out.writeInt(size);
        for (int i = 0; i < size; i++)
        {
            final long id = ring[oldest(i)];
            out.writeLong(id);
            out.writeShort((int)reasonById.get(id));
        }
    }

    void readFrom(final DataInput in) throws IOException
    {
        final int n = in.readInt();
        for (int i = 0; i < n; i++)
        {
            final long id = in.readLong();
            final ReasonCode reason = ReasonCode.fromOrdinal(in.readShort());
            if (reason == null)
            {
                throw new IOException("snapshot idempotency entry " + i + " has an unknown reason");
            }
            record(id, reason);
        }
    }
}

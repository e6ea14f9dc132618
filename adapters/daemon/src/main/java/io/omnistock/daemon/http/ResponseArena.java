package io.omnistock.daemon.http;

import org.agrona.collections.Long2LongHashMap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * First responses by command id, the most recent ones, kept as bytes in one array used as a ring:
 * a new response overwrites the oldest. Why not an object per response: every response remembered
 * in a map of objects was a reference from the map's old array to a young object, a card the
 * collector's refinement threads then scanned; G1's refinement took 17.8% of the daemon's CPU
 * samples on batches of 256 keyed orders (docs/benchmarks.md run 52). Here the only objects are the
 * array and a primitive index, made once.
 *
 * <p>A record, at a position that is a multiple of 8: command id (8 bytes), fingerprint (8), status
 * (4), body length (4), the body, padded to 8. A record does not wrap: when it does not fit before
 * the array's end it starts at 0, leaving a gap at the end. Positions are counted from the start,
 * never reset (but by growth), so a record's position names it even after the ring has gone round.
 *
 * <p>The kept records' ids and sizes are also listed apart, oldest first ({@link #keptIds},
 * {@link #keptSizes}), so the oldest is evicted without reading the array: its record was written
 * a whole ring of responses before, long out of every cache, and reading it was a miss to memory
 * on every response kept ({@code ResponseArena.put} 8.2% of the I/O threads' CPU samples on
 * batches of 256 keyed orders; docs/benchmarks.md run 57). Where a record starts follows from where
 * the one before it ends and its size ({@link #startOf}), as when it was put.
 *
 * <p>Kept: at most {@code maxEntries} responses, fewer when they do not fit in the array, which
 * starts at {@link #MIN_BYTES} and doubles while the count allows more, up to
 * {@link #BYTES_PER_RESPONSE} a response rounded up to a power of two ({@link #roomBytes}); a response over a quarter of that room is not kept (its retry gets the engine's answer, as after a restart).
 * Not thread-safe: {@link Idempotency} locks around it.
 */
final class ResponseArena
{
    /** Room per response the arena is sized by; a routed order's answer is 200 to 400 bytes. */
    static final int BYTES_PER_RESPONSE = 512;
    /** The least room: one response of a small arena may still be a few kilobytes. */
    static final int MIN_BYTES = 64 * 1024;
    /** The most room an arena has: the largest power of two an array's length can be. */
    static final int MAX_BYTES = 1 << 30;
    private static final int HEADER = 24;
    private static final long NONE = -1;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** Grown by doubling, from {@link #MIN_BYTES} up to {@link #maxBytes}, as responses need the room: always a power of two. */
    private byte[] bytes;
    private final int maxBytes;
    private final int maxEntries;
    /** Command id to its record's position. */
    private final Long2LongHashMap index;
    /** Where the next record goes. */
    private long head;
    /** Where the oldest kept record ends its predecessor (it starts there, or after a gap); {@code head} when none. */
    private long tail;
    private int entries;
    /** The kept records' command ids, oldest first from {@link #oldest}, a ring grown by doubling up to {@code maxEntries}. */
    private long[] keptIds = new long[16];
    /** The kept records' sizes (padding included), beside {@link #keptIds}. */
    private int[] keptSizes = new int[16];
    /** Where the oldest kept record is in {@link #keptIds} and {@link #keptSizes}. */
    private int oldest;

    /** A remembered first response, copied out, with the fingerprint of the request it answered. */
    record Found(long fingerprint, int status, byte[] body)
    {
    }

    ResponseArena(final int maxEntries)
    {
        this.maxEntries = Math.max(1, maxEntries);
        this.maxBytes = roomBytes(this.maxEntries);
        // Small at first, as the map of objects was: a daemon on a small heap must start, and the
        // default's full room (64 MB over its stripes) is for a daemon that remembers that much.
        this.bytes = new byte[MIN_BYTES];
        this.index = new Long2LongHashMap(64, 0.65f, NONE);
    }

    /** @return the response remembered for {@code commandId}, or null. */
    Found get(final long commandId)
    {
        final long position = index.get(commandId);
        if (position == NONE)
        {
            return null;
        }
        final int at = offset(position);
        final int length = (int)INT.get(bytes, at + 20);
        final byte[] body = new byte[length];
        System.arraycopy(bytes, at + HEADER, body, 0, length);
        return new Found((long)LONG.get(bytes, at + 8), (int)INT.get(bytes, at + 16), body);
    }

    /**
     * Keeps a first response; a command id already kept keeps its first.
     *
     * @return whether it was kept (not when over a quarter of the arena).
     */
    boolean put(final long commandId, final long fingerprint, final int status, final byte[] body)
    {
        final int size = align(HEADER + body.length);
        if (size > maxBytes / 4)
        {
            return false;
        }
        if (index.containsKey(commandId))
        {
            return true;
        }
        // Room for the kept records, this one and a gap at the end as long as it: grown rather than
        // evicting while the count allows more and the room may grow.
        while (bytes.length < maxBytes && entries < maxEntries && head - tail + 2L * size > bytes.length)
        {
            grow();
        }
        final long start = startOf(head, size);
        final long end = start + size;
        while (entries > 0 && (tail < end - bytes.length || entries >= maxEntries))
        {
            evictOldest();
        }
        if (entries == 0)
        {
            tail = head;
        }
        keep(commandId, size);
        final int at = offset(start);
        LONG.set(bytes, at, commandId);
        LONG.set(bytes, at + 8, fingerprint);
        INT.set(bytes, at + 16, status);
        INT.set(bytes, at + 20, body.length);
        System.arraycopy(body, 0, bytes, at + HEADER, body.length);
        index.put(commandId, start);
        head = end;
        entries++;
        return true;
    }

    /** @return the array's size now. */
    int capacityBytes()
    {
        return bytes.length;
    }

    /**
     * @return the most room an arena of {@code maxEntries} grows to: {@link #BYTES_PER_RESPONSE} each,
     *     at least {@link #MIN_BYTES}, rounded up to a power of two, so every size the array takes is
     *     one and a position's offset in it is a mask. It was a 64-bit division (the default's stripe
     *     is 3.2 MB), four or five per response kept; ResponseArena.put's own code was 6.4% of the I/O
     *     threads' CPU samples on batches of 256 keyed orders (docs/benchmarks.md run 55's profile), 3.9%
     *     after (run 56).
     */
    static int roomBytes(final int maxEntries)
    {
        final long wanted = Math.max(MIN_BYTES, (long)maxEntries * BYTES_PER_RESPONSE);
        return (int)Math.min(MAX_BYTES, Long.highestOneBit(wanted - 1) << 1);
    }

    /** @return responses kept. */
    int size()
    {
        return entries;
    }

    /** Doubles the array (up to {@link #maxBytes}), the kept records laid out again from 0, oldest first. */
    private void grow()
    {
        final byte[] grown = new byte[(int)Math.min(maxBytes, 2L * bytes.length)];
        long from = tail;
        int to = 0;
        for (int kept = 0; kept < entries; kept++)
        {
            final int size = keptSizes[(oldest + kept) & (keptSizes.length - 1)];
            from = startOf(from, size);
            final int at = offset(from);
            System.arraycopy(bytes, at, grown, to, size);
            index.put((long)LONG.get(bytes, at), to);
            from += size;
            to += size;
        }
        bytes = grown;
        tail = 0;
        head = to;
    }

    /**
     * @return where a record of {@code size} bytes goes when the one before it ends at {@code end}:
     *     there, or at the array's start when it does not fit before the array's end (it never wraps).
     */
    private long startOf(final long end, final int size)
    {
        final int room = bytes.length - offset(end);
        return room < size ? end + room : end;
    }

    /** Lists a record kept, the newest, beside the ones kept before it. */
    private void keep(final long commandId, final int size)
    {
        if (entries == keptIds.length)
        {
            final long[] ids = new long[2 * entries];
            final int[] sizes = new int[2 * entries];
            for (int i = 0; i < entries; i++)
            {
                ids[i] = keptIds[(oldest + i) & (entries - 1)];
                sizes[i] = keptSizes[(oldest + i) & (entries - 1)];
            }
            keptIds = ids;
            keptSizes = sizes;
            oldest = 0;
        }
        final int newest = (oldest + entries) & (keptIds.length - 1);
        keptIds[newest] = commandId;
        keptSizes[newest] = size;
    }

    private void evictOldest()
    {
        final long commandId = keptIds[oldest];
        final int size = keptSizes[oldest];
        final long start = startOf(tail, size);
        final boolean indexed = index.remove(commandId) == start;
        assert indexed : "the oldest record is the one its id points at";
        tail = start + size;
        oldest = (oldest + 1) & (keptIds.length - 1);
        entries--;
    }

    private int offset(final long position)
    {
        return (int)position & (bytes.length - 1);
    }

    private static int align(final int size)
    {
        return (size + 7) & ~7;
    }
}

package io.omnistock.core.state;

import io.omnistock.api.ReasonCode;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Idempotency: the ids of the most recent {@code capacity} journaled commands with the reason each
 * got. A retry inside the window is answered with its original reason instead of being applied
 * again. The window is bounded, so memory stays flat at millions of commands per second; its size
 * is configuration and part of the state (snapshotted, and rebuilt identically by replay).
 *
 * <p>Every command passes here, and at the default million ids the table is far larger than the
 * caches, so the layout is chosen to cost at most one cache miss per command, and a quarter of one
 * when a client numbers its commands (see {@link #home}). Ids sit in an open-addressing table
 * (linear probing, at least twice the window's size) next to the count at which each was admitted
 * and its reason. An id leaves the window by ageing, not by removal: an entry admitted
 * {@code capacity} or more commands ago is stale and ignored, so admitting a command never has to
 * find the id it pushes out (a second miss, the cost of the map this replaced). A cursor walks the
 * table a few slots per command, deleting stale entries so probe chains stay short; the walk is
 * sequential memory, which the hardware prefetches. A ring keeps the ids in admission order for
 * snapshots and checksums.
 *
 * <p>Beside each id in the ring sits the fingerprint of the request that carried it (0 for none),
 * so the engine can tell a retry of the same request from a different request reusing its id. It
 * is read only when an id is found again, so the ordinary command pays one sequential write.
 */
public final class CommandWindow implements StateComponent
{
    /** The most ids a window holds: its table is then 2^29 slots, 8 GiB. */
    public static final int MAX_CAPACITY = 1 << 28;

    /** Table slots the cursor checks per admitted command: a full pass every capacity / 4 commands. */
    private static final int SWEEP_SLOTS = 8;
    /** Consecutive ids that share a run of neighbouring table slots (see {@link #home}). */
    private static final int RUN_BITS = 4;
    private static final int RUN = 1 << RUN_BITS;
    private static final int REASON_BITS = 8;
    private static final long REASON_MASK = (1L << REASON_BITS) - 1;
    /** Reason of an id between {@link #admit} and {@link #settle}, within one command. */
    private static final long PENDING = REASON_MASK;

    private final long[] ring;
    /** The fingerprint each id in {@link #ring} was admitted with, at the same index. */
    private final long[] fingerprints;
    /**
     * Per slot, two longs: the id, and {@code admitted << 8 | reason ordinal}, where {@code admitted}
     * counts from 1 (so 0 marks an empty slot).
     */
    private final long[] table;
    private final int mask;
    /** Shift that leaves a block hash's top bits: as many as the table has runs of {@link #RUN} slots. */
    private final int blockShift;
    private long admitted;
    private int head;
    private int sweep;
    /** The slot of the id admitted last, which {@link #settle} completes. */
    private int pendingSlot = -1;
    /** The fingerprint of the id the last {@link #admit} found in the window. */
    private long foundFingerprint;

    public CommandWindow(final int capacity)
    {
        if (capacity < 1 || capacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException("idempotency window must hold 1 to " + MAX_CAPACITY +
                " command ids: " + capacity);
        }
        ring = new long[capacity];
        fingerprints = new long[capacity];
        final int slots = Math.max(2 * RUN, Integer.highestOneBit(capacity - 1 | 1) << 2);
        table = new long[slots * 2];
        mask = slots - 1;
        blockShift = 64 - Integer.numberOfTrailingZeros(slots >>> RUN_BITS);
    }

    public int capacity()
    {
        return ring.length;
    }

    /**
     * Admits a command id: if it is in the window, returns the reason the earlier command got (and
     * {@link #foundFingerprint()} its fingerprint); otherwise enters it with {@code fingerprint}
     * (reason to follow through {@link #settle}) and returns {@code null}.
     */
    public ReasonCode admit(final long commandId, final long fingerprint)
    {
        // Entries admitted after this count are in the window, the one this command may push out included.
        final long oldestLive = admitted - ring.length;
        int i = home(commandId);
        int reusable = -1;
        long meta;
        while ((meta = table[2 * i + 1]) != 0)
        {
            final boolean live = meta >>> REASON_BITS > oldestLive;
            if (live && table[2 * i] == commandId)
            {
                foundFingerprint = fingerprints[ringIndex(meta)];
                return reasonOf(meta);
            }
            if (!live && reusable < 0)
            {
                reusable = i;
            }
            i = (i + 1) & mask;
        }
        final int slot = reusable >= 0 ? reusable : i;
        admitted++;
        table[2 * slot] = commandId;
        table[2 * slot + 1] = admitted << REASON_BITS | PENDING;
        pendingSlot = slot;
        ring[head] = commandId;
        fingerprints[head] = fingerprint;
        head = head + 1 == ring.length ? 0 : head + 1;
        sweepStale();
        return null;
    }

    /**
     * @return the fingerprint the id the last {@link #admit} found in the window was admitted
     *     with (0 for none).
     */
    public long foundFingerprint()
    {
        return foundFingerprint;
    }

    /** The ring index of the entry admitted {@code meta >>> 8}-th: the ring starts at 0 with the first. */
    private int ringIndex(final long meta)
    {
        return (int)(((meta >>> REASON_BITS) - 1) % ring.length);
    }

    /** @return the first table word the id's admission will read (see {@link CommandProcessor#warm}). */
    long warm(final long commandId)
    {
        return table[2 * home(commandId) + 1];
    }

    /** Records the reason the command admitted last got. */
    public void settle(final long commandId, final ReasonCode reason)
    {
        if (pendingSlot < 0 || table[2 * pendingSlot] != commandId)
        {
            throw new IllegalStateException("settle must follow the admit of the same command id");
        }
        table[2 * pendingSlot + 1] = (table[2 * pendingSlot + 1] & ~REASON_MASK) | reason.ordinal();
        pendingSlot = -1;
    }

    /**
     * @return the reason the earlier command with this id got, or {@code null} if none is in the window.
     */
    public ReasonCode originalReason(final long commandId)
    {
        final long meta = liveMeta(commandId);
        return meta == 0 ? null : reasonOf(meta);
    }

    /** Admits and settles in one go (snapshot loading, tests). */
    public void record(final long commandId, final ReasonCode reason, final long fingerprint)
    {
        if (admit(commandId, fingerprint) == null)
        {
            settle(commandId, reason);
        }
    }

    /** @return the id's table word while it is in the window, else 0. */
    private long liveMeta(final long commandId)
    {
        final long oldestLive = admitted - ring.length;
        int i = home(commandId);
        long meta;
        while ((meta = table[2 * i + 1]) != 0)
        {
            if (table[2 * i] == commandId && meta >>> REASON_BITS > oldestLive)
            {
                return meta;
            }
            i = (i + 1) & mask;
        }
        return 0;
    }

    /**
     * Deletes stale entries under the cursor. The cursor walks down the table: ids that were
     * admitted one after another sit in one probe chain (see {@link #home}) and age out together,
     * and deleting a chain from its end finds nothing behind each hole to move back, where deleting
     * from its start would re-hash the rest of the chain every time. After a deletion the cursor
     * stays put: the deletion may have pulled a later entry, stale too perhaps, into the slot.
     */
    private void sweepStale()
    {
        final long oldestLive = admitted - ring.length;
        for (int n = 0; n < SWEEP_SLOTS; n++)
        {
            final long meta = table[2 * sweep + 1];
            if (meta != 0 && meta >>> REASON_BITS <= oldestLive)
            {
                delete(sweep);
            }
            else
            {
                sweep = (sweep - 1) & mask;
            }
        }
    }

    /** Linear probing's deletion: later entries of the chain that may move back fill the hole. */
    private void delete(final int slot)
    {
        int hole = slot;
        int j = slot;
        while (true)
        {
            j = (j + 1) & mask;
            if (table[2 * j + 1] == 0)
            {
                break;
            }
            final int home = home(table[2 * j]);
            // The entry at j stays when its home lies cyclically in (hole, j]: moving it would break its chain.
            final boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays)
            {
                table[2 * hole] = table[2 * j];
                table[2 * hole + 1] = table[2 * j + 1];
                if (pendingSlot == j)
                {
                    pendingSlot = hole;
                }
                hole = j;
            }
        }
        table[2 * hole] = 0;
        table[2 * hole + 1] = 0;
    }

    /** @return how many ids the window holds: every one admitted, up to its capacity. */
    private int size()
    {
        return (int)Math.min(admitted, ring.length);
    }

    private static ReasonCode reasonOf(final long meta)
    {
        return ReasonCode.fromOrdinal((int)(meta & REASON_MASK));
    }

    /**
     * Hashes the id's block of {@link #RUN} consecutive ids and keeps its place in the block, so a
     * client counting its ids up fills neighbouring slots: four ids to a cache line, a miss per
     * four commands instead of one per command. Any other id pattern still spreads as a hash does.
     */
    private int home(final long commandId)
    {
        // Fibonacci hashing of the block: one multiply, its top bits spread well; deletion re-hashes often.
        final int block = (int)((commandId >>> RUN_BITS) * 0x9E3779B97F4A7C15L >>> blockShift);
        return block << RUN_BITS | (int)commandId & RUN - 1;
    }

    private long reasonOrdinal(final long commandId)
    {
        return liveMeta(commandId) & REASON_MASK;
    }

    @Override
    public long checksum()
    {
        final int size = size();
        long h = size;
        for (int i = 0; i < size; i++)
        {
            final int at = oldest(i);
            final long id = ring[at];
            h = StateHash.combine(StateHash.combine(h, id), reasonOrdinal(id));
            // Only where there is one: checksums recorded before fingerprints existed still hold.
            if (fingerprints[at] != 0)
            {
                h = StateHash.combine(h, fingerprints[at]);
            }
        }
        return h;
    }

    private int oldest(final int i)
    {
        final int start = size() == ring.length ? head : 0;
        return (start + i) % ring.length;
    }

    /** Snapshot format 6 on: each entry carries its fingerprint. */
    @Override
    public void writeTo(final DataOutput out) throws IOException
    {
        final int size = size();
        out.writeInt(size);
        for (int i = 0; i < size; i++)
        {
            final int at = oldest(i);
            final long id = ring[at];
            out.writeLong(id);
            out.writeShort((int)reasonOrdinal(id));
            out.writeLong(fingerprints[at]);
        }
    }

    /** Snapshot formats from 6 on keep a fingerprint per entry. */
    @Override
    public void readFrom(final DataInput in, final int formatVersion) throws IOException
    {
        final boolean withFingerprints = formatVersion >= 6;
        final int n = in.readInt();
        for (int i = 0; i < n; i++)
        {
            final long id = in.readLong();
            final ReasonCode reason = ReasonCode.fromOrdinal(in.readShort());
            if (reason == null)
            {
                throw new IOException("snapshot idempotency entry " + i + " has an unknown reason");
            }
            record(id, reason, withFingerprints ? in.readLong() : 0);
        }
    }
}

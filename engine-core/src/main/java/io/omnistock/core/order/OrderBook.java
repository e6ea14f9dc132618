package io.omnistock.core.order;

import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Limits;
import io.omnistock.api.OrderState;
import io.omnistock.core.routing.Router;
import io.omnistock.core.state.EntryPool;
import io.omnistock.core.state.StateComponent;
import io.omnistock.core.state.StateHash;
import io.omnistock.core.stock.StockLedger;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Open orders and what each holds where, in primitive arrays: an order entry keeps its routing
 * inputs (for re-routing) and a linked list of allocations (position slot, line, quantity held).
 * Unpaid holds wait in an indexed min-heap ordered by (expiry, order id), so expiry is
 * deterministic; each unpaid order is in it exactly once (confirm, cancel and expiry take it out,
 * extend moves it), so the heap never holds more than the open unpaid orders.
 *
 * <p>Sized for millions of open orders (a flash sale's unpaid holds last until they expire): run 40
 * filled a daemon's heap with 6.9 million of them. Hence no column is kept for what few orders
 * use: the locations that rejected an order live in a side pool of blocks (most orders are never
 * rejected), free allocations are chained through their link column rather than held in a
 * free-list array, and an allocation's line shares a word with its quantity
 * ({@link Limits#MAX_COMMAND_QUANTITY} is 2^40, a line below {@link Limits#MAX_ORDER_LINES}). The
 * order ids, their index and the free entries are an {@link EntryPool}, as the other books' are
 * (its free entries cost no column). Nothing here is in the checksum or the snapshot by layout:
 * the checksum adds up the open orders, the snapshot writes them by id.
 */
public final class OrderBook implements StateComponent
{
    /** Locations that rejected an order are remembered (up to this many) and not routed to again. */
    public static final int MAX_REJECTED = Router.MAX_EXCLUDED_LOCATIONS;
    private static final int NONE = -1;
    /** An allocation's quantity takes the low bits of its word, its line the bits above. */
    private static final int HELD_BITS = 41;
    private static final long HELD_MASK = (1L << HELD_BITS) - 1;
    /** An allocation that took no capacity (another allocation of the order at that location did). */
    public static final long NO_HOUR = Long.MIN_VALUE;

    /** The order entries' ids, index and free entries; the columns below are indexed by its entries. */
    private final EntryPool entries;

    // Order entries.
    private int[] channels;
    private byte[] types;
    private byte[] states;
    private long[] expiresAt;
    private int[] destLat;
    private int[] destLon;
    private int[] pickup;
    private long[] promiseAt;
    private long[] orderValue;
    private int[] flags;
    /** An open order's first allocation (or -1). */
    private int[] firstAllocation;

    /** The locations that rejected each order, in a side pool: most orders have none. */
    private final Rejections rejections;

    // Allocations.
    private int[] allocSlot;
    /** The quantity held (low {@link #HELD_BITS} bits) and the order line it holds for (above). */
    private long[] allocHeldLine;
    /** The hour whose capacity this allocation took at its location, or {@link #NO_HOUR}. */
    private long[] allocHour;
    /** The order's next allocation (or -1); a free allocation's next free one (or -1). */
    private int[] allocNext;
    private int freeAllocHead = NONE;
    private int allocHighWater;

    /** The unpaid orders, due first at its root: by (expiresAt, orderId). */
    private final ExpiryHeap unpaid;

    /** Loaded allocations are checked against it: their slots must exist. */
    private final StockLedger ledger;

    public OrderBook(final StockLedger ledger, final int expectedOrders)
    {
        this.ledger = ledger;
        entries = new EntryPool(expectedOrders);
        final int n = entries.capacity();
        unpaid = new ExpiryHeap(this::dueBefore, n);
        rejections = new Rejections(MAX_REJECTED, n);
        growEntries(n);
        growAllocations(n * 2);
    }

    public int openCount()
    {
        return entries.size();
    }

    /** @return the entry of the open order, or -1. */
    public int find(final long orderId)
    {
        return entries.find(orderId);
    }

    public long orderId(final int e)
    {
        return entries.id(e);
    }

    public int channel(final int e)
    {
        return channels[e];
    }

    public FulfilmentType type(final int e)
    {
        return FulfilmentType.fromOrdinal(types[e]);
    }

    public OrderState state(final int e)
    {
        return OrderState.fromOrdinal(states[e]);
    }

    public long expiresAt(final int e)
    {
        return expiresAt[e];
    }

    public int destLat(final int e)
    {
        return destLat[e];
    }

    public int destLon(final int e)
    {
        return destLon[e];
    }

    public int pickup(final int e)
    {
        return pickup[e];
    }

    public long promiseAt(final int e)
    {
        return promiseAt[e];
    }

    public long orderValue(final int e)
    {
        return orderValue[e];
    }

    public int flags(final int e)
    {
        return flags[e];
    }

    public int rejectedCount(final int e)
    {
        return rejections.count(e);
    }

    public int rejected(final int e, final int i)
    {
        return rejections.get(e, i);
    }

    /** Remembers that a location rejected this order; the oldest is forgotten past {@link #MAX_REJECTED}. */
    public void addRejected(final int e, final int location)
    {
        rejections.add(e, location);
    }

    public int open(
        final long orderId, final int channel, final FulfilmentType type, final int lat, final int lon,
        final int pickupLocation, final long promise, final long value, final int orderFlags, final long expiry)
    {
        final int e = entries.allocate(orderId);
        if (e >= channels.length)
        {
            growEntries(entries.capacity());
        }
        assert rejections.count(e) == 0 : "entry " + e + " reused with the rejections of its last order";
        channels[e] = channel;
        types[e] = (byte)type.ordinal();
        states[e] = (byte)OrderState.HELD.ordinal();
        expiresAt[e] = expiry;
        destLat[e] = lat;
        destLon[e] = lon;
        pickup[e] = pickupLocation;
        promiseAt[e] = promise;
        orderValue[e] = value;
        flags[e] = orderFlags;
        firstAllocation[e] = NONE;
        unpaid.insert(e);
        return e;
    }

    public void confirm(final int e)
    {
        states[e] = (byte)OrderState.CONFIRMED.ordinal();
        expiresAt[e] = 0;
        unpaid.remove(e);
    }

    public void extend(final int e, final long newExpiry)
    {
        expiresAt[e] = newExpiry;
        unpaid.remove(e);
        unpaid.insert(e);
    }

    /** Closes the order; its allocations must already be removed. */
    public void close(final int e)
    {
        assert firstAllocation[e] < 0 : orderAt(e) + " closed while it still holds stock";
        // Out of the heap while the entry still has its id: the heap's order reads it.
        unpaid.remove(e);
        rejections.forget(e);
        entries.release(e);
    }

    // ---- allocations ----

    /** @return the first allocation of the order, or -1. */
    public int firstAllocation(final int e)
    {
        return firstAllocation[e];
    }

    public int nextAllocation(final int a)
    {
        return allocNext[a];
    }

    public int allocationSlot(final int a)
    {
        return allocSlot[a];
    }

    public int allocationLine(final int a)
    {
        return (int)(allocHeldLine[a] >>> HELD_BITS);
    }

    public long allocationHeld(final int a)
    {
        return allocHeldLine[a] & HELD_MASK;
    }

    public long allocationHour(final int a)
    {
        return allocHour[a];
    }

    /** Appends an allocation to the end of the order's list, keeping allocation order = creation order. */
    public void allocate(final int e, final int slot, final int line, final long quantity, final long hour)
    {
        assert quantity > 0 && quantity <= Limits.MAX_COMMAND_QUANTITY : "an allocation of " + quantity + " for " + orderAt(e);
        assert line >= 0 && line < Limits.MAX_ORDER_LINES : "an allocation for line " + line + " of " + orderAt(e);
        final int a;
        if (freeAllocHead != NONE)
        {
            a = freeAllocHead;
            freeAllocHead = allocNext[a];
        }
        else
        {
            a = nextAllocation();
        }
        allocSlot[a] = slot;
        allocHeldLine[a] = (long)line << HELD_BITS | quantity;
        allocHour[a] = hour;
        allocNext[a] = NONE;
        int tail = firstAllocation[e];
        if (tail < 0)
        {
            firstAllocation[e] = a;
            return;
        }
        while (allocNext[tail] >= 0)
        {
            tail = allocNext[tail];
        }
        allocNext[tail] = a;
    }

    /**
     * Unlinks allocation {@code a}, whose predecessor in the order's list is {@code previous} (or -1).
     *
     * @return the allocation after it, for continuing a walk.
     */
    public int removeAllocation(final int e, final int previous, final int a)
    {
        assert (previous < 0 ? firstAllocation[e] : allocNext[previous]) == a : "allocation " + a + " is not after " + previous;
        final int next = allocNext[a];
        if (previous < 0)
        {
            firstAllocation[e] = next;
        }
        else
        {
            allocNext[previous] = next;
        }
        allocNext[a] = freeAllocHead;
        freeAllocHead = a;
        return next;
    }

    // ---- expiry ----

    /** @return the earliest expiry of an unpaid hold, or {@code Long.MAX_VALUE}. */
    public long nextExpiry()
    {
        final int e = unpaid.first();
        return e < 0 ? Long.MAX_VALUE : expiresAt[e];
    }

    /** @return the unpaid order due first at {@code now}, or -1; it stays open until closed. */
    public int peekDue(final long now)
    {
        final int e = unpaid.first();
        return e >= 0 && expiresAt[e] <= now ? e : -1;
    }

    private boolean dueBefore(final int a, final int b)
    {
        return expiresAt[a] < expiresAt[b] || (expiresAt[a] == expiresAt[b] && entries.id(a) < entries.id(b));
    }

    /** For assertion messages, which must not trip the pool's own on a free entry: the order, or the free entry. */
    private String orderAt(final int e)
    {
        return entries.isLive(e) ? "order " + entries.id(e) : "free entry " + e;
    }

    // ---- storage ----

    private int nextAllocation()
    {
        if (allocHighWater == allocSlot.length)
        {
            growAllocations(allocSlot.length * 2);
        }
        return allocHighWater++;
    }

    private void growEntries(final int n)
    {
        channels = channels == null ? new int[n] : Arrays.copyOf(channels, n);
        types = types == null ? new byte[n] : Arrays.copyOf(types, n);
        states = states == null ? new byte[n] : Arrays.copyOf(states, n);
        expiresAt = expiresAt == null ? new long[n] : Arrays.copyOf(expiresAt, n);
        destLat = destLat == null ? new int[n] : Arrays.copyOf(destLat, n);
        destLon = destLon == null ? new int[n] : Arrays.copyOf(destLon, n);
        pickup = pickup == null ? new int[n] : Arrays.copyOf(pickup, n);
        promiseAt = promiseAt == null ? new long[n] : Arrays.copyOf(promiseAt, n);
        orderValue = orderValue == null ? new long[n] : Arrays.copyOf(orderValue, n);
        flags = flags == null ? new int[n] : Arrays.copyOf(flags, n);
        firstAllocation = firstAllocation == null ? new int[n] : Arrays.copyOf(firstAllocation, n);
        unpaid.growEntries(n);
        rejections.growEntries(n);
    }

    private void growAllocations(final int n)
    {
        allocSlot = allocSlot == null ? new int[n] : Arrays.copyOf(allocSlot, n);
        allocHeldLine = allocHeldLine == null ? new long[n] : Arrays.copyOf(allocHeldLine, n);
        allocHour = allocHour == null ? new long[n] : Arrays.copyOf(allocHour, n);
        allocNext = allocNext == null ? new int[n] : Arrays.copyOf(allocNext, n);
    }

    /**
     * @return the bytes of the book's columns, index and pools, as allocated (room to grow
     *     included): what the {@code omnistock_order_book_bytes} gauge reports.
     */
    public long footprintBytes()
    {
        // Per entry: expiry, promise, value (8 each); channel, lat, lon, pickup, flags, first
        // allocation (4 each); type and state (1 each). The id is the pool's.
        final long entryBytes = 3L * Long.BYTES + 6L * Integer.BYTES + 2;
        // Per allocation: slot and next (4 each), held-and-line and hour (8 each).
        final long allocationBytes = 2L * Integer.BYTES + 2L * Long.BYTES;
        return channels.length * entryBytes + allocSlot.length * allocationBytes + unpaid.footprintBytes() +
            rejections.footprintBytes() + entries.footprintBytes();
    }

    /** @return what the channel's open orders hold of the SKU (a scan: for rare admin commands). */
    public long heldByChannel(final int channel, final int sku, final StockLedger ledger)
    {
        long total = 0;
        for (int e = entries.nextLive(0); e >= 0; e = entries.nextLive(e + 1))
        {
            if (channels[e] == channel)
            {
                for (int a = firstAllocation[e]; a >= 0; a = allocNext[a])
                {
                    if (ledger.sku(allocSlot[a]) == sku)
                    {
                        total += allocationHeld(a);
                    }
                }
            }
        }
        return total;
    }

    // ---- checksum and snapshot: a sum over the open orders, and the open orders in order-id order ----

    @Override
    public long checksum()
    {
        long sum = entries.size();
        for (int e = entries.nextLive(0); e >= 0; e = entries.nextLive(e + 1))
        {
            long h = StateHash.combine(entries.id(e), channels[e]);
            h = StateHash.combine(h, types[e] * 31L + states[e]);
            h = StateHash.combine(h, expiresAt[e]);
            h = StateHash.combine(h, ((long)destLat[e] << 32) ^ destLon[e]);
            h = StateHash.combine(h, pickup[e]);
            h = StateHash.combine(h, promiseAt[e] ^ orderValue[e] * 31 ^ flags[e]);
            for (int i = 0; i < rejections.count(e); i++)
            {
                h = StateHash.combine(h, rejected(e, i));
            }
            for (int a = firstAllocation[e]; a >= 0; a = allocNext[a])
            {
                h = StateHash.combine(StateHash.combine(StateHash.combine(h, allocSlot[a]), allocationLine(a)),
                    allocationHeld(a));
                h = StateHash.combine(h, allocHour[a]);
            }
            sum += h;
        }
        return sum;
    }

    @Override
    public void writeTo(final DataOutput out) throws IOException
    {
        final long[] ids = entries.sortedIds();
        out.writeInt(ids.length);
        for (final long id : ids)
        {
            final int e = find(id);
            out.writeLong(id);
            out.writeInt(channels[e]);
            out.writeByte(types[e]);
            out.writeByte(states[e]);
            out.writeLong(expiresAt[e]);
            out.writeInt(destLat[e]);
            out.writeInt(destLon[e]);
            out.writeInt(pickup[e]);
            out.writeLong(promiseAt[e]);
            out.writeLong(orderValue[e]);
            out.writeInt(flags[e]);
            out.writeByte(rejections.count(e));
            for (int i = 0; i < rejections.count(e); i++)
            {
                out.writeInt(rejected(e, i));
            }
            int count = 0;
            for (int a = firstAllocation[e]; a >= 0; a = allocNext[a])
            {
                count++;
            }
            out.writeShort(count);
            for (int a = firstAllocation[e]; a >= 0; a = allocNext[a])
            {
                out.writeInt(allocSlot[a]);
                out.writeShort(allocationLine(a));
                out.writeLong(allocationHeld(a));
                out.writeLong(allocHour[a]);
            }
        }
    }

    @Override
    public void readFrom(final DataInput in, final int formatVersion) throws IOException
    {
        final int n = in.readInt();
        for (int i = 0; i < n; i++)
        {
            final long id = in.readLong();
            final int channel = in.readInt();
            final FulfilmentType type = FulfilmentType.fromOrdinal(in.readByte());
            final OrderState state = OrderState.fromOrdinal(in.readByte());
            final long expiry = in.readLong();
            if (id == 0 || type == null || (state != OrderState.HELD && state != OrderState.CONFIRMED) ||
                find(id) >= 0)
            {
                throw new IOException("snapshot order " + i + " is invalid");
            }
            final int e = open(id, channel, type, in.readInt(), in.readInt(), in.readInt(), in.readLong(),
                in.readLong(), in.readInt(), expiry);
            if (state == OrderState.CONFIRMED)
            {
                confirm(e);
            }
            final int rejectedN = in.readByte();
            for (int r = 0; r < rejectedN; r++)
            {
                addRejected(e, in.readInt());
            }
            final int allocations = in.readShort();
            for (int a = 0; a < allocations; a++)
            {
                final int slot = in.readInt();
                final int line = in.readShort();
                final long held = in.readLong();
                final long hour = in.readLong();
                if (slot < 0 || slot >= ledger.size() || held <= 0 || held > Limits.MAX_COMMAND_QUANTITY ||
                    line < 0 || line >= Limits.MAX_ORDER_LINES)
                {
                    throw new IOException("snapshot order " + id + " has an invalid allocation");
                }
                allocate(e, slot, line, held, hour);
            }
        }
    }
}

package io.omnistock.core.transfer;

import io.omnistock.core.state.EntryPool;
import io.omnistock.core.state.StateComponent;
import io.omnistock.core.state.StateHash;
import io.omnistock.core.stock.StockLedger;
import org.agrona.collections.Long2LongHashMap;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Open transfer orders between locations: created (stock held at the source) or shipped (in
 * transit to the destination, with an ETA). Shipped transfers are also linked per destination
 * position, so "what arrives here by time T" is a walk over the few transfers inbound to it.
 */
public final class TransferBook implements StateComponent
{
    public static final byte CREATED = 1;
    public static final byte SHIPPED = 2;
    private static final long MISSING = -1;

    private final EntryPool entries = new EntryPool(0);
    /** First shipped transfer inbound to a destination slot. */
    private final Long2LongHashMap firstInboundBySlot = new Long2LongHashMap(MISSING);
    private int[] fromSlot = new int[entries.capacity()];
    private int[] toSlot = new int[entries.capacity()];
    private long[] quantity = new long[entries.capacity()];
    private byte[] state = new byte[entries.capacity()];
    private long[] eta = new long[entries.capacity()];
    /** Whether the transfer was made from its destination's replenishment request. */
    private boolean[] fromRequest = new boolean[entries.capacity()];
    private int[] nextInbound = new int[entries.capacity()];
    /** Loaded transfers are checked against it: their slots must exist. */
    private final StockLedger ledger;

    public TransferBook(final StockLedger ledger)
    {
        this.ledger = ledger;
    }

    public int find(final long transferId)
    {
        return entries.find(transferId);
    }

    public int fromSlot(final int e)
    {
        return fromSlot[e];
    }

    public int toSlot(final int e)
    {
        return toSlot[e];
    }

    public long quantity(final int e)
    {
        return quantity[e];
    }

    public byte state(final int e)
    {
        return state[e];
    }

    public long eta(final int e)
    {
        return eta[e];
    }

    public boolean fromRequest(final int e)
    {
        return fromRequest[e];
    }

    /** @return what shipped transfers will bring to the position by {@code time}. */
    public long inboundBy(final int slot, final long time)
    {
        if (firstInboundBySlot.isEmpty())
        {
            return 0;
        }
        long sum = 0;
        for (int e = (int)firstInboundBySlot.get(slot); e >= 0; e = nextInbound[e])
        {
            sum += eta[e] <= time ? quantity[e] : 0;
        }
        return sum;
    }

    /**
     * @return the in transit that shipped transfers own at the position: it arrives only by their
     *     receipt, so a legacy TRANSFER_IN may take only what is in transit beyond it.
     */
    public long shippedTo(final int slot)
    {
        return inboundBy(slot, Long.MAX_VALUE);
    }

    int open(final long transferId, final int from, final int to, final long qty, final boolean madeFromRequest)
    {
        assert qty > 0 && from != to : "transfer " + transferId + " of " + qty + " from slot " + from + " to " + to;
        final int e = entries.allocate(transferId);
        if (e >= fromSlot.length)
        {
            grow(entries.capacity());
        }
        fromSlot[e] = from;
        toSlot[e] = to;
        quantity[e] = qty;
        state[e] = CREATED;
        eta[e] = 0;
        fromRequest[e] = madeFromRequest;
        nextInbound[e] = -1;
        return e;
    }

    void ship(final int e, final long etaMillis)
    {
        assert state[e] == CREATED : "transfer " + entries.id(e) + " shipped in state " + state[e];
        state[e] = SHIPPED;
        eta[e] = etaMillis;
        nextInbound[e] = (int)firstInboundBySlot.get(toSlot[e]);
        firstInboundBySlot.put(toSlot[e], e);
    }

    void close(final int e)
    {
        if (state[e] == SHIPPED)
        {
            // Unlink from the destination's inbound list.
            final int head = (int)firstInboundBySlot.get(toSlot[e]);
            if (head == e)
            {
                if (nextInbound[e] < 0)
                {
                    firstInboundBySlot.remove(toSlot[e]);
                }
                else
                {
                    firstInboundBySlot.put(toSlot[e], nextInbound[e]);
                }
            }
            else
            {
                int p = head;
                while (nextInbound[p] != e)
                {
                    p = nextInbound[p];
                }
                nextInbound[p] = nextInbound[e];
            }
        }
        entries.release(e);
    }

    private void grow(final int n)
    {
        fromSlot = Arrays.copyOf(fromSlot, n);
        toSlot = Arrays.copyOf(toSlot, n);
        quantity = Arrays.copyOf(quantity, n);
        state = Arrays.copyOf(state, n);
        eta = Arrays.copyOf(eta, n);
        fromRequest = Arrays.copyOf(fromRequest, n);
        nextInbound = Arrays.copyOf(nextInbound, n);
    }

    @Override
    public long checksum()
    {
        long sum = entries.size();
        for (int e = entries.nextLive(0); e >= 0; e = entries.nextLive(e + 1))
        {
            long h = StateHash.combine(entries.id(e), ((long)fromSlot[e] << 32) ^ toSlot[e]);
            h = StateHash.combine(h, quantity[e]);
            h = StateHash.combine(StateHash.combine(h, state[e]), eta[e]);
            sum += StateHash.combine(h, fromRequest[e] ? 1 : 0);
        }
        return sum;
    }

    /**
     * @return the bound of the entries: a reader walks the open transfers over entries below it,
     *     a bounded number at a time (an open transfer keeps its entry while it is open).
     */
    public int entryLimit()
    {
        return entries.highWater();
    }

    /** @return the id of the open transfer at entry {@code e}, or -1 if the entry is free. */
    public long openAt(final int e)
    {
        return entries.isLive(e) ? entries.id(e) : -1;
    }

    /** @return the ids of the open transfers, ascending. */
    public long[] idsInOrder()
    {
        return entries.sortedIds();
    }

    @Override
    public void writeTo(final DataOutput out) throws IOException
    {
        // By id, and shipped ones re-linked in id order on load: inbound sums do not depend on order.
        final long[] sorted = idsInOrder();
        out.writeInt(sorted.length);
        for (final long id : sorted)
        {
            final int e = find(id);
            out.writeLong(id);
            out.writeInt(fromSlot[e]);
            out.writeInt(toSlot[e]);
            out.writeLong(quantity[e]);
            out.writeByte(state[e]);
            out.writeLong(eta[e]);
            out.writeBoolean(fromRequest[e]);
        }
    }

    @Override
    public void readFrom(final DataInput in, final int formatVersion) throws IOException
    {
        final int n = in.readInt();
        for (int i = 0; i < n; i++)
        {
            final long id = in.readLong();
            final int from = in.readInt();
            final int to = in.readInt();
            final long qty = in.readLong();
            final byte st = in.readByte();
            final long etaMillis = in.readLong();
            final boolean madeFromRequest = in.readBoolean();
            if (id == 0 || from < 0 || from >= ledger.size() || to < 0 || to >= ledger.size() || qty <= 0 ||
                (st != CREATED && st != SHIPPED) || find(id) >= 0)
            {
                throw new IOException("snapshot transfer " + i + " is invalid");
            }
            final int e = open(id, from, to, qty, madeFromRequest);
            if (st == SHIPPED)
            {
                ship(e, etaMillis);
            }
        }
    }
}

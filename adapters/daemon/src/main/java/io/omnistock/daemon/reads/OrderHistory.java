package io.omnistock.daemon.reads;

import io.omnistock.api.CommandType;
import io.omnistock.api.EventKind;
import io.omnistock.api.EventView;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.OutputEvents;
import io.omnistock.core.journal.JournalRecord;
import org.agrona.collections.Long2LongHashMap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Predicate;

/**
 * The journal-fed read model of orders: open and closed, with their history, for listing and for
 * reading an order after it closed. The read models' one journal tail ({@link ReadModels}) feeds it
 * from the journal's start (so a restart rebuilds the same model) and owns every change, made in
 * place in the orders' records in an {@link OrderSlab} under a lock; HTTP threads take immutable
 * {@link OrderRecord}s out under the same lock, so a listing never runs on, or waits for, the
 * engine's writer. The model holds no object per order (a record of longs, an id in two primitive
 * indexes), so millions of open orders cost the heap tens of bytes each beyond their own history
 * and the collector nothing to trace. A page holds the lock while it looks at up to its scan bound
 * of orders, which delays the tail, never the engine.
 *
 * <p>Closed (and rejected) orders are kept for a retention window measured in journal time: the
 * newest journaled command's timestamp, never the wall clock, so a rebuild evicts exactly what the
 * running daemon had evicted at the same point of the journal.
 */
public final class OrderHistory
{
    private final long retentionMillis;
    /** Guards every entry and the two indexes below: the tail writes, readers read. */
    private final StampedLock lock = new StampedLock();
    private final OrderSlab slab = new OrderSlab();
    /** Engine id to the order's record in the slab. */
    private final Long2LongHashMap byId = new Long2LongHashMap(-1);
    /** By creating sequence: the listing order, stable as orders are added after the newest. */
    private final CreationIndex byCreation = new CreationIndex();

    // Owned by the tail thread.
    private final ClosingQueue closing = new ClosingQueue();
    private final OrderSlab.Mover moved = this::moved;
    private final OrderEntry writer = new OrderEntry(slab, moved);
    private final OrderEntry relocated = new OrderEntry(slab);
    /** Orders the record being applied closed: trimmed once all its events are in. */
    private final long[] closedNow = new long[OutputEvents.CAPACITY + 1];
    private int closedNowCount;
    private long journalTimeMillis;

    /** A model fed by {@link #apply}: by the read models' tail, or by hand (tests, benchmark). */
    public OrderHistory(final Duration retention)
    {
        this.retentionMillis = retention.toMillis();
    }

    public OrderRecord find(final long engineId)
    {
        final long stamp = lock.readLock();
        try
        {
            final long record = byId.get(engineId);
            return record < 0 ? null : new OrderEntry(slab).wrap(record).record();
        }
        finally
        {
            lock.unlockRead(stamp);
        }
    }

    /** @return how many orders it holds (open, closed and rejected). */
    public int size()
    {
        final long stamp = lock.readLock();
        try
        {
            return byId.size();
        }
        finally
        {
            lock.unlockRead(stamp);
        }
    }

    /** @return the heap its orders take: the slab's chunks and the two indexes, as allocated. */
    public long footprintBytes()
    {
        final long stamp = lock.readLock();
        try
        {
            return slab.chunkWords() * Long.BYTES + byId.capacity() * 2L * Long.BYTES + byCreation.footprintBytes();
        }
        finally
        {
            lock.unlockRead(stamp);
        }
    }

    /**
     * A page: up to {@code limit} orders created after {@code afterSequence} that {@code filter}
     * accepts, in creation order, looking at no more than {@code maxScan} orders.
     *
     * @return the orders, and the creating sequence to continue after (the last order looked at), or
     *     -1 when nothing follows.
     */
    public Page<OrderRecord> page(final long afterSequence, final Predicate<? super OrderView> filter, final int limit,
        final int maxScan)
    {
        final List<OrderRecord> items = new ArrayList<>(Math.min(limit, 64));
        final OrderEntry view = new OrderEntry(slab);
        long last = afterSequence;
        int scanned = 0;
        final long stamp = lock.readLock();
        try
        {
            for (int i = byCreation.after(afterSequence); i < byCreation.count(); i++)
            {
                if (items.size() == limit || scanned == maxScan)
                {
                    return new Page<>(items, last);
                }
                // A removed order's place counts towards the bound too: it is work all the same.
                scanned++;
                last = byCreation.sequence(i);
                final long engineId = byCreation.engineId(i);
                if (engineId != CreationIndex.HOLE && filter.test(view.wrap(byId.get(engineId))))
                {
                    items.add(view.record());
                }
            }
            return new Page<>(items, -1);
        }
        finally
        {
            lock.unlockRead(stamp);
        }
    }

    /** @param next the position to continue after, or -1 at the end. */
    public record Page<T>(List<T> items, long next)
    {
    }

    /** Applies one journal record: the read models' tail thread only, or whoever feeds the model by hand. */
    public void apply(final JournalRecord c)
    {
        final long stamp = lock.writeLock();
        try
        {
            journalTimeMillis = Math.max(journalTimeMillis, c.timestamp());
            if (c.type() == CommandType.ROUTE_ORDER)
            {
                route(c);
            }
            steps(c);
            evict();
            slab.compact(moved);
        }
        finally
        {
            lock.unlockWrite(stamp);
        }
    }

    /** A new order, or a refused one (kept, so a client can read why, unless the id names another order). */
    private void route(final JournalRecord c)
    {
        final boolean routed = c.reason() == ReasonCode.OK;
        final long existing = byId.get(c.command().orderId());
        if (!routed && (c.reason() == ReasonCode.DUPLICATE_COMMAND || existing >= 0 || c.command().orderId() == 0))
        {
            return;
        }
        if (existing >= 0)
        {
            // A closed order's id, used again (the engine refuses only an open order's).
            byCreation.remove(writer.wrap(existing).createdSequence());
            slab.free(existing);
        }
        final OrderEntry created = writer.create(c.command().orderId(), c.sequence(), c.timestamp(),
            c.command().fulfilmentType(), routed ? OrderEntry.code(OrderState.HELD) : OrderEntry.REJECTED,
            routed ? null : c.reason(), c.command(), c);
        byId.put(c.command().orderId(), created.address());
        byCreation.append(c.sequence(), c.command().orderId());
        if (!routed)
        {
            created.beginStep(c.sequence(), c.timestamp(), c.type(), -1);
            created.closedAtMillis(c.timestamp());
            closing.add(c.timestamp(), c.command().orderId(), c.sequence());
            closedNow[closedNowCount++] = c.command().orderId();
        }
    }

    /**
     * Gives every order the command changed a step: each order its events name, in the order they
     * name them, and the order a one-order command names even when nothing it holds changed (an
     * extension is a step of the order all the same).
     */
    private void steps(final JournalRecord c)
    {
        final int location = c.type() == CommandType.FULFIL_ORDER || c.type() == CommandType.REJECT_ALLOCATION ?
            c.command().location() : -1;
        for (int i = 0; i < c.eventCount(); i++)
        {
            final EventView events = c.event(i);
            final EventKind kind = events.kind();
            if (kind != EventKind.ORDER_CHANGED && kind != EventKind.ALLOCATION_CHANGED)
            {
                continue;
            }
            final OrderEntry entry = stepOf(c, events.orderId(), location);
            if (entry == null)
            {
                continue;
            }
            if (kind == EventKind.ORDER_CHANGED)
            {
                final boolean wasClosed = entry.closed();
                entry.moveTo(OrderEntry.code(events.orderState()));
                if (OrderEntry.terminal(entry.stateCode()))
                {
                    entry.closedAtMillis(c.timestamp());
                    if (!wasClosed)
                    {
                        closing.add(c.timestamp(), entry.engineId(), entry.createdSequence());
                        closedNow[closedNowCount++] = entry.engineId();
                    }
                }
            }
            else
            {
                entry.held(events.location(), events.sku(), events.held());
            }
        }
        if (c.reason() == ReasonCode.OK && oneOrder(c.type()))
        {
            final OrderEntry named = stepOf(c, c.command().orderId(), location);
            if (named != null)
            {
                if (c.orderState() != null && !OrderRecord.terminal(c.orderState()))
                {
                    named.expiresAtMillis(c.expiresAt());
                }
                if (c.type() == CommandType.REJECT_ALLOCATION && c.candidateCount() > 0)
                {
                    named.rerouted(c);
                }
            }
        }
        for (int i = 0; i < closedNowCount; i++)
        {
            writer.wrap(byId.get(closedNow[i])).trim();
        }
        closedNowCount = 0;
    }

    private static boolean oneOrder(final CommandType type)
    {
        return type == CommandType.ROUTE_ORDER || type == CommandType.CONFIRM_ORDER ||
            type == CommandType.EXTEND_ORDER || type == CommandType.CANCEL_ORDER ||
            type == CommandType.FULFIL_ORDER || type == CommandType.REJECT_ALLOCATION;
    }

    /**
     * @return the order {@code orderId} with a step for this command begun (once per command), or
     *     null when the model does not hold it: routed before this journal began (a cluster
     *     member's journal restarted after its snapshot), so its creation is not there to read.
     */
    private OrderEntry stepOf(final JournalRecord c, final long orderId, final int location)
    {
        final long record = byId.get(orderId);
        if (record < 0)
        {
            return null;
        }
        final OrderEntry entry = writer.wrap(record);
        if (entry.lastStepSequence() != c.sequence())
        {
            entry.beginStep(c.sequence(), c.timestamp(), c.type(), location);
        }
        return entry;
    }

    /** A record moved in the slab (it grew, or its chunk was evacuated): its id follows it. */
    private void moved(final long record)
    {
        byId.put(relocated.wrap(record).engineId(), record);
    }

    /** Drops closed orders whose retention ran out by journal time. */
    private void evict()
    {
        while (!closing.isEmpty() && closing.headClosedAtMillis() + retentionMillis < journalTimeMillis)
        {
            final long closedAt = closing.headClosedAtMillis();
            final long engineId = closing.headEngineId();
            final long createdSequence = closing.headCreatedSequence();
            closing.removeHead();
            final long record = byId.get(engineId);
            // Only the very order that closed then: the id may have been routed anew since.
            if (record < 0 || writer.wrap(record).createdSequence() != createdSequence)
            {
                continue;
            }
            if (writer.closedAtMillis() == closedAt)
            {
                byId.remove(engineId);
                byCreation.remove(createdSequence);
                slab.free(record);
            }
            else if (writer.closedAtMillis() > closedAt)
            {
                // Closed again later (a terminal step after the first): it is kept from then on.
                closing.add(writer.closedAtMillis(), engineId, createdSequence);
            }
        }
    }
}

package io.omnistock.daemon.reads;

import io.omnistock.api.CommandType;
import io.omnistock.api.EventKind;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.command.OutputEvents;
import io.omnistock.core.command.RoutingOutcome;
import io.omnistock.daemon.events.JournalTail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.function.Predicate;

/**
 * The journal-fed read model of orders: open and closed, with their history, for listing and for
 * reading an order after it closed. One thread tails the journal from its start (so a restart
 * rebuilds the same model) and owns every change; HTTP threads read immutable {@link OrderRecord}s
 * from concurrent maps, so a listing never runs on, or waits for, the engine's writer.
 *
 * <p>Closed (and rejected) orders are kept for a retention window measured in journal time: the
 * newest journaled command's timestamp, never the wall clock, so a rebuild evicts exactly what the
 * running daemon had evicted at the same point of the journal.
 */
public final class OrderHistory implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(OrderHistory.class);

    private final long retentionMillis;
    private final ConcurrentHashMap<Long, OrderRecord> byId = new ConcurrentHashMap<>();
    /** By creating sequence: the listing order, stable as orders are added after the newest. */
    private final ConcurrentSkipListMap<Long, OrderRecord> byCreation = new ConcurrentSkipListMap<>();
    private final PriorityBlockingQueue<Waiter> waiters = new PriorityBlockingQueue<>();
    private final JournalTail tail;
    private volatile long appliedSequence;
    private volatile Throwable failure;

    // Owned by the tail thread.
    /** Closed orders in closing order: {closedAtMillis, engineId, createdSequence}. */
    private final ArrayDeque<long[]> closing = new ArrayDeque<>();
    private long journalTimeMillis;

    private record Waiter(long sequence, CompletableFuture<Long> future) implements Comparable<Waiter>
    {
        @Override
        public int compareTo(final Waiter o)
        {
            return Long.compare(sequence, o.sequence);
        }
    }

    /** @param journalDir null for a model fed by {@link #apply} only (tests). */
    public OrderHistory(final Path journalDir, final Duration retention)
    {
        this.retentionMillis = retention.toMillis();
        this.tail = new JournalTail(journalDir, "omnistock-order-history", this::apply, () -> { }, e ->
        {
            LOG.error("the order history stopped following the journal at sequence {}", appliedSequence, e);
            failure = e;
            failWaiters(e);
        });
    }

    public void start()
    {
        tail.start();
    }

    @Override
    public void close()
    {
        tail.close();
        failWaiters(new IllegalStateException("the order history is closed"));
    }

    /** @return the sequence of the last journal record applied. */
    public long appliedSequence()
    {
        return appliedSequence;
    }

    /**
     * @return done once the model has applied {@code sequence} (at once if it has): nobody waits on
     *     a thread meanwhile. Fails if the tail stopped.
     */
    public CompletableFuture<Long> whenApplied(final long sequence)
    {
        final CompletableFuture<Long> done = new CompletableFuture<>();
        if (failure != null)
        {
            done.completeExceptionally(failure);
            return done;
        }
        if (appliedSequence >= sequence)
        {
            done.complete(appliedSequence);
            return done;
        }
        waiters.add(new Waiter(sequence, done));
        // The tail may have passed it between the look above and the add: look again.
        releaseWaiters();
        return done;
    }

    public OrderRecord find(final long engineId)
    {
        return byId.get(engineId);
    }

    /** @return how many orders it holds (open, closed and rejected). */
    public int size()
    {
        return byId.size();
    }

    /**
     * A page: up to {@code limit} orders created after {@code afterSequence} that {@code filter}
     * accepts, in creation order, looking at no more than {@code maxScan} orders.
     *
     * @return the orders, and the creating sequence to continue after (the last order looked at), or
     *     -1 when nothing follows.
     */
    public Page<OrderRecord> page(final long afterSequence, final Predicate<OrderRecord> filter, final int limit,
        final int maxScan)
    {
        final List<OrderRecord> items = new ArrayList<>(Math.min(limit, 64));
        long last = afterSequence;
        int scanned = 0;
        for (final Map.Entry<Long, OrderRecord> e : byCreation.tailMap(afterSequence, false).entrySet())
        {
            if (items.size() == limit || scanned == maxScan)
            {
                return new Page<>(items, last);
            }
            scanned++;
            last = e.getKey();
            if (filter.test(e.getValue()))
            {
                items.add(e.getValue());
            }
        }
        return new Page<>(items, -1);
    }

    /** @param next the position to continue after, or -1 at the end. */
    public record Page<T>(List<T> items, long next)
    {
    }

    private void failWaiters(final Throwable why)
    {
        for (Waiter w; (w = waiters.poll()) != null; )
        {
            w.future().completeExceptionally(why);
        }
    }

    private void releaseWaiters()
    {
        for (Waiter w; (w = waiters.peek()) != null && w.sequence() <= appliedSequence; )
        {
            if (waiters.remove(w))
            {
                w.future().complete(appliedSequence);
            }
        }
    }

    /** Applies one journal record: tail thread (or a test) only. */
    void apply(final CommandSlot c)
    {
        journalTimeMillis = Math.max(journalTimeMillis, c.timestamp);
        final Map<Long, Touch> touched = touches(c.events);
        final boolean oneOrder = c.type != null && c.reason == ReasonCode.OK && c.type != CommandType.EXPIRE_HOLDS &&
            (c.type == CommandType.ROUTE_ORDER || c.type == CommandType.CONFIRM_ORDER ||
             c.type == CommandType.EXTEND_ORDER || c.type == CommandType.CANCEL_ORDER ||
             c.type == CommandType.FULFIL_ORDER || c.type == CommandType.REJECT_ALLOCATION);
        if (c.type == CommandType.ROUTE_ORDER)
        {
            route(c);
        }
        if (oneOrder)
        {
            // An extension changes no state and holds nothing new, yet it is a step of the order.
            touched.computeIfAbsent(c.orderId, id -> new Touch());
        }
        for (final Map.Entry<Long, Touch> e : touched.entrySet())
        {
            step(c, e.getKey(), e.getValue(), oneOrder && e.getKey() == c.orderId);
        }
        appliedSequence = c.sequence;
        evict();
        if (!waiters.isEmpty())
        {
            releaseWaiters();
        }
    }

    /** What one command's events did to one order. */
    private static final class Touch
    {
        OrderState state;
        final List<OrderRecord.Change> changes = new ArrayList<>(2);
    }

    private static Map<Long, Touch> touches(final OutputEvents events)
    {
        final Map<Long, Touch> touched = new LinkedHashMap<>();
        for (int i = 0; i < events.count(); i++)
        {
            events.moveTo(i);
            if (events.kind() == EventKind.ORDER_CHANGED)
            {
                touched.computeIfAbsent(events.orderId(), id -> new Touch()).state = events.orderState();
            }
            else if (events.kind() == EventKind.ALLOCATION_CHANGED)
            {
                touched.computeIfAbsent(events.orderId(), id -> new Touch()).changes
                    .add(new OrderRecord.Change(events.location(), events.sku(), events.held()));
            }
        }
        return touched;
    }

    /** A new order, or a refused one (kept, so a client can read why, unless the id names another order). */
    private void route(final CommandSlot c)
    {
        final boolean routed = c.reason == ReasonCode.OK;
        final OrderRecord existing = byId.get(c.orderId);
        if (!routed && (c.reason == ReasonCode.DUPLICATE_COMMAND || existing != null || c.orderId == 0))
        {
            return;
        }
        if (existing != null)
        {
            // A closed order's id, used again (the engine refuses only an open order's).
            byCreation.remove(existing.createdSequence());
        }
        final List<OrderRecord.Line> lines = new ArrayList<>(c.lineCount);
        for (int i = 0; i < c.lineCount; i++)
        {
            lines.add(new OrderRecord.Line(c.lineSku[i], c.lineQuantity[i]));
        }
        final OrderRecord created = new OrderRecord(c.orderId, c.sequence, c.timestamp, c.fulfilmentType,
            routed ? OrderState.HELD.name() : OrderRecord.REJECTED, routed ? null : c.reason, 0, List.copyOf(lines),
            List.of(), candidates(c.routing), routed ? List.of() : List.of(new OrderRecord.Step(c.sequence, c.timestamp,
            c.type, OrderRecord.REJECTED, -1, List.of())), 0, routed ? 0 : c.timestamp);
        byId.put(c.orderId, created);
        byCreation.put(c.sequence, created);
        if (!routed)
        {
            closing.add(new long[] {c.timestamp, c.orderId, c.sequence});
        }
    }

    private void step(final CommandSlot c, final long orderId, final Touch touch, final boolean named)
    {
        final OrderRecord before = byId.get(orderId);
        if (before == null)
        {
            // Routed before this journal began (a cluster member's journal restarted after its
            // snapshot): its creation is not in the journal to read, so it is not in the model.
            return;
        }
        final RoutingOutcome r = c.routing;
        final String state = touch.state != null ? touch.state.name() : before.state();
        final long expiresAt = named && r.orderState != null && !OrderRecord.terminal(r.orderState) ? r.expiresAt :
            before.expiresAtMillis();
        final boolean rerouted = named && c.type == CommandType.REJECT_ALLOCATION && r.candidateCount > 0;
        final OrderRecord.Step step = new OrderRecord.Step(c.sequence, c.timestamp, c.type, state,
            c.type == CommandType.FULFIL_ORDER || c.type == CommandType.REJECT_ALLOCATION ? c.location : -1,
            List.copyOf(touch.changes));
        final OrderRecord after = before.with(step, expiresAt, rerouted ? candidates(r) : null);
        byId.put(orderId, after);
        byCreation.put(after.createdSequence(), after);
        if (!before.closed() && after.closed())
        {
            closing.add(new long[] {after.closedAtMillis(), orderId, after.createdSequence()});
        }
    }

    private static List<OrderRecord.Candidate> candidates(final RoutingOutcome r)
    {
        final List<OrderRecord.Candidate> out = new ArrayList<>(r.candidateCount);
        for (int k = 0; k < r.candidateCount; k++)
        {
            out.add(new OrderRecord.Candidate(r.candidateLocation[k], r.candidateReason[k], r.candidateDistance[k]));
        }
        return List.copyOf(out);
    }

    /** Drops closed orders whose retention ran out by journal time. */
    private void evict()
    {
        for (long[] head; (head = closing.peek()) != null && head[0] + retentionMillis < journalTimeMillis; )
        {
            closing.poll();
            final OrderRecord now = byId.get(head[1]);
            // Only the very record that closed then: the id may have been routed anew since.
            if (now != null && now.createdSequence() == head[2] && now.closedAtMillis() == head[0])
            {
                byId.remove(head[1]);
                byCreation.remove(head[2]);
            }
        }
    }
}

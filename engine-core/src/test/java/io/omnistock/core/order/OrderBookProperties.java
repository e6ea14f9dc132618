package io.omnistock.core.order;

import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Limits;
import io.omnistock.api.OrderState;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The order book's compact storage (issue 16: rejections in a side pool, free allocations chained
 * through their link column, an allocation's line and quantity in one word; issue 17: its entries
 * from the shared entry pool) against a model
 * of plain collections, over random opens, allocations, removals, rejections, confirmations,
 * extensions and closes, with ids drawn from a small range so that entries, allocations and
 * rejection blocks are reused and ids come back.
 */
class OrderBookProperties
{
    private static final FulfilmentType[] TYPES = FulfilmentType.values();

    /** One model order: its inputs, its rejections (oldest first) and allocations {slot, line, held, hour}. */
    private static final class Model
    {
        final long id;
        final int channel;
        final FulfilmentType type;
        OrderState state = OrderState.HELD;
        long expiry;
        final List<Integer> rejected = new ArrayList<>();
        final List<long[]> allocations = new ArrayList<>();

        Model(final long id, final int channel, final FulfilmentType type, final long expiry)
        {
            this.id = id;
            this.channel = channel;
            this.type = type;
            this.expiry = expiry;
        }
    }

    @Property(tries = 300)
    void theBookHoldsWhatTheModelHolds(@ForAll("operations") final List<int[]> operations)
    {
        final OrderBook book = new OrderBook(null, 1);
        final Map<Long, Model> model = new TreeMap<>();
        for (final int[] op : operations)
        {
            final long id = 1 + op[1];
            final Model order = model.get(id);
            switch (op[0])
            {
                case 0, 1 ->
                {
                    if (order == null)
                    {
                        final Model m = new Model(id, op[2], TYPES[op[3] % TYPES.length], 1_000 + op[2]);
                        model.put(id, m);
                        book.open(id, m.channel, m.type, op[2], -op[2], op[3], op[2] * 7L, op[3] * 11L, op[4],
                            m.expiry);
                    }
                }
                case 2, 3 ->
                {
                    if (order != null && order.allocations.size() < Limits.MAX_ORDER_LINES)
                    {
                        final long held = op[0] == 2 ? 1 + op[2] : Limits.MAX_COMMAND_QUANTITY - op[2];
                        final long hour = op[4] % 3 == 0 ? OrderBook.NO_HOUR : op[4] * 1_000_003L;
                        final int line = op[3] % Limits.MAX_ORDER_LINES;
                        order.allocations.add(new long[] {op[2], line, held, hour});
                        book.allocate(book.find(id), op[2], line, held, hour);
                    }
                }
                case 4 ->
                {
                    if (order != null && !order.allocations.isEmpty())
                    {
                        final int k = op[2] % order.allocations.size();
                        order.allocations.remove(k);
                        final int e = book.find(id);
                        int previous = -1;
                        int a = book.firstAllocation(e);
                        for (int i = 0; i < k; i++)
                        {
                            previous = a;
                            a = book.nextAllocation(a);
                        }
                        book.removeAllocation(e, previous, a);
                    }
                }
                case 5 ->
                {
                    if (order != null)
                    {
                        if (order.rejected.size() == OrderBook.MAX_REJECTED)
                        {
                            order.rejected.remove(0);
                        }
                        order.rejected.add(op[2]);
                        book.addRejected(book.find(id), op[2]);
                    }
                }
                case 6 ->
                {
                    if (order != null && order.state == OrderState.HELD)
                    {
                        order.state = OrderState.CONFIRMED;
                        order.expiry = 0;
                        book.confirm(book.find(id));
                    }
                }
                case 7 ->
                {
                    if (order != null && order.state == OrderState.HELD)
                    {
                        order.expiry = 2_000 + op[2];
                        book.extend(book.find(id), order.expiry);
                    }
                }
                default ->
                {
                    if (order != null)
                    {
                        final int e = book.find(id);
                        int a = book.firstAllocation(e);
                        while (a >= 0)
                        {
                            a = book.removeAllocation(e, -1, a);
                        }
                        book.close(e);
                        model.remove(id);
                    }
                }
            }
            assertEquals(model.size(), book.openCount());
        }
        for (long id = 1; id <= 64; id++)
        {
            final Model m = model.get(id);
            final int e = book.find(id);
            assertEquals(m == null, e < 0, "order " + id);
            if (m != null)
            {
                assertSame(m, book, e);
            }
        }
        // Layout does not matter: the same orders opened afresh, in id order, hash the same.
        final OrderBook fresh = new OrderBook(null, 1);
        for (final Model m : model.values())
        {
            final int e = book.find(m.id);
            final int f = fresh.open(m.id, m.channel, m.type, book.destLat(e), book.destLon(e), book.pickup(e),
                book.promiseAt(e), book.orderValue(e), book.flags(e), book.expiresAt(e));
            if (m.state == OrderState.CONFIRMED)
            {
                fresh.confirm(f);
            }
            m.rejected.forEach(location -> fresh.addRejected(f, location));
            m.allocations.forEach(a -> fresh.allocate(f, (int)a[0], (int)a[1], a[2], a[3]));
        }
        assertEquals(fresh.checksum(), book.checksum());
        // Expiry still comes out in (expiry, id) order.
        final List<Long> due = new ArrayList<>();
        model.values().stream().filter(m -> m.state == OrderState.HELD)
            .sorted((x, y) -> x.expiry != y.expiry ? Long.compare(x.expiry, y.expiry) : Long.compare(x.id, y.id))
            .forEach(m -> due.add(m.id));
        final List<Long> expired = new ArrayList<>();
        for (int e = book.peekDue(Long.MAX_VALUE); e >= 0; e = book.peekDue(Long.MAX_VALUE))
        {
            expired.add(book.orderId(e));
            int a = book.firstAllocation(e);
            while (a >= 0)
            {
                a = book.removeAllocation(e, -1, a);
            }
            book.close(e);
        }
        assertEquals(due, expired);
    }

    private static void assertSame(final Model m, final OrderBook book, final int e)
    {
        assertEquals(m.id, book.orderId(e));
        assertEquals(m.channel, book.channel(e));
        assertEquals(m.type, book.type(e));
        assertEquals(m.state, book.state(e));
        assertEquals(m.expiry, book.expiresAt(e));
        assertEquals(m.rejected.size(), book.rejectedCount(e));
        for (int i = 0; i < m.rejected.size(); i++)
        {
            assertEquals((int)m.rejected.get(i), book.rejected(e, i), "rejection " + i + " of order " + m.id);
        }
        int a = book.firstAllocation(e);
        for (final long[] expected : m.allocations)
        {
            assertEquals(expected[0], book.allocationSlot(a));
            assertEquals(expected[1], book.allocationLine(a));
            assertEquals(expected[2], book.allocationHeld(a));
            assertEquals(expected[3], book.allocationHour(a));
            a = book.nextAllocation(a);
        }
        assertEquals(-1, a, "order " + m.id + " has more allocations than the model");
    }

    @Provide
    Arbitrary<List<int[]>> operations()
    {
        final Arbitrary<int[]> op = Arbitraries.integers().between(0, 8).flatMap(kind ->
            Arbitraries.integers().between(0, 63).list().ofSize(4).map(r ->
                new int[] {kind, r.get(0), r.get(1), r.get(2), r.get(3)}));
        return op.list().ofMinSize(50).ofMaxSize(600);
    }
}

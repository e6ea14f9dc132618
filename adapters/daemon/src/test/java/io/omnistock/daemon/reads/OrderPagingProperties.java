package io.omnistock.daemon.reads;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Paging through the orders while new ones arrive and others change: every order that existed
 * throughout is seen exactly once, none twice, whatever the interleaving.
 */
class OrderPagingProperties
{
    private static final long T0 = 1_800_000_000_000L;

    /**
     * @param before orders routed before the first page.
     * @param steps  between pages: a positive number routes that many new orders, a negative one
     *               confirms that many existing ones (a change that must not move them), 0 nothing.
     * @param limit  page size.
     * @param scan   the scan bound (pages may end early).
     */
    @Property(tries = 300)
    void noOrderThatExistedThroughoutIsSkippedOrRepeated(@ForAll("counts") final int before,
        @ForAll("interleavings") final List<Integer> steps, @ForAll("sizes") final int limit,
        @ForAll("sizes") final int scan)
    {
        final Journaled journal = new Journaled();
        final OrderHistory history = new OrderHistory(Duration.ofDays(1));
        long nextId = 1;
        for (int i = 0; i < before; i++)
        {
            history.apply(journal.route(T0, nextId++, 1, 1));
        }
        final long existing = nextId - 1;
        final List<Long> seen = new ArrayList<>();
        long after = 0;
        int step = 0;
        int pages = 0;
        do
        {
            assertTrue(++pages < 10_000, "the paging never ends: it does not move on");
            final OrderHistory.Page<OrderRecord> page = history.page(after, o -> o.engineId() % 3 != 0, limit, scan);
            page.items().forEach(o -> seen.add(o.engineId()));
            after = page.next();
            final int change = step < steps.size() ? steps.get(step++) : 0;
            for (int i = 0; i < change; i++)
            {
                history.apply(journal.route(T0, nextId++, 1, 1));
            }
            for (int i = 0; i < -change && nextId > 1; i++)
            {
                history.apply(journal.confirm(T0, 1 + (i * 7L) % (nextId - 1)));
            }
        }
        while (after >= 0);

        assertEquals(seen.size(), new HashSet<>(seen).size(), "an order seen twice: " + seen);
        final Set<Long> expected = new HashSet<>();
        for (long id = 1; id <= existing; id++)
        {
            if (id % 3 != 0)
            {
                expected.add(id);
            }
        }
        assertTrue(seen.containsAll(expected), "skipped " + expected + " in " + seen);
        for (int i = 1; i < seen.size(); i++)
        {
            assertTrue(seen.get(i - 1) < seen.get(i), "out of creation order: " + seen);
        }
    }

    @Provide
    Arbitrary<Integer> counts()
    {
        return Arbitraries.integers().between(0, 60);
    }

    @Provide
    Arbitrary<Integer> sizes()
    {
        return Arbitraries.integers().between(1, 12);
    }

    @Provide
    Arbitrary<List<Integer>> interleavings()
    {
        return Arbitraries.integers().between(-5, 5).list().ofMaxSize(30);
    }
}

package io.omnistock.core.state;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The entry pool (issue 17) against a model of plain collections, a map of ids to entries and a
 * stack of free entries, over random allocations and releases of ids drawn from a small set (so
 * ids come back and entries are reused), past the first capacity and across the live bits' words;
 * and its index alone against a hash map.
 */
class EntryPoolProperties
{
    /** 200 ids that share their low or high halves, negative ones and the extremes among them. */
    private static long idOf(final int k)
    {
        return switch (k)
        {
            case 0 -> Long.MIN_VALUE;
            case 1 -> Long.MAX_VALUE;
            case 2 -> 0;
            default -> (k - 100) * 0x1_0000_0001L;
        };
    }

    @Property(tries = 300)
    void thePoolHandsOutAndFindsWhatTheModelDoes(@ForAll("poolOperations") final List<Integer> operations)
    {
        final EntryPool pool = new EntryPool(1);
        final Map<Long, Integer> entryOf = new HashMap<>();
        final Deque<Integer> free = new ArrayDeque<>();
        int next = 0;
        for (final int op : operations)
        {
            final long id = idOf(op >>> 1);
            final Integer entry = entryOf.get(id);
            if ((op & 1) == 0 && entry == null)
            {
                // The entry released last, else the next never used: the order the books' snapshots rely on.
                final int expected = free.isEmpty() ? next++ : free.pop();
                assertEquals(expected, pool.allocate(id), "entry for id " + id);
                entryOf.put(id, expected);
            }
            else if ((op & 1) == 1 && entry != null)
            {
                pool.release(entry);
                free.push(entry);
                entryOf.remove(id);
            }
            assertEquals(entryOf.size(), pool.size());
            assertEquals(next, pool.highWater());
            assertTrue(pool.capacity() >= pool.highWater(), pool.toString());
        }
        for (int k = 0; k < 200; k++)
        {
            final long id = idOf(k);
            assertEquals(entryOf.getOrDefault(id, -1), pool.find(id), "id " + id);
        }
        final List<Integer> walked = new ArrayList<>();
        for (int e = pool.nextLive(0); e >= 0; e = pool.nextLive(e + 1))
        {
            walked.add(e);
            assertEquals(e, entryOf.get(pool.id(e)), "entry " + e + "'s id");
        }
        assertEquals(new ArrayList<>(new TreeSet<>(entryOf.values())), walked, "the live entries, ascending");
        for (final int e : free)
        {
            assertFalse(pool.isLive(e), "free entry " + e);
        }
        assertFalse(pool.isLive(-1));
        assertFalse(pool.isLive(pool.highWater()));
        assertArrayEquals(entryOf.keySet().stream().mapToLong(Long::longValue).sorted().toArray(), pool.sortedIds());
    }

    @Provide
    Arbitrary<List<Integer>> poolOperations()
    {
        // Half the draws allocate, half release, but a release only counts while its id is live: about
        // half the 200 ids stay live, past the first capacity (16) and across words of the live bits.
        return Arbitraries.integers().between(0, 399).list().ofMinSize(50).ofMaxSize(1_500);
    }

    /** The index alone against a hash map: ids chosen to collide and wrap around small tables. */
    @Property(tries = 300)
    void theIndexFindsWhatWasPutAndNotWhatWasRemoved(@ForAll("indexOperations") final List<Integer> operations)
    {
        final EntryIndex index = new EntryIndex(1);
        final long[] ids = new long[4_096];
        final Map<Long, Integer> model = new HashMap<>();
        int nextEntry = 0;
        for (final int op : operations)
        {
            final long id = (op >>> 1) * 0x1_0000_0000L + (op >>> 1); // ids that share their low or high half
            if ((op & 1) == 0 && !model.containsKey(id))
            {
                ids[nextEntry] = id;
                index.put(id, nextEntry);
                model.put(id, nextEntry++);
            }
            else if ((op & 1) == 1 && model.containsKey(id))
            {
                index.remove(id, ids);
                model.remove(id);
            }
            assertEquals(model.size(), index.size());
        }
        for (int k = 0; k < 512; k++)
        {
            final long id = (long)k * 0x1_0000_0000L + k;
            assertEquals(model.getOrDefault(id, -1), index.get(id, ids), "id " + id);
        }
    }

    @Provide
    Arbitrary<List<Integer>> indexOperations()
    {
        return Arbitraries.integers().between(0, 1_023).list().ofMinSize(100).ofMaxSize(3_000);
    }
}

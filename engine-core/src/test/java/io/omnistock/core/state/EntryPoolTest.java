package io.omnistock.core.state;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntryPoolTest
{
    @Test
    void releasedEntriesComeBackLastReleasedFirstThenNewOnes()
    {
        final EntryPool pool = new EntryPool(4);
        assertEquals(0, pool.allocate(10));
        assertEquals(1, pool.allocate(11));
        assertEquals(2, pool.allocate(12));
        pool.release(0);
        pool.release(2);
        assertEquals(2, pool.allocate(13));
        assertEquals(0, pool.allocate(14));
        assertEquals(3, pool.allocate(15));
        assertEquals(-1, pool.find(10));
        assertEquals(-1, pool.find(12));
        assertEquals(2, pool.find(13));
        assertEquals(14, pool.id(0));
        assertEquals(4, pool.size());
        assertEquals(4, pool.highWater());
    }

    @Test
    void growsPastItsFirstCapacityKeepingEveryIdAndEntry()
    {
        final EntryPool pool = new EntryPool(0);
        assertEquals(16, pool.capacity());
        for (int i = 0; i < 1_000; i++)
        {
            assertEquals(i, pool.allocate(-7L * i - 1));
        }
        assertTrue(pool.capacity() >= 1_000, pool.toString());
        for (int i = 0; i < 1_000; i++)
        {
            assertEquals(i, pool.find(-7L * i - 1));
            assertEquals(-7L * i - 1, pool.id(i));
        }
        assertEquals(1_000, pool.size());
    }

    @Test
    void walksTheLiveEntriesAscendingAcrossWordsOfLiveBits()
    {
        final EntryPool pool = new EntryPool(0);
        for (int i = 0; i < 200; i++)
        {
            pool.allocate(1_000 + i);
        }
        for (int i = 0; i < 200; i++)
        {
            if (i != 3 && i != 64 && i != 130 && i != 199)
            {
                pool.release(i);
            }
        }
        final List<Integer> live = new ArrayList<>();
        for (int e = pool.nextLive(0); e >= 0; e = pool.nextLive(e + 1))
        {
            live.add(e);
        }
        assertEquals(List.of(3, 64, 130, 199), live);
        assertEquals(-1, pool.nextLive(200));
        assertArrayEquals(new long[] {1_003, 1_064, 1_130, 1_199}, pool.sortedIds());
        assertFalse(pool.isLive(4));
        assertTrue(pool.isLive(64));
    }

    @Test
    void anEmptyPoolWalksNothing()
    {
        final EntryPool pool = new EntryPool(0);
        assertEquals(-1, pool.nextLive(0));
        assertEquals(0, pool.sortedIds().length);
        pool.release(pool.allocate(5));
        assertEquals(-1, pool.nextLive(0));
        assertEquals(-1, pool.find(5));
    }

    /** The assertions that guard its invariants (the tests run with -ea). */
    @Test
    void refusesALiveIdTwiceAndAFreeEntry()
    {
        final EntryPool pool = new EntryPool(0);
        final int e = pool.allocate(42);
        assertThrows(AssertionError.class, () -> pool.allocate(42));
        pool.release(e);
        assertThrows(AssertionError.class, () -> pool.release(e));
        assertThrows(AssertionError.class, () -> pool.id(e));
    }

    /**
     * Per entry: the id (8 bytes), a live bit, and an index slot of 8 bytes at most 70% full: 19.5 to
     * 31 bytes, where Agrona's {@code Long2LongHashMap} at 65% took 24.6 to 49 for the index alone.
     */
    @Test
    void costsUnderThirtyOneBytesAnEntry()
    {
        final EntryPool pool = new EntryPool(1 << 20);
        final double perEntry = (double)pool.footprintBytes() / pool.capacity();
        assertTrue(perEntry > 8 + 8 / 0.7 && perEntry < 8.2 + 16 / 0.7, perEntry + " bytes an entry");
    }

    /** The books open and close items on the business-logic thread for every command: no garbage. */
    @Test
    void allocatesNothingOnceGrown()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final EntryPool pool = new EntryPool(0);
        final int rounds = 200_000;
        long before = 0;
        long walked = 0;
        for (int i = 0; i < 2 * rounds; i++)
        {
            if (i == rounds)
            {
                before = threads.getThreadAllocatedBytes(thread);
            }
            // About 500 live at a time, each released entry taken by the next id, ids never seen before.
            final long id = i * 0x9E3779B97F4A7C15L;
            pool.allocate(id);
            if (i >= 500)
            {
                pool.release(pool.find((i - 500) * 0x9E3779B97F4A7C15L));
            }
            if (i % 1_000 == 0)
            {
                for (int e = pool.nextLive(0); e >= 0; e = pool.nextLive(e + 1))
                {
                    walked += pool.id(e);
                }
            }
        }
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertEquals(500, pool.size());
        // Less than a byte per round: the counter's own readings, never an object per allocation.
        assertTrue(allocated < rounds, allocated + " bytes over " + rounds + " rounds (walked " + walked + ")");
    }
}

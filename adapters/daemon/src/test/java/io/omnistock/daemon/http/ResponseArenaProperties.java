package io.omnistock.daemon.http;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * First responses in a {@link ResponseArena} against a list of every response put: whatever the
 * sizes, the wrap-arounds and the gaps they leave, what the arena keeps is the most recent
 * responses, each read back as it was put, never more than its count or its bytes allow.
 */
class ResponseArenaProperties
{
    private record Put(long commandId, long fingerprint, int status, byte[] body)
    {
    }

    @Property(tries = 300)
    void keepsTheMostRecentResponsesByteForByte(
        @ForAll @IntRange(min = 1, max = 300) final int maxEntries,
        @ForAll @Size(min = 1, max = 2_000) final List<@IntRange(min = 0, max = 20_000) Integer> bodySizes,
        @ForAll final long seed)
    {
        final ResponseArena arena = new ResponseArena(maxEntries);
        final Random random = new Random(seed);
        final List<Put> kept = new ArrayList<>();
        long id = 0;
        for (final int size : bodySizes)
        {
            final byte[] body = new byte[size];
            random.nextBytes(body);
            final Put put = new Put(++id, random.nextLong(), 200 + random.nextInt(300), body);
            if (arena.put(put.commandId, put.fingerprint, put.status, put.body))
            {
                kept.add(put);
                assertNotNull(arena.get(put.commandId), "the response just kept is kept");
            }
            else
            {
                assertTrue(8 * ((24 + size + 7) / 8) > ResponseArena.roomBytes(maxEntries) / 4,
                    "only a response over a quarter is refused");
            }
        }
        // What is kept is a suffix of what was put: the most recent.
        int first = kept.size();
        while (first > 0 && arena.get(kept.get(first - 1).commandId) != null)
        {
            first--;
        }
        for (int i = 0; i < first; i++)
        {
            assertNull(arena.get(kept.get(i).commandId), "response " + i + " is older than one evicted");
        }
        final List<Put> suffix = kept.subList(first, kept.size());
        assertEquals(suffix.size(), arena.size());
        assertTrue(suffix.size() <= maxEntries, suffix.size() + " kept over " + maxEntries);
        long bytes = 0;
        for (final Put put : suffix)
        {
            final ResponseArena.Found found = arena.get(put.commandId);
            assertEquals(put.fingerprint, found.fingerprint());
            assertEquals(put.status, found.status());
            assertArrayEquals(put.body, found.body());
            bytes += 8 * ((24 + put.body.length + 7) / 8);
        }
        final long room = ResponseArena.roomBytes(maxEntries);
        assertTrue(bytes <= room, bytes + " bytes kept in " + room);
        // Nothing is evicted that the room had space for: with fewer kept than the count allows, the
        // last one evicted did not fit beside the kept ones and the gaps a wrap-around leaves (each
        // gap is smaller than a record, so under a quarter of the room; at most two in a room's span).
        if (first > 0 && suffix.size() < maxEntries)
        {
            final Put next = kept.get(first - 1);
            final long withNext = bytes + 8 * ((24 + next.body.length + 7) / 8);
            assertTrue(withNext + room / 2 > room, "response " + (first - 1) + " evicted with room to spare");
        }
    }

    @Test
    void startsSmallAndGrowsToItsRoomAsResponsesComeIn()
    {
        // The default's stripe: 6,250 responses, 3.2 MB rounded up to 4 MiB of room, of which a daemon on a small heap
        // that has answered little holds only the first 64 KiB (a daemon with -Xmx128m must start).
        final ResponseArena arena = new ResponseArena(6_250);
        assertEquals(ResponseArena.MIN_BYTES, arena.capacityBytes());
        final byte[] body = new byte[400];
        for (int i = 1; i <= 6_250; i++)
        {
            body[0] = (byte)i;
            assertTrue(arena.put(i, i, 201, body));
        }
        assertEquals(6_250, arena.size(), "grown, not evicted, while the count allows");
        assertTrue(arena.capacityBytes() <= 4 << 20, arena.capacityBytes() + " bytes");
        for (int i = 1; i <= 6_250; i++)
        {
            assertEquals((byte)i, arena.get(i).body()[0], "response " + i + " read back after the growth");
        }
    }

    @Test
    void roomIsAPowerOfTwoWithRoomForEveryResponseOfItsCount()
    {
        assertEquals(ResponseArena.MIN_BYTES, ResponseArena.roomBytes(1));
        assertEquals(ResponseArena.MIN_BYTES, ResponseArena.roomBytes(128), "exactly 64 KiB at 512 bytes each");
        assertEquals(2 * ResponseArena.MIN_BYTES, ResponseArena.roomBytes(129));
        assertEquals(4 << 20, ResponseArena.roomBytes(6_250), "the default's stripe: 3.2 MB rounded up");
        assertEquals(1 << 30, ResponseArena.roomBytes(10_000_000), "the largest array a power of two can be");
        for (int entries = 1; entries < 1 << 22; entries = entries * 3 + 1)
        {
            final int room = ResponseArena.roomBytes(entries);
            assertEquals(1, Integer.bitCount(room), room + " for " + entries);
            assertTrue(room >= Math.min(1 << 30, (long)entries * ResponseArena.BYTES_PER_RESPONSE));
        }
    }

    @Test
    void aCommandIdKeepsItsFirstResponse()
    {
        final ResponseArena arena = new ResponseArena(4);
        assertTrue(arena.put(7, 1, 201, new byte[] {1}));
        assertTrue(arena.put(7, 2, 409, new byte[] {2, 2}));
        final ResponseArena.Found found = arena.get(7);
        assertEquals(1, found.fingerprint());
        assertEquals(201, found.status());
        assertArrayEquals(new byte[] {1}, found.body());
        assertEquals(1, arena.size());
    }

    @Test
    void manyRoundsOfTheRingWithSizesThatLeaveGaps()
    {
        final ResponseArena arena = new ResponseArena(100);
        final int rounds = 5_000;
        final byte[][] bodies = new byte[rounds][];
        for (int i = 0; i < rounds; i++)
        {
            bodies[i] = new byte[1 + i % 997];
            Arrays.fill(bodies[i], (byte)i);
            assertTrue(arena.put(i + 1, i, 200, bodies[i]));
        }
        assertArrayEquals(bodies[rounds - 1], arena.get(rounds).body());
        assertFalse(arena.size() > 100);
        assertNull(arena.get(1));
    }
}

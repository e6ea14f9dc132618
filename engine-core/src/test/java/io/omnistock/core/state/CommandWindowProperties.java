package io.omnistock.core.state;

import io.omnistock.core.snapshot.SnapshotStore;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.EngineConfig;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The idempotency window against the plainest model of it: a queue of the last {@code capacity}
 * admitted ids and a map of their reasons. Ids are drawn from a small range so retries, ids ageing
 * out and coming back, and long probe chains all happen; windows are small so the table's cursor
 * laps it many times.
 */
class CommandWindowProperties
{
    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void remembersExactlyTheLastCapacityIds(
        @ForAll @IntRange(min = 1, max = 70) final int capacity,
        @ForAll @LongRange(min = 2, max = 400) final long idRange,
        @ForAll @Size(min = 1, max = 3_000) final List<@LongRange(min = 0, max = 1_000_000) Long> draws)
        throws IOException
    {
        final long[] ids = new long[draws.size()];
        for (int i = 0; i < ids.length; i++)
        {
            ids[i] = 1 + draws.get(i) % idRange;
        }
        checkAgainstModel(capacity, ids, draws);
    }

    /**
     * Ids as a client numbering its commands sends them (the layout's fast case: a run of
     * neighbouring slots per block of ids), from any starting point including negative ids, with
     * retries of recent ids mixed in.
     */
    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void remembersCountedIdsWithRetries(
        @ForAll @IntRange(min = 1, max = 70) final int capacity,
        @ForAll final long start,
        @ForAll @Size(min = 1, max = 3_000) final List<@LongRange(min = 0, max = 1_000_000) Long> draws)
        throws IOException
    {
        final long[] ids = new long[draws.size()];
        long counter = start == 0 ? 1 : start;
        for (int i = 0; i < ids.length; i++)
        {
            final long draw = draws.get(i);
            // One draw in eight retries an id up to 100 back; the others take the next number.
            ids[i] = draw % 8 == 0 && i > 0 ? ids[Math.max(0, i - 1 - (int)(draw / 8 % 100))] : counter++;
            if (counter == 0)
            {
                counter = 1;
            }
        }
        checkAgainstModel(capacity, ids, draws);
    }

    private static void checkAgainstModel(final int capacity, final long[] ids, final List<Long> draws)
        throws IOException
    {
        final CommandWindow window = new CommandWindow(capacity);
        final ArrayDeque<Long> order = new ArrayDeque<>();
        final Map<Long, ReasonCode> reasons = new HashMap<>();
        final Map<Long, Long> fingerprints = new HashMap<>();
        for (int i = 0; i < ids.length; i++)
        {
            final long id = ids[i];
            final ReasonCode reason = ReasonCode.fromOrdinal((int)(draws.get(i) % 50));
            // A third of the commands carry no fingerprint, the rest one of a few (so retries match some of the time).
            final long fingerprint = draws.get(i) % 3 == 0 ? 0 : 1 + draws.get(i) % 4 * 0x9E3779B97F4A7C15L;
            assertEquals(reasons.get(id), window.originalReason(id), "lookup of " + id + " at step " + i);
            final ReasonCode earlier = window.admit(id, fingerprint);
            assertEquals(reasons.get(id), earlier, "admit of " + id + " at step " + i);
            if (earlier == null)
            {
                window.settle(id, reason);
                order.addLast(id);
                reasons.put(id, reason);
                fingerprints.put(id, fingerprint);
                if (order.size() > capacity)
                {
                    final long out = order.removeFirst();
                    reasons.remove(out);
                    fingerprints.remove(out);
                }
            }
            else
            {
                assertEquals(fingerprints.get(id), window.foundFingerprint(), "fingerprint of " + id + " at step " + i);
            }
        }
        // The snapshot holds the model's ids in admission order, and loads into an equal window.
        final ByteArrayOutputStream expected = new ByteArrayOutputStream();
        final DataOutputStream out = new DataOutputStream(expected);
        out.writeInt(order.size());
        for (final long id : order)
        {
            out.writeLong(id);
            out.writeShort(reasons.get(id).ordinal());
            out.writeLong(fingerprints.get(id));
        }
        final byte[] snapshot = write(window);
        assertArrayEquals(expected.toByteArray(), snapshot);
        final CommandWindow loaded = new CommandWindow(capacity);
        loaded.readFrom(new DataInputStream(new ByteArrayInputStream(snapshot)), SnapshotStore.FORMAT_VERSION);
        assertEquals(window.checksum(), loaded.checksum());
        assertArrayEquals(snapshot, write(loaded));
        for (final long id : ids)
        {
            assertEquals(reasons.get(id), loaded.originalReason(id), "loaded lookup of " + id);
        }
    }

    @Property(tries = 20, edgeCases = EdgeCasesMode.NONE)
    void settleBelongsToTheLastAdmit(@ForAll @LongRange(min = 1, max = 1_000) final long id)
    {
        final CommandWindow window = new CommandWindow(8);
        window.admit(id, 0);
        assertThrows(IllegalStateException.class, () -> window.settle(id + 1, ReasonCode.OK));
    }

    @Example
    void capacityOutsideOneTo2To28IsRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> new CommandWindow(0));
        assertThrows(IllegalArgumentException.class, () -> new CommandWindow(CommandWindow.MAX_CAPACITY + 1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EngineConfig.builder()
            .idempotencyWindow(CommandWindow.MAX_CAPACITY + 1).build()).getMessage().contains("idempotencyWindow"));
    }

    private static byte[] write(final CommandWindow window) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        window.writeTo(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }
}

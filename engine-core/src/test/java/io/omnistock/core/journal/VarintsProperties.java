package io.omnistock.core.journal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link Varints#putSigned} writes exactly the bytes of the format's definition (zig-zag, then 7-bit
 * groups, least significant first, the high bit on all but the last), touches nothing before them,
 * and its bytes read back, for integers of every length, anywhere in a buffer and at its very end.
 * (A writer that stored up to 8 groups as one long, with no branch on the length, passed these and
 * encoded records 2.2 to 3.5 times slower: JournalBenchmark.encode, docs/benchmarks.md run 56.)
 */
class VarintsProperties
{
    /** The format's definition, a group at a time. */
    private static byte[] reference(final long value)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        long rest = value << 1 ^ value >> 63;
        while ((rest & ~0x7FL) != 0)
        {
            out.write((int)(rest & 0x7F | 0x80));
            rest >>>= 7;
        }
        out.write((int)rest);
        return out.toByteArray();
    }

    private static void writesTheDefinition(final long value, final int at, final int capacity)
    {
        final byte[] expected = reference(value);
        final byte[] bytes = new byte[capacity];
        Arrays.fill(bytes, (byte)0x5A);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final int end = Varints.putSigned(buffer, at, value);
        assertEquals(at + expected.length, end, "length of " + value);
        assertArrayEquals(expected, Arrays.copyOfRange(bytes, at, end), "bytes of " + value);
        for (int i = 0; i < at; i++)
        {
            assertEquals((byte)0x5A, bytes[i], "nothing before the integer is written");
        }
        final Varints in = new Varints();
        assertEquals(value, in.getSigned(buffer, at), "read back");
        assertEquals(end, in.end());
    }

    @Property(tries = 2_000)
    void anyLongAnywhere(@ForAll final long value, @ForAll @IntRange(min = 0, max = 24) final int at)
    {
        writesTheDefinition(value, at, at + 24);
    }

    @Property(tries = 2_000)
    void smallerIntegersOfEveryLength(@ForAll final long bits, @ForAll @IntRange(min = 0, max = 63) final int shift)
    {
        writesTheDefinition(bits >> shift, 3, 40);
    }

    @Test
    void theEdgesOfEachLength()
    {
        for (int groups = 1; groups <= 10; groups++)
        {
            final long largest = groups >= 9 ? Long.MAX_VALUE : (1L << (7 * groups)) - 1;
            for (final long zigzag : new long[] {largest, largest + 1, largest - 1})
            {
                final long value = zigzag >>> 1 ^ -(zigzag & 1);
                // In the middle of a buffer, then ending at its last byte (no room for a whole long).
                writesTheDefinition(value, 5, 40);
                writesTheDefinition(value, 40 - reference(value).length, 40);
            }
        }
        for (final long value : new long[] {0, 1, -1, 63, -64, 64, Long.MIN_VALUE, Long.MAX_VALUE, (1L << 55) - 1, -(1L << 55)})
        {
            writesTheDefinition(value, 0, 16);
            writesTheDefinition(value, 16 - reference(value).length, 16);
        }
    }
}

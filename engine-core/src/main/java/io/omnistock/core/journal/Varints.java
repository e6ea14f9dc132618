package io.omnistock.core.journal;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The journal's variable-length integers: zig-zag (small negative numbers stay small), then 7-bit
 * groups, least significant first, the high bit marking a group that follows. 0 to 63 take a byte,
 * a command id or a quantity two or three, a millisecond timestamp six.
 *
 * <p>Used for every integer of a record's fixed part since format 2, and of its body since format 6
 * ({@link JournalCodec#FIRST_COMPACT_FORMAT}).
 *
 * <p>Writing is static; reading is done by an instance, which keeps where the integer it last read
 * ends ({@link #end()}), so each integer's bytes are read once. Reading them a second time to find
 * the end made a record's decode 1.4x slower (medians 10.4 M against 14.7 M records/s in
 * {@code JournalBenchmark.decode}, six alternated pairs, docs/benchmarks.md run 54): replay,
 * recovery's tail and the daemon's read models decode every record. One instance per decoder (a
 * {@link JournalCodec}), used from its thread.
 */
final class Varints
{
    /** Where the integer last read by {@link #getSigned} ends. */
    private int end;

    /**
     * Writes {@code value} at {@code at}.
     *
     * @return where it ends.
     */
    static int putSigned(final UnsafeBuffer b, final int at, final long value)
    {
        long rest = value << 1 ^ value >> 63;
        int i = at;
        while ((rest & ~0x7FL) != 0)
        {
            b.putByte(i++, (byte)(rest | 0x80));
            rest >>>= 7;
        }
        b.putByte(i++, (byte)rest);
        return i;
    }

    /** @return the integer at {@code at}; {@link #end()} is then where it ends. */
    long getSigned(final UnsafeBuffer b, final int at)
    {
        long unsigned = 0;
        int i = at;
        for (int shift = 0; shift < Long.SIZE; shift += 7)
        {
            final byte group = b.getByte(i++);
            unsigned |= (long)(group & 0x7F) << shift;
            if (group >= 0)
            {
                end = i;
                return unsigned >>> 1 ^ -(unsigned & 1);
            }
        }
        throw new JournalException("journal record holds an integer longer than 64 bits");
    }

    /** @return where the integer last read by {@link #getSigned} ends. */
    int end()
    {
        return end;
    }
}

package io.omnistock.daemon.http;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * Where an I/O thread encodes its answers ({@link Writes}): the bytes a JSON generator writes, kept
 * between answers (only the exact bytes are copied out), and the scratch an answer's times and
 * command ids are spelled into before they are written ({@link ResultJson}), reached through the
 * generator's output target. Each of those was a {@code ThreadLocal} looked up per answer, or per
 * field: the look-ups were 2.9 to 4.1% of the I/O threads' CPU samples on batches of 256 orders
 * (async-profiler, docs/benchmarks.md run 56). One instance per thread; every result is encoded
 * into one.
 */
final class AnswerBytes extends OutputStream
{
    /** The digits of a time or a command id, for {@link ResultJson}. */
    final byte[] digits = new byte[IsoInstant.LONGEST];
    private byte[] bytes;
    private int length;

    AnswerBytes(final int initialBytes)
    {
        bytes = new byte[initialBytes];
    }

    /** Empties it for the next answer. */
    void reset()
    {
        length = 0;
    }

    @Override
    public void write(final int b)
    {
        room(1);
        bytes[length++] = (byte)b;
    }

    @Override
    public void write(final byte[] b, final int offset, final int count)
    {
        room(count);
        System.arraycopy(b, offset, bytes, length, count);
        length += count;
    }

    /** @return a copy of the bytes written since the last reset. */
    byte[] toByteArray()
    {
        return Arrays.copyOf(bytes, length);
    }

    private void room(final int more)
    {
        if (length + more > bytes.length)
        {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}

package io.omnistock.daemon.http;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
    /**
     * Writes into this buffer, answer after answer (root values with no separator), flushed after
     * each: a generator made per answer, with its context and its buffers' bookkeeping, was 10.5% of
     * the bytes the I/O threads allocated on batches of 256 orders (about 420 of 3,980 bytes per
     * order; async-profiler, docs/benchmarks.md run 57). Replaced after an answer that failed half
     * written, which leaves it inside that answer's objects.
     */
    private JsonGenerator json;

    AnswerBytes(final int initialBytes)
    {
        bytes = new byte[initialBytes];
    }

    /** @return the generator writing into this buffer, at the top level: between answers. */
    JsonGenerator json()
    {
        if (json == null)
        {
            try
            {
                json = Json.MAPPER.getFactory().createGenerator(this).setRootValueSeparator(null);
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException("a generator over memory", e);
            }
        }
        return json;
    }

    /** Forgets the generator, which stopped inside an answer: the next answer gets a new one. */
    void abandonJson()
    {
        json = null;
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
    public void write(final byte[] b)
    {
        write(b, 0, b.length);
    }

    @Override
    public void write(final byte[] b, final int offset, final int count)
    {
        room(count);
        System.arraycopy(b, offset, bytes, length, count);
        length += count;
    }

    /** @return the bytes written since the last reset. */
    int size()
    {
        return length;
    }

    /** @return the room it has now, written or not. */
    int capacity()
    {
        return bytes.length;
    }

    /** @return the bytes written since the last reset, not copied: valid until the next write or reset. */
    ByteBuffer buffer()
    {
        return ByteBuffer.wrap(bytes, 0, length);
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

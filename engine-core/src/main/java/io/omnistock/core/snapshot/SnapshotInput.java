package io.omnistock.core.snapshot;

import org.agrona.BufferUtil;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * A snapshot file read with positional reads into a direct buffer, big-endian as
 * {@link java.io.DataOutputStream} wrote it. Each value is one bounds check and one load from the
 * buffer, where a {@link DataInputStream} over a buffered stream copied every long through two
 * synchronized calls (55% of a 10 M position load's samples, docs/benchmarks.md run 36). A component
 * whose section is an array of fixed-size records {@link #claim}s the section and decodes parts of it
 * on several threads, each {@link #read}ing into its own buffer.
 *
 * <p>Why reads and not memory maps: a mapped file is faulted into the process 4 KiB at a time, and a
 * page fault on this 2-core VM costs microseconds. Summing the longs of a 4.0 GB snapshot (page cache
 * warm) took 3.73 s through 1 GiB maps and 1.03 s through 8 MiB positional reads, which copy but do
 * not fault (docs/benchmarks.md run 44); the checksum and the decode each read the file once.
 */
public final class SnapshotInput implements DataInput, AutoCloseable
{
    /** Bytes a read fetches at a time (at most): a system call's cost vanishes against 8 MiB of copying. */
    private static final int READ_BYTES = 1 << 23;

    private final FileChannel channel;
    private final long limit;
    /** Holds the file's bytes {@code [bufferStart, bufferStart + buffer.limit())}. */
    private final ByteBuffer buffer;
    private long bufferStart;

    /**
     * @param channel the snapshot file, open for reading.
     * @param limit   bytes readable from its start (the checksum trailer after them is not).
     */
    SnapshotInput(final FileChannel channel, final long limit)
    {
        this.channel = channel;
        this.limit = limit;
        // A small snapshot (a test's, a new engine's) gets a buffer its size, not 8 MiB of zeroed memory.
        buffer = ByteBuffer.allocateDirect(bufferBytes(limit));
        buffer.limit(0);
    }

    /** @return the CRC32C of the file's first {@code bytes} bytes, read {@link #READ_BYTES} at a time. */
    static int crc32c(final FileChannel channel, final long bytes) throws IOException
    {
        final CRC32C crc = new CRC32C();
        final ByteBuffer chunk = ByteBuffer.allocateDirect(bufferBytes(bytes));
        try
        {
            for (long at = 0; at < bytes; at += chunk.capacity())
            {
                chunk.clear().limit((int)Math.min(chunk.capacity(), bytes - at));
                fill(channel, at, chunk);
                crc.update(chunk.flip());
            }
        }
        finally
        {
            BufferUtil.free(chunk);
        }
        return (int)crc.getValue();
    }

    /** @return a buffer's size for reading {@code bytes}: all of them, up to {@link #READ_BYTES}, and room for a long. */
    private static int bufferBytes(final long bytes)
    {
        return (int)Math.max(Long.BYTES, Math.min(READ_BYTES, bytes));
    }

    /** Fills {@code into}'s remaining bytes from the file at {@code at}. */
    private static void fill(final FileChannel channel, final long at, final ByteBuffer into) throws IOException
    {
        final int start = into.position();
        while (into.hasRemaining())
        {
            if (channel.read(into, at + into.position() - start) < 0)
            {
                throw new EOFException("snapshot ends before " + (at + into.limit() - start) + " bytes");
            }
        }
    }

    /** @return the offset in the file of the next byte read. */
    public long position()
    {
        return bufferStart + buffer.position();
    }

    /**
     * Skips a section that the caller decodes itself, through {@link #read}.
     *
     * @return the section's offset in the file.
     * @throws EOFException if the file ends before the section does.
     */
    public long claim(final long bytes) throws IOException
    {
        final long start = position();
        if (bytes < 0 || bytes > limit - start)
        {
            throw new EOFException("a section of " + bytes + " bytes at " + start + " runs past the end (" + limit + ")");
        }
        buffer.limit(0);
        bufferStart = start + bytes;
        return start;
    }

    /**
     * Reads the bytes from {@code start} of a section {@link #claim}ed into {@code into} (its position
     * to its limit), then flips it; safe on any thread.
     */
    public void read(final long start, final ByteBuffer into) throws IOException
    {
        fill(channel, start, into);
        into.flip();
    }

    /** Frees the buffer now rather than when the collector finds it. */
    @Override
    public void close()
    {
        BufferUtil.free(buffer);
    }

    private ByteBuffer need(final int bytes) throws IOException
    {
        if (buffer.remaining() < bytes)
        {
            final long at = position();
            if (limit - at < bytes)
            {
                throw new EOFException("snapshot ends at " + limit + ", " + bytes + " bytes wanted at " + at);
            }
            buffer.clear().limit((int)Math.min(buffer.capacity(), limit - at));
            fill(channel, at, buffer);
            buffer.flip();
            bufferStart = at;
        }
        return buffer;
    }

    @Override
    public void readFully(final byte[] b) throws IOException
    {
        readFully(b, 0, b.length);
    }

    @Override
    public void readFully(final byte[] b, final int off, final int len) throws IOException
    {
        int done = 0;
        while (done < len)
        {
            // A long array may straddle two reads: copied in the parts each holds.
            final ByteBuffer w = need(1);
            final int n = Math.min(len - done, w.remaining());
            w.get(b, off + done, n);
            done += n;
        }
    }

    @Override
    public int skipBytes(final int n) throws IOException
    {
        final int skipped = (int)Math.max(0, Math.min(n, limit - position()));
        claim(skipped);
        return skipped;
    }

    @Override
    public boolean readBoolean() throws IOException
    {
        return readByte() != 0;
    }

    @Override
    public byte readByte() throws IOException
    {
        return need(Byte.BYTES).get();
    }

    @Override
    public int readUnsignedByte() throws IOException
    {
        return readByte() & 0xFF;
    }

    @Override
    public short readShort() throws IOException
    {
        return need(Short.BYTES).getShort();
    }

    @Override
    public int readUnsignedShort() throws IOException
    {
        return readShort() & 0xFFFF;
    }

    @Override
    public char readChar() throws IOException
    {
        return need(Character.BYTES).getChar();
    }

    @Override
    public int readInt() throws IOException
    {
        return need(Integer.BYTES).getInt();
    }

    @Override
    public long readLong() throws IOException
    {
        return need(Long.BYTES).getLong();
    }

    @Override
    public float readFloat() throws IOException
    {
        return need(Float.BYTES).getFloat();
    }

    @Override
    public double readDouble() throws IOException
    {
        return need(Double.BYTES).getDouble();
    }

    /** Never written by a snapshot. */
    @Override
    public String readLine()
    {
        throw new UnsupportedOperationException("snapshots hold no lines");
    }

    @Override
    public String readUTF() throws IOException
    {
        return DataInputStream.readUTF(this);
    }
}

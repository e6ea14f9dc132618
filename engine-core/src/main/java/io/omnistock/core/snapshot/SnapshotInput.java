package io.omnistock.core.snapshot;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * A snapshot file read through memory maps, big-endian as {@link java.io.DataOutputStream} wrote it.
 * Each value is one bounds check and one load from the mapped window, where a {@link DataInputStream}
 * over a buffered stream copied every long through two synchronized calls (55% of a 10 M position
 * load's samples, docs/benchmarks.md run 36). A component whose section is an array of fixed-size
 * records {@link #claim}s the section and decodes parts of it on several threads, each through its
 * own {@link #map}.
 */
public final class SnapshotInput implements DataInput
{
    /** Mapped a gibibyte at a time: a mapping is at most 2 GiB, and a smaller one is remapped often. */
    private static final long WINDOW_BYTES = 1L << 30;

    private final FileChannel channel;
    private final long limit;
    private ByteBuffer window = ByteBuffer.allocate(0);
    private long windowStart;

    /**
     * @param channel the snapshot file, open for reading.
     * @param limit   bytes readable from its start (the checksum trailer after them is not).
     */
    SnapshotInput(final FileChannel channel, final long limit)
    {
        this.channel = channel;
        this.limit = limit;
    }

    /** @return the CRC32C of the file's first {@code bytes} bytes, a mapped window at a time. */
    static int crc32c(final FileChannel channel, final long bytes) throws IOException
    {
        final CRC32C crc = new CRC32C();
        for (long at = 0; at < bytes; at += WINDOW_BYTES)
        {
            crc.update(channel.map(FileChannel.MapMode.READ_ONLY, at, Math.min(WINDOW_BYTES, bytes - at)));
        }
        return (int)crc.getValue();
    }

    /** @return the offset in the file of the next byte read. */
    public long position()
    {
        return windowStart + window.position();
    }

    /**
     * Skips a section that the caller decodes itself, through {@link #map}.
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
        window = ByteBuffer.allocate(0);
        windowStart = start + bytes;
        return start;
    }

    /** @return the bytes {@code [start, start + bytes)} of a section {@link #claim}ed, big-endian; safe on any thread. */
    public MappedByteBuffer map(final long start, final int bytes) throws IOException
    {
        return channel.map(FileChannel.MapMode.READ_ONLY, start, bytes);
    }

    private ByteBuffer need(final int bytes) throws IOException
    {
        if (window.remaining() < bytes)
        {
            final long at = position();
            if (limit - at < bytes)
            {
                throw new EOFException("snapshot ends at " + limit + ", " + bytes + " bytes wanted at " + at);
            }
            window = channel.map(FileChannel.MapMode.READ_ONLY, at, Math.min(WINDOW_BYTES, limit - at));
            windowStart = at;
        }
        return window;
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
            // A long array may straddle two windows: copied in the parts each holds.
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

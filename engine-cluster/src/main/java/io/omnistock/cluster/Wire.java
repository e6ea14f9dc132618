package io.omnistock.cluster;

import io.omnistock.core.command.InputHooks;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Cursor over a buffer for the cluster's wire messages: integers as zig-zag LEB128 (small values,
 * the common case, take one or two bytes), strings as a length and UTF-8. Reads past the message's
 * end throw {@link Truncated}, so a short message is a decoding failure, never a read of whatever
 * the buffer holds beyond it.
 */
final class Wire implements InputHooks.Sink, InputHooks.Source
{
    /** A message that ends before its content does. */
    static final class Truncated extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        Truncated()
        {
            super("message truncated", null, false, false);
        }
    }

    private static final int MAX_VARINT_BYTES = 10;

    private MutableDirectBuffer out;
    private DirectBuffer in;
    private int position;
    private int limit;

    Wire writeTo(final MutableDirectBuffer buffer, final int offset)
    {
        out = buffer;
        position = offset;
        return this;
    }

    Wire readFrom(final DirectBuffer buffer, final int offset, final int length)
    {
        in = buffer;
        position = offset;
        limit = offset + length;
        return this;
    }

    int position()
    {
        return position;
    }

    /** @return bytes left to read. */
    int remaining()
    {
        return limit - position;
    }

    void skip(final int bytes)
    {
        need(bytes);
        position += bytes;
    }

    @Override
    public void putByte(final int value)
    {
        out.putByte(position++, (byte)value);
    }

    @Override
    public void putLong(final long value)
    {
        long rest = value << 1 ^ value >> 63;
        while ((rest & ~0x7FL) != 0)
        {
            out.putByte(position++, (byte)(rest | 0x80));
            rest >>>= 7;
        }
        out.putByte(position++, (byte)rest);
    }

    @Override
    public void putBytes(final byte[] bytes)
    {
        out.putBytes(position, bytes);
        position += bytes.length;
    }

    @Override
    public byte[] getBytes(final int length)
    {
        need(length);
        final byte[] bytes = new byte[length];
        in.getBytes(position, bytes);
        position += length;
        return bytes;
    }

    void putString(final String value)
    {
        if (value == null)
        {
            putLong(-1);
            return;
        }
        final byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        putLong(utf8.length);
        out.putBytes(position, utf8);
        position += utf8.length;
    }

    @Override
    public int getByte()
    {
        need(1);
        return in.getByte(position++) & 0xFF;
    }

    @Override
    public long getLong()
    {
        long unsigned = 0;
        for (int shift = 0, i = 0; i < MAX_VARINT_BYTES; i++, shift += 7)
        {
            final int b = getByte();
            unsigned |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return unsigned >>> 1 ^ -(unsigned & 1);
            }
        }
        throw new Truncated();
    }

    int getInt()
    {
        return (int)getLong();
    }

    String getString()
    {
        final long length = getLong();
        if (length < 0)
        {
            return null;
        }
        need(length);
        final String value = in.getStringWithoutLengthUtf8(position, (int)length);
        position += (int)length;
        return value;
    }

    private void need(final long bytes)
    {
        if (bytes > limit - position)
        {
            throw new Truncated();
        }
    }
}

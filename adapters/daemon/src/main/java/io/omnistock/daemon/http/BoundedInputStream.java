package io.omnistock.daemon.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Fails once a read needs more than a limit, so a streamed body cannot grow without bound, and
 * runs a check when the body ends (e.g. that it ended whole, not at a broken chunk). Every
 * byte up to the limit is delivered first, and {@link #available()} never counts past it, so where
 * the failure falls does not depend on how the body arrived in chunks: a reader sees exactly the
 * first {@code limit} bytes, then the failure.
 */
final class BoundedInputStream extends FilterInputStream
{
    private final long limit;
    private final Supplier<? extends RuntimeException> overflow;
    private final Runnable atEnd;
    private long read;

    BoundedInputStream(
        final InputStream in, final long limit, final Supplier<? extends RuntimeException> overflow,
        final Runnable atEnd)
    {
        super(in);
        this.limit = limit;
        this.overflow = overflow;
        this.atEnd = atEnd;
    }

    @Override
    public int read() throws IOException
    {
        if (read == limit)
        {
            return endOrOverflow();
        }
        final int b = super.read();
        if (b >= 0)
        {
            read++;
        }
        else
        {
            atEnd.run();
        }
        return b;
    }

    @Override
    public int read(final byte[] buffer, final int offset, final int length) throws IOException
    {
        if (length == 0)
        {
            return 0;
        }
        if (read == limit)
        {
            return endOrOverflow();
        }
        final int n = super.read(buffer, offset, (int)Math.min(length, limit - read));
        if (n > 0)
        {
            read += n;
        }
        else if (n < 0)
        {
            atEnd.run();
        }
        return n;
    }

    @Override
    public int available() throws IOException
    {
        return (int)Math.min(super.available(), limit - read);
    }

    /** At the limit, a body that ends there is within it; one more byte is not. */
    private int endOrOverflow() throws IOException
    {
        if (super.read() < 0)
        {
            atEnd.run();
            return -1;
        }
        throw overflow.get();
    }
}

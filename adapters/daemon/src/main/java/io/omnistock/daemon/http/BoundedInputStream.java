package io.omnistock.daemon.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/** Fails once more than a limit has been read, so a streamed body cannot grow without bound. */
final class BoundedInputStream extends FilterInputStream
{
    private final long limit;
    private final Supplier<? extends RuntimeException> overflow;
    private long read;

    BoundedInputStream(final InputStream in, final long limit, final Supplier<? extends RuntimeException> overflow)
    {
        super(in);
        this.limit = limit;
        this.overflow = overflow;
    }

    @Override
    public int read() throws IOException
    {
        final int b = super.read();
        if (b >= 0 && ++read > limit)
        {
            throw overflow.get();
        }
        return b;
    }

    @Override
    public int read(final byte[] buffer, final int offset, final int length) throws IOException
    {
        final int n = super.read(buffer, offset, length);
        if (n > 0 && (read += n) > limit)
        {
            throw overflow.get();
        }
        return n;
    }
}

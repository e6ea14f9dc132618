package io.omnistock.core.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * Loads pages by reading them, where {@link AdvisedPageLoader} is not to be had (macOS, Windows):
 * the operating system's readahead may then load more than was asked.
 */
final class ReadPageLoader implements PageLoader
{
    private static final Logger LOG = LoggerFactory.getLogger(ReadPageLoader.class);
    private static final int READ_BYTES = 64 << 10;

    private final ByteBuffer sink = ByteBuffer.allocateDirect(READ_BYTES);
    private final FileChannel channel;

    private ReadPageLoader(final FileChannel channel)
    {
        this.channel = channel;
    }

    static ReadPageLoader open(final File file) throws IOException
    {
        return new ReadPageLoader(FileChannel.open(file.toPath(), StandardOpenOption.READ));
    }

    @Override
    public long size() throws IOException
    {
        return channel.size();
    }

    @Override
    public void load(final long offset, final long length) throws IOException
    {
        long at = offset;
        final long end = offset + length;
        while (at < end)
        {
            sink.clear().limit((int)Math.min(READ_BYTES, end - at));
            final int read = channel.read(sink, at);
            if (read <= 0)
            {
                return;
            }
            at += read;
        }
    }

    @Override
    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException e)
        {
            // A read-only channel: nothing written is lost by a failed close.
            LOG.debug("closing a journal file read for its pages", e);
        }
    }
}

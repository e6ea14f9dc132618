package io.omnistock.core.journal;

import jnr.ffi.LibraryLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;

/**
 * Loads pages with {@code posix_fadvise(fd, offset, length, POSIX_FADV_WILLNEED)}: the kernel reads
 * exactly that range into the page cache (for a hole: allocates and zeroes its pages), with no
 * readahead window and no copy into user space. Called through jnr-ffi, which Chronicle Queue
 * already ships and uses for its own POSIX calls.
 */
final class AdvisedPageLoader implements PageLoader
{
    private static final Logger LOG = LoggerFactory.getLogger(AdvisedPageLoader.class);
    private static final int O_RDONLY = 0;
    private static final int SEEK_END = 2;
    private static final int POSIX_FADV_WILLNEED = 3;

    /** The C functions used, bound once; null where the C library or one of them is missing. */
    private static final LibC LIBC = bind();
    /** Whether this loader can be used here (Linux; not macOS or Windows, which lack posix_fadvise). */
    static final boolean AVAILABLE = LIBC != null;

    private final File file;
    private final int fd;

    /** The C library's calls this class makes; jnr-ffi binds them by name. */
    public interface LibC
    {
        int open(String path, int flags);

        long lseek(int fd, long offset, int whence);

        /** Returns 0 or an error number (it does not set errno). */
        int posix_fadvise(int fd, long offset, long length, int advice);

        int close(int fd);
    }

    private AdvisedPageLoader(final File file, final int fd)
    {
        this.file = file;
        this.fd = fd;
    }

    private static LibC bind()
    {
        try
        {
            // failImmediately: a function the library lacks fails here, once, not at its first call.
            return LibraryLoader.create(LibC.class).failImmediately().load("c");
        }
        catch (final Throwable e)
        {
            LOG.debug("posix_fadvise is not available; the journal pretoucher reads pages instead", e);
            return null;
        }
    }

    static AdvisedPageLoader open(final File file) throws IOException
    {
        final int fd = LIBC.open(file.getPath(), O_RDONLY);
        if (fd < 0)
        {
            throw new IOException("cannot open " + file + " to load its pages");
        }
        return new AdvisedPageLoader(file, fd);
    }

    @Override
    public long size() throws IOException
    {
        final long size = LIBC.lseek(fd, 0, SEEK_END);
        if (size < 0)
        {
            throw new IOException("cannot find the size of " + file);
        }
        return size;
    }

    @Override
    public void load(final long offset, final long length) throws IOException
    {
        final int error = LIBC.posix_fadvise(fd, offset, length, POSIX_FADV_WILLNEED);
        if (error != 0)
        {
            throw new IOException("posix_fadvise(WILLNEED) of " + file + " failed with error " + error);
        }
    }

    @Override
    public void close()
    {
        LIBC.close(fd);
    }
}

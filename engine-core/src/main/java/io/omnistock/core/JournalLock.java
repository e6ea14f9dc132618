package io.omnistock.core;

import io.omnistock.core.journal.JournalException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock an engine holds on its journal directory while it runs ({@link OmnistockEngine#LOCK_FILE}),
 * so a second engine, in this JVM or another, cannot append to the same journal.
 */
final class JournalLock
{
    private final FileLock lock;

    private JournalLock(final FileLock lock)
    {
        this.lock = lock;
    }

    /**
     * @throws JournalException if another running engine holds the directory, or it cannot be locked.
     */
    static JournalLock acquire(final Path dir)
    {
        final Path lockFile = dir.resolve(OmnistockEngine.LOCK_FILE);
        FileChannel channel = null;
        try
        {
            Files.createDirectories(dir);
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            final FileLock lock = channel.tryLock();
            if (lock != null)
            {
                return new JournalLock(lock);
            }
        }
        catch (final OverlappingFileLockException e)
        {
            // Held by another engine in this JVM: refused below.
        }
        catch (final IOException e)
        {
            closeQuietly(channel);
            throw new JournalException("cannot lock journal directory " + dir + ": " + e.getMessage());
        }
        closeQuietly(channel);
        throw new JournalException("journal directory " + dir +
            " is in use by another running engine (it holds " + lockFile + "); close that engine first");
    }

    /** Releases the lock (closing its channel does). */
    void release()
    {
        closeQuietly(lock.channel());
    }

    private static void closeQuietly(final FileChannel channel)
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // Nothing to release.
            }
        }
    }
}

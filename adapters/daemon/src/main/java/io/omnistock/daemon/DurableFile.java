package io.omnistock.daemon;

import io.omnistock.daemon.http.ApiKeyStore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a small side file of the data directory whole (webhook subscriptions, the Kafka sink's
 * cursor): temporary file, fsync, rename, fsync of the directory, so a crash leaves the old file or
 * the new one, never half of either. Owner-only: such files may hold secrets.
 */
public final class DurableFile
{
    private DurableFile()
    {
    }

    public static void replace(final Path file, final byte[] bytes) throws IOException
    {
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            ApiKeyStore.ownerOnly(tmp);
            final ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining())
            {
                out.write(buffer);
            }
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(file.getParent());
    }

    /** The rename lives in the directory: without this a power cut could bring the old file back. */
    private static void syncDirectory(final Path dir)
    {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException e)
        {
            // Some platforms cannot open a directory: the rename is still atomic, only perhaps not yet durable.
        }
    }
}

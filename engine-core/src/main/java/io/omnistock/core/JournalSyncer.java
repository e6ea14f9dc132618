package io.omnistock.core;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Forces the journal to the storage device on a thread of its own, for {@link Durability#periodic}
 * durability, so the single writer never waits for the device.
 *
 * <p>Why: forced on the writer's thread, each periodic force stalled every command behind it. In the
 * daemon under a flash sale (64 connections, every 1,000 commands or 100 ms) the writer's thread was
 * in {@code msync} about as often as in all its own work (36 JFR native samples against 43 execution
 * samples). Periodic durability bounds what a power loss can take; it never made an answer wait for
 * the device, so the force can run beside the writer: the bound grows by the length of one force.
 *
 * <p>It forces the whole cycle file with {@link FileChannel#force} (fdatasync), which writes back
 * the pages the writer dirtied through Chronicle's mapping, as {@code msync} did: on Linux a page
 * written through a shared mapping is dirty in the page cache the file's own writeback flushes.
 * Requests made while a force runs are folded into the next one. A cycle file left behind by a roll
 * is forced once more before the new one, so its last documents are not left out. A failure halts
 * the engine (as the writer's own failed force did): commands after it are answered
 * {@code JOURNAL_FAILED}.
 */
final class JournalSyncer implements AutoCloseable
{
    private final Thread thread;
    private final AtomicReference<File> requested = new AtomicReference<>();
    private final JournalFaults faults;
    private final Consumer<Throwable> onFailure;
    private volatile boolean closed;
    /** The syncer thread's own: the file it forces and its channel. */
    private File file;
    private FileChannel channel;

    /**
     * @param faults    called before each force ({@link JournalFaults#beforeSync}).
     * @param onFailure a force failed: the engine halts. Called on the syncer's thread, which then ends.
     */
    JournalSyncer(final String threadName, final JournalFaults faults, final Consumer<Throwable> onFailure)
    {
        this.faults = faults;
        this.onFailure = onFailure;
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks for {@code journalFile} to be forced, without waiting: one volatile store and an unpark. */
    void request(final File journalFile)
    {
        requested.set(journalFile);
        LockSupport.unpark(thread);
    }

    private void run()
    {
        try
        {
            while (!closed)
            {
                final File target = requested.getAndSet(null);
                if (target == null)
                {
                    LockSupport.park(this);
                    continue;
                }
                force(target);
            }
        }
        catch (final Throwable t)
        {
            onFailure.accept(t);
        }
        finally
        {
            closeChannel();
        }
    }

    private void force(final File target) throws IOException
    {
        faults.beforeSync();
        if (!target.equals(file))
        {
            if (channel != null)
            {
                // The cycle before the roll: its last documents were written after its last force.
                channel.force(false);
                closeChannel();
            }
            channel = FileChannel.open(target.toPath(), StandardOpenOption.READ);
            file = target;
        }
        channel.force(false);
    }

    private void closeChannel()
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException e)
            {
                // Forced already, or about to be by the writer's final force: nothing is lost here.
            }
            channel = null;
        }
    }

    /** Stops after the force under way, if any; the writer forces once more as it closes. */
    @Override
    public void close()
    {
        closed = true;
        LockSupport.unpark(thread);
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}

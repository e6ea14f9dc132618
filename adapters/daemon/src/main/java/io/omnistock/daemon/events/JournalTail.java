package io.omnistock.daemon.events;

import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalReader;
import net.openhft.chronicle.queue.ChronicleQueue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One thread following the journal from its start, for the daemon's journal-fed views (the feeds,
 * the order read model): the engine's own threads do no work for them. Each record goes to
 * {@code onRecord}; {@code onTurn} runs after every look at the journal, found or not (timed work).
 */
public final class JournalTail implements AutoCloseable
{
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final Path journalDir;
    private final Consumer<CommandSlot> onRecord;
    private final Runnable onTurn;
    private final Consumer<RuntimeException> onFailure;
    private final Thread thread;
    private volatile boolean closed;

    /** @param onFailure told why the tail stopped (a journal it cannot read), unless it was closed. */
    public JournalTail(final Path journalDir, final String threadName, final Consumer<CommandSlot> onRecord,
        final Runnable onTurn, final Consumer<RuntimeException> onFailure)
    {
        this.journalDir = journalDir;
        this.onRecord = onRecord;
        this.onTurn = onTurn;
        this.onFailure = onFailure;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
    }

    public void start()
    {
        thread.start();
    }

    public boolean closed()
    {
        return closed;
    }

    @Override
    public void close()
    {
        closed = true;
        thread.interrupt();
        try
        {
            thread.join(5_000);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void run()
    {
        try (ChronicleQueue queue = Journal.open(journalDir, false); JournalReader reader = JournalReader.tailing(queue))
        {
            final CommandSlot slot = new CommandSlot();
            while (!closed)
            {
                final boolean read = reader.next(slot);
                if (read)
                {
                    onRecord.accept(slot);
                }
                onTurn.run();
                if (!read)
                {
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                }
            }
        }
        catch (final RuntimeException e)
        {
            if (!closed)
            {
                onFailure.accept(e);
            }
        }
    }
}

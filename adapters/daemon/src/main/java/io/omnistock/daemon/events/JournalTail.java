package io.omnistock.daemon.events;

import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.core.journal.JournalRecord;
import net.openhft.chronicle.queue.ChronicleQueue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One thread following the journal from its start, for the daemon's journal-fed views (the feeds,
 * the order read model): the engine's own threads do no work for them. Each record goes to
 * {@code onRecord}; {@code onTurn} runs after every look at the journal, found or not (timed work).
 *
 * <p>A tail may follow only while {@code wanted} says so: the rest of the time it reads nothing,
 * and when it is wanted again it starts at the journal's end as it is then ({@link #awaitFollowing}
 * tells a caller when). The feeds are wanted only with subscribers: their tail decoded every record
 * of a flash sale to drop it (9.5 µs of CPU per order on its thread, 2026-12-06, loaded machine).
 */
public final class JournalTail implements AutoCloseable
{
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final Path journalDir;
    private final Consumer<JournalRecord> onRecord;
    private final Runnable onTurn;
    private final Consumer<RuntimeException> onFailure;
    private final BooleanSupplier wanted;
    private final Thread thread;
    private volatile boolean closed;
    /** Looks at the journal made while wanted: {@link #awaitFollowing} counts them. */
    private volatile long looks;

    /** @param onFailure told why the tail stopped (a journal it cannot read), unless it was closed. */
    public JournalTail(final Path journalDir, final String threadName, final Consumer<JournalRecord> onRecord,
        final Runnable onTurn, final Consumer<RuntimeException> onFailure)
    {
        this(journalDir, threadName, onRecord, onTurn, onFailure, () -> true);
    }

    /** @param wanted whether the tail should follow now (tail thread asks before each look). */
    public JournalTail(final Path journalDir, final String threadName, final Consumer<JournalRecord> onRecord,
        final Runnable onTurn, final Consumer<RuntimeException> onFailure, final BooleanSupplier wanted)
    {
        this.wanted = wanted;
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

    /**
     * Waits, up to {@code timeoutMillis}, until the tail, which the caller has just made wanted,
     * follows every record appended from then on. Two whole looks after the call: the second began
     * after the caller's change, so it saw the tail wanted and moved to the end before it looked.
     *
     * @return whether it does (false: it is closed, or did not get there in time).
     */
    public boolean awaitFollowing(final long timeoutMillis)
    {
        final long start = looks;
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (looks < start + 2 && !closed && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
        }
        return looks >= start + 2 && !closed;
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
            // From the start, then (after a time unwanted) from where the journal ended when wanted again.
            boolean following = true;
            while (!closed)
            {
                if (!wanted.getAsBoolean())
                {
                    following = false;
                    onTurn.run();
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                    continue;
                }
                if (!following)
                {
                    reader.toEnd();
                    following = true;
                }
                final JournalRecord record = reader.nextRecord();
                final boolean read = record != null;
                looks++;
                if (read)
                {
                    onRecord.accept(record);
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

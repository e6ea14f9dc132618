package io.omnistock.tools;

import io.omnistock.core.journal.DamagedTail;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalException;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.core.journal.JournalRecord;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * An existing journal opened for reading, given its directory or the data directory holding it.
 * Checks the directory before Chronicle sees it (Chronicle would create a missing one), and turns every failure to read into a {@link ToolException} with
 * exit code {@link OmnistockCli#EXIT_JOURNAL}.
 */
final class JournalInput implements AutoCloseable
{
    /** Where a data directory (the daemon's {@code data.dir}) keeps its journal. */
    private static final String DATA_DIR_JOURNAL = "journal";

    /** The damaged tail the tools read up to on this thread, for the exit code (OmnistockCli.execute). */
    private static final ThreadLocal<DamagedTail> DAMAGED_TAIL_SEEN = new ThreadLocal<>();

    private final Path dir;
    private final ChronicleQueue queue;
    private final JournalReader reader;
    private long recordsRead;

    private JournalInput(final Path dir, final ChronicleQueue queue)
    {
        this.dir = dir;
        this.queue = queue;
        this.reader = new JournalReader(queue);
    }

    /** The help of every tool's {@code --journal} option. */
    static final String OPTION_DESCRIPTION =
        "The journal directory, or the data directory holding it (DIR/journal), as the daemon and demo use.";

    /**
     * @param given a journal directory, or a data directory whose {@code journal/} holds the journal
     *              (the daemon's and {@code demo}'s layout), so the path they print works as it is.
     */
    static JournalInput open(final Path given)
    {
        if (!Files.exists(given))
        {
            throw new ToolException(OmnistockCli.EXIT_JOURNAL, "journal directory " + given + " does not exist");
        }
        if (!Files.isDirectory(given))
        {
            throw new ToolException(OmnistockCli.EXIT_JOURNAL, given + " is not a directory");
        }
        final Path nested = given.resolve(DATA_DIR_JOURNAL);
        final Path dir = !holdsQueueFiles(given) && Files.isDirectory(nested) && holdsQueueFiles(nested) ? nested : given;
        if (!holdsQueueFiles(dir))
        {
            throw new ToolException(OmnistockCli.EXIT_JOURNAL, "no journal in " + given
                + ": neither it nor " + nested + " holds Chronicle Queue files (*.cq4)");
        }
        try
        {
            return new JournalInput(dir, Journal.open(dir, false));
        }
        catch (final RuntimeException e)
        {
            throw new ToolException(OmnistockCli.EXIT_JOURNAL, "cannot open journal " + dir + ": " + oneLine(e));
        }
    }

    private static boolean holdsQueueFiles(final Path dir)
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".cq4"));
        }
        catch (final IOException e)
        {
            throw new ToolException(OmnistockCli.EXIT_JOURNAL, "cannot list " + dir + ": " + e.getMessage());
        }
    }

    /** @return the journal directory read: the one given, or its {@code journal/}. */
    Path dir()
    {
        return dir;
    }

    JournalReader reader()
    {
        return reader;
    }

    /**
     * Reads the next record.
     *
     * @return the record, valid until the next read; {@code null} at the end of the journal.
     */
    JournalRecord next()
    {
        try
        {
            final JournalRecord read = reader.nextRecord();
            if (read != null)
            {
                recordsRead++;
            }
            else
            {
                endReached();
            }
            return read;
        }
        catch (final JournalException e)
        {
            throw journalProblem(e, recordsRead == 0);
        }
        catch (final RuntimeException e)
        {
            throw new ToolException(OmnistockCli.EXIT_JOURNAL, "cannot read journal " + dir + ": " + oneLine(e));
        }
    }

    /**
     * @param atFirstRecord whether no command was read yet: a queue that fails there is most likely
     *                      not an omnistock journal at all, whatever the frame check said.
     */
    ToolException journalProblem(final JournalException e, final boolean atFirstRecord)
    {
        final String message = oneLine(e);
        final String hint = atFirstRecord && !message.contains("not an omnistock journal") ?
            "not an omnistock journal, or its first record is corrupt: " : "";
        return new ToolException(OmnistockCli.EXIT_JOURNAL, "journal " + dir + ": " + hint + message);
    }

    /**
     * Notes a damaged last document reading stopped before, if there is one: the tool's output
     * covers the journal up to it, and it exits with {@link OmnistockCli#EXIT_TORN_TAIL}.
     */
    void endReached()
    {
        final DamagedTail tail = reader.damagedTail();
        if (tail != null)
        {
            DAMAGED_TAIL_SEEN.set(tail);
        }
    }

    /** @return the damaged tail noted on this thread since the last call, or null; clears it. */
    static DamagedTail damagedTailSeen()
    {
        final DamagedTail tail = DAMAGED_TAIL_SEEN.get();
        DAMAGED_TAIL_SEEN.remove();
        return tail;
    }

    /**
     * @param lastSequence the last command the replay applied.
     * @return what a replay that failed tells the user: a damaged journal, or the command it failed after.
     */
    ToolException replayFailed(final RuntimeException e, final long lastSequence)
    {
        if (e instanceof ToolException tool)
        {
            return tool;
        }
        if (e instanceof JournalException journalException)
        {
            return journalProblem(journalException, lastSequence == 0);
        }
        return new ToolException(OmnistockCli.EXIT_JOURNAL, "replay failed after sequence " + lastSequence + ": " +
            oneLine(e));
    }

    ToolException empty()
    {
        return new ToolException(OmnistockCli.EXIT_JOURNAL, "journal " + dir + " holds no commands");
    }

    /**
     * @return the share of the queue's documents read so far, 0 to 1, or -1 if unknown.
     */
    double progress()
    {
        if (!(queue instanceof SingleChronicleQueue scq))
        {
            return -1;
        }
        try
        {
            final long first = scq.firstIndex();
            final long last = scq.lastIndex();
            final long at = reader.lastIndex();
            if (first < 0 || last < first || at < first)
            {
                return -1;
            }
            final long total = scq.countExcerpts(first, last);
            return total <= 0 ? -1 : Math.min(1.0, (double)scq.countExcerpts(first, at) / total);
        }
        catch (final RuntimeException e)
        {
            return -1;
        }
    }

    static String time(final long epochMillis)
    {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    static String oneLine(final Throwable e)
    {
        final String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replace('\n', ' ').replace('\r', ' ').trim();
    }

    @Override
    public void close()
    {
        try
        {
            reader.close();
        }
        finally
        {
            queue.close();
        }
    }
}

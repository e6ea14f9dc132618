package io.omnistock.core.journal;

import io.omnistock.core.command.CommandSlot;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Appends command records to the journal. Owned by the journal thread: create it, append and sync
 * from that one thread (Chronicle appenders are single-threaded).
 */
public final class JournalWriter implements AutoCloseable
{
    private final ExcerptAppender appender;
    private final JournalCodec codec = new JournalCodec();
    private final byte[] bytes = codec.buffer().byteArray();

    /**
     * @param queue the journal's queue; a header record is written first if it is empty.
     */
    public JournalWriter(final ChronicleQueue queue)
    {
        appender = queue.createAppender();
        if (queue.lastIndex() < 0)
        {
            write(codec.encodeHeader());
        }
    }

    /**
     * Appends the command as sequenced, with the outcome the business logic wrote into it.
     */
    public void append(final CommandSlot command)
    {
        write(codec.encode(command));
    }

    private void write(final int length)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(bytes, 0, length);
        }
    }

    /**
     * @return the queue index of the last record appended, for snapshots to point into the journal.
     */
    public long lastIndex()
    {
        return appender.lastIndexAppended();
    }

    /**
     * Forces what was appended to the storage device (when the queue was opened with sync on).
     */
    public void sync()
    {
        appender.sync();
    }

    @Override
    public void close()
    {
        appender.close();
    }
}

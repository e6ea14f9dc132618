package io.omnistock.core.crash;

import io.omnistock.core.journal.Journal;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child JVM for {@link TornJournalTailTest}: opens a journal, starts appending a record and
 * writes part of it, then announces {@code TORN} and waits to be killed inside the write. The
 * SIGKILL leaves exactly what a crash in the middle of an append leaves: Chronicle's document
 * header still marked incomplete, the partial payload after it, and the queue's write lock held
 * by a dead process.
 *
 * <p>Arguments: journal directory, number of payload bytes to write before stopping.
 */
public final class TornWriteChild
{
    private TornWriteChild()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        CrashChild.exitWhenParentGoes();
        final Path journal = Path.of(args[0]);
        final int partial = Integer.parseInt(args[1]);
        final ChronicleQueue queue = Journal.open(journal, false);
        final ExcerptAppender appender = queue.createAppender();
        final DocumentContext dc = appender.writingDocument();
        final byte[] payload = new byte[partial];
        payload[0] = 2; // looks like the start of a command record
        for (int i = 1; i < partial; i++)
        {
            payload[i] = (byte)(0x5A + i);
        }
        dc.wire().bytes().write(payload);
        final FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        out.write(("TORN " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII));
        Thread.sleep(Long.MAX_VALUE);
    }
}

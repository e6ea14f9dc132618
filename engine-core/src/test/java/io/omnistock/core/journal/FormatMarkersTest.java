package io.omnistock.core.journal;

import io.omnistock.core.command.CommandSlot;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The format markers a journal carries (the header's format and logic version, each record
 * frame's format) are checked, never guessed around: a marker this build does not know is refused
 * as a newer build's, one that cannot be right is reported as corruption.
 */
class FormatMarkersTest
{
    @TempDir
    Path dir;

    /** Writes one document: a header of {@code headerFormat} framed with {@code headerTag}, then records 1.. each framed with its tag. */
    private void write(final int headerFormat, final int headerTag, final int headerLogic, final int... recordTags)
    {
        final JournalCodec codec = new JournalCodec();
        final byte[] document = new byte[JournalWriter.MAX_DOCUMENT_BYTES];
        final UnsafeBuffer framing = new UnsafeBuffer(document);
        codec.useVersion(Math.min(headerFormat, JournalCodec.FORMAT_VERSION));
        codec.encodeInto(document, Integer.BYTES);
        // A header of an unknown format is written as this build's, then its version field patched.
        final int headerLength = codec.encodeHeader(headerLogic);
        if (headerFormat > JournalCodec.FORMAT_VERSION)
        {
            framing.putShort(Integer.BYTES + 9, (short)headerFormat, ByteOrder.LITTLE_ENDIAN);
        }
        int length = frame(framing, 0, headerLength, headerTag);
        final CommandSlot slot = new CommandSlot();
        for (int i = 0; i < recordTags.length; i++)
        {
            codec.useVersion(recordTags[i] == 0 ? headerFormat : Math.min(recordTags[i], JournalCodec.FORMAT_VERSION));
            codec.encodeInto(document, length + Integer.BYTES);
            length = frame(framing, length, codec.encode(JournalWriterTest.receive(slot, i + 1)), recordTags[i]);
        }
        try (ChronicleQueue queue = Journal.open(dir, false);
             ExcerptAppender appender = queue.createAppender();
             DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(document, 0, length);
        }
    }

    private static int frame(final UnsafeBuffer framing, final int at, final int recordLength, final int tag)
    {
        framing.putInt(at, recordLength | (tag << JournalCodec.FRAME_FORMAT_SHIFT), ByteOrder.LITTLE_ENDIAN);
        return at + Integer.BYTES + recordLength;
    }

    private String readAllFailing()
    {
        try (ChronicleQueue queue = Journal.open(dir, false);
             JournalReader reader = new JournalReader(queue))
        {
            final CommandSlot slot = new CommandSlot();
            return assertThrows(JournalException.class, () ->
            {
                while (reader.next(slot))
                {
                    // read on
                }
            }).getMessage();
        }
    }

    private int readAll()
    {
        try (ChronicleQueue queue = Journal.open(dir, false);
             JournalReader reader = new JournalReader(queue))
        {
            final CommandSlot slot = new CommandSlot();
            int count = 0;
            while (reader.next(slot))
            {
                count++;
            }
            return count;
        }
    }

    @Test
    void wellFormedMarkersRead()
    {
        write(2, 0, 1, 0, 0, 3, 3);
        assertEquals(4, readAll(), "format 2 records, then format 3 ones");
    }

    @Test
    void aRecordInANewerFormatIsRefusedAsANewerBuilds()
    {
        final int newer = JournalCodec.FORMAT_VERSION + 1;
        write(3, 3, 1, 3, newer);
        final String message = readAllFailing();
        assertTrue(message.contains("is in format " + newer) && message.contains("formats 1 to " +
            JournalCodec.FORMAT_VERSION) && message.contains("newer build"), message);
    }

    @Test
    void aHeaderOfANewerFormatIsRefusedAsANewerBuilds()
    {
        final int newer = JournalCodec.FORMAT_VERSION + 1;
        write(newer, newer, 1);
        final String message = readAllFailing();
        assertTrue(message.contains("format " + newer) && message.contains("newer build"), message);
    }

    @Test
    void aFrameNamingAFormatThatNeverNamedOneIsCorruption()
    {
        write(2, 0, 1, 0, 2);
        assertTrue(readAllFailing().contains("formats before 3 named none: the journal is corrupt"));
    }

    @Test
    void aFormatGoingBackIsCorruption()
    {
        write(2, 0, 1, 3, 0);
        assertTrue(readAllFailing().contains("formats never move back"));
    }

    @Test
    void aBareFrameInAJournalBegunInAFormatThatNamesThemIsCorruption()
    {
        write(3, 3, 1, 3, 0);
        assertTrue(readAllFailing().contains("names no format"));
    }

    @Test
    void aHeaderWhoseFrameDisagreesWithItIsCorruption()
    {
        write(3, 0, 1, 3);
        assertTrue(readAllFailing().contains("header names format 3 but its frame names none"));
    }

    @Test
    void aHeaderNamingLogicVersionZeroIsCorruption()
    {
        write(3, 3, 0, 3);
        assertTrue(readAllFailing().contains("logic version 0: the journal is corrupt"));
    }
}

package io.omnistock.core.journal;

import io.omnistock.api.ReasonCode;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Records are encoded in place into the batch; batches past {@link JournalWriter#BATCH_BYTES} are written out early. */
class JournalWriterTest
{
    @TempDir
    Path dir;

    @Test
    void aLongBatchIsWrittenInPiecesAndReadsBackRecordForRecord()
    {
        final int records = 3 * JournalWriter.BATCH_BYTES / 64;
        final CommandSlot slot = new CommandSlot();
        try (ChronicleQueue queue = Journal.open(dir, false))
        {
            final JournalWriter writer = new JournalWriter(queue);
            for (int i = 1; i <= records; i++)
            {
                writer.append(receive(slot, i));
            }
            writer.flush();
            writer.close();

            readsBackReceipts(queue, records);
        }
    }

    /** Writers before 2026-11-22 cut batches at 256 KiB: such a document, plus the record crossing it, still reads. */
    @Test
    void aDocumentAsLargeAsEarlierWritersCutReadsBack()
    {
        final JournalCodec codec = new JournalCodec();
        final byte[] document = new byte[JournalWriter.MAX_DOCUMENT_BYTES];
        final UnsafeBuffer framing = new UnsafeBuffer(document);
        // As those writers did: format 2, bare frames.
        codec.useVersion(2);
        codec.encodeInto(document, Integer.BYTES);
        int length = frame(framing, 0, codec.encodeHeader(1));
        final CommandSlot slot = new CommandSlot();
        int records = 0;
        while (length < 256 * 1024)
        {
            records++;
            codec.encodeInto(document, length + Integer.BYTES);
            length = frame(framing, length, codec.encode(receive(slot, records)));
        }
        try (ChronicleQueue queue = Journal.open(dir, false))
        {
            try (ExcerptAppender appender = queue.createAppender();
                DocumentContext dc = appender.writingDocument())
            {
                dc.wire().bytes().write(document, 0, length);
            }
            try (JournalReader reader = new JournalReader(queue))
            {
                final CommandSlot read = new CommandSlot();
                for (int i = 1; i <= records; i++)
                {
                    assertTrue(reader.next(read), "record " + i);
                    assertEquals(i, read.sequence);
                    assertEquals(i, read.events.moveTo(0).onHand());
                }
                assertFalse(reader.next(read));
            }
        }
    }

    /** The i-th journaled receipt: sequence i, command id 1000 + i, quantity i, one stock event. */
    /** The journal holds exactly the records {@link #receive} made for 1 to {@code records}, in order. */
    static void readsBackReceipts(final ChronicleQueue queue, final int records)
    {
        try (JournalReader reader = new JournalReader(queue))
        {
            final CommandSlot read = new CommandSlot();
            for (int i = 1; i <= records; i++)
            {
                assertTrue(reader.next(read), "record " + i);
                assertEquals(i, read.sequence);
                assertEquals(1000 + i, read.commandId);
                assertEquals(i, read.quantity);
                assertEquals(1, read.events.count());
                assertEquals(i, read.events.moveTo(0).onHand());
            }
            assertFalse(reader.next(read));
        }
    }

    static CommandSlot receive(final CommandSlot slot, final int i)
    {
        slot.clearInput();
        slot.receive(1000 + i, i % 7, i % 11, i);
        slot.clearResult();
        slot.sequence = i;
        slot.timestamp = 1_700_000_000_000L + i;
        slot.reason = ReasonCode.OK;
        slot.originalReason = ReasonCode.OK;
        slot.events.addStock(i % 7, i % 11, i, 0, 0, 0);
        return slot;
    }

    private static int frame(final UnsafeBuffer framing, final int at, final int recordLength)
    {
        framing.putInt(at, recordLength, ByteOrder.LITTLE_ENDIAN);
        return at + Integer.BYTES + recordLength;
    }
}

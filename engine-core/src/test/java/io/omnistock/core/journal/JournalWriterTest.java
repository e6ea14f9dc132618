package io.omnistock.core.journal;

import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandSlot;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Records are encoded in place into the batch; batches past 256 KiB are written out early. */
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
                slot.clearInput();
                slot.receive(1000 + i, i % 7, i % 11, i);
                slot.clearResult();
                slot.sequence = i;
                slot.timestamp = 1_700_000_000_000L + i;
                slot.reason = ReasonCode.OK;
                slot.originalReason = ReasonCode.OK;
                slot.events.addStock(i % 7, i % 11, i, 0, 0, 0);
                writer.append(slot);
            }
            writer.flush();
            writer.close();

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
    }
}

package io.omnistock.core.journal;

import io.omnistock.core.command.CommandSlot;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal's last sequence is read from its last document, whatever came before. */
class JournalReaderTest
{
    /** A reader that jumps into a journal decodes its records in the journal's own format version. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void aJournalMovesToTheNewFormatByAppendingAndEachRecordReadsInItsOwn(final int version)
    {
        try (ChronicleQueue queue = Journal.open(dir, false))
        {
            final CommandSlot slot = new CommandSlot();
            final long[] index = new long[11];
            // Commands 1 to 4 as a build of that format wrote them, then 5 to 10 by this build.
            try (JournalWriter old = JournalFormats.writer(queue, version))
            {
                for (int i = 1; i <= 4; i++)
                {
                    old.append(JournalWriterTest.receive(slot, i));
                    old.flush();
                    index[i] = old.lastIndex();
                }
            }
            try (JournalWriter writer = new JournalWriter(queue))
            {
                for (int i = 5; i <= 10; i++)
                {
                    writer.append(JournalWriterTest.receive(slot, i));
                    writer.flush();
                    index[i] = writer.lastIndex();
                }
            }
            assertEquals(10, JournalReader.lastSequence(queue));
            try (JournalReader reader = new JournalReader(queue))
            {
                for (int i = 1; i <= 10; i++)
                {
                    assertTrue(reader.next(slot));
                    assertEquals(i, slot.sequence);
                    assertEquals(i <= 4 ? version : JournalCodec.FORMAT_VERSION, reader.formatVersion(), "format of " + i);
                    assertEquals(1000 + i, slot.commandId);
                }
                assertEquals(1, reader.initialLogicVersion(), "a journal begun by " + version + " starts in logic 1");
            }
            try (JournalReader reader = new JournalReader(queue))
            {
                assertTrue(reader.seekAfter(index[2], 2));
                assertTrue(reader.next(slot));
                assertEquals(3, slot.sequence);
                assertEquals(version, reader.formatVersion());
            }
            try (JournalReader reader = new JournalReader(queue))
            {
                assertTrue(reader.seekAfter(index[4], 4));
                assertTrue(reader.next(slot));
                assertEquals(5, slot.sequence);
                assertEquals(JournalCodec.FORMAT_VERSION, reader.formatVersion());
            }
        }
    }

    @TempDir
    Path dir;

    @Test
    void theLastSequenceIsTheLastCommandOfTheLastDocument()
    {
        try (ChronicleQueue queue = Journal.open(dir, false))
        {
            final JournalWriter writer = new JournalWriter(queue);
            assertEquals(0, JournalReader.lastSequence(queue), "a journal of its header only holds no command");
            final CommandSlot slot = new CommandSlot();
            for (int i = 1; i <= 10; i++)
            {
                writer.append(JournalWriterTest.receive(slot, i));
                if (i % 4 == 0)
                {
                    writer.flush();
                }
            }
            assertEquals(8, JournalReader.lastSequence(queue), "9 and 10 are not written yet");
            writer.flush();
            assertEquals(10, JournalReader.lastSequence(queue));
            writer.close();
        }
    }

    @Test
    void aTailingReaderMovedToTheEndReadsOnlyWhatIsAppendedAfter()
    {
        try (ChronicleQueue queue = Journal.open(dir, false); JournalReader reader = JournalReader.tailing(queue))
        {
            final CommandSlot slot = new CommandSlot();
            reader.toEnd();
            assertFalse(reader.next(slot), "nothing yet, not even a header");
            final JournalWriter writer = new JournalWriter(queue);
            reader.toEnd();
            for (int i = 1; i <= 10; i++)
            {
                writer.append(JournalWriterTest.receive(slot, i));
                if (i % 4 == 0)
                {
                    writer.flush();
                }
            }
            writer.flush();
            reader.toEnd();
            assertFalse(reader.next(slot), "at the end");
            writer.append(JournalWriterTest.receive(slot, 11));
            writer.append(JournalWriterTest.receive(slot, 12));
            writer.flush();
            assertTrue(reader.next(slot));
            assertEquals(11, slot.sequence, "the first record appended after it moved");
            assertEquals(1011, slot.commandId);
            assertTrue(reader.next(slot));
            assertEquals(12, slot.sequence);
            assertFalse(reader.next(slot));
            writer.close();
        }
    }
}

package io.omnistock.core.journal;

import io.omnistock.core.command.CommandSlot;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal's last sequence is read from its last document, whatever came before. */
class JournalReaderTest
{
    /** A reader that jumps into a journal decodes its records in the journal's own format version. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void seekingAndTheLastSequenceReadTheJournalsVersion(final int version)
    {
        JournalFormats.start(dir, version);
        try (ChronicleQueue queue = Journal.open(dir, false))
        {
            final JournalWriter writer = new JournalWriter(queue);
            final CommandSlot slot = new CommandSlot();
            long indexOfFour = -1;
            for (int i = 1; i <= 10; i++)
            {
                writer.append(JournalWriterTest.receive(slot, i));
                writer.flush();
                if (i == 4)
                {
                    indexOfFour = writer.lastIndex();
                }
            }
            writer.close();
            assertEquals(10, JournalReader.lastSequence(queue));
            try (JournalReader reader = new JournalReader(queue))
            {
                assertTrue(reader.seekAfter(indexOfFour, 4));
                assertTrue(reader.next(slot));
                assertEquals(5, slot.sequence);
                assertEquals(version, reader.formatVersion());
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
}

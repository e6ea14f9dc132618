package io.omnistock.core.journal;

import io.omnistock.api.Capabilities;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.Durability;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.RecoveryReport;
import io.omnistock.core.command.CommandSlot;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal whose last document is damaged, with nothing valid after it (issue 19, items 4 and 5):
 * recovery ends the journal before it, copies the cycle file aside, neutralises the document in
 * place, and the journal then takes appends that read back and restart. The tools' side, and the
 * cut at every offset of the last document, are in the tools module's TornTailToolTest.
 */
class DamagedTailRecoveryTest
{
    /** Each command is a document of its own: the last document holds the last command. */
    private static final int COMMANDS = 12;

    @TempDir
    Path dir;

    private Path journal;

    private EngineConfig config()
    {
        return EngineConfig.builder().journalDir(journal).build();
    }

    /**
     * Item 5: Chronicle's header of the last document left not complete (a crash between the
     * header's write and its completion, with the write position already naming it). Before the
     * fix the engine recovered to the document before it and appended after it; the journal then
     * read "cannot be read, but the journal goes on" and the second start refused.
     */
    @Test
    void aLastDocumentLeftNotCompleteIsSetAsideAndAppendsAfterRecoveryReadAndRestart() throws Exception
    {
        journal = dir.resolve("journal");
        writeJournal();
        final LastDocument last = LastDocument.of(journal);
        last.putHeader(last.header() | 0x8000_0000);

        final RecoveryReport first;
        try (OmnistockEngine engine = OmnistockEngine.start(config()))
        {
            first = engine.recoveryReport();
            assertEquals(COMMANDS + 1, first.lastSequence());
            submit(engine, Commands.receive(900, 0, 0, 1), COMMANDS + 2);
            submit(engine, Commands.receive(901, 0, 0, 1), COMMANDS + 3);
        }
        assertEquals(COMMANDS + 3, records(journal), "every record reads, with no unreadable document in the middle");
        try (OmnistockEngine engine = OmnistockEngine.start(config()))
        {
            assertEquals(COMMANDS + 3, engine.recoveryReport().lastSequence());
            assertNull(engine.recoveryReport().damagedTail());
            assertTrue(engine.recoveryReport().problems().isEmpty(), engine.recoveryReport().problems()::toString);
        }

        final DamagedTail tail = first.damagedTail();
        assertNotNull(tail, first.problems()::toString);
        assertEquals(last.offset(), tail.offset());
        assertEquals(COMMANDS + 1, tail.lastSequence());
        assertTrue(first.problems().stream().anyMatch(p -> p.contains("not complete") &&
            p.contains("byte offset " + last.offset()) && p.contains("from sequence " + (COMMANDS + 2))), first.problems()::toString);
    }

    /**
     * Item 4: the last document complete in Chronicle's framing, its second half zeroed. Recovery
     * keeps the whole documents before it, copies the cycle file aside byte for byte first, keeps
     * the damaged bytes in place, and says what periodic durability can have lost.
     */
    @Test
    void aZeroedLastDocumentIsCopiedAsideAndTheJournalResumesBeforeIt() throws Exception
    {
        journal = dir.resolve("journal");
        writeJournal();
        final LastDocument last = LastDocument.of(journal);
        last.zero(last.offset() + Integer.BYTES + last.length() / 2, last.end());
        final byte[] damaged = Files.readAllBytes(last.file());

        final EngineConfig periodic = EngineConfig.builder().journalDir(journal)
            .durability(Durability.periodic(250, Duration.ofMillis(100))).build();
        try (OmnistockEngine engine = OmnistockEngine.start(periodic))
        {
            final RecoveryReport report = engine.recoveryReport();
            assertEquals(COMMANDS + 1, report.lastSequence());
            assertNotNull(report.damagedTail());
            assertTrue(report.problems().stream().anyMatch(p -> p.contains("at most 250 acknowledged commands")),
                report.problems()::toString);
            submit(engine, Commands.receive(900, 0, 0, 1), COMMANDS + 2);
        }
        final List<Path> copies = copies(journal);
        assertEquals(1, copies.size(), copies::toString);
        assertArrayEquals(damaged, Files.readAllBytes(copies.get(0)), "the copy is the file as recovery found it");
        assertEquals(COMMANDS + 2, records(journal));
        try (OmnistockEngine engine = OmnistockEngine.start(config()))
        {
            assertEquals(COMMANDS + 2, engine.recoveryReport().lastSequence());
            assertNull(engine.recoveryReport().damagedTail());
        }
        assertEquals(1, copies(journal).size(), "a clean start sets nothing aside");
    }

    /**
     * The last document's header word zeroed (a cut at its first byte) while the queue's write
     * position names it: set aside too, and a start that appends nothing leaves a journal that
     * restarts clean and then takes appends.
     */
    @Test
    void anEmptyHeaderTheWritePositionNamesIsSetAsideAndARestartWithoutAppendsIsClean() throws Exception
    {
        journal = dir.resolve("journal");
        writeJournal();
        final LastDocument last = LastDocument.of(journal);
        last.zero(last.offset(), last.end());
        try (OmnistockEngine engine = OmnistockEngine.start(config()))
        {
            assertNotNull(engine.recoveryReport().damagedTail());
            assertTrue(engine.recoveryReport().damagedTail().damage().contains("write position"));
            assertEquals(COMMANDS + 1, engine.recoveryReport().lastSequence());
        }
        try (OmnistockEngine engine = OmnistockEngine.start(config()))
        {
            assertNull(engine.recoveryReport().damagedTail(), engine.recoveryReport().problems()::toString);
            submit(engine, Commands.receive(900, 0, 0, 1), COMMANDS + 2);
        }
        assertEquals(COMMANDS + 2, records(journal));
        assertEquals(1, copies(journal).size());
    }

    /**
     * Chronicle indexes every 256th document: a damaged document at such an index has an index
     * entry pointing at it. The append after recovery takes that index again and its entry must
     * point at the new document, or moveToIndex (snapshots seek with it) would land on the old one.
     */
    @Test
    void aDamagedDocumentOnAnIndexEntryIsReplacedInTheIndexByTheNextAppend() throws Exception
    {
        journal = dir.resolve("journal");
        final int spacing;
        try (OmnistockEngine engine = OmnistockEngine.start(config()))
        {
            define(engine);
            try (ChronicleQueue queue = Journal.open(journal, false))
            {
                spacing = queue.rollCycle().defaultIndexSpacing();
            }
            // The header is document 0 and each command one more: the last lands on an index entry.
            for (int i = 3; i <= spacing; i++)
            {
                submit(engine, Commands.receive(10 + i, 0, 0, 1), i);
            }
        }
        final LastDocument last = LastDocument.of(journal);
        final long damagedIndex;
        try (ChronicleQueue queue = Journal.open(journal, false))
        {
            damagedIndex = queue.lastIndex();
            assertEquals(0, queue.rollCycle().toSequenceNumber(damagedIndex) % spacing);
        }
        last.zero(last.offset() + Integer.BYTES + 3, last.end());
        try (OmnistockEngine engine = OmnistockEngine.start(config()))
        {
            assertNotNull(engine.recoveryReport().damagedTail());
            for (int i = 0; i < 3; i++)
            {
                submit(engine, Commands.receive(900 + i, 0, 0, 1), spacing + i);
            }
        }
        try (ChronicleQueue queue = Journal.open(journal, false); ExcerptTailer tailer = queue.createTailer())
        {
            assertEquals(damagedIndex + 2, queue.lastIndex());
            assertTrue(tailer.moveToIndex(damagedIndex));
            try (DocumentContext dc = tailer.readingDocument())
            {
                assertEquals(damagedIndex, dc.index());
                assertTrue(dc.wire().bytes().readPosition() > last.end(), "the new document, after the old one");
            }
        }
        assertEquals(spacing + 2, records(journal));
        try (OmnistockEngine engine = OmnistockEngine.start(config()))
        {
            assertEquals(spacing + 2, engine.recoveryReport().lastSequence());
        }
    }

    /**
     * A snapshot covering commands past the cut: the journal would resume below it. Refused
     * naming both sequences, with the journal left as it was.
     */
    @Test
    void aSnapshotNewerThanTheCutJournalIsRefusedNamingBothSequences() throws Exception
    {
        journal = dir.resolve("journal");
        final Path snapshots = dir.resolve("snapshots");
        final EngineConfig withSnapshots = EngineConfig.builder().journalDir(journal).snapshotDir(snapshots).build();
        final long snapshotSequence;
        try (OmnistockEngine engine = OmnistockEngine.start(withSnapshots))
        {
            define(engine);
            for (int i = 0; i < COMMANDS; i++)
            {
                submit(engine, Commands.receive(10 + i, 0, 0, 1), 3 + i);
            }
            snapshotSequence = engine.snapshot().get(10, TimeUnit.SECONDS);
        }
        final LastDocument last = LastDocument.of(journal);
        last.zero(last.offset() + Integer.BYTES + 2, last.end());
        final byte[] damaged = Files.readAllBytes(last.file());

        final JournalException e = assertThrows(JournalException.class, () -> OmnistockEngine.start(withSnapshots).close());
        assertTrue(e.getMessage().contains("covers sequence " + snapshotSequence) &&
            e.getMessage().contains("end at sequence " + (snapshotSequence - 1)) &&
            e.getMessage().contains("Nothing was changed"),
            e.getMessage());
        assertArrayEquals(damaged, Files.readAllBytes(last.file()));
        assertTrue(copies(journal).isEmpty());
    }

    /** Damage with a valid document after it is corruption in the middle: refused, as always. */
    @Test
    void aDamagedDocumentFollowedByAValidOneIsStillRefused() throws Exception
    {
        journal = dir.resolve("journal");
        writeJournal();
        final LastDocument damagedOne = LastDocument.of(journal);
        try (OmnistockEngine engine = OmnistockEngine.start(config()))
        {
            submit(engine, Commands.receive(900, 0, 0, 1), COMMANDS + 3);
        }
        damagedOne.zero(damagedOne.offset() + Integer.BYTES + 2, damagedOne.end());

        final JournalException e = assertThrows(JournalException.class, () -> OmnistockEngine.start(config()).close());
        assertTrue(e.getMessage().contains("goes on after it") && e.getMessage().contains("corrupt"), e.getMessage());
        assertTrue(copies(journal).isEmpty());
    }

    /**
     * A tailing reader (event streams, feeds) does not ask the queue at the first poll at a new
     * end, but a document it cannot read with more after it is still corruption: reported within
     * its end checks, with every record before it given once.
     */
    @Test
    void aTailingReaderReportsADocumentNotCompleteBeforeAValidOneWithinItsEndChecks() throws Exception
    {
        journal = dir.resolve("journal");
        writeJournal();
        final LastDocument middle = LastDocument.of(journal);
        try (OmnistockEngine engine = OmnistockEngine.start(config()))
        {
            submit(engine, Commands.receive(900, 0, 0, 1), COMMANDS + 3);
        }
        middle.putHeader(middle.header() | 0x8000_0000);

        final CommandSlot slot = new CommandSlot();
        try (ChronicleQueue queue = Journal.open(journal, false); JournalReader whole = new JournalReader(queue))
        {
            final JournalException e = assertThrows(JournalException.class, () ->
            {
                while (whole.next(slot))
                {
                    assertTrue(slot.sequence <= COMMANDS + 1);
                }
            });
            assertTrue(e.getMessage().contains("goes on to index"), e.getMessage());
        }
        try (ChronicleQueue queue = Journal.open(journal, false); JournalReader tailing = JournalReader.tailing(queue))
        {
            long read = 0;
            JournalException refused = null;
            for (int poll = 0; poll < 1_000 && refused == null; poll++)
            {
                try
                {
                    while (tailing.next(slot))
                    {
                        assertEquals(++read, slot.sequence);
                    }
                }
                catch (final JournalException e)
                {
                    refused = e;
                }
            }
            assertEquals(COMMANDS + 1, read);
            assertNotNull(refused, "the tailing reader never reported the document it cannot read");
            assertTrue(refused.getMessage().contains("goes on to index"), refused.getMessage());
        }
    }

    private void writeJournal() throws Exception
    {
        try (OmnistockEngine engine = OmnistockEngine.start(config()))
        {
            define(engine);
            for (int i = 0; i < COMMANDS; i++)
            {
                submit(engine, Commands.receive(10 + i, 0, 0, 1), 3 + i);
            }
        }
    }

    private static void define(final OmnistockEngine engine) throws Exception
    {
        submit(engine, Commands.defineLocation(1, "S1", Tier.STORE, 31_000_000, 121_000_000, Capabilities.ALL), 1);
        submit(engine, Commands.defineSku(2, "TEA", StockUnit.PIECE), 2);
    }

    private static void submit(final OmnistockEngine engine, final io.omnistock.api.Command command, final long sequence)
        throws Exception
    {
        final io.omnistock.api.CommandResult result = engine.submit(command).get(10, TimeUnit.SECONDS);
        assertEquals(ReasonCode.OK, result.reason());
        assertEquals(sequence, result.sequence());
    }

    private static long records(final Path journal)
    {
        long count = 0;
        try (ChronicleQueue queue = Journal.open(journal, false); JournalReader reader = new JournalReader(queue))
        {
            final CommandSlot slot = new CommandSlot();
            while (reader.next(slot))
            {
                assertEquals(count + 1, slot.sequence);
                count++;
            }
            assertNull(reader.damagedTail());
        }
        return count;
    }

    private static List<Path> copies(final Path journal) throws IOException
    {
        try (Stream<Path> files = Files.list(journal))
        {
            return files.filter(f -> f.getFileName().toString().contains(".damaged-at-")).toList();
        }
    }

    /** Where the journal's last document lies in its cycle file, as Chronicle reads it. */
    record LastDocument(Path file, long offset, int length)
    {
        static LastDocument of(final Path journal)
        {
            try (ChronicleQueue queue = Journal.open(journal, false); ExcerptTailer tailer = queue.createTailer())
            {
                assertTrue(tailer.moveToIndex(queue.lastIndex()));
                try (DocumentContext dc = tailer.readingDocument())
                {
                    final long payload = dc.wire().bytes().readPosition();
                    return new LastDocument(tailer.currentFile().toPath(), payload - Integer.BYTES,
                        (int)dc.wire().bytes().readRemaining());
                }
            }
        }

        long end()
        {
            return offset + Integer.BYTES + length;
        }

        int header() throws IOException
        {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
            {
                return DamagedTailRepair.readInt(channel, offset);
            }
        }

        void putHeader(final int header) throws IOException
        {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
            {
                channel.write(ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(0, header), offset);
            }
        }

        void zero(final long from, final long to) throws IOException
        {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
            {
                channel.write(ByteBuffer.allocate((int)(to - from)), from);
            }
        }
    }
}

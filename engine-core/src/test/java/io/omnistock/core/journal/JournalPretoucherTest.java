package io.omnistock.core.journal;

import io.omnistock.core.command.CommandSlot;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pretoucher reads the journal file in ahead of what the writer reports, follows it to a new
 * file, and leaves a file it cannot read to the writer without failing.
 */
class JournalPretoucherTest
{
    @TempDir
    Path dir;

    @Test
    void readsTheJournalFileAheadOfTheWriter() throws IOException
    {
        try (ChronicleQueue queue = Journal.open(dir.resolve("journal"), false);
            JournalPretoucher pretoucher = new JournalPretoucher("test-pretouch"))
        {
            final JournalWriter writer = new JournalWriter(queue);
            writer.pretouchWith(pretoucher);
            final CommandSlot slot = new CommandSlot();
            for (int i = 1; i <= 1000; i++)
            {
                writer.append(JournalWriterTest.receive(slot, i));
            }
            writer.flush();

            final File file = pretoucher.file();
            final long written = pretoucher.writtenTo();
            final long size = Files.size(file.toPath());
            assertTrue(file.getName().endsWith(".cq4"), file.getName());
            // Chronicle's position is a file offset: past the 1,000 records, inside the file.
            assertTrue(written > 1000L * 20 && written < size, written + " in a file of " + size);
            final long expected = Math.min(written + JournalPretoucher.AHEAD_BYTES, size);
            awaitEqual(expected, pretoucher::touchedTo);
            writer.close();
        }
    }

    @Test
    void followsTheWriterIntoTheNextFile() throws IOException
    {
        final File first = sparseFile("first.cq4", 1 << 20);
        final File second = sparseFile("second.cq4", 3 << 20);
        try (JournalPretoucher pretoucher = new JournalPretoucher("test-pretouch"))
        {
            pretoucher.written(first, 4096);
            awaitEqual(1 << 20, pretoucher::touchedTo);
            pretoucher.written(second, 100);
            awaitEqual(3 << 20, pretoucher::touchedTo);
        }
    }

    @Test
    void aFileItCannotReadIsLeftToTheWriter() throws IOException
    {
        final File good = sparseFile("good.cq4", 1 << 20);
        try (JournalPretoucher pretoucher = new JournalPretoucher("test-pretouch"))
        {
            pretoucher.written(new File(dir.toFile(), "missing.cq4"), 0);
            pretoucher.written(good, 0);
            awaitEqual(1 << 20, pretoucher::touchedTo);
            assertTrue(pretoucher.running());
        }
    }

    @Test
    void withoutAThreadItReadsAheadAStepAtATimeWhenCalled() throws IOException
    {
        final File file = sparseFile("writer.cq4", 1 << 20);
        try (JournalPretoucher pretoucher = JournalPretoucher.onCaller())
        {
            assertFalse(pretoucher.running());
            assertFalse(pretoucher.touchSome(JournalPretoucher.WRITER_STEP_BYTES), "nothing written yet");
            pretoucher.written(file, 4096);
            assertEquals(0, pretoucher.touchedTo(), "read before it was asked to");
            assertTrue(pretoucher.touchSome(JournalPretoucher.WRITER_STEP_BYTES));
            assertEquals(4096 + JournalPretoucher.WRITER_STEP_BYTES, pretoucher.touchedTo());
            int steps = 1;
            while (pretoucher.touchSome(JournalPretoucher.WRITER_STEP_BYTES))
            {
                steps++;
            }
            assertEquals(1 << 20, pretoucher.touchedTo(), "up to the file's end");
            assertEquals(((1 << 20) - 4096) / JournalPretoucher.WRITER_STEP_BYTES + 1, steps);
        }
    }

    @Test
    void itRunsShortUntilEnoughIsLoadedAheadOfTheWriter() throws IOException
    {
        final File file = sparseFile("writer.cq4", 4 * JournalPretoucher.SHORT_BYTES);
        try (JournalPretoucher pretoucher = JournalPretoucher.onCaller())
        {
            assertFalse(pretoucher.runningShort(), "nothing written yet");
            pretoucher.written(file, 4096);
            assertTrue(pretoucher.runningShort(), "nothing of the file loaded");
            long steps = 0;
            while (pretoucher.runningShort())
            {
                assertTrue(pretoucher.touchSome(JournalPretoucher.WRITER_STEP_BYTES));
                steps++;
            }
            assertEquals(4096 + JournalPretoucher.SHORT_BYTES, pretoucher.touchedTo());
            assertEquals(JournalPretoucher.SHORT_BYTES / JournalPretoucher.WRITER_STEP_BYTES, steps);
            pretoucher.written(file, 4096 + JournalPretoucher.WRITER_STEP_BYTES);
            assertTrue(pretoucher.runningShort(), "the writer moved on a step");
            pretoucher.written(new File(dir.toFile(), "missing.cq4"), 0);
            assertTrue(pretoucher.runningShort(), "a new file");
            assertFalse(pretoucher.touchSome(JournalPretoucher.WRITER_STEP_BYTES), "it cannot be loaded");
            assertFalse(pretoucher.runningShort(), "a file that cannot be loaded is left to the writer");
        }
    }

    /**
     * The writer maps loaded pages writable ahead of itself, only pages the pretoucher loaded, and
     * what it then writes reads back unchanged (populating pages writes nothing into them).
     */
    @Test
    void theWriterMapsLoadedPagesAheadAndWritesOverThemUnchanged() throws IOException
    {
        final CommandSlot slot = new CommandSlot();
        try (ChronicleQueue queue = Journal.open(dir.resolve("journal"), false);
            JournalPretoucher pretoucher = JournalPretoucher.onCaller())
        {
            final JournalWriter writer = new JournalWriter(queue);
            writer.pretouchWith(pretoucher);
            assertFalse(writer.mapAhead(JournalPretoucher.WRITER_STEP_BYTES), "nothing written yet");
            int sequence = 0;
            writer.append(JournalWriterTest.receive(slot, ++sequence));
            writer.flush();
            assertFalse(writer.mapAhead(JournalPretoucher.WRITER_STEP_BYTES), "nothing loaded yet");
            final boolean linux = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux");
            for (int round = 0; round < 200; round++)
            {
                while (pretoucher.touchSome(JournalPretoucher.WRITER_STEP_BYTES))
                {
                    // loaded 16 MiB ahead
                }
                boolean mapped = false;
                while (writer.mapAhead(JournalPretoucher.WRITER_STEP_BYTES))
                {
                    mapped = true;
                }
                if (round == 0 && linux)
                {
                    assertTrue(mapped, "loaded pages ahead are mapped (Linux 5.14 on)");
                }
                for (int i = 0; i < 500; i++)
                {
                    writer.append(JournalWriterTest.receive(slot, ++sequence));
                }
                writer.flush();
            }
            writer.close();
            JournalWriterTest.readsBackReceipts(queue, sequence);
        }
    }

    /**
     * A pretouch thread maps loaded pages writable in the writer's own mapping ahead of it, keeps
     * the writer's chunk mapped while it does (reserved), lets go of it on close, and what the
     * writer writes over the mapped pages reads back unchanged.
     */
    @Test
    void aPretouchThreadMapsTheWritersPagesAheadAndLetsGoOfThemOnClose() throws IOException
    {
        final CommandSlot slot = new CommandSlot();
        final boolean linux = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux");
        try (ChronicleQueue queue = Journal.open(dir.resolve("journal"), false))
        {
            final JournalPretoucher pretoucher = new JournalPretoucher("test-pretouch");
            final JournalWriter writer = new JournalWriter(queue);
            writer.pretouchWith(pretoucher);
            int sequence = 0;
            writer.append(JournalWriterTest.receive(slot, ++sequence));
            writer.flush();
            final var store = writer.currentStore();
            assertTrue(store != null, "the appender writes through a mapping");
            final int references = store.refCount();
            assertTrue(pretoucher.holdsChunk(), "the writer handed its chunk over");
            if (linux)
            {
                // Mapped as far as it loaded: 16 MiB past the writer, or the chunk's end.
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (pretoucher.mappedTo() < pretoucher.writtenTo() + (1 << 20) && System.nanoTime() < deadline)
                {
                    Thread.onSpinWait();
                }
                assertTrue(pretoucher.mappedTo() >= pretoucher.writtenTo() + (1 << 20),
                    "mapped to " + pretoucher.mappedTo() + ", written to " + pretoucher.writtenTo());
            }
            for (int round = 0; round < 200; round++)
            {
                for (int i = 0; i < 500; i++)
                {
                    writer.append(JournalWriterTest.receive(slot, ++sequence));
                }
                writer.flush();
            }
            pretoucher.close();
            assertFalse(pretoucher.holdsChunk(), "let go of on close");
            if (writer.currentStore() == store)
            {
                assertEquals(references - 1, store.refCount(), "its reservation released");
            }
            writer.close();
            JournalWriterTest.readsBackReceipts(queue, sequence);
        }
    }

    @Test
    void closeStopsTheThread()
    {
        final JournalPretoucher pretoucher = new JournalPretoucher("test-pretouch");
        assertTrue(pretoucher.running());
        pretoucher.close();
        assertFalse(pretoucher.running());
    }

    private File sparseFile(final String name, final long length) throws IOException
    {
        return PageLoaderTest.sparseFile(dir, name, length);
    }

    /** The pretoucher works on its own thread: wait for it to get there, failing after 10 s. */
    private static void awaitEqual(final long expected, final LongSupplier actual)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (actual.getAsLong() != expected && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
        }
        assertEquals(expected, actual.getAsLong());
    }
}

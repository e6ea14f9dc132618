package io.omnistock.core.journal;

import io.omnistock.api.Capabilities;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.command.CommandSlot;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal document that cannot be read while documents follow it is corruption, not the end of
 * the journal: reading on as if the journal ended there would drop every acknowledged command after
 * it, and the next append would reuse their sequence numbers.
 */
class JournalCorruptionTest
{
    private static final int COMMANDS = 40;

    @TempDir
    Path dir;

    @Test
    void anUnreadableDocumentFollowedByOthersIsReportedNotTakenAsTheEnd() throws Exception
    {
        final Path journal = dir.resolve("journal");
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(journal).build()))
        {
            // One at a time, so each command is a document of its own.
            submit(engine, Commands.defineLocation(1, "S1", Tier.STORE, 31_000_000, 121_000_000, Capabilities.ALL));
            submit(engine, Commands.defineSku(2, "TEA", StockUnit.PIECE));
            for (int i = 0; i < COMMANDS; i++)
            {
                submit(engine, Commands.receive(10 + i, 0, 0, 1));
            }
        }
        assertEquals(COMMANDS + 2, records(journal));

        markIncomplete(journal, 20);

        final JournalException read = assertThrows(JournalException.class, () -> records(journal));
        assertTrue(read.getMessage().contains("corrupt"), read.getMessage());
        final RuntimeException recovery = assertThrows(RuntimeException.class,
            () -> OmnistockEngine.start(EngineConfig.builder().journalDir(journal).build()).close());
        assertTrue(messages(recovery).contains("corrupt"), messages(recovery));
    }

    private static void submit(final OmnistockEngine engine, final io.omnistock.api.Command command) throws Exception
    {
        assertEquals(ReasonCode.OK, engine.submit(command).get(10, TimeUnit.SECONDS).reason());
    }

    private static long records(final Path journal)
    {
        long count = 0;
        try (ChronicleQueue queue = Journal.open(journal, false); JournalReader reader = new JournalReader(queue))
        {
            final CommandSlot slot = new CommandSlot();
            while (reader.next(slot))
            {
                count++;
            }
        }
        return count;
    }

    /**
     * Sets the "not complete" bit in the header of the n-th data document after the omnistock
     * header's, as a torn or bit-flipped header leaves it. Chronicle's header word: bit 31 not
     * complete, bit 30 metadata, the low 30 bits the length; documents are 4-byte aligned.
     */
    private static void markIncomplete(final Path journal, final int n) throws IOException
    {
        final Path cycle;
        try (Stream<Path> files = Files.list(journal))
        {
            cycle = files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        final byte[] content = Files.readAllBytes(cycle);
        final int magic = new String(content, StandardCharsets.ISO_8859_1).indexOf("OMNISTOK");
        // Chronicle's header word, then our frame length, then the record type: magic follows.
        int doc = magic - 9;
        final ByteBuffer buffer = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++)
        {
            doc = (doc + Integer.BYTES + (buffer.getInt(doc) & 0x3FFF_FFFF) + 3) & ~3;
            while ((buffer.getInt(doc) & 0x4000_0000) != 0)
            {
                // Skip Chronicle's own metadata documents (its index).
                doc = (doc + Integer.BYTES + (buffer.getInt(doc) & 0x3FFF_FFFF) + 3) & ~3;
            }
        }
        try (FileChannel channel = FileChannel.open(cycle, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.wrap(new byte[] {(byte)(content[doc + 3] | 0x80)}), doc + 3);
        }
    }

    private static String messages(final Throwable e)
    {
        final StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause())
        {
            all.append(t.getMessage()).append(" / ");
        }
        return all.toString();
    }
}

package io.omnistock.tools;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.RecoveryReport;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalReader;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A power loss under page-cache durability cuts the journal's last document short (issue 19,
 * item 4). The last document of a real engine's journal is cut (the file truncated) or zeroed
 * from each of many offsets inside it, header word included. After each: {@code replay --verify}
 * reads up to it, exits 4 and leaves the file as it was; a start recovers to the whole documents
 * before it and appends; a second start and {@code replay --verify} then succeed and count the
 * appended commands.
 */
class TornTailToolTest
{
    @TempDir
    static Path shared;

    private static Path base;
    private static Path baseFile;
    private static long documentAt;
    private static int documentLength;
    private static long lastSequence;
    /** The last sequence of the documents before the last one. */
    private static long lastSequenceBefore;
    /** The bytes of the base cycle file up to a little past the last document. */
    private static byte[] baseBytes;

    @TempDir
    Path dir;

    private final java.util.Map<String, Integer> damageKinds = new java.util.TreeMap<>();

    @BeforeAll
    static void writeJournal() throws Exception
    {
        base = shared.resolve("journal");
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(base).build()))
        {
            ok(engine.submit(Commands.defineLocation(1, "S1", Tier.STORE, 31_000_000, 121_000_000, Capabilities.ALL)));
            ok(engine.submit(Commands.defineSku(2, "TEA", StockUnit.PIECE)));
            for (int i = 0; i < 20; i++)
            {
                ok(engine.submit(Commands.receive(10 + i, 0, 0, 1 + i)));
            }
            // Submitted together, so the last document is likely to hold several records.
            final List<CompletableFuture<CommandResult>> last = new ArrayList<>();
            for (int i = 0; i < 8; i++)
            {
                last.add(engine.submit(Commands.reserve(100 + i, 100 + i, 0, 0, 1)));
            }
            for (final CompletableFuture<CommandResult> result : last)
            {
                lastSequence = Math.max(lastSequence, ok(result).sequence());
            }
        }
        try (ChronicleQueue queue = Journal.open(base, false); ExcerptTailer tailer = queue.createTailer())
        {
            assertTrue(tailer.moveToIndex(queue.lastIndex()));
            try (DocumentContext dc = tailer.readingDocument())
            {
                documentAt = dc.wire().bytes().readPosition() - Integer.BYTES;
                documentLength = (int)dc.wire().bytes().readRemaining();
            }
            baseFile = tailer.currentFile().toPath();
            try (JournalReader reader = new JournalReader(queue))
            {
                final CommandSlot slot = new CommandSlot();
                while (reader.next(slot) && reader.lastIndex() < queue.lastIndex())
                {
                    lastSequenceBefore = slot.sequence;
                }
            }
        }
        assertTrue(lastSequenceBefore > 0 && lastSequenceBefore < lastSequence, "the last document holds " +
            (lastSequence - lastSequenceBefore) + " commands");
        // Copies keep the file up to a little past the last document: Chronicle grows a short
        // file again as it needs, and 80 MB per case would be mostly zeros.
        try (RandomAccessFile file = new RandomAccessFile(baseFile.toFile(), "r"))
        {
            baseBytes = new byte[(int)((documentAt + Integer.BYTES + documentLength + 8191) & ~4095L)];
            file.readFully(baseBytes);
        }
    }

    @Test
    void aLastDocumentCutOrZeroedAtAnyOffsetIsReportedByTheToolsAndSetAsideByTheEngine() throws Exception
    {
        final int span = Integer.BYTES + documentLength;
        final List<Integer> offsets = new ArrayList<>();
        for (int k = 0; k < span; k += k < 12 || k > span - 6 ? 1 : 13)
        {
            offsets.add(k);
        }
        int damagedCases = 0;
        for (final int k : offsets)
        {
            damagedCases += tornAt(k, true) ? 1 : 0;
            damagedCases += tornAt(k, false) ? 1 : 0;
        }
        assertTrue(damagedCases >= offsets.size(), "cases that damaged the document: " + damagedCases);
        // The cuts reach each way a document can be found damaged.
        System.out.println("torn tail cases by damage found: " + damageKinds);
        assertTrue(damageKinds.keySet().containsAll(List.of("header is empty", "fails its checksum", "record frame of")),
            damageKinds::toString);
    }

    /**
     * @return whether the cut changed the document (zeroing bytes that were zero changes nothing).
     */
    private boolean tornAt(final int k, final boolean truncate) throws Exception
    {
        final String name = (truncate ? "cut-" : "zeroed-") + k;
        final Path journal = copyOfBase(dir.resolve(name));
        final Path file = journal.resolve(baseFile.getFileName());
        final long from = documentAt + k;
        final long end = documentAt + Integer.BYTES + documentLength;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            if (truncate)
            {
                raf.setLength(from);
            }
            else
            {
                raf.seek(from);
                raf.write(new byte[(int)(end - from)]);
            }
        }
        final boolean damaged = !allZero(baseBytes, (int)from, (int)end);
        final long whole = damaged ? lastSequenceBefore : lastSequence;
        final String context = name + " (document at " + documentAt + ", " + documentLength + " bytes)";

        // The tools read up to it, say so, and leave the journal as it is.
        final byte[] beforeTool = Files.readAllBytes(file);
        final OmnistockCliTest.Run read = OmnistockCliTest.run("replay", "--journal", journal.toString(), "--verify");
        assertEquals(damaged ? OmnistockCli.EXIT_TORN_TAIL : 0, read.code(), context + ": " + read.err());
        assertTrue(read.out().contains("last sequence:    " + whole), context + ": " + read.out());
        if (damaged)
        {
            assertTrue(read.err().contains("torn journal tail") && read.err().contains("byte offset " + documentAt) &&
                read.err().contains("end at sequence " + whole), context + ": " + read.err());
        }
        final byte[] afterTool = Files.readAllBytes(file);
        assertArrayEquals(beforeTool, Arrays.copyOf(afterTool, beforeTool.length), context + ": the tool wrote to the journal");

        // A start sets it aside and appends after the whole documents.
        final EngineConfig config = EngineConfig.builder().journalDir(journal).build();
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            final RecoveryReport report = engine.recoveryReport();
            assertEquals(whole, report.lastSequence(), context);
            if (damaged)
            {
                assertNotNull(report.damagedTail(), context);
                assertEquals(documentAt, report.damagedTail().offset(), context);
                final String damage = report.damagedTail().damage();
                damageKinds.merge(Stream.of("header is empty", "fails its checksum", "record frame of", "inside a record frame")
                    .filter(damage::contains).findFirst().orElse(damage), 1, Integer::sum);
            }
            assertEquals(whole + 1, ok(engine.submit(Commands.receive(900, 0, 0, 5))).sequence(), context);
            assertEquals(whole + 2, ok(engine.submit(Commands.reserve(901, 901, 0, 0, 1))).sequence(), context);
        }
        assertEquals(damaged ? 1 : 0, copiesAside(journal), context);

        // A second start finds a clean journal; so does replay --verify.
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            assertEquals(whole + 2, engine.recoveryReport().lastSequence(), context);
            assertNull(engine.recoveryReport().damagedTail(), context);
            assertTrue(engine.recoveryReport().problems().isEmpty(), context + ": " + engine.recoveryReport().problems());
        }
        final OmnistockCliTest.Run verify = OmnistockCliTest.run("replay", "--journal", journal.toString(), "--verify");
        assertEquals(0, verify.code(), context + ": " + verify.err());
        assertTrue(verify.out().contains("last sequence:    " + (whole + 2)), context + ": " + verify.out());
        return damaged;
    }

    private static Path copyOfBase(final Path journal) throws IOException
    {
        Files.createDirectories(journal);
        try (Stream<Path> files = Files.list(base))
        {
            for (final Path f : (Iterable<Path>)files::iterator)
            {
                if (!f.equals(baseFile))
                {
                    Files.copy(f, journal.resolve(f.getFileName()));
                }
            }
        }
        Files.write(journal.resolve(baseFile.getFileName()), baseBytes);
        return journal;
    }

    private static long copiesAside(final Path journal) throws IOException
    {
        try (Stream<Path> files = Files.list(journal))
        {
            return files.filter(f -> f.getFileName().toString().contains(".damaged-at-")).count();
        }
    }

    private static boolean allZero(final byte[] bytes, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            if (bytes[i] != 0)
            {
                return false;
            }
        }
        return true;
    }

    private static CommandResult ok(final CompletableFuture<CommandResult> future) throws Exception
    {
        final CommandResult result = future.get(10, TimeUnit.SECONDS);
        assertEquals(ReasonCode.OK, result.reason());
        return result;
    }
}

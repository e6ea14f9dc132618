package io.omnistock.core;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.ParameterizedTest;
import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalException;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecoveryTest
{
    private static final String MARKER = "CORRUPT-ME-MARKER";

    @TempDir
    Path dir;

    private EngineConfig config()
    {
        return config(JournalThread.OWN);
    }

    private EngineConfig config(final JournalThread journalThread)
    {
        return EngineConfig.builder().journalDir(dir.resolve("journal")).snapshotDir(dir.resolve("snapshots"))
            .journalThread(journalThread).build();
    }

    /** Drives a small network; returns the state checksum at the end. */
    private long runDay(final OmnistockEngine engine, final long firstId) throws Exception
    {
        long id = firstId;
        final int store = engine.submit(Commands.defineLocation(id++, "S-" + firstId, Tier.STORE, 1, 1,
            Capabilities.ALL)).get().assignedId();
        final int sku = engine.submit(Commands.defineSku(id++, MARKER + firstId, StockUnit.PIECE)).get().assignedId();
        engine.submit(Commands.receive(id++, store, sku, 50)).get();
        for (int i = 0; i < 20; i++)
        {
            assertEquals(ReasonCode.OK, engine.submit(Commands.reserve(id++, firstId + i, store, sku, 2)).get().reason());
        }
        engine.submit(Commands.release(id++, firstId, 2)).get();
        engine.submit(Commands.fulfil(id++, firstId + 1, 1)).get();
        return engine.stateChecksum().get();
    }

    @ParameterizedTest
    @EnumSource(JournalThread.class)
    void recoversFromJournalAloneAndFromSnapshotPlusTail(final JournalThread journalThread) throws Exception
    {
        final long checksum;
        try (OmnistockEngine engine = OmnistockEngine.start(config(journalThread)))
        {
            runDay(engine, 1_000);
            assertEquals(25, engine.snapshot().get());
            checksum = runDay(engine, 2_000);
        }
        try (OmnistockEngine engine = OmnistockEngine.start(config(journalThread)))
        {
            final RecoveryReport report = engine.recoveryReport();
            assertEquals(25, report.snapshotSequence());
            assertEquals(25, report.replayedCommands());
            assertEquals(50, report.lastSequence());
            assertEquals(List.of(), report.problems());
            assertEquals(checksum, engine.stateChecksum().get());
        }
        deleteSnapshots();
        try (OmnistockEngine engine = OmnistockEngine.start(config()))
        {
            assertNull(engine.recoveryReport().snapshot());
            assertEquals(50, engine.recoveryReport().replayedCommands());
            assertEquals(checksum, engine.stateChecksum().get());
        }
    }

    /**
     * The writer is held inside a read while commands, a snapshot and more commands queue up, so
     * the snapshot falls in the middle of one ring batch: it must point at a journal document that
     * holds every command before it, whichever thread journals.
     */
    @ParameterizedTest
    @EnumSource(JournalThread.class)
    void aSnapshotInTheMiddleOfARingBatchPointsAtAJournalHoldingEverythingBeforeIt(
        final JournalThread journalThread) throws Exception
    {
        final long checksum;
        try (OmnistockEngine engine = OmnistockEngine.start(config(journalThread)))
        {
            runDay(engine, 1_000);
            final CountDownLatch gate = new CountDownLatch(1);
            final CompletableFuture<Void> held = engine.read(state ->
            {
                try
                {
                    gate.await();
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                }
            });
            final List<CompletableFuture<CommandResult>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++)
            {
                results.add(engine.submit(Commands.receive(5_000 + i, 0, 0, 1)));
            }
            final CompletableFuture<Long> snapshot = engine.snapshot();
            for (int i = 10; i < 15; i++)
            {
                results.add(engine.submit(Commands.receive(5_000 + i, 0, 0, 1)));
            }
            gate.countDown();
            held.get();
            assertEquals(35, snapshot.get());
            for (final CompletableFuture<CommandResult> result : results)
            {
                assertEquals(ReasonCode.OK, result.get().reason());
            }
            checksum = engine.stateChecksum().get();
        }
        try (OmnistockEngine engine = OmnistockEngine.start(config(journalThread)))
        {
            final RecoveryReport report = engine.recoveryReport();
            assertEquals(List.of(), report.problems());
            assertEquals(35, report.snapshotSequence());
            assertEquals(5, report.replayedCommands());
            assertEquals(checksum, engine.stateChecksum().get());
        }
    }

    @Test
    void aCorruptSnapshotIsReportedAndAnOlderStateIsRebuiltFromTheJournal() throws Exception
    {
        final long checksum;
        try (OmnistockEngine engine = OmnistockEngine.start(config()))
        {
            runDay(engine, 1_000);
            engine.snapshot().get();
            checksum = runDay(engine, 2_000);
            engine.snapshot().get();
        }
        final Path newest;
        try (Stream<Path> files = Files.list(dir.resolve("snapshots")))
        {
            newest = files.max(Path::compareTo).orElseThrow();
        }
        flipByte(newest, Files.size(newest) / 2);
        try (OmnistockEngine engine = OmnistockEngine.start(config()))
        {
            final RecoveryReport report = engine.recoveryReport();
            assertEquals(1, report.problems().size());
            assertTrue(report.problems().get(0).contains("checksum mismatch"), report.problems().get(0));
            assertEquals(25, report.snapshotSequence(), "fell back to the older snapshot");
            assertEquals(checksum, engine.stateChecksum().get());
        }
    }

    @Test
    void aCorruptJournalRecordStopsRecoveryWithItsPosition() throws Exception
    {
        try (OmnistockEngine engine = OmnistockEngine.start(config()))
        {
            runDay(engine, 1_000);
        }
        final Path file = journalFile();
        final byte[] bytes = Files.readAllBytes(file);
        final int at = indexOf(bytes, (MARKER + 1000).getBytes(StandardCharsets.UTF_8));
        assertTrue(at > 0, "marker not found in journal");
        flipByte(file, at + 3);
        final JournalException e = assertThrows(JournalException.class, () -> OmnistockEngine.start(config()));
        assertTrue(e.getMessage().contains("fails its checksum"), e.getMessage());
    }

    @Test
    void aForeignQueueIsRefused()
    {
        try (ChronicleQueue queue = Journal.open(dir.resolve("journal"), false);
             ExcerptAppender appender = queue.createAppender())
        {
            appender.writeText("not an inventory journal");
        }
        final JournalException e = assertThrows(JournalException.class, () -> OmnistockEngine.start(config()));
        assertTrue(e.getMessage().contains("not an omnistock journal"), e.getMessage());
    }

    @Test
    void aSnapshotAheadOfItsJournalIsRefused() throws Exception
    {
        try (OmnistockEngine engine = OmnistockEngine.start(config()))
        {
            runDay(engine, 1_000);
            engine.snapshot().get();
        }
        try (Stream<Path> files = Files.list(dir.resolve("journal")))
        {
            for (final Path p : files.toList())
            {
                Files.delete(p);
            }
        }
        final JournalException e = assertThrows(JournalException.class, () -> OmnistockEngine.start(config()));
        assertTrue(e.getMessage().contains("missing acknowledged commands"), e.getMessage());
    }

    @Test
    void engineKeepsSequencingAfterRestart() throws Exception
    {
        try (OmnistockEngine engine = OmnistockEngine.start(config()))
        {
            runDay(engine, 1_000);
        }
        try (OmnistockEngine engine = OmnistockEngine.start(config()))
        {
            final CommandResult r = engine.submit(Commands.defineSku(9_999, "NEXT", StockUnit.PIECE)).get();
            assertEquals(26, r.sequence());
            assertNotNull(r.reason());
        }
    }

    private Path journalFile() throws IOException
    {
        try (Stream<Path> files = Files.list(dir.resolve("journal")))
        {
            return files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }

    private void deleteSnapshots() throws IOException
    {
        try (Stream<Path> files = Files.list(dir.resolve("snapshots")))
        {
            for (final Path p : files.toList())
            {
                Files.delete(p);
            }
        }
    }

    private static void flipByte(final Path file, final long position) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        bytes[(int)position] ^= 0x5A;
        Files.write(file, bytes);
    }

    private static int indexOf(final byte[] haystack, final byte[] needle)
    {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (haystack[i + j] != needle[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

package io.omnistock.core.golden;

import io.omnistock.api.Command;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalCodec;
import io.omnistock.core.journal.JournalFormats;
import io.omnistock.core.journal.JournalWriter;
import io.omnistock.core.snapshot.SnapshotStore;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.LogicVersion;
import io.omnistock.core.state.ProcessorHarness;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Golden journals: journals and snapshots written once by a released build, kept in the
 * repository as test resources, and replayed by every later build ({@link GoldenJournalsTest}).
 *
 * <p>A set is a folder holding {@code journal.txt} (every Chronicle document of the journal, one
 * line each: its queue index and its bytes, in hex, so a review can read what changed), at most
 * one snapshot file as the engine wrote it, and {@code expected.properties} (what the writing
 * build computed: last sequence and state checksum after the whole journal, and after the
 * snapshot). {@link #main} writes a set from {@link GoldenScenario}; it is run by hand, once per
 * released format, never by the build.
 */
public final class GoldenJournals
{
    private static final HexFormat HEX = HexFormat.of();

    private GoldenJournals()
    {
    }

    /**
     * Writes a golden set: {@code main(folder, journalFormatVersion, producedBy)}.
     */
    public static void main(final String[] args) throws IOException
    {
        final Path out = Path.of(args[0]);
        final int journalVersion = Integer.parseInt(args[1]);
        final String producedBy = args[2];
        write(out, journalVersion, producedBy);
    }

    static void write(final Path out, final int journalVersion, final String producedBy) throws IOException
    {
        Files.createDirectories(out);
        final Path work = Files.createTempDirectory("omnistock-golden");
        final Path journalDir = work.resolve("journal");
        final Properties expected = new Properties();
        try (ChronicleQueue queue = Journal.open(journalDir, false);
             JournalWriter writer = JournalFormats.writer(queue, journalVersion))
        {
            final EngineState state = new EngineState(64, 64, 1024);
            // Every golden journal starts in logic version 1; those of format 3 on switch to the next.
            state.startInLogic(LogicVersion.FIRST);
            final Run run = new Run(state, writer, work.resolve("snapshots"), journalVersion);
            GoldenScenario.run(run);
            writer.flush();
            expected.setProperty("journal.format", Integer.toString(journalVersion));
            expected.setProperty("snapshot.format", Integer.toString(SnapshotStore.FORMAT_VERSION));
            expected.setProperty("last.sequence", Long.toString(state.lastSequence()));
            expected.setProperty("checksum", Long.toString(state.checksum()));
            expected.setProperty("snapshot.sequence", Long.toString(run.snapshotSequence));
            expected.setProperty("snapshot.checksum", Long.toString(run.snapshotChecksum));
            expected.setProperty("produced.by", producedBy);
            expected.setProperty("logic.version", Integer.toString(state.logicVersion()));
            dump(queue, out.resolve("journal.txt"));
        }
        try (Stream<Path> files = Files.list(work.resolve("snapshots")))
        {
            for (final Path file : files.toList())
            {
                Files.copy(file, out.resolve(file.getFileName()));
            }
        }
        try (var writerOut = Files.newBufferedWriter(out.resolve("expected.properties")))
        {
            expected.store(writerOut, "written by GoldenJournals from GoldenScenario; never edit");
        }
    }

    /** Stamps and applies each command in the harness, and journals it the way the pipeline does. */
    private static final class Run implements GoldenScenario.Sink
    {
        private final EngineState state;
        private final ProcessorHarness harness;
        private final JournalWriter writer;
        private final SnapshotStore snapshots;
        private final CommandSlot slot = new CommandSlot();
        private int inBatch;
        private final boolean logicVersions;
        private final boolean fingerprints;
        private final boolean reservationTags;
        private final boolean compactBodies;
        long snapshotSequence;
        long snapshotChecksum;

        Run(final EngineState state, final JournalWriter writer, final Path snapshotDir, final int journalVersion)
        {
            this.logicVersions = journalVersion >= 3;
            this.fingerprints = journalVersion >= 4;
            this.reservationTags = journalVersion >= 5;
            this.compactBodies = journalVersion >= JournalCodec.FIRST_COMPACT_FORMAT;
            this.state = state;
            // Each command a second after the one before, the first a second after the start.
            this.harness = new ProcessorHarness(state).ticking(GoldenScenario.START_MILLIS + 1_000, 1_000);
            this.writer = writer;
            this.snapshots = new SnapshotStore(snapshotDir, 1);
        }

        @Override
        public int run(final Command command)
        {
            slot.clearInput();
            command.writeTo(slot);
            apply();
            return slot.assignedId;
        }

        @Override
        public void expireHolds()
        {
            slot.clearInput();
            slot.expireHolds();
            apply();
        }

        private void apply()
        {
            harness.apply(slot);
            writer.append(slot);
            // Documents of a few records each, as ring batches make them.
            if (++inBatch == 5)
            {
                writer.flush();
                inBatch = 0;
            }
        }

        @Override
        public boolean logicVersions()
        {
            return logicVersions;
        }

        @Override
        public boolean fingerprints()
        {
            return fingerprints;
        }

        @Override
        public boolean compactBodies()
        {
            return compactBodies;
        }

        @Override
        public boolean reservationTags()
        {
            return reservationTags;
        }

        @Override
        public void advanceMillis(final long millis)
        {
            harness.now += millis;
        }

        @Override
        public void midpoint()
        {
            writer.flush();
            inBatch = 0;
            snapshots.write(state, writer.lastIndex());
            snapshotSequence = state.lastSequence();
            snapshotChecksum = state.checksum();
        }
    }

    /** Writes every document of {@code queue}: its index and its bytes, in hex, a line each. */
    static void dump(final ChronicleQueue queue, final Path file) throws IOException
    {
        final List<String> lines = new ArrayList<>();
        lines.add("# omnistock golden journal: Chronicle documents, one per line: <queue index> <bytes>, hex");
        try (ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    if (dc.isMetaData())
                    {
                        continue;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    final byte[] document = new byte[(int)bytes.readRemaining()];
                    bytes.read(document);
                    lines.add(Long.toHexString(dc.index()) + " " + HEX.formatHex(document));
                }
            }
        }
        Files.write(file, lines);
    }

    /**
     * Writes the documents of {@code dump} into a new journal at {@code journalDir}, at the same
     * queue indexes (each document in its own cycle's file), so a snapshot's journal position
     * holds there as it did where the journal was written.
     */
    static void restore(final Path dump, final Path journalDir)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(dump);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        final long[] cycleStartMillis = new long[1];
        try (ChronicleQueue queue = SingleChronicleQueueBuilder.binary(journalDir)
            .timeProvider(() -> cycleStartMillis[0])
            .build();
             ExcerptAppender appender = queue.createAppender())
        {
            final long cycleMillis = queue.rollCycle().lengthInMillis();
            for (final String line : lines)
            {
                if (line.startsWith("#") || line.isBlank())
                {
                    continue;
                }
                final int space = line.indexOf(' ');
                final long index = Long.parseUnsignedLong(line.substring(0, space), 16);
                cycleStartMillis[0] = queue.rollCycle().toCycle(index) * cycleMillis;
                final byte[] document = HEX.parseHex(line, space + 1, line.length());
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().write(document);
                }
                if (appender.lastIndexAppended() != index)
                {
                    throw new IllegalStateException("document restored at index " +
                        Long.toHexString(appender.lastIndexAppended()) + ", written at " + Long.toHexString(index));
                }
            }
        }
    }
}

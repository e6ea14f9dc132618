package io.omnistock.core.golden;

import io.omnistock.api.CommandType;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.JournalReplayer;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.core.snapshot.SnapshotStore;
import io.omnistock.core.state.CommandProcessor;
import io.omnistock.core.state.EngineState;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every golden journal and snapshot (test resources under {@code golden/}, written once by the
 * build that released their format) still reads, replays byte for byte and reaches the state
 * checksum its build recorded. A change that breaks this breaks users' journals: it must be a new
 * logic version or a new format, never an edit of a released one.
 */
class GoldenJournalsTest
{
    /**
     * The command types the builds that wrote the golden journals of formats 1 to 4 knew: wire codes
     * 0 to 40 (UPGRADE_LOGIC, with format 3, was the last). Types appended since join the golden set
     * with the next golden journal, written by the build of the next format (COMPARE_AND_SET_ON_HAND:
     * format 5's).
     */
    private static final int RELEASED_TYPES = CommandType.UPGRADE_LOGIC.ordinal() + 1;

    /**
     * Journal formats 1 and 2, each with a snapshot of format 4 at its midpoint, format 3 (logic
     * versions 1 then 2) with one of format 5, formats 4 and 5 with one of format 6, format 6 with one
     * of format 8.
     */
    private static final String[] JOURNALS = {"journal-v1", "journal-v2", "journal-v3", "journal-v4", "journal-v5", "journal-v6"};

    @ParameterizedTest
    @ValueSource(strings = {"journal-v1", "journal-v2", "snapshot-v3", "journal-v3", "journal-v4", "journal-v5", "journal-v6"})
    void replaysByteForByteToTheRecordedChecksum(final String set, @TempDir final Path dir) throws IOException
    {
        final Properties expected = expected(set);
        GoldenJournals.restore(resource(set).resolve("journal.txt"), dir.resolve("journal"));
        final EngineState state = new EngineState(64, 64, 1024);
        try (ChronicleQueue queue = Journal.open(dir.resolve("journal"), false);
             JournalReader reader = new JournalReader(queue))
        {
            new JournalReplayer(new CommandProcessor(state)).replay(reader, Long.MAX_VALUE, true);
            assertEquals(Integer.parseInt(expected.getProperty("journal.format")), reader.formatVersion(), "format");
        }
        assertEquals(Long.parseLong(expected.getProperty("last.sequence")), state.lastSequence(), "last sequence");
        assertEquals(Long.parseLong(expected.getProperty("checksum")), state.checksum(), "state checksum");
    }

    @ParameterizedTest
    @ValueSource(strings = {"journal-v1", "journal-v2", "snapshot-v3", "journal-v3", "journal-v4", "journal-v5", "journal-v6"})
    void snapshotLoadsToTheRecordedChecksum(final String set, @TempDir final Path dir) throws IOException
    {
        final Properties expected = expected(set);
        copySnapshots(set, dir.resolve("snapshots"));
        try (Stream<Path> files = Files.list(dir.resolve("snapshots")))
        {
            final byte[] head = Files.readAllBytes(files.findFirst().orElseThrow());
            assertEquals(Integer.parseInt(expected.getProperty("snapshot.format")),
                java.nio.ByteBuffer.wrap(head, 8, 4).getInt(), "the snapshot's own format version");
        }
        final List<String> problems = new ArrayList<>();
        final SnapshotStore.Loaded loaded = new SnapshotStore(dir.resolve("snapshots"), 3)
            .loadNewest(() -> new EngineState(64, 64, 1024), problems);
        assertNotNull(loaded, "snapshot loaded: " + problems);
        assertEquals(Long.parseLong(expected.getProperty("snapshot.sequence")), loaded.sequence(), "snapshot sequence");
        assertEquals(Long.parseLong(expected.getProperty("snapshot.checksum")), loaded.state().checksum(),
            "snapshot checksum");
    }

    /** Recovery as an engine does it: the snapshot, then the journal after it, verified. */
    @ParameterizedTest
    @ValueSource(strings = {"journal-v1", "journal-v2", "snapshot-v3", "journal-v3", "journal-v4", "journal-v5", "journal-v6"})
    void engineRecoversFromSnapshotAndTail(final String set, @TempDir final Path dir) throws Exception
    {
        final Properties expected = expected(set);
        GoldenJournals.restore(resource(set).resolve("journal.txt"), dir.resolve("journal"));
        copySnapshots(set, dir.resolve("snapshots"));
        final EngineConfig config = EngineConfig.builder()
            .journalDir(dir.resolve("journal"))
            .snapshotDir(dir.resolve("snapshots"))
            .expectedPositions(64)
            .expectedReservations(64)
            // Engine time stays before every golden hold's expiry: the timer adds no command.
            .clock(() -> GoldenScenario.START_MILLIS)
            // The journal's own logic version: recovery alone, no switch to a newer one.
            .logicVersion(logicVersion(expected))
            .build();
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            assertTrue(engine.recoveryReport().problems().isEmpty(), engine.recoveryReport().problems().toString());
            assertEquals(logicVersion(expected), engine.recoveryReport().recoveredLogicVersion(), "recovered logic");
            assertEquals(Long.parseLong(expected.getProperty("snapshot.sequence")),
                engine.recoveryReport().snapshotSequence(), "recovered from the snapshot");
            assertEquals(Long.parseLong(expected.getProperty("checksum")),
                engine.stateChecksum().get(10, TimeUnit.SECONDS), "recovered checksum");
        }
    }

    /** The golden journals hold every journaled command type, accepted and rejected. */
    @Test
    void journalsCoverEveryJournaledTypeAcceptedAndRejected(@TempDir final Path dir)
    {
        for (final String set : JOURNALS)
        {
            final Set<CommandType> accepted = EnumSet.noneOf(CommandType.class);
            final Set<CommandType> rejected = EnumSet.noneOf(CommandType.class);
            final Path journal = dir.resolve(set);
            GoldenJournals.restore(resource(set).resolve("journal.txt"), journal);
            try (ChronicleQueue queue = Journal.open(journal, false);
                 JournalReader reader = new JournalReader(queue))
            {
                final CommandSlot record = new CommandSlot();
                while (reader.next(record))
                {
                    (record.reason == ReasonCode.OK ? accepted : rejected).add(record.type);
                }
            }
            final Set<CommandType> journaled = EnumSet.noneOf(CommandType.class);
            // A type added after the golden journals were written is in none of them (docs/schema.md, Versions).
            final int format = Integer.parseInt(expected(set).getProperty("journal.format"));
            Stream.of(CommandType.values()).filter(t -> t.journaled() && (format >= 5 || t.ordinal() < RELEASED_TYPES))
                .forEach(journaled::add);
            final Set<CommandType> notAccepted = EnumSet.copyOf(journaled);
            notAccepted.removeAll(accepted);
            final Set<CommandType> notRejected = EnumSet.copyOf(journaled);
            notRejected.removeAll(rejected);
            // The engine's own timer command has no way to be rejected.
            notRejected.remove(CommandType.EXPIRE_HOLDS);
            if (Integer.parseInt(expected(set).getProperty("journal.format")) < 3)
            {
                // Logic versions came with format 3.
                notAccepted.remove(CommandType.UPGRADE_LOGIC);
                notRejected.remove(CommandType.UPGRADE_LOGIC);
            }
            if (Integer.parseInt(expected(set).getProperty("snapshot.format")) < 7)
            {
                // API keys and webhooks came with snapshot format 7 (new capabilities, no new journal format).
                final Set<CommandType> since7 = Set.of(CommandType.PUT_API_KEY, CommandType.REVOKE_API_KEY,
                    CommandType.PUT_WEBHOOK, CommandType.DELETE_WEBHOOK, CommandType.ROTATE_WEBHOOK_SECRET,
                    CommandType.WEBHOOK_DELIVERED);
                notAccepted.removeAll(since7);
                notRejected.removeAll(since7);
            }
            if (Integer.parseInt(expected(set).getProperty("snapshot.format")) < 8)
            {
                // Issue 23's forecast master data came with snapshot format 8 (no new journal format);
                // PUT_LEARNED_PROMOTION later, with no new format of either kind.
                final Set<CommandType> since8 = Set.of(CommandType.SET_SKU_PRICE, CommandType.PUT_PROMOTION,
                    CommandType.DELETE_PROMOTION, CommandType.PUT_FORECAST_OVERRIDE, CommandType.PUT_LEARNED_PROMOTION);
                notAccepted.removeAll(since8);
                notRejected.removeAll(since8);
            }
            if (format < 6)
            {
                // RECORD_SALE_AMOUNT (issue 23) came after the golden sets before format 6: no state, no format of its own.
                notAccepted.remove(CommandType.RECORD_SALE_AMOUNT);
                notRejected.remove(CommandType.RECORD_SALE_AMOUNT);
            }
            assertEquals(Set.of(), notAccepted, set + ": types never accepted");
            assertEquals(Set.of(), notRejected, set + ": types never rejected");
        }
    }

    /**
     * Format 4's last commands reuse ids with request fingerprints: a duplicate under logic 2,
     * refused as a reused key from logic 3 unless the fingerprints match or one is missing.
     */
    @Test
    void fingerprintsRefuseReusedIdsFromLogic3(@TempDir final Path dir)
    {
        final Path journal = dir.resolve("journal-v4");
        GoldenJournals.restore(resource("journal-v4").resolve("journal.txt"), journal);
        final List<String> tail = new ArrayList<>();
        try (ChronicleQueue queue = Journal.open(journal, false);
             JournalReader reader = new JournalReader(queue))
        {
            final CommandSlot record = new CommandSlot();
            while (reader.next(record))
            {
                tail.add(record.type + " " + record.fingerprint + " " + record.reason);
            }
        }
        final long first = 0x5EED_0001L;
        final long second = 0x5EED_0002L;
        assertEquals(List.of(
            "RECEIVE " + first + " OK",
            "RECEIVE " + second + " DUPLICATE_COMMAND",
            "UPGRADE_LOGIC 0 OK",
            "RECEIVE " + second + " IDEMPOTENCY_KEY_REUSED",
            "RECEIVE " + first + " DUPLICATE_COMMAND",
            "RECEIVE 0 DUPLICATE_COMMAND",
            "SALE " + -0x5EED_0003L + " OK",
            "SALE " + -0x5EED_0004L + " IDEMPOTENCY_KEY_REUSED",
            "SALE 0 OK"), tail.subList(tail.size() - 9, tail.size()));
    }

    /** The logic version the set's journal ends in: 1 for sets written before logic versions existed. */
    static int logicVersion(final Properties expected)
    {
        return Integer.parseInt(expected.getProperty("logic.version", "1"));
    }

    static Properties expected(final String set)
    {
        final Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(resource(set).resolve("expected.properties")))
        {
            properties.load(in);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    static Path resource(final String set)
    {
        try
        {
            return Path.of(GoldenJournalsTest.class.getResource("/golden/" + set).toURI());
        }
        catch (final URISyntaxException e)
        {
            throw new IllegalStateException(e);
        }
    }

    private static void copySnapshots(final String set, final Path to) throws IOException
    {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(resource(set)))
        {
            for (final Path file : files.filter(f -> f.getFileName().toString().endsWith(".snap")).toList())
            {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }
}

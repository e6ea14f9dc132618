package io.omnistock.core;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandType;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalCodec;
import io.omnistock.core.journal.JournalException;
import io.omnistock.core.journal.JournalFormats;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.core.journal.JournalWriter;
import io.omnistock.core.snapshot.SnapshotStore;
import io.omnistock.core.state.CommandProcessor;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.LogicVersion;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upgrades across logic versions, end to end through the engine: a journal begun under one logic
 * version is opened by an engine configured for a newer one, which journals the switch; old
 * commands keep their old decisions on every later replay; a journal or snapshot that needs a
 * logic version this build does not know is refused, naming both.
 */
class LogicVersionUpgradeTest
{
    @TempDir
    Path dir;

    private EngineConfig config(final int logicVersion)
    {
        return EngineConfig.builder().journalDir(dir.resolve("journal")).snapshotDir(dir.resolve("snapshots"))
            .logicVersion(logicVersion).build();
    }

    private static Order negativeValueOrder(final long orderId, final int channel, final int sku)
    {
        return new Order(orderId, channel, FulfilmentType.INSTANT, 31_231_000, 121_466_000, -1, -500, 0, 0,
            List.of(new OrderLine(sku, 1)));
    }

    @Test
    void aJournalBegunUnderLogicOneSwitchesOnceAndOldDecisionsReplayAsTheyWere() throws Exception
    {
        final long checksumUnderOne;
        int channel;
        int sku;
        try (OmnistockEngine engine = OmnistockEngine.start(config(1)))
        {
            assertEquals(1, engine.recoveryReport().logicVersion());
            channel = engine.submit(Commands.defineChannel(1, "app", 15 * 60_000)).get().assignedId();
            final int store = engine.submit(Commands.defineLocation(2, "ST-1", Tier.STORE, 31_230_416, 121_473_701,
                Capabilities.ALL)).get().assignedId();
            sku = engine.submit(Commands.defineSku(3, "MILK", StockUnit.PIECE)).get().assignedId();
            engine.submit(Commands.receive(4, store, sku, 10)).get();
            assertEquals(ReasonCode.OK, engine.submit(Commands.routeOrder(5, negativeValueOrder(100, channel, sku)))
                .get().reason(), "logic 1 accepts a negative order value");
            assertEquals(ReasonCode.OK, engine.submit(Commands.defineSku(6, "BAD\u202ECODE", StockUnit.PIECE)).get()
                .reason(), "logic 1 accepts a bidi override in a code");
            checksumUnderOne = engine.stateChecksum().get(10, TimeUnit.SECONDS);
        }

        // A build configured for logic 2 opens it: it recovers under 1, then journals the switch.
        final long upgradeSequence;
        try (OmnistockEngine engine = OmnistockEngine.start(config(2)))
        {
            final RecoveryReport report = engine.recoveryReport();
            assertEquals(1, report.recoveredLogicVersion());
            assertEquals(2, report.logicVersion());
            upgradeSequence = report.lastSequence() + 1;
            assertEquals(ReasonCode.INVALID_ORDER_VALUE,
                engine.submit(Commands.routeOrder(7, negativeValueOrder(101, channel, sku))).get().reason());
            assertEquals(ReasonCode.CODE_INVALID,
                engine.submit(Commands.defineSku(8, "BAD\u202ECODE2", StockUnit.PIECE)).get().reason());
            assertEquals(ReasonCode.OK, engine.submit(Commands.defineSku(9, "\u725b\u5976-1L", StockUnit.PIECE)).get()
                .reason(), "printable Unicode stays valid");
        }

        // The journal: the switch is one record at the sequence after recovery, the engine's own (id 0).
        final List<CommandSlot> records = readAll();
        final CommandSlot upgrade = records.get((int)upgradeSequence - 1);
        assertEquals(CommandType.UPGRADE_LOGIC, upgrade.type);
        assertEquals(0, upgrade.commandId);
        assertEquals(2, upgrade.quantity);
        assertEquals(ReasonCode.OK, upgrade.reason);
        assertEquals(1, records.stream().filter(r -> r.type == CommandType.UPGRADE_LOGIC).count());

        // Replay, verified byte for byte, passes through both versions; ranges say which applied where.
        final EngineState state = new EngineState(64, 64, 1024);
        try (ChronicleQueue queue = Journal.open(dir.resolve("journal"), true);
             JournalReader reader = new JournalReader(queue))
        {
            final JournalReplayer replayer = new JournalReplayer(new CommandProcessor(state));
            replayer.replay(reader, upgradeSequence - 1, true);
            assertEquals(checksumUnderOne, state.checksum(), "logic 1 part replays to its checksum");
            replayer.replay(reader, Long.MAX_VALUE, true);
            assertEquals(List.of(
                new JournalReplayer.Range(1, upgradeSequence, JournalCodec.FORMAT_VERSION, 1),
                new JournalReplayer.Range(upgradeSequence + 1, records.size(), JournalCodec.FORMAT_VERSION, 2)),
                replayer.ranges());
        }

        // A restart neither switches again nor refuses.
        try (OmnistockEngine engine = OmnistockEngine.start(config(2)))
        {
            assertEquals(2, engine.recoveryReport().recoveredLogicVersion());
            assertEquals(records.size(), engine.recoveryReport().lastSequence());
        }
        assertEquals(records.size(), readAll().size());
    }

    /** A pinned version below the journal's: the journal keeps its own (logic never moves back), reported. */
    @Test
    void aConfiguredVersionBelowTheJournalsDoesNotMoveItBack() throws Exception
    {
        try (OmnistockEngine engine = OmnistockEngine.start(config(2)))
        {
            engine.submit(Commands.defineChannel(1, "app", 15 * 60_000)).get();
        }
        try (OmnistockEngine engine = OmnistockEngine.start(config(1)))
        {
            assertEquals(2, engine.recoveryReport().logicVersion());
            assertTrue(engine.recoveryReport().problems().stream().anyMatch(p -> p.contains("logic never moves back")),
                engine.recoveryReport().problems().toString());
            assertEquals(ReasonCode.LOGIC_DOWNGRADE, engine.submit(Commands.upgradeLogic(2, 1)).get().reason());
            assertEquals(ReasonCode.UNKNOWN_LOGIC_VERSION,
                engine.submit(Commands.upgradeLogic(3, LogicVersion.LATEST + 1)).get().reason());
            final CommandResult same = engine.submit(Commands.upgradeLogic(4, 2)).get();
            assertEquals(ReasonCode.OK, same.reason(), "the version in force again changes nothing");
        }
    }

    @Test
    void aJournalHeaderNamingANewerLogicVersionIsRefusedNamingBoth()
    {
        JournalFormats.startInLogic(dir.resolve("journal"), LogicVersion.LATEST + 1);
        final JournalException e = assertThrows(JournalException.class,
            () -> OmnistockEngine.start(config(LogicVersion.LATEST)));
        assertTrue(e.getMessage().contains("logic version " + (LogicVersion.LATEST + 1)) &&
            e.getMessage().contains("logic versions 1 to " + LogicVersion.LATEST), e.getMessage());
    }

    @Test
    void aJournaledSwitchToANewerLogicVersionIsRefusedWhereItStands() throws Exception
    {
        try (OmnistockEngine engine = OmnistockEngine.start(config(LogicVersion.LATEST)))
        {
            engine.submit(Commands.defineChannel(1, "app", 15 * 60_000)).get();
        }
        // What a newer build journals when it switches to a version this build does not know.
        try (ChronicleQueue queue = Journal.open(dir.resolve("journal"), false);
             JournalWriter writer = new JournalWriter(queue))
        {
            final CommandSlot slot = new CommandSlot();
            slot.clearInput();
            slot.upgradeLogic(0, LogicVersion.LATEST + 1);
            slot.clearResult();
            slot.sequence = 2;
            slot.timestamp = System.currentTimeMillis();
            slot.reason = ReasonCode.OK;
            slot.originalReason = ReasonCode.OK;
            writer.append(slot);
        }
        final JournalException e = assertThrows(JournalException.class,
            () -> OmnistockEngine.start(config(LogicVersion.LATEST)));
        assertTrue(e.getMessage().contains("logic version " + (LogicVersion.LATEST + 1)) &&
            e.getMessage().contains("from sequence 3") && e.getMessage().contains("newer build"), e.getMessage());
    }

    /** A snapshot of a newer logic version is skipped with the reason, not loaded as if it were known. */
    @Test
    void aSnapshotOfANewerLogicVersionIsReportedAndSkipped() throws Exception
    {
        final Path snapshots = dir.resolve("snapshots");
        final EngineState state = new EngineState(16, 16, 16);
        final Path file = new SnapshotStore(snapshots, 3).write(state, -1);
        final byte[] bytes = Files.readAllBytes(file);
        // The logic version is just before the (empty) API key and webhook tables, a count each, the (empty)
        // forecast master data, three counts, and the CRC.
        ByteBuffer.wrap(bytes).putInt(bytes.length - 28, LogicVersion.LATEST + 1);
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int)crc.getValue());
        Files.write(file, bytes);
        final List<String> problems = new ArrayList<>();
        assertNull(new SnapshotStore(snapshots, 3).loadNewest(() -> new EngineState(16, 16, 16), problems));
        assertTrue(problems.stream().anyMatch(p -> p.contains("logic version " + (LogicVersion.LATEST + 1)) &&
            p.contains("1 to " + LogicVersion.LATEST)), problems.toString());
    }

    @Test
    void anUnknownConfiguredLogicVersionIsRefusedAtBuild()
    {
        for (final int version : new int[] {0, LogicVersion.LATEST + 1})
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EngineConfig.builder().logicVersion(version).build());
            assertTrue(e.getMessage().contains("logicVersion") && e.getMessage().contains(": " + version), e.getMessage());
        }
    }

    private List<CommandSlot> readAll()
    {
        final List<CommandSlot> records = new ArrayList<>();
        try (ChronicleQueue queue = Journal.open(dir.resolve("journal"), false);
             JournalReader reader = new JournalReader(queue))
        {
            while (true)
            {
                final CommandSlot slot = new CommandSlot();
                if (!reader.next(slot))
                {
                    return records;
                }
                records.add(slot);
            }
        }
    }

    /**
     * A command's first logic version (the schema's {@code logic=}, which a cluster's ingress checks) is
     * one this build knows: a later one would make the command one no cluster of this build accepts.
     */
    @Test
    void everyCommandIsAcceptedFromALogicVersionThisBuildKnows()
    {
        for (final CommandType type : CommandType.values())
        {
            assertTrue(LogicVersion.known(type.firstLogicVersion()), type + " from logic " + type.firstLogicVersion());
        }
    }
}

package io.omnistock.daemon.e2e;

import io.omnistock.api.Capabilities;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.core.journal.JournalWriter;
import io.omnistock.core.state.LogicVersion;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon's upgrade paths across logic versions, on the real process: a data directory whose
 * journal was begun under logic version 1 is switched once at start and serves what it held; a
 * journal holding a logic version this build does not know (a rollback onto a newer build's data)
 * stops the start with one line naming both versions, and nothing is appended to it.
 */
class LogicVersionIT
{
    @TempDir
    Path dir;

    @Test
    void anOlderJournalIsSwitchedOnceAndServes() throws Exception
    {
        final Path data = dir.resolve("data");
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder()
            .journalDir(data.resolve("journal")).logicVersion(1).build()))
        {
            assertEquals(ReasonCode.OK, engine.submit(Commands.defineLocation(1, "S1", Tier.STORE, 31_200_000,
                121_400_000, Capabilities.ALL)).get().reason());
        }
        try (DaemonProcess daemon = new DaemonProcess(data).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            assertEquals("S1", admin.get("/v1/locations/S1").body().at("/code").asText());
            assertTrue(daemon.log().contains("journal switched from logic version 1 to " + LogicVersion.LATEST),
                daemon.log());
            assertEquals(143, daemon.terminate());
        }
        final int before = new DaemonProcess(data).log().length();
        try (DaemonProcess again = new DaemonProcess(data).start())
        {
            assertEquals(143, again.terminate());
            assertTrue(!again.log().substring(before).contains("journal switched"), "switched once only");
        }
    }

    @Test
    void aNewerBuildsJournalStopsTheStartNamingBothVersions() throws Exception
    {
        final Path data = dir.resolve("data");
        try (DaemonProcess first = new DaemonProcess(data).start())
        {
            final Client admin = new Client(first, first.adminKey());
            admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
            assertEquals(143, first.terminate());
        }
        final long last;
        // What a newer build journals when it switches to a logic version this build does not know.
        try (ChronicleQueue queue = Journal.open(data.resolve("journal"), false))
        {
            last = JournalReader.lastSequence(queue);
            try (JournalWriter writer = new JournalWriter(queue))
            {
                final CommandSlot slot = new CommandSlot();
                slot.clearInput();
                slot.upgradeLogic(0, LogicVersion.LATEST + 1);
                slot.clearResult();
                slot.sequence = last + 1;
                slot.timestamp = System.currentTimeMillis();
                slot.reason = ReasonCode.OK;
                slot.originalReason = ReasonCode.OK;
                writer.append(slot);
            }
        }
        final int before = new DaemonProcess(data).log().length();
        try (DaemonProcess rolledBack = new DaemonProcess(data))
        {
            rolledBack.startWithoutWaiting();
            assertEquals(1, rolledBack.awaitExit(60), rolledBack.log());
            final String log = rolledBack.log().substring(before);
            assertTrue(log.contains("logic version " + (LogicVersion.LATEST + 1)) &&
                log.contains("logic versions 1 to " + LogicVersion.LATEST), log);
            assertTrue(log.lines().noneMatch(l -> l.startsWith("\tat ")), "one line, no stack trace: " + log);
        }
        try (ChronicleQueue queue = Journal.open(data.resolve("journal"), false))
        {
            assertEquals(last + 1, JournalReader.lastSequence(queue), "nothing appended by the refused start");
        }
    }
}

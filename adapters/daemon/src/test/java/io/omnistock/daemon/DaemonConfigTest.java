package io.omnistock.daemon;

import io.omnistock.core.JournalThread;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DaemonConfigTest
{
    @TempDir
    Path dir;

    @Test
    void defaultsThenFileThenEnvironment() throws Exception
    {
        assertEquals(8080, DaemonConfig.load(null, Map.of()).port());
        assertEquals("127.0.0.1", DaemonConfig.load(null, Map.of()).host());
        final Path file = dir.resolve("omnistock.properties");
        Files.writeString(file, "http.port=9090\nengine.durability=sync-each-batch\n");
        assertEquals(9090, DaemonConfig.load(file, Map.of()).port());
        assertEquals(7070, DaemonConfig.load(file, Map.of("OMNISTOCK_HTTP_PORT", "7070")).port());
        assertTrue(DaemonConfig.load(file, Map.of()).engine(null).durability().syncs());
        assertEquals(JournalThread.OWN, DaemonConfig.load(null, Map.of()).engine(null).journalThread());
        assertEquals(JournalThread.WRITER, DaemonConfig.load(null, Map.of("OMNISTOCK_ENGINE_JOURNAL_THREAD", "WRITER"))
            .engine(null).journalThread());
    }

    @Test
    void unknownKeysAndBadValuesAreErrorsNamingTheSetting() throws Exception
    {
        final Path file = dir.resolve("typo.properties");
        Files.writeString(file, "http.prot=9090\n");
        assertTrue(assertThrows(DaemonConfig.ConfigException.class, () -> DaemonConfig.load(file, Map.of()))
            .getMessage().contains("http.prot"));
        assertTrue(assertThrows(DaemonConfig.ConfigException.class,
            () -> DaemonConfig.load(null, Map.of("OMNISTOCK_HTTP_PROT", "1"))).getMessage().contains("OMNISTOCK_HTTP_PROT"));
        assertTrue(assertThrows(DaemonConfig.ConfigException.class,
            () -> DaemonConfig.load(null, Map.of("OMNISTOCK_HTTP_PORT", "eighty"))).getMessage().contains("http.port"));
        assertTrue(assertThrows(DaemonConfig.ConfigException.class,
            () -> DaemonConfig.load(null, Map.of("OMNISTOCK_ENGINE_RING_SIZE", "1000"))).getMessage()
            .contains("power of two"));
        assertTrue(assertThrows(DaemonConfig.ConfigException.class,
            () -> DaemonConfig.load(null, Map.of("OMNISTOCK_ENGINE_DURABILITY", "fast"))).getMessage()
            .contains("engine.durability"));
        assertTrue(assertThrows(DaemonConfig.ConfigException.class,
            () -> DaemonConfig.load(null, Map.of("OMNISTOCK_ENGINE_JOURNAL_THREAD", "BOTH"))).getMessage()
            .contains("engine.journal-thread"));
        assertThrows(DaemonConfig.ConfigException.class, () -> DaemonConfig.load(dir.resolve("missing"), Map.of()));
    }
}

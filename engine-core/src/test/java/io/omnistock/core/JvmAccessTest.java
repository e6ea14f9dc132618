package io.omnistock.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine names the JVM flags it needs when they are missing, instead of failing deep inside
 * Chronicle; with the build's own flags file ({@code java @omnistock.jvmopts}) it starts.
 */
class JvmAccessTest
{
    @TempDir
    Path dir;

    /** A child JVM that starts an engine on a journal: prints STARTED, or the failure's message. */
    public static void main(final String[] args)
    {
        try (OmnistockEngine ignored = OmnistockEngine.start(EngineConfig.builder().journalDir(Path.of(args[0])).build()))
        {
            System.out.println("STARTED");
        }
        catch (final RuntimeException e)
        {
            System.out.println("FAILED " + e.getMessage());
        }
    }

    @Test
    void thisJvmHasEveryFlag()
    {
        assertEquals(List.of(), JvmAccess.missing());
        assertTrue(JvmAccess.flags().contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), JvmAccess.flags().toString());
    }

    @Test
    void withoutTheFlagsTheEngineNamesThemAndWithTheFileItStarts() throws Exception
    {
        final String without = runChild(List.of(), dir.resolve("a"));
        assertTrue(without.startsWith("FAILED omnistock needs JVM flags") &&
            without.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED") && without.contains("omnistock.jvmopts") &&
            without.contains("docs/embedding.md"), without);

        final Path file = dir.resolve("omnistock.jvmopts");
        Files.writeString(file, String.join(" ", JvmAccess.flags()), StandardCharsets.UTF_8);
        assertEquals("STARTED", runChild(List.of("@" + file), dir.resolve("b")));
    }

    private static String runChild(final List<String> flags, final Path journal) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.add("-Dchronicle.analytics.disable=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(JvmAccessTest.class.getName());
        command.add(journal.toString());
        final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child exits");
        return out.lines().filter(l -> l.startsWith("STARTED") || l.startsWith("FAILED")).findFirst().orElse(out);
    }
}

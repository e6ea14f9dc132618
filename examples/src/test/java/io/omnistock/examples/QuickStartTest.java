package io.omnistock.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The quickstart runs again and again on one journal, speaks in codes and ISO times, and is the README's. */
class QuickStartTest
{
    private static final Pattern HELD = Pattern.compile(
        "order (\\d+): 2 x MILK-1L held at SH-STORE-001 until \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");

    @TempDir
    Path dir;

    @Test
    void runsTwiceOnTheSameJournalAndPrintsCodesAndIsoTimes() throws Exception
    {
        final String first = run();
        final String second = run();
        for (final String out : List.of(first, second))
        {
            assertTrue(HELD.matcher(out).find(), out);
            // No refused definition, no id looked up as -1, no code looked up as null.
            assertFalse(out.contains("DUPLICATE") || out.contains("UNKNOWN") || out.contains("null"), out);
        }
        final var a = HELD.matcher(first);
        final var b = HELD.matcher(second);
        assertTrue(a.find() && b.find());
        assertFalse(a.group(1).equals(b.group(1)), "each run routes an order number of its own");
    }

    private String run() throws Exception
    {
        final PrintStream stdout = System.out;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try
        {
            QuickStart.main(new String[] {dir.resolve("journal").toString()});
        }
        finally
        {
            System.setOut(stdout);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theReadmeShowsTheQuickstartLineForLine() throws Exception
    {
        final String readme = Files.readString(Path.of("..", "README.md"));
        final int start = readme.indexOf("```java\n") + "```java\n".length();
        final List<String> shown = readme.substring(start, readme.indexOf("```", start)).strip().lines()
            .map(String::strip).toList();
        final String source = Files.readString(Path.of("src", "main", "java", "io", "omnistock", "examples",
            "QuickStart.java"));
        final List<String> code = source.substring(source.indexOf("// README.md from here"),
            source.indexOf("// README.md to here")).strip().lines().skip(1).map(String::strip)
            // The one difference: the README's journal is data/journal, the example's its argument.
            .map(l -> l.replace("journalDir(journal)", "journalDir(Path.of(\"data/journal\"))")).toList();
        assertEquals(code, shown);
    }
}

package com.example.shop;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's embedded example, built against the published artifacts as a user's project builds
 * it, run twice on one data directory: the first run defines, receives and holds; the second
 * recovers that from the journal (it looks its definitions up instead of defining them again, its
 * order number, made from the recovered journal's last sequence, is larger, and its query of the
 * state finds the first run's stock).
 */
class ReadmeExampleTest {
    private static final Pattern HELD =
        Pattern.compile("order (\\d+): 2 x MILK-1L held at SH-STORE-001 until \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");

    @Test
    void theExampleIsTheReadmes() throws IOException {
        final String readme = Files.readString(Path.of(System.getProperty("omnistock.readme")));
        final Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(), "the README has no java example");
        final String source = Files.readString(Path.of("src/main/java/com/example/shop/ReadmeExample.java"));
        final String pasted = source.substring(source.indexOf('\n', source.indexOf("// README begin")) + 1,
            source.indexOf("// README end"));
        assertEquals(stripped(block.group(1)), stripped(pasted), "ReadmeExample is not the README's example");
    }

    @Test
    void runsTwiceOnOneDataDirectoryAndTheSecondRunRecoversTheFirst() throws Exception {
        deleteRecursively(Path.of("data")); // the README's journal directory, data/journal, starts empty
        final String first = run();
        final String second = run();
        final Matcher one = HELD.matcher(first);
        final Matcher two = HELD.matcher(second);
        assertTrue(one.find(), "first run:\n" + first);
        assertTrue(two.find(), "second run:\n" + second);
        assertEquals(1, Long.parseLong(one.group(1)), "the first run's order number, from an empty journal");
        assertTrue(Long.parseLong(two.group(1)) > 1, "the second run did not recover the journal:\n" + second);
        assertTrue(Files.isDirectory(Path.of("data/journal")), "no journal in data/journal");
        // The example's query (a read-only view of the state): each run receives 24 and holds 2.
        assertTrue(first.contains("SH-STORE-001 has 24 MILK-1L on hand, 22 available"), first);
        assertTrue(second.contains("SH-STORE-001 has 48 MILK-1L on hand, "), "the first run's stock is recovered:\n" + second);
    }

    private static String run() throws Exception {
        final PrintStream out = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ReadmeExample.main(new String[0]);
        } finally {
            System.setOut(out);
        }
        final String printed = captured.toString(StandardCharsets.UTF_8);
        out.print(printed);
        return printed;
    }

    private static List<String> stripped(final String code) {
        return code.strip().lines().map(String::strip).toList();
    }

    private static void deleteRecursively(final Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (final Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}

package io.omnistock.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class O2oCityTest
{
    @TempDir
    Path dir;

    @Test
    void aShortDayRoutesOrdersAndReplenishesStores() throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final long[] summary = new O2oCity(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(dir, 6_000);
        final String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(summary[0] > 0, out);
        assertTrue(summary[2] > 0, "replenishment requests became transfers: " + out);
        assertTrue(out.contains("order lines fulfilled by tier:"), out);
        assertTrue(out.contains("OUT_OF_STOCK="), "the hit item sells out somewhere: " + out);

        // Seeded: the same day twice tells the same story.
        final ByteArrayOutputStream again = new ByteArrayOutputStream();
        final long[] second = new O2oCity(new PrintStream(again, true, StandardCharsets.UTF_8))
            .run(dir.resolve("again"), 6_000);
        assertEquals(summary[0], second[0]);
        assertEquals(summary[1], second[1]);
        assertEquals(summary[2], second[2]);
    }
}

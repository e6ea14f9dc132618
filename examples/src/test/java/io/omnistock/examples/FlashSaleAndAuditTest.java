package io.omnistock.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlashSaleAndAuditTest
{
    @TempDir
    Path dir;

    @Test
    void theFlashSaleHoldsExactlyTheStockThereIs() throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final long[] r = new FlashSale(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(dir, 20_000);
        final String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1_000, r[0], out);
        assertEquals(19_000, r[1], out);
        assertEquals(1_000, r[2], out);
        assertTrue(out.contains("held beyond stock: 0"), out);
    }

    @Test
    void theAuditReplayReachesTheLiveStateAndExplainsAnOrder() throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final boolean identical = new AuditReplay(new PrintStream(bytes, true, StandardCharsets.UTF_8))
            .run(dir.resolve("audit"));
        final String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(identical, out);
        assertTrue(out.contains("every record verified byte for byte"), out);
        assertTrue(out.matches("(?s).*ST-JA-01\\s+SELECTED.*ST-HP-01\\s+RANKED_LOWER.*"), out);
    }
}

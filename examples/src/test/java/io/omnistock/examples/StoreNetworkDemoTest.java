package io.omnistock.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreNetworkDemoTest
{
    @TempDir
    Path dir;

    @Test
    void theDemoRunsADayAndRecoversToTheSameState() throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final long[] checksums = new StoreNetworkDemo(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(dir);
        final String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(checksums[0], checksums[1]);
        assertTrue(out.contains("order 70004 wants 41 milk at Baoshan") && out.contains("INSUFFICIENT_STOCK"), out);
        assertTrue(out.contains("DUPLICATE_COMMAND (first answer: OK)"), out);
        assertTrue(out.contains("milk available to promise: 5198 in total = warehouse 4940 + front warehouses 80 + stores 178"), out);
        assertTrue(out.contains("snapshot at 43 + 1 journaled commands replayed and verified"), out);
        assertTrue(out.contains("identical"), out);
    }
}

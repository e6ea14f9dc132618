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
        assertTrue(out.contains("milk available to promise: 5193 in total = warehouse 4940 + front warehouses 80 + stores 173"), out);
        assertTrue(out.contains("snapshot at 53 + 1 journaled commands replayed and verified"), out);
        assertTrue(out.contains("line 0 x2 @ ST-JA-01, line 1 x500 @ ST-JA-01"), out);
        assertTrue(out.contains("ST-JA-01 SELECTED 1.5 km, ST-HP-01 RANKED_LOWER 2.3 km, FW-XH-01 OUT_OF_RADIUS"), out);
        assertTrue(out.contains("re-routed to line 0 x2 @ ST-HP-01, line 1 x500 @ ST-HP-01"), out);
        assertTrue(out.contains("order 80003 PICKUP 45 milk at Baoshan") && out.contains("NO_ROUTE"), out);
        assertTrue(out.contains("1 hold(s) expired on the engine timer"), out);
        assertTrue(out.contains("identical"), out);
    }
}

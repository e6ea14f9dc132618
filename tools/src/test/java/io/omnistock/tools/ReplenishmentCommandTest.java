package io.omnistock.tools;

import io.omnistock.api.Capabilities;
import io.omnistock.api.Commands;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplenishmentCommandTest
{
    private static final long T0 = 1_763_798_400_000L;

    @TempDir
    Path dir;

    private Path journal;

    /** S1 sells out of MILK (request + out of stock); S2 sells TEA below its reorder point; F1 is fine. */
    @BeforeEach
    void day() throws Exception
    {
        journal = dir.resolve("journal");
        final AtomicLong now = new AtomicLong(T0);
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(journal)
            .clock(now::get).build()))
        {
            final int s1 = engine.submit(Commands.defineLocation(1, "S1", Tier.STORE, 0, 0, Capabilities.ALL))
                .get().assignedId();
            final int s2 = engine.submit(Commands.defineLocation(2, "S2", Tier.STORE, 0, 500, Capabilities.ALL))
                .get().assignedId();
            final int f1 = engine.submit(Commands.defineLocation(3, "F1", Tier.FRONT_WAREHOUSE, 0, 900,
                Capabilities.ALL)).get().assignedId();
            final int milk = engine.submit(Commands.defineSku(4, "MILK", StockUnit.PIECE)).get().assignedId();
            final int tea = engine.submit(Commands.defineSku(5, "TEA", StockUnit.PIECE)).get().assignedId();
            long id = 10;
            for (final int location : new int[] {s1, s2, f1})
            {
                for (final int sku : new int[] {milk, tea})
                {
                    engine.submit(Commands.receive(id++, location, sku, 20)).get();
                    engine.submit(Commands.setReplenishmentPolicy(id++, location, sku, 5, 20, 1, 0,
                        location == f1 ? -1 : f1, 24)).get();
                }
            }
            now.set(T0 + 3_600_000);
            engine.submit(Commands.sale(id++, s1, milk, 20)).get();
            engine.submit(Commands.sale(id++, s2, tea, 16)).get();
        }
    }

    @Test
    void listsOpenRequestsAndRaisedAlerts()
    {
        final OmnistockCliTest.Run r = OmnistockCliTest.run("replenishment", "--journal", journal.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*S1\\s+STORE\\s+MILK\\s+20\\s+F1\\s+0\\s+0\\s+OUT_OF_STOCK\\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*S2\\s+STORE\\s+TEA\\s+16\\s+F1\\s+4\\s+0\\s+\\n.*"), r.out());
        assertTrue(r.out().contains("2 position(s)"), r.out());
    }

    @Test
    void filtersByLocationTierSkuAndTime()
    {
        assertTrue(OmnistockCliTest.run("replenishment", "--journal", journal.toString(), "--sku", "TEA").out()
            .contains("1 position(s)"));
        assertTrue(OmnistockCliTest.run("replenishment", "--journal", journal.toString(), "--location", "S1").out()
            .contains("1 position(s)"));
        assertTrue(OmnistockCliTest.run("replenishment", "--journal", journal.toString(), "--tier",
            "FRONT_WAREHOUSE").out().contains("0 position(s)"));
        final OmnistockCliTest.Run before = OmnistockCliTest.run("replenishment", "--journal", journal.toString(),
            "--time", "2025-11-22T08:30:00Z");
        assertTrue(before.out().contains("0 position(s)"), before.out());
        assertFalse(before.out().contains("OUT_OF_STOCK"));
        assertEquals(OmnistockCli.EXIT_NOT_FOUND, OmnistockCliTest.run("replenishment", "--journal",
            journal.toString(), "--sku", "COFFEE").code());
    }
}

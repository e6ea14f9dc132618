package io.omnistock.tools;

import io.omnistock.api.Capabilities;
import io.omnistock.api.Commands;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportReplenishmentTest
{
    @TempDir
    Path dir;

    @Test
    void requestsAndAlertsAreExportedWithTheirNumbers() throws Exception
    {
        final Path journal = dir.resolve("journal");
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(journal)
            .clock(() -> 1_763_798_400_000L).build()))
        {
            final int store = engine.submit(Commands.defineLocation(1, "S", Tier.STORE, 0, 0, Capabilities.ALL))
                .get().assignedId();
            final int warehouse = engine.submit(Commands.defineLocation(2, "W", Tier.WAREHOUSE, 0, 1_000,
                Capabilities.ALL)).get().assignedId();
            final int sku = engine.submit(Commands.defineSku(3, "TEA", StockUnit.PIECE)).get().assignedId();
            engine.submit(Commands.receive(4, store, sku, 10)).get();
            engine.submit(Commands.setReplenishmentPolicy(5, store, sku, 3, 12, 5, 0, warehouse, 24)).get();
            engine.submit(Commands.sale(6, store, sku, 10)).get();
        }
        final OmnistockCliTest.Run r = OmnistockCliTest.run("export", "--journal", journal.toString(), "--format", "csv");
        assertEquals(0, r.code(), r.err());
        final List<String> lines = r.out().lines().toList();
        // Sold out: wants 12, 15 in packs of 5, from W; and an out-of-stock alert.
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(",6,SALE,REPLENISHMENT_REQUESTED,S,TEA,1,15,0,0,0,0,0,0,,")),
            r.out());
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(",6,SALE,ALERT,S,TEA,,,,,,,,,,OUT_OF_STOCK")), r.out());
    }
}

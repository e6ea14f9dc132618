package io.omnistock.tools;

import io.omnistock.api.AdjustmentReason;
import io.omnistock.api.Capabilities;
import io.omnistock.api.Command;
import io.omnistock.api.Commands;
import io.omnistock.api.EventKind;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The export's bytes, CSV and NDJSON, over a journal with every event kind, equal the corpus the
 * hand-written per-kind columns wrote ({@code export-corpus.txt}): a warehouse loads these rows, so
 * they stay byte for byte. {@code -Dexport.corpus.record=true} rewrites the corpus (only for a
 * deliberate change of the export).
 */
class ExportCorpusTest
{
    private static final Path CORPUS = Path.of("src", "test", "resources", "export-corpus.txt");
    private static final long START_MILLIS = 1_763_798_400_000L;

    @TempDir
    Path dir;

    @Test
    void everyEventKindIsExportedAsBefore() throws Exception
    {
        final Path journal = dir.resolve("journal");
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(journal).snapshotDir(null)
            .clock(() -> START_MILLIS).build()))
        {
            for (final Command command : scenario())
            {
                engine.submit(command).get(10, TimeUnit.SECONDS);
            }
        }
        final OmnistockCliTest.Run csv = OmnistockCliTest.run("export", "--journal", journal.toString(), "--format", "csv");
        final OmnistockCliTest.Run ndjson = OmnistockCliTest.run("export", "--journal", journal.toString(), "--format",
            "ndjson");
        assertEquals(0, csv.code(), csv.err());
        assertEquals(0, ndjson.code(), ndjson.err());
        final Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        csv.out().lines().skip(1).forEach(line -> kinds.add(EventKind.valueOf(line.split(",")[4])));
        assertEquals(EnumSet.allOf(EventKind.class), kinds, "event kinds the scenario makes: a new kind needs a command here");
        final String corpus = "# omnistock export corpus: written by ExportCorpusTest; never edit\n# csv\n" + csv.out() +
            "# ndjson\n" + ndjson.out();
        if (Boolean.getBoolean("export.corpus.record"))
        {
            Files.createDirectories(CORPUS.getParent());
            Files.writeString(CORPUS, corpus, StandardCharsets.UTF_8);
        }
        assertEquals(read(), corpus);
    }

    private static String read() throws IOException
    {
        return Files.readString(CORPUS, StandardCharsets.UTF_8);
    }

    /** Every event kind: definitions, stock, a reservation, an order, a transfer, replenishment with an alert and a lateral suggestion. */
    private static List<Command> scenario()
    {
        final int store = 0;
        final int warehouse = 1;
        final int nearby = 2;
        final int tea = 0;
        final Order order = new Order(500, 0, FulfilmentType.REGULAR, 0, 0, -1, 0, 0, 0, List.of(new OrderLine(tea, 2)));
        return List.of(
            Commands.defineLocation(1, "S", Tier.STORE, 0, 0, Capabilities.ALL),
            Commands.defineLocation(2, "W", Tier.WAREHOUSE, 0, 50_000, Capabilities.ALL),
            Commands.defineLocation(3, "N", Tier.STORE, 0, 1_000, Capabilities.ALL),
            Commands.defineSku(4, "TEA", StockUnit.PIECE),
            Commands.defineChannel(5, "app", 600_000),
            Commands.receive(6, store, tea, 10),
            Commands.receive(7, nearby, tea, 40),
            Commands.receive(8, warehouse, tea, 100),
            Commands.reserve(9, 77, store, tea, 3),
            Commands.release(10, 77, 3),
            Commands.routeOrder(11, order),
            Commands.cancelOrder(12, 500),
            Commands.createTransfer(13, 900, warehouse, store, tea, 5),
            Commands.shipTransfer(14, 900, START_MILLIS + 3_600_000),
            Commands.receiveTransfer(15, 900, 4, AdjustmentReason.DAMAGED),
            // The nearby store has stock above its reorder point to spare; the warehouse is three days away.
            Commands.setReplenishmentPolicy(16, nearby, tea, 5, 60, 1, 0, warehouse, 24),
            Commands.setReplenishmentPolicy(17, store, tea, 3, 12, 5, 0, warehouse, 72),
            Commands.sale(18, store, tea, 14),
            Commands.receive(19, store, tea, 20));
    }
}

package io.omnistock.tools;

import io.omnistock.api.Capabilities;
import io.omnistock.api.Commands;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForecastCommandTest
{
    private static final long DAY = 86_400_000L;
    /** 2025-03-03, a Monday, 10:00 UTC. */
    private static final long T0 = 1_740_996_000_000L;
    private static final int DAYS = 84;

    @TempDir
    static Path shared;
    static Path journal;

    /**
     * Written by the engine: store S1 keeps 50 MILK on the shelf (restocked each morning) and
     * sells 10 a day on weekdays, 20 on Saturdays and Sundays, for 12 weeks; except every fourth
     * Wednesday, when a stocktake finds only 2, it sells those 2 and is out of stock the rest of
     * the day (sales of 2 are not demand: the forecast must ignore them). Store S2 sells 5 a day.
     * TEA is defined and never stocked.
     */
    @BeforeAll
    static void writeJournal() throws Exception
    {
        journal = shared.resolve("journal");
        final AtomicLong now = new AtomicLong(T0);
        long id = 1;
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(journal)
            .clock(now::get).build()))
        {
            final int s1 = engine.submit(Commands.defineLocation(id++, "S1", Tier.STORE, 0, 0, Capabilities.ALL))
                .get().assignedId();
            final int s2 = engine.submit(Commands.defineLocation(id++, "S2", Tier.STORE, 0, 0, Capabilities.ALL))
                .get().assignedId();
            final int milk = engine.submit(Commands.defineSku(id++, "MILK", StockUnit.PIECE)).get().assignedId();
            engine.submit(Commands.defineSku(id++, "TEA", StockUnit.PIECE)).get();
            for (int d = 0; d < DAYS; d++)
            {
                now.set(T0 + d * DAY);
                final boolean shortDay = d % 28 == 2;
                engine.submit(Commands.stocktake(id++, s1, milk, shortDay ? 2 : 50)).get();
                engine.submit(Commands.stocktake(id++, s2, milk, 50)).get();
                now.set(T0 + d * DAY + 3_600_000L);
                engine.submit(Commands.sale(id++, s1, milk, shortDay ? 2 : d % 7 >= 5 ? 20 : 10)).get();
                engine.submit(Commands.sale(id++, s2, milk, 5)).get();
            }
        }
    }

    /** A store's forecast: the week's shape, the stock-out days ignored, an SVG chart with them marked. */
    @Test
    void forecastsAStoreWithIntervalsAndAChart() throws Exception
    {
        final Path chart = shared.resolve("milk-s1.svg");
        final OmnistockCliTest.Run r = OmnistockCliTest.run("forecast", "--journal", journal.toString(), "--sku", "MILK",
            "--location", "S1", "--horizon", "14d", "--chart", chart.toString());
        assertEquals(0, r.code(), r.err());
        final String out = r.out();
        assertTrue(out.contains("forecast of MILK at S1, in piece per day"), out);
        assertTrue(out.contains("history: 2025-03-03 to 2025-05-25 (84 days, 3 censored: out of stock)"), out);
        // 2025-05-26 is a Monday (10), 2025-05-31 a Saturday (20); the 2-unit days pulled nothing down
        assertEquals(10, value(out, "2025-05-26"), 1);
        assertEquals(20, value(out, "2025-05-31"), 2);
        final List<String> rows = out.lines().filter(l -> l.matches("\\d{4}-\\d\\d-\\d\\d\\s.*")).toList();
        assertEquals(14, rows.size(), out);
        assertTrue(out.contains("chart: " + chart), out);
        final String svg = Files.readString(chart);
        assertTrue(svg.startsWith("<svg") && svg.contains("<polyline") && svg.contains("<polygon"), svg);
        assertTrue(svg.contains("fill=\"#d62728\""), "stock-out days are marked");
    }

    @Test
    void theNetworkSumsLocationsAndKeepsTheWeek()
    {
        final OmnistockCliTest.Run r = OmnistockCliTest.run("forecast", "--journal", journal.toString(), "--sku", "MILK",
            "--horizon", "7d", "--chart", shared.resolve("net.svg").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("forecast of MILK at network"), r.out());
        assertTrue(r.out().contains("(84 days, 3 censored"), r.out());
        // 2025-05-26 is a Monday (15 a day in the network), 2025-05-31 a Saturday (25)
        assertEquals(15, value(r.out(), "2025-05-26"), 1.5);
        assertEquals(25, value(r.out(), "2025-05-31"), 2.5);
    }

    private static double value(final String out, final String date)
    {
        final String row = out.lines().filter(l -> l.startsWith(date)).findFirst().orElseThrow();
        return Double.parseDouble(row.trim().split("\\s+")[1]);
    }

    @Test
    void unknownSkuUnstockedSkuAndBadHorizonAreClearErrors()
    {
        final OmnistockCliTest.Run unknown = OmnistockCliTest.run("forecast", "--journal", journal.toString(), "--sku", "NOPE");
        assertEquals(OmnistockCli.EXIT_NOT_FOUND, unknown.code());
        assertTrue(unknown.err().contains("no SKU NOPE in the journal"), unknown.err());
        final OmnistockCliTest.Run tea = OmnistockCliTest.run("forecast", "--journal", journal.toString(), "--sku", "TEA");
        assertEquals(OmnistockCli.EXIT_NOT_FOUND, tea.code());
        assertTrue(tea.err().contains("nothing to forecast from"), tea.err());
        final OmnistockCliTest.Run horizon = OmnistockCliTest.run("forecast", "--journal", journal.toString(), "--sku",
            "MILK", "--horizon", "0d");
        assertEquals(OmnistockCli.EXIT_USAGE, horizon.code());
        assertTrue(horizon.err().contains("--horizon '0d'"), horizon.err());
    }
}

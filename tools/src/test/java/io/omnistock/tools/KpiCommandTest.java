package io.omnistock.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnistock.api.Capabilities;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KpiCommandTest
{
    private static final long DAY = 86_400_000L;
    private static final long T0 = 1_763_798_400_000L;

    @TempDir
    Path dir;

    /**
     * Store S1: 10 on hand for a day, sold out for a day, 10 again for two days, 5 sold at the end:
     * 30 unit-days over 4 days = 7.5 on average, 15 sold, turnover 2.00, 2.0 days of inventory,
     * one stock-out of 24 h. Warehouse W: 100 all along, nothing sold. Two orders, one held and one
     * not: a fill rate of 50%.
     */
    @Test
    void kpisFollowTheJournal() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final AtomicLong now = new AtomicLong(T0);
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(journal)
            .clock(now::get).build()))
        {
            final int app = engine.submit(Commands.defineChannel(1, "app", 600_000)).get().assignedId();
            final int store = engine.submit(Commands.defineLocation(2, "S1", Tier.STORE, 0, 0, Capabilities.ALL))
                .get().assignedId();
            final int warehouse = engine.submit(Commands.defineLocation(3, "W", Tier.WAREHOUSE, 0, 1_000,
                Capabilities.ALL)).get().assignedId();
            final int milk = engine.submit(Commands.defineSku(4, "MILK", StockUnit.PIECE)).get().assignedId();
            final int tea = engine.submit(Commands.defineSku(5, "TEA", StockUnit.PIECE)).get().assignedId();
            engine.submit(Commands.receive(6, store, milk, 10)).get();
            engine.submit(Commands.receive(7, warehouse, milk, 100)).get();
            now.set(T0 + DAY);
            engine.submit(Commands.sale(8, store, milk, 10)).get();
            now.set(T0 + 2 * DAY);
            engine.submit(Commands.receive(9, store, milk, 10)).get();
            engine.submit(Commands.routeOrder(10, new Order(1, app, FulfilmentType.PICKUP, 0, 0, store, 0, 0, 0,
                List.of(new OrderLine(tea, 1))))).get(); // no tea anywhere
            engine.submit(Commands.routeOrder(11, new Order(2, app, FulfilmentType.PICKUP, 0, 0, store, 0, 0, 0,
                List.of(new OrderLine(milk, 1))))).get();
            engine.submit(Commands.cancelOrder(12, 2)).get();
            now.set(T0 + 4 * DAY);
            engine.submit(Commands.sale(13, store, milk, 5)).get();
        }
        final OmnistockCliTest.Run r = OmnistockCliTest.run("kpi", "--journal", journal.toString());
        assertEquals(0, r.code(), r.err());
        final String out = r.out();
        assertTrue(out.contains("period: 4.00 days"), out);
        assertTrue(out.matches("(?s).*\\nS1\\s+piece\\s+15\\s+7\\.5\\s+2\\.00\\s+2\\.0\\s+1\\s+24\\.0\\n.*"), out);
        assertTrue(out.matches("(?s).*\\nW\\s+piece\\s+0\\s+100\\.0\\s+0\\.00\\s+-\\s+0\\s+0\\.0\\n.*"), out);
        assertTrue(out.matches("(?s).*\\nSTORE\\s+piece\\s+15\\s+7\\.5\\s+2\\.00.*"), out);
        assertTrue(out.matches("(?s).*\\nNETWORK\\s+piece\\s+15\\s+107\\.5\\s+0\\.14.*"), out);
        assertTrue(out.contains("order line fill rate: 50.0% (1 of 2 lines held)"), out);
        final List<String> csv = OmnistockCliTest.run("kpi", "--journal", journal.toString(), "--format", "csv").out()
            .lines().toList();
        assertEquals("orders,NETWORK,,2025-11-22T08:00:00Z,2025-11-26T08:00:00Z,,,,,,,2,1,0.5", csv.get(csv.size() - 1));
        assertTrue(csv.contains("location,S1,piece,2025-11-22T08:00:00Z,2025-11-26T08:00:00Z,15,7.5,2,2,1,24,,,"), csv.toString());
    }

    /**
     * Classes as the forecast job computes them, from the POS amounts where recorded, the unit
     * price otherwise. Two whole days of sales at S1 (the third day, the last record's, is still
     * selling): rice 20 units recorded at 140.00 a day (its price of 0.50 unused): 14,000; milk 20
     * units priced 1.00: 2,000; salt 20 at 0.10: 200; tea 5 and no price: 0. Of 16,200: rice A
     * (86.4%), milk B (the share before it is 86.4%, above 80%), salt and tea C.
     */
    @Test
    void abcAndXyzClassesFromAmountsAndPrices() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final AtomicLong now = new AtomicLong(T0);
        long id = 1;
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(journal)
            .clock(now::get).build()))
        {
            final int store = engine.submit(Commands.defineLocation(id++, "S1", Tier.STORE, 0, 0, Capabilities.ALL))
                .get().assignedId();
            final int milk = engine.submit(Commands.defineSku(id++, "MILK", StockUnit.PIECE)).get().assignedId();
            final int rice = engine.submit(Commands.defineSku(id++, "RICE", StockUnit.PIECE)).get().assignedId();
            final int salt = engine.submit(Commands.defineSku(id++, "SALT", StockUnit.PIECE)).get().assignedId();
            final int tea = engine.submit(Commands.defineSku(id++, "TEA", StockUnit.PIECE)).get().assignedId();
            engine.submit(Commands.setSkuPrice(id++, milk, 100, 60, 0)).get();
            engine.submit(Commands.setSkuPrice(id++, rice, 50, 30, 0)).get();
            engine.submit(Commands.setSkuPrice(id++, salt, 10, 5, 0)).get();
            for (final int sku : new int[] {milk, rice, salt, tea})
            {
                engine.submit(Commands.receive(id++, store, sku, 100)).get();
            }
            for (int day = 0; day < 2; day++)
            {
                now.set(T0 + day * DAY);
                engine.submit(Commands.sale(id++, store, milk, 10)).get();
                engine.submit(Commands.sale(id++, store, rice, 10)).get();
                assertEquals(ReasonCode.OK, engine.submit(Commands.recordSaleAmount(id++, store, rice, 10, 7_000)).get()
                    .reason());
                engine.submit(Commands.sale(id++, store, salt, 10)).get();
            }
            engine.submit(Commands.sale(id++, store, tea, 5)).get();
            now.set(T0 + 2 * DAY);
            engine.submit(Commands.receive(id++, store, milk, 1)).get();
        }
        final OmnistockCliTest.Run r = OmnistockCliTest.run("kpi", "--journal", journal.toString());
        assertEquals(0, r.code(), r.err());
        for (final String scope : List.of("S1", "NETWORK"))
        {
            assertTrue(r.out().matches("(?s).*\\n" + scope + "\\s+A\\s+1\\s+14,000\\s+86\\.4%\\n.*"), r.out());
            assertTrue(r.out().matches("(?s).*\\n" + scope + "\\s+B\\s+1\\s+2,000\\s+12\\.3%\\n.*"), r.out());
            assertTrue(r.out().matches("(?s).*\\n" + scope + "\\s+C\\s+2\\s+200\\s+1\\.2%\\n.*"), r.out());
            assertTrue(r.out().matches("(?s).*\\n" + scope + "\\s+X\\s+4\\s+16,200\\s+100\\.0%\\n.*"), r.out());
        }

        final OmnistockCliTest.Run csv = OmnistockCliTest.run("kpi", "--journal", journal.toString(), "--classes",
            "--format", "csv");
        assertEquals(0, csv.code(), csv.err());
        assertEquals(List.of(String.join(",", KpiCommand.CLASS_COLUMNS),
            "S1,MILK,B,X,2000,0.9877,0",
            "S1,RICE,A,X,14000,0.8642,0",
            "S1,SALT,C,X,200,1,0",
            "S1,TEA,C,X,0,1,0"), csv.out().lines().toList());
        final OmnistockCliTest.Run detail = OmnistockCliTest.run("kpi", "--journal", journal.toString(), "--classes");
        assertTrue(detail.out().matches("(?s).*\\nS1\\s+RICE\\s+A\\s+X\\s+14,000\\s+86\\.4%\\s+0\\.000\\n.*"), detail.out());
    }

    /**
     * Store S1 holds milk by the piece (10 all along, 4 sold at the end) and apples by weight
     * (5,000 g all along, 1,200 g sold at the end), over 2 days. Per unit: 10.0 pieces and 5,000.0 g
     * on average, 4 pieces and 1,200 g sold; never 5,010 "units" on hand or 1,204 sold.
     */
    @Test
    void gramsAndPiecesAreNeverAddedUp() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final AtomicLong now = new AtomicLong(T0);
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(journal)
            .clock(now::get).build()))
        {
            final int store = engine.submit(Commands.defineLocation(1, "S1", Tier.STORE, 0, 0, Capabilities.ALL))
                .get().assignedId();
            final int milk = engine.submit(Commands.defineSku(2, "MILK", StockUnit.PIECE)).get().assignedId();
            final int apples = engine.submit(Commands.defineSku(3, "APPLES", StockUnit.GRAM)).get().assignedId();
            engine.submit(Commands.receive(4, store, milk, 10)).get();
            engine.submit(Commands.receive(5, store, apples, 5_000)).get();
            now.set(T0 + 2 * DAY);
            engine.submit(Commands.sale(6, store, milk, 4)).get();
            engine.submit(Commands.sale(7, store, apples, 1_200)).get();
        }

        final OmnistockCliTest.Run r = OmnistockCliTest.run("kpi", "--journal", journal.toString());

        assertEquals(0, r.code(), r.err());
        final String out = r.out();
        for (final String scope : List.of("S1", "STORE", "NETWORK"))
        {
            assertTrue(out.matches("(?s).*\\n" + scope + "\\s+gram\\s+1,200\\s+5,000\\.0\\s+0\\.24\\s+8\\.3\\s.*"), out);
            assertTrue(out.matches("(?s).*\\n" + scope + "\\s+piece\\s+4\\s+10\\.0\\s+0\\.40\\s+5\\.0\\s.*"), out);
        }
        assertFalse(out.contains("5,010") || out.contains("1,204"), out);

        final OmnistockCliTest.Run csv = OmnistockCliTest.run("kpi", "--journal", journal.toString(), "--format", "csv");
        assertEquals(0, csv.code(), csv.err());
        assertEquals(List.of(
            String.join(",", KpiCommand.COLUMNS),
            "location,S1,gram,2025-11-22T08:00:00Z,2025-11-24T08:00:00Z,1200,5000,0.24,8.333,0,0,,,",
            "location,S1,piece,2025-11-22T08:00:00Z,2025-11-24T08:00:00Z,4,10,0.4,5,0,0,,,",
            "tier,STORE,gram,2025-11-22T08:00:00Z,2025-11-24T08:00:00Z,1200,5000,0.24,8.333,0,0,,,",
            "tier,STORE,piece,2025-11-22T08:00:00Z,2025-11-24T08:00:00Z,4,10,0.4,5,0,0,,,",
            "network,NETWORK,gram,2025-11-22T08:00:00Z,2025-11-24T08:00:00Z,1200,5000,0.24,8.333,0,0,,,",
            "network,NETWORK,piece,2025-11-22T08:00:00Z,2025-11-24T08:00:00Z,4,10,0.4,5,0,0,,,",
            "orders,NETWORK,,2025-11-22T08:00:00Z,2025-11-24T08:00:00Z,,,,,,,0,0,"), csv.out().lines().toList());

        final OmnistockCliTest.Run ndjson = OmnistockCliTest.run("kpi", "--journal", journal.toString(),
            "--format", "ndjson");
        final JsonNode first = new ObjectMapper().readTree(ndjson.out().lines().findFirst().orElseThrow());
        assertEquals(8.333, first.get("days_of_inventory").asDouble());
        assertTrue(first.get("avg_on_hand").isNumber() && first.get("fill_rate").isNull(), first.toString());
    }

    @Test
    void anEmptyOrMissingJournalIsAClearError()
    {
        final OmnistockCliTest.Run r = OmnistockCliTest.run("kpi", "--journal", dir.resolve("none").toString());
        assertEquals(OmnistockCli.EXIT_JOURNAL, r.code());
        assertTrue(r.err().contains("does not exist"), r.err());
    }
}

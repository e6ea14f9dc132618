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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtCommandTest
{
    private static final long T0 = 1_763_798_400_000L; // 2025-11-22T08:00:00Z

    @TempDir
    Path dir;

    private Path journal;

    /** 08:00 receive 10 at S1 and 4 at W; 08:10 reserve 3 at S1; 08:20 sell 5 at S1. */
    @BeforeEach
    void day() throws Exception
    {
        journal = dir.resolve("journal");
        final AtomicLong now = new AtomicLong(T0);
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(journal)
            .clock(now::get).build()))
        {
            final int store = engine.submit(Commands.defineLocation(1, "S1", Tier.STORE, 0, 0, Capabilities.ALL))
                .get().assignedId();
            final int warehouse = engine.submit(Commands.defineLocation(2, "W", Tier.WAREHOUSE, 0, 1_000,
                Capabilities.ALL)).get().assignedId();
            final int milk = engine.submit(Commands.defineSku(3, "MILK", StockUnit.PIECE)).get().assignedId();
            engine.submit(Commands.receive(4, store, milk, 10)).get();
            engine.submit(Commands.receive(5, warehouse, milk, 4)).get();
            now.set(T0 + 600_000);
            engine.submit(Commands.reserve(6, 99, store, milk, 3)).get();
            now.set(T0 + 1_200_000);
            engine.submit(Commands.sale(7, store, milk, 5)).get();
        }
    }

    /**
     * A journal begun under logic version 1 is stepped through under the rules that decided it: its
     * negative-value order was held (logic 1), so its three units are reserved as they were, where
     * the newest rules would have refused the order.
     */
    @Test
    void theStateAtATimeIsDecidedUnderTheJournalsOwnLogicVersion(@TempDir final Path other) throws Exception
    {
        final Path logicOne = other.resolve("journal");
        final AtomicLong now = new AtomicLong(T0);
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(logicOne)
            .clock(now::get).logicVersion(1).build()))
        {
            final int app = engine.submit(Commands.defineChannel(1, "app", 900_000)).get().assignedId();
            final int store = engine.submit(Commands.defineLocation(2, "S1", Tier.STORE, 0, 0, Capabilities.ALL))
                .get().assignedId();
            final int milk = engine.submit(Commands.defineSku(3, "MILK", StockUnit.PIECE)).get().assignedId();
            engine.submit(Commands.receive(4, store, milk, 10)).get();
            assertEquals(ReasonCode.OK, engine.submit(Commands.routeOrder(5, new Order(1, app, FulfilmentType.REGULAR,
                0, 0, -1, -500, 0, 0, List.of(new OrderLine(milk, 3))))).get().reason());
        }
        final OmnistockCliTest.Run csv = OmnistockCliTest.run("at", "--journal", logicOne.toString(), "--time",
            "2025-11-22T09:00:00Z", "availability", "--sku", "MILK", "--location", "S1", "--format", "csv");
        assertEquals(0, csv.code(), csv.err());
        assertTrue(csv.out().lines().skip(1).findFirst().orElseThrow().endsWith(",10,3,0,0,7"), csv.out());
    }

    @Test
    void csvAndNdjsonGiveThePositionsWithPlainNumbersAndIsoTimes() throws Exception
    {
        final OmnistockCliTest.Run csv = at("2025-11-22T08:15:00Z", "--sku", "MILK", "--format", "csv");

        assertEquals(0, csv.code(), csv.err());
        assertEquals(List.of(
            String.join(",", AtCommand.Availability.COLUMNS),
            "MILK,2025-11-22T08:15:00Z,6,2025-11-22T08:10:00Z,location,S1,STORE,10,3,0,0,7",
            "MILK,2025-11-22T08:15:00Z,6,2025-11-22T08:10:00Z,location,W,WAREHOUSE,4,0,0,0,4",
            "MILK,2025-11-22T08:15:00Z,6,2025-11-22T08:10:00Z,tier,,WAREHOUSE,,,,,4",
            "MILK,2025-11-22T08:15:00Z,6,2025-11-22T08:10:00Z,tier,,FRONT_WAREHOUSE,,,,,0",
            "MILK,2025-11-22T08:15:00Z,6,2025-11-22T08:10:00Z,tier,,STORE,,,,,7",
            "MILK,2025-11-22T08:15:00Z,6,2025-11-22T08:10:00Z,network,,,,,,,11"), csv.out().lines().toList());

        final OmnistockCliTest.Run ndjson = at("2025-11-22T08:15:00Z", "--sku", "MILK", "--location", "S1",
            "--format", "ndjson");
        assertEquals(0, ndjson.code(), ndjson.err());
        final List<String> lines = ndjson.out().lines().toList();
        assertEquals(1, lines.size(), ndjson.out());
        final JsonNode row = new ObjectMapper().readTree(lines.get(0));
        assertEquals(7, row.get("available").asLong());
        assertTrue(row.get("available").isNumber());
        assertEquals("2025-11-22T08:10:00Z", row.get("engine_time").asText());
    }

    private OmnistockCliTest.Run at(final String time, final String... more)
    {
        final String[] args = new String[4 + 1 + more.length];
        args[0] = "at";
        args[1] = "--journal";
        args[2] = journal.toString();
        args[3] = "--time=" + time;
        args[4] = "availability";
        System.arraycopy(more, 0, args, 5, more.length);
        return OmnistockCliTest.run(args);
    }

    @Test
    void availabilityAsItWasAtEachTime()
    {
        final OmnistockCliTest.Run before = at("2025-11-22T08:05:00Z", "--sku", "MILK");
        assertEquals(0, before.code(), before.err());
        assertTrue(before.out().matches("(?s).*S1\\s+STORE\\s+10\\s+0\\s+0\\s+0\\s+10\\n.*"), before.out());
        assertTrue(before.out().contains("network available: 14 (WAREHOUSE 4, FRONT_WAREHOUSE 0, STORE 10)"),
            before.out());

        final OmnistockCliTest.Run held = at("2025-11-22T08:15:00Z", "--sku", "MILK", "--location", "S1");
        assertTrue(held.out().matches("(?s).*S1\\s+STORE\\s+10\\s+3\\s+0\\s+0\\s+7\\n.*"), held.out());
        assertFalse(held.out().contains("W "), "only the location asked for");

        final OmnistockCliTest.Run sold = at("2025-11-22T08:20:00Z", "--sku", "MILK");
        assertTrue(sold.out().contains("network available: 6 (WAREHOUSE 4, FRONT_WAREHOUSE 0, STORE 2)"), sold.out());
    }

    @Test
    void replayToATimeStopsAtTheLastCommandStampedByThen()
    {
        final OmnistockCliTest.Run r = OmnistockCliTest.run("replay", "--journal", journal.toString(),
            "--to", "2025-11-22T08:15:00Z", "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("last sequence:    6"), r.out()); // the reserve at 08:10
        assertEquals(OmnistockCli.EXIT_NOT_FOUND, OmnistockCliTest.run("replay", "--journal", journal.toString(),
            "--to", "2025-11-22T07:00:00Z").code());
        assertEquals(OmnistockCli.EXIT_USAGE, OmnistockCliTest.run("replay", "--journal", journal.toString(),
            "--to", "soon").code());
    }

    @Test
    void unknownNamesAndBadTimesAreClearErrors()
    {
        final OmnistockCliTest.Run noSku = at("2025-11-22T08:30:00Z", "--sku", "TEA");
        assertEquals(OmnistockCli.EXIT_NOT_FOUND, noSku.code());
        assertTrue(noSku.err().contains("no SKU TEA"), noSku.err());
        // Before the SKU was defined, it does not exist yet.
        assertEquals(OmnistockCli.EXIT_NOT_FOUND, at("2025-11-22T07:00:00Z", "--sku", "MILK").code());
        assertEquals(OmnistockCli.EXIT_USAGE, at("yesterday", "--sku", "MILK").code());
    }
}

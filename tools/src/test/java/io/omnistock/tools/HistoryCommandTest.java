package io.omnistock.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnistock.api.Capabilities;
import io.omnistock.api.Commands;
import io.omnistock.api.EventKind;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.OrderState;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** history over one command that changes a position several times: which row is the result. */
class HistoryCommandTest
{
    private static final long T0 = 1_763_798_400_000L; // 2025-11-22T08:00:00Z

    @TempDir
    Path dir;

    private Path journal;

    /**
     * Store S1 receives 20 MILK; three pickup orders hold 2, 3 and 4 (reserved 9); their holds
     * expire together, so one EXPIRE_HOLDS takes reserved from 9 to 7, 4 and 0.
     */
    @BeforeEach
    void threeHoldsExpireInOneCommand() throws Exception
    {
        journal = dir.resolve("journal");
        final AtomicLong now = new AtomicLong(T0);
        final List<Long> expired = new ArrayList<>();
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(journal).clock(now::get)
            .eventListener(e ->
            {
                if (e.kind() == EventKind.ORDER_CHANGED && e.orderState() == OrderState.EXPIRED)
                {
                    synchronized (expired)
                    {
                        expired.add(e.sequence());
                    }
                }
            }).build()))
        {
            final int app = engine.submit(Commands.defineChannel(1, "app", 60_000)).get().assignedId();
            final int store = engine.submit(Commands.defineLocation(2, "S1", Tier.STORE, 0, 0, Capabilities.ALL))
                .get().assignedId();
            final int milk = engine.submit(Commands.defineSku(3, "MILK", StockUnit.PIECE)).get().assignedId();
            engine.submit(Commands.receive(4, store, milk, 20)).get();
            for (int i = 0; i < 3; i++)
            {
                engine.submit(Commands.routeOrder(5 + i, new Order(100 + i, app, FulfilmentType.PICKUP, 0, 0, store,
                    0, 0, 0, List.of(new OrderLine(milk, 2 + i))))).get();
            }
            now.addAndGet(60_001);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (expiredCount(expired) < 3 && System.nanoTime() < deadline)
            {
                Thread.sleep(2);
            }
            synchronized (expired)
            {
                assertEquals(3, expired.size(), "the three holds expire");
                assertEquals(1, expired.stream().distinct().count(), "in one EXPIRE_HOLDS command: " + expired);
            }
        }
    }

    private static int expiredCount(final List<Long> expired)
    {
        synchronized (expired)
        {
            return expired.size();
        }
    }

    @Test
    void theTableSaysWhichRowIsThePositionAfterTheCommand()
    {
        final OmnistockCliTest.Run r = OmnistockCliTest.run("history", "--journal", journal.toString(), "--sku", "MILK");

        assertEquals(0, r.code(), r.err());
        final List<String> expiry = r.out().lines().filter(l -> l.contains("EXPIRE_HOLDS")).toList();
        assertEquals(3, expiry.size(), r.out());
        assertTrue(expiry.get(0).matches(".*S1\\s+step 1/3\\s+20\\s+7\\s+0\\s+13"), expiry.get(0));
        assertTrue(expiry.get(1).matches(".*S1\\s+step 2/3\\s+20\\s+4\\s+0\\s+16"), expiry.get(1));
        assertTrue(expiry.get(2).matches(".*S1\\s+after\\s+20\\s+0\\s+0\\s+20"), expiry.get(2));
        assertTrue(r.out().lines().findFirst().orElseThrow().contains("POSITION"), r.out());
    }

    @Test
    void csvHasOnePositionAfterEachCommandAndPlainValues()
    {
        final OmnistockCliTest.Run r = OmnistockCliTest.run("history", "--journal", journal.toString(), "--sku", "MILK",
            "--format", "csv");

        assertEquals(0, r.code(), r.err());
        final List<String> lines = r.out().lines().toList();
        assertEquals(String.join(",", HistoryCommand.COLUMNS), lines.get(0));
        final List<String[]> after = lines.stream().skip(1).map(l -> l.split(",", -1))
            .filter(c -> c[6].equals("after")).toList();
        assertEquals(List.of("RECEIVE", "ROUTE_ORDER", "ROUTE_ORDER", "ROUTE_ORDER", "EXPIRE_HOLDS"),
            after.stream().map(c -> c[2]).toList(), "one row after each command that changed the position");
        final String[] expiry = after.get(4);
        assertEquals(List.of("S1", "after", "3", "3", "20", "0", "0", "20"), List.of(expiry).subList(5, 13));
        assertTrue(expiry[1].matches("2025-11-22T08:01:00\\.001Z"), expiry[1]);
        final long steps = lines.stream().skip(1).map(l -> l.split(",", -1)).filter(c -> c[6].equals("step")).count();
        assertEquals(2, steps, r.out());
        assertTrue(lines.stream().skip(1).allMatch(l -> l.split(",", -1).length == HistoryCommand.COLUMNS.length), r.out());
    }

    @Test
    void ndjsonCarriesTheSameRowsAsObjects() throws Exception
    {
        final OmnistockCliTest.Run r = OmnistockCliTest.run("history", "--journal", journal.toString(), "--sku", "MILK",
            "--location", "S1", "--format", "ndjson");

        assertEquals(0, r.code(), r.err());
        final ObjectMapper json = new ObjectMapper();
        final List<JsonNode> rows = new ArrayList<>();
        for (final String line : r.out().lines().toList())
        {
            rows.add(json.readTree(line));
        }
        final JsonNode last = rows.get(rows.size() - 1);
        assertEquals("EXPIRE_HOLDS", last.get("command_type").asText());
        assertEquals("after", last.get("position").asText());
        assertEquals(0, last.get("reserved").asLong());
        assertTrue(last.get("reserved").isNumber() && last.get("sequence").isNumber() && last.get("command_id").isNumber());
        assertEquals("step", rows.get(rows.size() - 3).get("position").asText());
        assertEquals(7, rows.get(rows.size() - 3).get("reserved").asLong());
    }
}

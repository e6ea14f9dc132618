package io.omnistock.tools;

import io.omnistock.api.Capabilities;
import io.omnistock.api.Command;
import io.omnistock.api.CommandType;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalWriter;
import io.omnistock.core.state.CommandProcessor;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.Sequencer;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 item 9: {@code explain} shows every rule set each routing of the order tried, decided
 * again on the replayed state just before it, though the journal keeps one rule set's explanation.
 */
class ExplainRuleSetsTest
{
    private static final long START = Instant.parse("2026-11-22T08:00:00Z").toEpochMilli();
    private static final int LAT = 31_000_000;
    private static final int LON = 121_000_000;

    @TempDir
    static Path dir;

    static Path journal;
    static long route700;
    static long reject700;
    static long route701;
    static CommandResult routed700;

    @BeforeAll
    static void produceJournal() throws Exception
    {
        journal = dir.resolve("journal");
        final AtomicLong now = new AtomicLong(START);
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(journal)
            .clock(now::get).build()))
        {
            long id = 1;
            final int app = ok(engine.submit(Commands.defineChannel(id++, "app", 600_000)).get()).assignedId();
            final int north = ok(engine.submit(Commands.defineLocation(id++, "S-NORTH", Tier.STORE, LAT + 9_000, LON,
                Capabilities.ALL)).get()).assignedId();
            ok(engine.submit(Commands.defineLocation(id++, "S-SOUTH", Tier.STORE, LAT - 20_000, LON,
                Capabilities.ALL)).get());
            final int dc = ok(engine.submit(Commands.defineLocation(id++, "DC-EAST", Tier.WAREHOUSE, LAT,
                LON + 300_000, Capabilities.SHIPS_PARCELS)).get()).assignedId();
            final int milk = ok(engine.submit(Commands.defineSku(id++, "MILK", StockUnit.PIECE)).get()).assignedId();
            ok(engine.submit(Commands.receive(id++, north, milk, 1)).get());
            ok(engine.submit(Commands.receive(id++, dc, milk, 100)).get());
            now.addAndGet(1_000);
            routed700 = ok(engine.submit(Commands.routeOrder(id++, order(700, app, FulfilmentType.REGULAR, milk))).get());
            route700 = routed700.sequence();
            reject700 = ok(engine.submit(Commands.rejectAllocation(id++, 700, dc)).get()).sequence();
            final CommandResult instant = engine.submit(Commands.routeOrder(id++,
                order(701, app, FulfilmentType.INSTANT, milk))).get();
            assertEquals(ReasonCode.NO_ROUTE, instant.reason());
            route701 = instant.sequence();
        }
    }

    private static Order order(final long orderId, final int channel, final FulfilmentType type, final int sku)
    {
        return new Order(orderId, channel, type, LAT, LON, -1, 100, 0, 0, List.of(new OrderLine(sku, 2)));
    }

    private static CommandResult ok(final CommandResult r)
    {
        assertEquals(ReasonCode.OK, r.reason(), r.toString());
        return r;
    }

    private static String explain(final long order)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = OmnistockCli.commandLine(new PrintWriter(out), new PrintWriter(err))
            .execute("explain", "--journal", journal.toString(), "--order", Long.toString(order));
        assertEquals(0, code, err.toString());
        return out.toString();
    }

    /** The block of the record with this sequence, up to the next record. */
    private static String record(final String out, final long sequence)
    {
        final int from = out.indexOf("#" + sequence + "  ");
        assertTrue(from >= 0, out);
        final int to = out.indexOf("\n#", from + 1);
        return out.substring(from, to < 0 ? out.length() : to);
    }

    @Test
    void aRegularOrderShippedFromTheWarehouseShowsWhyTheStoresDidNot()
    {
        final String routed = record(explain(700), route700);
        // Journaled, as before: the warehouse rule set's view, where every store is out of tier.
        assertTrue(routed.matches("(?s).*candidates:\\s+DC-EAST\\s+SELECTED.*S-NORTH\\s+TIER_NOT_ALLOWED.*"), routed);
        assertTrue(routed.contains("rule sets tried (routed again on the state before #" + route700 + "):"), routed);
        assertTrue(routed.matches("(?s).*1\\. ship-from-store: no route\\s+S-NORTH\\s+INSUFFICIENT_STOCK\\s+1,00\\d m" +
            "\\s+S-SOUTH\\s+INSUFFICIENT_STOCK\\s+2,2\\d\\d m.*2\\. warehouse: routed\\s+DC-EAST\\s+SELECTED.*"),
            routed);
        assertFalse(routed.contains("note:"), "routed again, it gives the journaled allocations: " + routed);
    }

    @Test
    void aRejectionsReRouteShowsEveryRuleSetItTried()
    {
        final String rejected = record(explain(700), reject700);
        assertTrue(rejected.contains("rule sets tried (routed again on the state before #" + reject700 + "):"),
            rejected);
        assertTrue(rejected.matches("(?s).*1\\. ship-from-store: no route\\s+S-NORTH\\s+INSUFFICIENT_STOCK.*"), rejected);
        assertTrue(rejected.matches("(?s).*2\\. warehouse: no route\\s+S-NORTH\\s+TIER_NOT_ALLOWED.*DC-EAST\\s+REJECTED_BEFORE.*3\\. split.*"), rejected);
        assertTrue(rejected.contains("4. wherever-in-stock: no route"), rejected);
        assertFalse(rejected.contains("note:"), rejected);
    }

    @Test
    void anInstantOrderWithoutARouteNamesTheWarehouseHoldingTheStock()
    {
        final String out = record(explain(701), route701);
        assertTrue(out.contains("reason NO_ROUTE"), out);
        assertTrue(out.matches("(?s).*1\\. instant-nearby: no route\\s+S-NORTH\\s+INSUFFICIENT_STOCK.*" +
            "DC-EAST\\s+OUT_OF_RADIUS\\s+28,\\d\\d\\d m.*"), out);
        assertFalse(out.contains("note:"), out);
    }

    @Test
    void aJournalDecidedOtherwiseIsSaidSo() throws Exception
    {
        // A journal whose route went to the store, as a build with other rules might have decided:
        // routed again, this build ships from the warehouse, and explain says so.
        final Path other = dir.resolve("other");
        final EngineState state = new EngineState(64, 16, 1_024);
        final CommandProcessor processor = new CommandProcessor(state);
        final Sequencer sequencer = new Sequencer(state);
        final CommandSlot slot = new CommandSlot();
        try (ChronicleQueue queue = Journal.open(other, false); JournalWriter writer = new JournalWriter(queue))
        {
            final List<Command> commands = List.of(
                Commands.defineChannel(1, "app", 600_000),
                Commands.defineLocation(2, "S-NORTH", Tier.STORE, LAT + 9_000, LON, Capabilities.ALL),
                Commands.defineLocation(3, "DC-EAST", Tier.WAREHOUSE, LAT, LON + 300_000, Capabilities.SHIPS_PARCELS),
                Commands.defineSku(4, "MILK", StockUnit.PIECE),
                Commands.receive(5, 1, 0, 100),
                Commands.routeOrder(6, order(900, 0, FulfilmentType.REGULAR, 0)));
            for (final Command command : commands)
            {
                slot.clearInput();
                command.writeTo(slot);
                sequencer.stamp(slot, START);
                processor.apply(slot);
                assertEquals(ReasonCode.OK, slot.reason, command.toString());
                if (slot.type == CommandType.ROUTE_ORDER)
                {
                    assertEquals(1, slot.routing.allocationLocation[0]);
                    slot.routing.allocationLocation[0] = 0;
                }
                writer.append(slot);
            }
            writer.flush();
        }
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = OmnistockCli.commandLine(new PrintWriter(out), new PrintWriter(err))
            .execute("explain", "--journal", other.toString(), "--order", "900");
        assertEquals(0, code, err.toString());
        final String routed = record(out.toString(), 6);
        assertTrue(routed.matches("(?s).*line 0\\s+MILK\\s+x 2\\s+at S-NORTH.*"), routed);
        assertTrue(routed.contains("2. warehouse: routed"), routed);
        assertTrue(routed.contains("note: routed again, this build gives OK at line 0 DC-EAST, not the journaled " +
            "outcome"), routed);
    }
}

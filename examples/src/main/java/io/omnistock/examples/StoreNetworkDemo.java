package io.omnistock.examples;

import io.omnistock.api.AdjustmentReason;
import io.omnistock.api.Allocation;
import io.omnistock.api.Candidate;
import io.omnistock.api.Capabilities;
import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
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
import io.omnistock.core.RecoveryReport;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small retail network for a day: one warehouse, two front warehouses, four stores. Stock
 * arrives, online orders hold stock at named locations, stores sell over the counter, a count
 * finds a discrepancy, a transfer restocks a store, bad input is refused with reasons, a retry is
 * answered once, and the engine restarts from its journal to the same state.
 *
 * <p>Store staff hold stock at a named location by hand; online orders are routed by the engine,
 * which picks the location, holds the stock and explains its choice.
 */
public final class StoreNetworkDemo
{
    private final PrintStream out;
    private final AtomicLong commandIds = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final List<String> codes = new ArrayList<>();
    private OmnistockEngine engine;

    StoreNetworkDemo(final PrintStream out)
    {
        this.out = out;
    }

    public static void main(final String[] args) throws Exception
    {
        final Path dataDir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("omnistock-demo");
        new StoreNetworkDemo(System.out).run(dataDir);
    }

    /**
     * @return the state checksum before and after the restart, which must be equal.
     */
    long[] run(final Path dataDir) throws Exception
    {
        final EngineConfig config = EngineConfig.builder()
            .journalDir(dataDir.resolve("journal"))
            .snapshotDir(dataDir.resolve("snapshots"))
            .eventListener(e ->
            {
                if (e.kind() == EventKind.STOCK_CHANGED)
                {
                    events.incrementAndGet();
                }
                if (e.kind() == EventKind.ORDER_CHANGED && e.orderState() == OrderState.EXPIRED)
                {
                    expired.incrementAndGet();
                }
            })
            .build();
        out.println("omnistock demo: journal and snapshots under " + dataDir);
        final long before;
        engine = OmnistockEngine.start(config);
        try
        {
            before = day();
        }
        finally
        {
            engine.close();
        }

        out.println();
        out.println("-- restart: recover from snapshot + journal tail --");
        engine = OmnistockEngine.start(config);
        try
        {
            final RecoveryReport report = engine.recoveryReport();
            final long after = engine.stateChecksum().get();
            out.printf("recovered to sequence %d (snapshot at %d + %d journaled commands replayed and verified)%n",
                report.lastSequence(), report.snapshotSequence(), report.replayedCommands());
            out.printf("state checksum before %016x, after %016x: %s%n", before, after,
                before == after ? "identical" : "DIFFERENT");
            return new long[] {before, after};
        }
        finally
        {
            engine.close();
        }
    }

    private long day() throws Exception
    {
        out.println("-- network --");
        final int warehouse = location("WH-SH-01", Tier.WAREHOUSE, 31_180_000, 121_300_000, Capabilities.SHIPS_PARCELS);
        final int frontPudong = location("FW-PD-01", Tier.FRONT_WAREHOUSE, 31_220_000, 121_540_000,
            Capabilities.INSTANT_DELIVERY);
        final int frontXuhui = location("FW-XH-01", Tier.FRONT_WAREHOUSE, 31_190_000, 121_440_000,
            Capabilities.INSTANT_DELIVERY);
        final int jingan = location("ST-JA-01", Tier.STORE, 31_230_000, 121_450_000, Capabilities.ALL);
        final int huangpu = location("ST-HP-01", Tier.STORE, 31_230_000, 121_490_000, Capabilities.ALL);
        final int minhang = location("ST-MH-01", Tier.STORE, 31_110_000, 121_380_000, Capabilities.ALL);
        final int baoshan = location("ST-BS-01", Tier.STORE, 31_400_000, 121_490_000, Capabilities.ALL);
        final int milk = sku("MILK-1L", StockUnit.PIECE);
        final int apples = sku("FUJI-APPLE", StockUnit.GRAM);

        out.println("-- stock arrives --");
        ok(Commands.receive(id(), warehouse, milk, 5_000), "warehouse receives 5000 milk");
        ok(Commands.receive(id(), warehouse, apples, 800_000), "warehouse receives 800 kg apples (in grams)");
        for (final int node : new int[] {frontPudong, frontXuhui, jingan, huangpu, minhang, baoshan})
        {
            call(Commands.receive(id(), node, milk, 40), null);
            call(Commands.receive(id(), node, apples, 30_000), null);
        }
        ok(Commands.setSafetyStock(id(), jingan, milk, 5), "Jing'an keeps 5 milk as safety stock");

        out.println("-- holds placed by hand at a named location --");
        ok(Commands.reserve(id(), 70_001, jingan, milk, 2), "order 70001 holds 2 milk at Jing'an");
        ok(Commands.reserve(id(), 70_002, frontPudong, apples, 1_250), "order 70002 holds 1.25 kg apples at FW Pudong");
        ok(Commands.reserve(id(), 70_003, huangpu, milk, 6), "order 70003 holds 6 milk at Huangpu");
        call(Commands.reserve(id(), 70_004, baoshan, milk, 41), "order 70004 wants 41 milk at Baoshan");
        ok(Commands.fulfil(id(), 70_001, 2), "order 70001 picked and handed over");
        ok(Commands.release(id(), 70_003, 6), "order 70003 cancelled: stock released");

        out.println("-- stores sell over the counter --");
        ok(Commands.sale(id(), jingan, milk, 30), "Jing'an POS sells 30 milk");
        ok(Commands.sale(id(), minhang, apples, 420), "Minhang POS weighs and sells 0.42 kg apples");
        ok(Commands.returnToStock(id(), baoshan, milk, 1), "online milk returned at Baoshan");

        out.println("-- counts and transfers --");
        ok(Commands.stocktake(id(), huangpu, milk, 37), "Huangpu RFID count finds 37 milk (ledger said 40)");
        ok(Commands.adjust(id(), minhang, milk, -2, AdjustmentReason.DAMAGED), "Minhang writes off 2 damaged milk");
        ok(Commands.transferOut(id(), warehouse, jingan, milk, 60), "warehouse ships 60 milk to Jing'an");
        ok(Commands.transferIn(id(), jingan, milk, 60), "Jing'an receives the 60 milk");

        routing(milk, apples);

        out.println("-- bad input is refused with a reason, and changes nothing --");
        call(Commands.reserve(id(), 70_005, jingan, 99, 1), "reserve an unknown SKU");
        call(Commands.receive(id(), jingan, milk, -3), "receive a negative quantity");
        call(Commands.release(id(), 70_002, 5_000), "release more than order 70002 holds");
        call(Commands.fulfil(id(), 12_345, 1), "fulfil an order that holds nothing");
        final long retried = id();
        ok(Commands.reserve(retried, 70_006, huangpu, milk, 1), "order 70006 holds 1 milk at Huangpu");
        call(Commands.reserve(retried, 70_006, huangpu, milk, 1), "the same command retried after a timeout");

        out.println("-- where the milk is --");
        final CommandResult network = engine.submit(Commands.queryAvailability(id(), milk)).get();
        out.printf("milk available to promise: %d in total = warehouse %d + front warehouses %d + stores %d%n",
            network.networkAvailable(), network.tierAvailable(Tier.WAREHOUSE),
            network.tierAvailable(Tier.FRONT_WAREHOUSE), network.tierAvailable(Tier.STORE));
        for (final String store : new String[] {"ST-JA-01", "ST-HP-01", "ST-MH-01", "ST-BS-01"})
        {
            final CommandResult p = engine.submit(Commands.queryPosition(id(), engine.locationId(store), milk)).get();
            out.printf("  %-9s on hand %4d  reserved %3d  safety %2d  available %4d%n",
                store, p.onHand(), p.reserved(), p.safetyStock(), p.available());
        }
        final long snapshotSequence = engine.snapshot().get();
        ok(Commands.receive(id(), baoshan, apples, 5_000), "after the snapshot, Baoshan receives 5 kg apples");
        out.printf("snapshot written at sequence %d; %d stock-change events published%n",
            snapshotSequence, events.get());
        return engine.stateChecksum().get();
    }

    /** Online orders routed by the engine: where each is fulfilled, why, and what happens next. */
    private void routing(final int milk, final int apples) throws Exception
    {
        out.println("-- smart order routing: the engine picks the location and holds the stock in one step --");
        final int miniProgram = engine.submit(Commands.defineChannel(id(), "wechat-mini-program", 15 * 60_000))
            .get().assignedId();
        final int tmall = engine.submit(Commands.defineChannel(id(), "tmall", 2_000)).get().assignedId();
        // A customer in Jing'an, 1.5 km from the Jing'an store and 2.3 km from Huangpu.
        final Order instant = new Order(80_001, miniProgram, FulfilmentType.INSTANT, 31_231_000, 121_466_000, -1,
            8_800, 0, 0, List.of(new OrderLine(milk, 2), new OrderLine(apples, 500)));
        route(instant, "order 80001 INSTANT 2 milk + 0.5 kg apples");
        ok(Commands.confirmOrder(id(), 80_001), "order 80001 paid");
        final CommandResult moved = engine.submit(Commands.rejectAllocation(id(), 80_001, locationId("ST-JA-01")))
            .get();
        out.printf("  #%-3d %-55s re-routed to %s%n", moved.sequence(), "Jing'an finds the apples bruised",
            describeAllocations(moved));
        ok(Commands.fulfilOrder(id(), 80_001, locationId("ST-HP-01")), "Huangpu hands order 80001 to the courier");

        route(new Order(80_002, miniProgram, FulfilmentType.REGULAR, 31_120_000, 121_390_000, -1, 5_000, 0, 0,
            List.of(new OrderLine(milk, 3))), "order 80002 REGULAR 3 milk to Minhang");
        route(new Order(80_003, miniProgram, FulfilmentType.PICKUP, 0, 0, locationId("ST-BS-01"), 5_000, 0,
            Order.ALLOW_ALTERNATIVE_PICKUP, List.of(new OrderLine(milk, 45))), "order 80003 PICKUP 45 milk at Baoshan");
        route(new Order(80_004, tmall, FulfilmentType.REGULAR, 31_230_000, 121_480_000, -1, 1_000, 0, 0,
            List.of(new OrderLine(apples, 2_000))), "order 80004 REGULAR 2 kg apples, 2 s to pay");
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (expired.get() == 0 && System.nanoTime() < deadline)
        {
            Thread.sleep(50);
        }
        out.printf("  order 80004 was not paid in time: %d hold(s) expired on the engine timer, stock released%n",
            expired.get());
    }

    private void route(final Order order, final String what) throws Exception
    {
        final CommandResult r = engine.submit(Commands.routeOrder(id(), order)).get();
        out.printf("  #%-3d %-55s %s%n", r.sequence(), what,
            r.accepted() ? describeAllocations(r) : r.reason() + ": " + r.reason().message());
        final StringBuilder why = new StringBuilder();
        for (int i = 0; i < Math.min(4, r.candidates().size()); i++)
        {
            final Candidate c = r.candidates().get(i);
            why.append(i == 0 ? "" : ", ").append(codeOf(c.location())).append(' ').append(c.reason())
                .append(String.format(" %.1f km", c.distanceMeters() / 1000.0));
        }
        out.println("         why: " + why);
    }

    private String describeAllocations(final CommandResult r)
    {
        final StringBuilder sb = new StringBuilder();
        for (final Allocation a : r.allocations())
        {
            sb.append(sb.length() == 0 ? "" : ", ").append("line ").append(a.line()).append(" x").append(a.quantity())
                .append(" @ ").append(codeOf(a.location()));
        }
        return sb.length() == 0 ? "nothing held" : sb.toString();
    }

    private String codeOf(final int location)
    {
        return codes.get(location);
    }

    private int locationId(final String code)
    {
        return engine.locationId(code);
    }

    private int location(final String code, final Tier tier, final int lat, final int lon, final int caps)
        throws Exception
    {
        final CommandResult r = engine.submit(Commands.defineLocation(id(), code, tier, lat, lon, caps)).get();
        codes.add(code);
        out.printf("  location %-9s %-15s -> id %d%n", code, tier, r.assignedId());
        return r.assignedId();
    }

    private int sku(final String code, final StockUnit unit) throws Exception
    {
        final CommandResult r = engine.submit(Commands.defineSku(id(), code, unit)).get();
        out.printf("  sku      %-10s counted in %-10s -> id %d%n", code, unit, r.assignedId());
        return r.assignedId();
    }

    private void ok(final Command command, final String what) throws Exception
    {
        final CommandResult r = call(command, what);
        if (!r.accepted())
        {
            throw new IllegalStateException("demo step refused: " + what + ": " + r.reason());
        }
    }

    private CommandResult call(final Command command, final String what) throws Exception
    {
        final CommandResult r = engine.submit(command).get();
        if (what != null)
        {
            final String outcome = r.accepted() ? "OK" :
                r.reason() + (r.reason() == r.originalReason() ? "" : " (first answer: " + r.originalReason() + ")") +
                    ": " + r.reason().message();
            out.printf("  #%-3d %-55s %s%n", r.sequence(), what, outcome);
        }
        return r;
    }

    private long id()
    {
        return commandIds.incrementAndGet();
    }
}

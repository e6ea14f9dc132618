package io.omnistock.examples;

import io.omnistock.api.Allocation;
import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.EventKind;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An O2O city for a day: one warehouse, three front warehouses, twenty stores. Store POS sales
 * and online orders (instant, regular, pickup) run against the same live stock; the engine routes
 * each order, raises replenishment requests and stock alerts on the commands that cross the
 * thresholds, and a simple planner turns the requests into transfers from their sources every 250
 * events (a delivery round), so busy stores can sell out of the day's hit item in between. Printed at
 * the end: orders by type and outcome, where they were fulfilled by tier, alerts and replenishment.
 * Seeded, so every run tells the same story.
 */
public final class O2oCity
{
    private static final int CENTRE_LAT = 31_230_000;
    private static final int CENTRE_LON = 121_470_000;
    private static final int SKUS = 40;

    private final PrintStream out;
    private final Random random = new Random(20_261_122);
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentLinkedQueue<long[]> requests = new ConcurrentLinkedQueue<>();
    private final Map<EventKind, AtomicLong> eventCounts = new EnumMap<>(EventKind.class);
    private final Map<String, AtomicLong> alerts = new java.util.TreeMap<>();
    private OmnistockEngine engine;
    private final List<String> codes = new ArrayList<>();
    private final List<Tier> tiers = new ArrayList<>();

    O2oCity(final PrintStream out)
    {
        this.out = out;
        for (final EventKind kind : EventKind.values())
        {
            eventCounts.put(kind, new AtomicLong());
        }
    }

    public static void main(final String[] args) throws Exception
    {
        final Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("omnistock-o2o");
        final int events = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        new O2oCity(System.out).run(dir, events);
    }

    /** @return the summary counters, for tests: [orders held, orders refused, transfers made]. */
    long[] run(final Path dir, final int trafficEvents) throws Exception
    {
        final EngineConfig config = EngineConfig.builder().journalDir(dir.resolve("journal"))
            .eventListener(e ->
            {
                eventCounts.get(e.kind()).incrementAndGet();
                if (e.kind() == EventKind.REPLENISHMENT_REQUESTED && e.sourceLocation() >= 0)
                {
                    requests.add(new long[] {e.sourceLocation(), e.location(), e.sku(), e.quantity()});
                }
                else if (e.kind() == EventKind.ALERT)
                {
                    synchronized (alerts)
                    {
                        alerts.computeIfAbsent(e.alertKind().name(), k -> new AtomicLong()).incrementAndGet();
                    }
                }
            })
            .build();
        out.println("omnistock O2O city: journal under " + dir);
        engine = OmnistockEngine.start(config);
        try
        {
            return day(trafficEvents);
        }
        finally
        {
            engine.close();
        }
    }

    private long[] day(final int trafficEvents) throws Exception
    {
        final int app = call(Commands.defineChannel(id(), "mini-program", 15 * 60_000)).assignedId();
        final int warehouse = location("WH-01", Tier.WAREHOUSE, -25_000, -20_000, Capabilities.SHIPS_PARCELS);
        final int[] fronts = new int[3];
        for (int i = 0; i < fronts.length; i++)
        {
            fronts[i] = location("FW-0" + (i + 1), Tier.FRONT_WAREHOUSE, ring(6_000, i, 3), ring2(6_000, i, 3),
                Capabilities.INSTANT_DELIVERY | Capabilities.PICKUP);
        }
        final int[] stores = new int[20];
        for (int i = 0; i < stores.length; i++)
        {
            final double radius = i < 8 ? 2_500 : 7_000;
            stores[i] = location(String.format("ST-%02d", i + 1), Tier.STORE, ring(radius, i, 20), ring2(radius, i, 20),
                Capabilities.ALL);
        }
        for (int s = 0; s < SKUS; s++)
        {
            call(Commands.defineSku(id(), String.format("SKU-%02d", s), StockUnit.PIECE));
        }
        for (int s = 0; s < SKUS; s++)
        {
            call(Commands.receive(id(), warehouse, s, 5_000));
            for (final int front : fronts)
            {
                call(Commands.receive(id(), front, s, 200));
                call(Commands.setReplenishmentPolicy(id(), front, s, 60, 200, 12, 0, warehouse, 24));
            }
            for (int i = 0; i < stores.length; i++)
            {
                call(Commands.receive(id(), stores[i], s, 24));
                call(Commands.setReplenishmentPolicy(id(), stores[i], s, 8, 24, 6, 0, fronts[i % fronts.length], 4));
            }
        }
        out.printf("network: 1 warehouse, %d front warehouses, %d stores, %d SKUs, %d positions stocked%n",
            fronts.length, stores.length, SKUS, SKUS * (1 + fronts.length + stores.length));

        final Map<FulfilmentType, long[]> orders = new EnumMap<>(FulfilmentType.class);
        final Map<Tier, AtomicLong> linesByTier = new EnumMap<>(Tier.class);
        for (final Tier tier : Tier.values())
        {
            linesByTier.put(tier, new AtomicLong());
        }
        long posSales = 0;
        long transfers = 0;
        long orderId = 0;
        for (int n = 0; n < trafficEvents; n++)
        {
            if (random.nextInt(100) < 55)
            {
                // SKU-00 is today's livestream hit: a third of counter sales.
                final int sku = random.nextInt(3) == 0 ? 0 : random.nextInt(SKUS);
                final CommandResult sale = call(Commands.sale(id(), stores[random.nextInt(stores.length)], sku,
                    1 + random.nextInt(2)));
                posSales += sale.accepted() ? 1 : 0;
            }
            else
            {
                final FulfilmentType type = pickType();
                final Order order = new Order(++orderId, app, type,
                    CENTRE_LAT + (int)((random.nextDouble() - 0.5) * 120_000),
                    CENTRE_LON + (int)((random.nextDouble() - 0.5) * 120_000),
                    type == FulfilmentType.PICKUP ? stores[random.nextInt(stores.length)] : -1,
                    5_000 + random.nextInt(50_000), 0, Order.ALLOW_ALTERNATIVE_PICKUP, lines());
                final CommandResult r = call(Commands.routeOrder(id(), order));
                final long[] outcome = orders.computeIfAbsent(type, t -> new long[2]);
                if (r.reason() == ReasonCode.OK)
                {
                    outcome[0]++;
                    for (final Allocation a : r.allocations())
                    {
                        linesByTier.get(tiers.get(a.location())).incrementAndGet();
                    }
                    // Most customers pay and are served; some change their minds.
                    if (random.nextInt(10) < 9)
                    {
                        call(Commands.confirmOrder(id(), order.orderId()));
                        for (final Allocation a : r.allocations())
                        {
                            call(Commands.fulfilOrder(id(), order.orderId(), a.location()));
                        }
                    }
                    else
                    {
                        call(Commands.cancelOrder(id(), order.orderId()));
                    }
                }
                else
                {
                    outcome[1]++;
                }
            }
            // The van runs every 250 events: stores can sell out before it arrives.
            if (n % 250 == 249)
            {
                transfers += planTransfers();
            }
        }
        transfers += planTransfers();

        out.println();
        out.printf("POS sales: %,d%n", posSales);
        out.println("online orders:          held    no route");
        long held = 0;
        long refused = 0;
        for (final Map.Entry<FulfilmentType, long[]> e : orders.entrySet())
        {
            out.printf("  %-18s %,8d %,10d%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
            held += e.getValue()[0];
            refused += e.getValue()[1];
        }
        out.println("order lines fulfilled by tier:");
        for (final Map.Entry<Tier, AtomicLong> e : linesByTier.entrySet())
        {
            out.printf("  %-18s %,8d%n", e.getKey(), e.getValue().get());
        }
        out.printf("replenishment: %,d requests raised, %,d closed, %,d transfers made%n",
            eventCounts.get(EventKind.REPLENISHMENT_REQUESTED).get(), eventCounts.get(EventKind.REPLENISHMENT_CLOSED).get(),
            transfers);
        synchronized (alerts)
        {
            out.println("alerts: " + alerts);
        }
        final CommandResult network = call(Commands.queryAvailability(id(), 0));
        out.printf("SKU-00 available at the end: %,d (warehouse %,d, front warehouses %,d, stores %,d)%n",
            network.networkAvailable(), network.tierAvailable(Tier.WAREHOUSE),
            network.tierAvailable(Tier.FRONT_WAREHOUSE), network.tierAvailable(Tier.STORE));
        return new long[] {held, refused, transfers};
    }

    /** The planner: each request becomes a transfer of what the source can spare, shipped and received. */
    private long planTransfers() throws Exception
    {
        long made = 0;
        long[] request;
        while ((request = requests.poll()) != null)
        {
            final int source = (int)request[0];
            final int destination = (int)request[1];
            final int sku = (int)request[2];
            final CommandResult at = call(Commands.queryPosition(id(), source, sku));
            final long quantity = Math.min(request[3], at.onHand() - at.reserved());
            if (quantity > 0 && call(Commands.transferOut(id(), source, destination, sku, quantity)).accepted())
            {
                call(Commands.transferIn(id(), destination, sku, quantity));
                made++;
            }
        }
        return made;
    }

    private FulfilmentType pickType()
    {
        final int p = random.nextInt(100);
        return p < 50 ? FulfilmentType.INSTANT : p < 85 ? FulfilmentType.REGULAR : FulfilmentType.PICKUP;
    }

    private List<OrderLine> lines()
    {
        final int n = 1 + random.nextInt(3);
        final List<OrderLine> lines = new ArrayList<>();
        final int first = random.nextInt(SKUS);
        for (int i = 0; i < n; i++)
        {
            lines.add(new OrderLine((first + i * 7) % SKUS, 1 + random.nextInt(2)));
        }
        return lines;
    }

    private int location(final String code, final Tier tier, final double north, final double east, final int caps)
        throws Exception
    {
        final int lat = CENTRE_LAT + (int)Math.round(north / 0.111_195);
        final int lon = CENTRE_LON + (int)Math.round(east / 0.095_06);
        final int id = call(Commands.defineLocation(id(), code, tier, lat, lon, caps)).assignedId();
        codes.add(code);
        tiers.add(tier);
        return id;
    }

    private static double ring(final double radius, final int i, final int of)
    {
        return radius * Math.cos(2 * Math.PI * i / of);
    }

    private static double ring2(final double radius, final int i, final int of)
    {
        return radius * Math.sin(2 * Math.PI * i / of);
    }

    private CommandResult call(final io.omnistock.api.Command command) throws Exception
    {
        return engine.submit(command).get();
    }

    private long id()
    {
        return ids.incrementAndGet();
    }
}

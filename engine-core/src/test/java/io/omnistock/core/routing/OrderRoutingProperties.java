package io.omnistock.core.routing;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.Tier;
import io.omnistock.core.routing.CheckedRun.Trace;
import io.omnistock.core.routing.Scenario.Advance;
import io.omnistock.core.routing.Scenario.Cancel;
import io.omnistock.core.routing.Scenario.Capacity;
import io.omnistock.core.routing.Scenario.Confirm;
import io.omnistock.core.routing.Scenario.Extend;
import io.omnistock.core.routing.Scenario.Fulfil;
import io.omnistock.core.routing.Scenario.Line;
import io.omnistock.core.routing.Scenario.Network;
import io.omnistock.core.routing.Scenario.Op;
import io.omnistock.core.routing.Scenario.Receive;
import io.omnistock.core.routing.Scenario.Reject;
import io.omnistock.core.routing.Scenario.Route;
import io.omnistock.core.routing.Scenario.SafetyStock;
import io.omnistock.core.routing.Scenario.Site;
import io.omnistock.core.snapshot.SnapshotStore;
import io.omnistock.core.state.ProcessorHarness;
import io.omnistock.core.stock.StockLedger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Invariants of smart order routing over random order traffic on small random networks, driven
 * through the business logic directly (see {@link CheckedRun} for what is checked after every
 * command). The engine-level replay property is in {@link OrderReplayProperties}.
 */
class OrderRoutingProperties
{
    /**
     * After every command: each position reserves exactly what the open orders hold there (by an
     * independent model and by the order book), never more than it has on hand; availability is
     * never negative and its tier sums stay in step; every lifecycle command gets the reason the
     * model predicts; routes obey the default rules (whole lines, split limits, radius,
     * capabilities, pickup store) and ship a regular order whole from the nearest store that can.
     */
    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
    void positionsReserveExactlyWhatOpenOrdersHold(@ForAll("scenarios") final Scenario scenario)
    {
        final CheckedRun run = CheckedRun.fresh(scenario, true);
        run.runAll();
        Statistics.label("routed").collect(run.seen.containsKey("Route:OK"));
        Statistics.label("fulfilled").collect(run.seen.containsKey("Fulfil:OK"));
        Statistics.label("rejected and re-routed").collect(run.seen.containsKey("Reject:rerouted=true"));
        Statistics.label("expired").collect(run.seen.containsKey("Expired"));
        // The traffic must reach the interesting transitions (thresholds well below what is typical).
        Statistics.label("routed").coverage(c -> c.check(true).percentage(p -> p > 50));
        Statistics.label("fulfilled").coverage(c -> c.check(true).percentage(p -> p > 2));
        Statistics.label("rejected and re-routed").coverage(c -> c.check(true).percentage(p -> p > 2));
        Statistics.label("expired").coverage(c -> c.check(true).percentage(p -> p > 8));
    }

    /**
     * Cancel and expiry give back exactly what the order held at each position (checked at every
     * cancel and expiry); and once every order is cancelled or expired, every position is back to
     * its stock before the first order, with nothing reserved.
     */
    @Property(tries = 150, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
    void cancelAndExpiryRestoreExactly(@ForAll("holdScenarios") final Scenario generated)
    {
        final List<Op> ops = new ArrayList<>(generated.ops);
        for (int order = 0; order < 5; order++)
        {
            ops.add(new Cancel(order));
        }
        final Scenario scenario = new Scenario(generated.network, ops);
        final CheckedRun run = CheckedRun.fresh(scenario, true);
        final List<long[]> initial = positions(run.h.state.ledger());
        run.runAll();
        final StockLedger ledger = run.h.state.ledger();
        assertEquals(0, run.h.state.orders().openCount());
        final List<long[]> end = positions(ledger);
        assertEquals(initial.size(), end.size(), "no order left a position behind");
        for (int i = 0; i < initial.size(); i++)
        {
            assertEquals(List.of(initial.get(i)[0], initial.get(i)[1], initial.get(i)[2], 0L, initial.get(i)[4]),
                List.of(end.get(i)[0], end.get(i)[1], end.get(i)[2], end.get(i)[3], end.get(i)[4]),
                "position " + end.get(i)[0] + "/" + end.get(i)[1] + " (location, sku, on hand, reserved, available)");
        }
        Statistics.label("cancelled").collect(run.seen.getOrDefault("Cancel:OK", 0) > 0);
        Statistics.label("expired").collect(run.seen.containsKey("Expired"));
        Statistics.label("cancelled").coverage(c -> c.check(true).percentage(p -> p > 40));
        Statistics.label("expired").coverage(c -> c.check(true).percentage(p -> p > 15));
    }

    /** {location, sku, on hand, reserved, available} per position, in slot order. */
    private static List<long[]> positions(final StockLedger ledger)
    {
        final List<long[]> list = new ArrayList<>();
        for (int slot = 0; slot < ledger.size(); slot++)
        {
            list.add(new long[] {ledger.location(slot), ledger.sku(slot), ledger.onHand(slot), ledger.reserved(slot),
                ledger.available(slot)});
        }
        return list;
    }

    /**
     * Routing is a function of state and policy: two fresh engines fed the same commands give
     * identical results (allocations, candidates, reasons) and checksums after every command; an
     * engine loaded mid-way from a snapshot of the state continues identically; and (checked in
     * {@link CheckedRun}) a promise query right before each route returns what the route holds.
     */
    @Property(tries = 150, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
    void routingIsADeterministicFunctionOfStateAndPolicy(
        @ForAll("scenarios") final Scenario scenario, @ForAll @IntRange(min = 0, max = 100) final int cutPercent)
        throws IOException
    {
        final int cut = scenario.steps.size() * cutPercent / 100;
        final CheckedRun a = CheckedRun.fresh(scenario, true);
        a.run(0, cut);
        final byte[] snapshot = snapshot(a);
        final int resultsAtCut = a.results.size();
        a.run(cut, scenario.steps.size());

        final CheckedRun b = CheckedRun.fresh(scenario, false);
        b.runAll();
        final Trace ta = a.trace();
        final Trace tb = b.trace();
        assertEquals(ta.results().size(), tb.results().size());
        for (int i = 0; i < ta.results().size(); i++)
        {
            assertEquals(ta.results().get(i), tb.results().get(i), "result " + i);
        }
        assertEquals(ta.checksums(), tb.checksums());

        final ProcessorHarness loaded = CheckedRun.harness();
        loaded.state.readFrom(new DataInputStream(new ByteArrayInputStream(snapshot)), SnapshotStore.FORMAT_VERSION);
        final CheckedRun c = new CheckedRun(scenario, loaded, false);
        c.run(cut, scenario.steps.size());
        final List<CommandResult> afterCut = ta.results().subList(resultsAtCut, ta.results().size());
        for (int i = 0; i < afterCut.size(); i++)
        {
            assertEquals(afterCut.get(i), c.results.get(i), "result " + i + " after loading the snapshot");
        }
        assertEquals(ta.checksums().subList(cut, ta.checksums().size()), c.checksums);
    }

    private static byte[] snapshot(final CheckedRun run) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes))
        {
            run.h.state.writeTo(out);
        }
        return bytes.toByteArray();
    }

    // ---- generators ----

    @Provide
    Arbitrary<Scenario> scenarios()
    {
        return Combinators.combine(networks(), sequences(ops())).as(Scenario::new);
    }

    /** Order traffic without fulfilment or receipts: holds come and go, stock never moves. */
    @Provide
    Arbitrary<Scenario> holdScenarios()
    {
        final Arbitrary<Op> op = Arbitraries.frequencyOf(
            Tuple.of(10, routes()),
            Tuple.of(3, orderIndex().map(Confirm::new)),
            Tuple.of(4, orderIndex().map(Cancel::new)),
            Tuple.of(2, extends_()),
            Tuple.of(3, rejects()),
            Tuple.of(5, advances()),
            Tuple.of(1, capacities()));
        return Combinators.combine(networks(), sequences(op)).as(Scenario::new);
    }

    /** 10 to 40 commands, lengths spread evenly (jqwik favours short lists otherwise). */
    private static Arbitrary<List<Op>> sequences(final Arbitrary<Op> op)
    {
        return op.list().ofMinSize(10).ofMaxSize(40).withSizeDistribution(RandomDistribution.uniform());
    }

    static Arbitrary<Network> networks()
    {
        final Arbitrary<Integer> capacity = Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 2)));
        final Arbitrary<Integer> near = Arbitraries.integers().between(-4_000, 4_000);
        final Arbitrary<Site> store = Combinators.combine(
            Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(Capabilities.ALL)),
                Tuple.of(2, Arbitraries.integers().between(0, Capabilities.ALL))),
            near, near, capacity).as((caps, n, e, cap) -> new Site(Tier.STORE, caps, n, e, cap));
        final Arbitrary<Site> front = Combinators.combine(
            Arbitraries.of(Capabilities.INSTANT_DELIVERY, Capabilities.INSTANT_DELIVERY | Capabilities.PICKUP),
            near, near, capacity).as((caps, n, e, cap) -> new Site(Tier.FRONT_WAREHOUSE, caps, n, e, cap));
        final Arbitrary<Integer> far = Arbitraries.integers().between(-30_000, 30_000);
        final Arbitrary<Site> warehouse = Combinators.combine(far, far)
            .as((n, e) -> new Site(Tier.WAREHOUSE, Capabilities.SHIPS_PARCELS, n, e, 0));
        final Arbitrary<List<Site>> sites = Combinators.combine(
            store.list().ofMinSize(1).ofMaxSize(4), front.list().ofMaxSize(2), warehouse.list().ofMaxSize(1))
            .as((s, f, w) ->
            {
                final List<Site> all = new ArrayList<>(s);
                all.addAll(f);
                all.addAll(w);
                return all;
            });
        final Arbitrary<Integer> quantity = Arbitraries.frequencyOf(
            Tuple.of(2, Arbitraries.just(0)), Tuple.of(5, Arbitraries.integers().between(1, 6)));
        final Arbitrary<Integer> skus = Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(2)), Tuple.of(4, Arbitraries.just(3)));
        return Combinators.combine(sites, skus, quantity.list().ofSize(21))
            .as(Network::new);
    }

    static Arbitrary<Op> ops()
    {
        return Arbitraries.frequencyOf(
            Tuple.of(12, routes()),
            Tuple.of(7, orderIndex().map(Confirm::new)),
            Tuple.of(2, orderIndex().map(Cancel::new)),
            Tuple.of(2, extends_()),
            Tuple.of(4, Combinators.combine(orderIndex(), heldOrAnySite()).as(Fulfil::new)),
            Tuple.of(3, rejects()),
            Tuple.of(3, advances()),
            Tuple.of(1, Combinators.combine(siteIndex(), skuIndex(), Arbitraries.longs().between(1, 5))
                .as(Receive::new)),
            Tuple.of(1, Combinators.combine(siteIndex(), skuIndex(), Arbitraries.longs().between(0, 2))
                .as(SafetyStock::new)),
            Tuple.of(1, capacities()));
    }

    /** Routes use orders 0..3; lifecycle commands 0..4, and 4 is never routed (an unknown order). */
    private static Arbitrary<Integer> orderIndex()
    {
        return Arbitraries.frequencyOf(Tuple.of(8, routedOrderIndex()), Tuple.of(1, Arbitraries.just(4)));
    }

    private static Arbitrary<Integer> routedOrderIndex()
    {
        return Arbitraries.integers().between(0, 3);
    }

    /** Sites 0..6 may exist (stores first, so low indices mostly do); 7 never does. */
    private static Arbitrary<Integer> siteIndex()
    {
        return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.integers().between(0, 2)),
            Tuple.of(3, Arbitraries.integers().between(3, 6)), Tuple.of(1, Arbitraries.just(7)));
    }

    /** Mostly a location the order holds stock at (resolved when the step runs), else any site. */
    private static Arbitrary<Integer> heldOrAnySite()
    {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(Scenario.HELD_SITE)), Tuple.of(1, siteIndex()));
    }

    /** Networks have 2 or 3 SKUs (mostly 3): 2 is unknown in some networks, 3 in all. */
    private static Arbitrary<Integer> skuIndex()
    {
        return Arbitraries.frequencyOf(Tuple.of(40, Arbitraries.integers().between(0, 2)),
            Tuple.of(1, Arbitraries.just(3)));
    }

    private static Arbitrary<Op> rejects()
    {
        return Combinators.combine(orderIndex(), heldOrAnySite()).as(Reject::new);
    }

    private static Arbitrary<Op> extends_()
    {
        return Combinators.combine(orderIndex(), Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.longs().between(1_000, 120_000)), Tuple.of(1, Arbitraries.just(0L))))
            .as(Extend::new);
    }

    private static Arbitrary<Op> advances()
    {
        return Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.longs().between(1, 30_000)),
            Tuple.of(3, Arbitraries.longs().between(50_000, 400_000)),
            Tuple.of(1, Arbitraries.just(3_600_000L))).map(Advance::new);
    }

    private static Arbitrary<Op> capacities()
    {
        return Combinators.combine(siteIndex(), Arbitraries.integers().between(0, 2)).as(Capacity::new);
    }

    static Arbitrary<Op> routes()
    {
        final Arbitrary<int[]> destination = Combinators.combine(
            Arbitraries.integers().between(-3_000, 3_000), Arbitraries.integers().between(-3_000, 3_000))
            .as((n, e) -> new int[] {n, e});
        // Pickup orders name a site, mostly one that exists; other orders mostly name none.
        final Arbitrary<Integer> namedPickup = Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(-1)), Tuple.of(12, siteIndex()));
        final Arbitrary<Integer> noPickup = Arbitraries.frequencyOf(
            Tuple.of(12, Arbitraries.just(-1)), Tuple.of(1, siteIndex()));
        final Arbitrary<Tuple.Tuple2<FulfilmentType, Integer>> typeAndPickup = Arbitraries.of(FulfilmentType.values())
            .flatMap(type -> (type == FulfilmentType.PICKUP || type == FulfilmentType.SCHEDULED ? namedPickup :
                noPickup).map(site -> Tuple.of(type, site)));
        final Arbitrary<Integer> flags = Arbitraries.frequencyOf(
            Tuple.of(12, Arbitraries.just(0)),
            Tuple.of(4, Arbitraries.just(Order.ALLOW_PARTIAL)),
            Tuple.of(4, Arbitraries.just(Order.ALLOW_ALTERNATIVE_PICKUP)),
            Tuple.of(2, Arbitraries.just(Order.ALL_FLAGS)),
            Tuple.of(1, Arbitraries.just(1 << 3)));
        final Arbitrary<Line> line = Combinators.combine(skuIndex(), Arbitraries.frequencyOf(
                Tuple.of(25, Arbitraries.longs().between(1, 3)), Tuple.of(1, Arbitraries.just(0L))))
            .as(Line::new);
        final Arbitrary<List<Line>> lines = Arbitraries.frequencyOf(
            Tuple.of(30, line.list().ofMinSize(1).ofMaxSize(3).uniqueElements(Line::sku)),
            Tuple.of(1, line.list().ofSize(2)),
            Tuple.of(1, Arbitraries.just(List.<Line>of())));
        final Arbitrary<int[]> channelAndPromise = Combinators.combine(
            Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just(0)), Tuple.of(6, Arbitraries.just(1)),
                Tuple.of(1, Arbitraries.just(2))),
            Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(20, 180))))
            .as((channel, promise) -> new int[] {channel, promise});
        return Combinators.combine(routedOrderIndex(), typeAndPickup, destination, flags, lines, channelAndPromise)
            .as((order, tp, dest, flag, ls, cp) ->
                new Route(order, tp.get1(), dest[0], dest[1], tp.get2(), flag, ls, cp[0], cp[1]));
    }
}

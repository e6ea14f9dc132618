package io.omnistock.core.routing;

import io.omnistock.api.Allocation;
import io.omnistock.api.Candidate;
import io.omnistock.api.Capabilities;
import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandType;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Limits;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.RoutingReason;
import io.omnistock.api.Tier;
import io.omnistock.core.routing.Scenario.Advance;
import io.omnistock.core.routing.Scenario.Cancel;
import io.omnistock.core.routing.Scenario.Capacity;
import io.omnistock.core.routing.Scenario.Confirm;
import io.omnistock.core.routing.Scenario.Extend;
import io.omnistock.core.routing.Scenario.Fulfil;
import io.omnistock.core.routing.Scenario.Receive;
import io.omnistock.core.routing.Scenario.Reject;
import io.omnistock.core.routing.Scenario.Route;
import io.omnistock.core.routing.Scenario.SafetyStock;
import io.omnistock.core.routing.Scenario.Site;
import io.omnistock.core.routing.Scenario.Step;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.ProcessorHarness;
import io.omnistock.core.order.OrderBook;
import io.omnistock.core.stock.StockLedger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a {@link Scenario} through the business logic, optionally checking every step against a
 * model of what each open order holds where, and records a trace (every result, and the state
 * checksum after every step) for comparing runs.
 */
final class CheckedRun
{
    /** What a run produced: every result in order (queries included) and the checksum after each step. */
    record Trace(List<CommandResult> results, List<Long> checksums, List<Integer> expiredPerStep)
    {
    }

    /** An open order as the model sees it. */
    private static final class ModelOrder
    {
        final long id;
        final int channel;
        OrderState state = OrderState.HELD;
        long expiresAt;
        final List<Allocation> allocations = new ArrayList<>();
        final Set<Integer> rejectedAt = new HashSet<>();

        ModelOrder(final long id, final int channel, final long expiresAt)
        {
            this.id = id;
            this.channel = channel;
            this.expiresAt = expiresAt;
        }

        long heldAt(final long position)
        {
            long sum = 0;
            for (final Allocation a : allocations)
            {
                if (key(a.location(), a.sku()) == position)
                {
                    sum += a.quantity();
                }
            }
            return sum;
        }
    }

    final Scenario scenario;
    final ProcessorHarness h;
    private final boolean check;
    private final Map<Long, ModelOrder> open = new TreeMap<>();
    private final Map<Long, Long> onHand = new HashMap<>();
    final List<CommandResult> results = new ArrayList<>();
    final List<Long> checksums = new ArrayList<>();
    /** The command each step run sent (null for expiry), with held-site fulfils and rejects resolved. */
    final List<Command> issued = new ArrayList<>();
    /** The site the current step's held-site fulfil or reject resolved to (-1 otherwise). */
    private int resolvedSite = -1;
    final List<Integer> expiredPerStep = new ArrayList<>();
    /** Lifecycle outcomes seen, so properties can tell the sequences were not all trivial. */
    final Map<String, Integer> seen = new TreeMap<>();

    CheckedRun(final Scenario scenario, final ProcessorHarness harness, final boolean check)
    {
        this.scenario = scenario;
        this.h = harness;
        this.check = check;
    }

    /** The harness the routing tests run in: an idempotency window wider than any scenario. */
    static ProcessorHarness harness()
    {
        return new ProcessorHarness(new EngineState(64, 16, 4_096));
    }

    static CheckedRun fresh(final Scenario scenario, final boolean check)
    {
        final CheckedRun run = new CheckedRun(scenario, harness(), check);
        run.setup();
        return run;
    }

    Trace trace()
    {
        return new Trace(List.copyOf(results), List.copyOf(checksums), List.copyOf(expiredPerStep));
    }

    private static long key(final int location, final int sku)
    {
        return ((long)location << 32) | (sku & 0xFFFF_FFFFL);
    }

    void setup()
    {
        for (final Command command : scenario.setup)
        {
            final CommandResult r = h.run(command);
            assertEquals(ReasonCode.OK, r.reason(), () -> "setup " + r);
            if (r.type() == CommandType.RECEIVE)
            {
                onHand.merge(key(r.location(), r.sku()), r.onHand(), (a, b) -> b);
            }
        }
        for (int s = 0; s < scenario.siteCount(); s++)
        {
            assertEquals("L-" + s, h.state.locations().code(s), "location ids are dense");
        }
        if (check)
        {
            checkState("setup");
        }
    }

    /** Runs steps [from, to). */
    void run(final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            final Step step = scenario.steps.get(i);
            h.now = step.now();
            final int openBefore = h.state.orders().openCount();
            if (step.op() instanceof Advance)
            {
                issued.add(null);
            }
            if (check)
            {
                checked(i, step);
            }
            else if (step.op() instanceof Advance)
            {
                results.add(h.timer());
            }
            else
            {
                if (step.promiseQuery() != null)
                {
                    results.add(h.run(step.promiseQuery()));
                }
                results.add(h.run(issue(step)));
            }
            expiredPerStep.add(step.op() instanceof Advance ? openBefore - h.state.orders().openCount() : 0);
            checksums.add(h.state.checksum());
        }
    }

    void runAll()
    {
        run(0, scenario.steps.size());
    }

    /**
     * The step's command; a fulfil or reject at {@link Scenario#HELD_SITE} goes to the location of
     * the order's first allocation (location 0 when it holds nothing or is not open).
     */
    private Command issue(final Step step)
    {
        int order = -1;
        if (step.op() instanceof Fulfil f && f.site() == Scenario.HELD_SITE)
        {
            order = f.order();
        }
        else if (step.op() instanceof Reject r && r.site() == Scenario.HELD_SITE)
        {
            order = r.order();
        }
        int site = -1;
        if (order >= 0)
        {
            final OrderBook book = h.state.orders();
            final int e = book.find(Scenario.orderId(order));
            final int a = e < 0 ? -1 : book.firstAllocation(e);
            site = a < 0 ? 0 : h.state.ledger().location(book.allocationSlot(a));
        }
        resolvedSite = site;
        final Command command = scenario.command(step, site);
        issued.add(command);
        return command;
    }

    private int siteOf(final int literal)
    {
        return literal == Scenario.HELD_SITE ? resolvedSite : literal;
    }

    // ---- the checked path ----

    private void checked(final int index, final Step step)
    {
        final String where = "step #" + index + " " + step.op();
        final Map<Long, long[]> before = positions();
        if (step.op() instanceof Route r)
        {
            route(where, step, r, before);
        }
        else if (step.op() instanceof Advance)
        {
            expire(where, before);
        }
        else
        {
            final CommandResult result = h.run(issue(step));
            results.add(result);
            count(step.op().getClass().getSimpleName() + ":" + result.reason());
            lifecycle(where, step, result, before);
        }
        checkState(where);
    }

    private void count(final String outcome)
    {
        seen.merge(outcome, 1, Integer::sum);
    }

    private void route(final String where, final Step step, final Route op, final Map<Long, long[]> before)
    {
        final Order order = step.order();
        final Set<Integer> hadCapacity = new HashSet<>();
        for (int s = 0; s < scenario.siteCount(); s++)
        {
            if (h.state.locations().hasCapacity(s, h.now))
            {
                hadCapacity.add(s);
            }
        }
        final long checksumBefore = h.state.checksum();
        final CommandResult quote = h.run(step.promiseQuery());
        results.add(quote);
        assertEquals(checksumBefore, h.state.checksum(), where + ": a promise query changed the state");
        assertEquals(0, quote.sequence(), where);
        final CommandResult r = h.run(issue(step));
        results.add(r);
        count("Route:" + r.reason());

        final ReasonCode shape = expectedShapeError(order);
        if (open.containsKey(order.orderId()))
        {
            assertEquals(ReasonCode.DUPLICATE_ORDER, r.reason(), where);
            assertEquals(shape == null ? quote.reason() : shape, quote.reason(), where);
            return;
        }
        if (shape != null)
        {
            assertEquals(shape, r.reason(), where);
            assertEquals(shape, quote.reason(), where);
            assertTrue(r.allocations().isEmpty(), where);
            return;
        }
        assertTrue(r.reason() == ReasonCode.OK || r.reason() == ReasonCode.NO_ROUTE, where + ": " + r);
        // The promise is exactly what the route then holds, and explained the same way.
        assertEquals(r.reason(), quote.reason(), where + " quote");
        assertEquals(r.allocations(), quote.allocations(), where + " quote");
        assertEquals(r.unfilledLines(), quote.unfilledLines(), where + " quote");
        assertEquals(r.candidates(), quote.candidates(), where + " quote");

        final Set<Integer> lines = new HashSet<>();
        for (int i = 0; i < order.lines().size(); i++)
        {
            lines.add(i);
        }
        if (r.reason() == ReasonCode.NO_ROUTE)
        {
            assertTrue(r.allocations().isEmpty(), where);
            assertEquals(lines, new HashSet<>(r.unfilledLines()), where + ": every line unfilled");
            regularOracle(where, order, before, hadCapacity, null);
            return;
        }
        final Set<Integer> allocated = new HashSet<>();
        final Set<Integer> locations = new HashSet<>();
        for (final Allocation a : r.allocations())
        {
            assertTrue(allocated.add(a.line()), where + ": line " + a.line() + " allocated twice");
            final OrderLine line = order.lines().get(a.line());
            assertEquals(line.sku(), a.sku(), where);
            assertEquals(line.quantity(), a.quantity(), where + ": lines are held whole");
            final long[] p = before.get(key(a.location(), a.sku()));
            assertTrue(p != null && p[3] >= a.quantity(), where + ": " + a + " exceeds what was available " +
                (p == null ? "(no position)" : p[3]));
            locations.add(a.location());
            assertEquals(RoutingReason.SELECTED, verdict(r, a.location()), where + ": allocated but not selected");
            allowedByRules(where, order, a.location(), r);
        }
        for (final int u : r.unfilledLines())
        {
            assertFalse(allocated.contains(u), where + ": line " + u + " both allocated and unfilled");
            allocated.add(u);
        }
        assertEquals(lines, allocated, where + ": every line is allocated or unfilled");
        assertFalse(r.allocations().isEmpty(), where + ": an accepted order holds something");
        if ((order.flags() & Order.ALLOW_PARTIAL) == 0)
        {
            assertTrue(r.unfilledLines().isEmpty(), where + ": partial fill without ALLOW_PARTIAL");
        }
        assertTrue(locations.size() <= 3, where + ": split beyond the policy");
        if (order.type() == FulfilmentType.INSTANT || byPickup(order))
        {
            assertEquals(1, locations.size(), where + ": instant and pickup orders never split");
        }
        assertEquals(OrderState.HELD, r.orderState(), where);
        assertEquals(step.now() + Scenario.CHANNEL_TTL[order.channel()], r.expiresAt(), where);
        regularOracle(where, order, before, hadCapacity, r);

        final ModelOrder m = new ModelOrder(order.orderId(), order.channel(), r.expiresAt());
        m.allocations.addAll(r.allocations());
        open.put(m.id, m);
    }

    private static boolean byPickup(final Order order)
    {
        return order.pickupLocation() >= 0 &&
            (order.type() == FulfilmentType.PICKUP || order.type() == FulfilmentType.SCHEDULED);
    }

    private static RoutingReason verdict(final CommandResult r, final int location)
    {
        for (final Candidate c : r.candidates())
        {
            if (c.location() == location)
            {
                return c.reason();
            }
        }
        return null;
    }

    private static long distance(final CommandResult r, final int location)
    {
        for (final Candidate c : r.candidates())
        {
            if (c.location() == location)
            {
                return c.distanceMeters();
            }
        }
        return -1;
    }

    /** The default policy's hard rules for a chosen location. */
    private void allowedByRules(final String where, final Order order, final int location, final CommandResult r)
    {
        final Site site = scenario.network.sites().get(location);
        final int caps = site.capabilities();
        if (byPickup(order))
        {
            if ((order.flags() & Order.ALLOW_ALTERNATIVE_PICKUP) == 0 || location == order.pickupLocation())
            {
                assertEquals(order.pickupLocation(), location, where + ": not the named pickup store");
                assertTrue(Capabilities.has(caps, Capabilities.PICKUP), where);
            }
            else
            {
                assertEquals(Tier.STORE, site.tier(), where);
                assertTrue(Capabilities.has(caps, Capabilities.PICKUP), where);
                assertTrue(distance(r, location) <= 5_000, where);
            }
        }
        else if (order.type() == FulfilmentType.INSTANT)
        {
            assertNotEquals(Tier.WAREHOUSE, site.tier(), where);
            assertTrue(Capabilities.has(caps, Capabilities.INSTANT_DELIVERY), where);
            assertTrue(distance(r, location) <= 3_000, where + ": instant beyond 3 km");
        }
        else
        {
            assertNotEquals(Tier.FRONT_WAREHOUSE, site.tier(), where);
            assertTrue(Capabilities.has(caps, Capabilities.SHIPS_PARCELS), where);
        }
    }

    /**
     * Regular parcels: when some store that ships parcels (and has capacity this hour) can fill every
     * line, the order must be shipped whole from the nearest such store.
     */
    private void regularOracle(final String where, final Order order, final Map<Long, long[]> before,
        final Set<Integer> hadCapacity, final CommandResult r)
    {
        if (order.type() != FulfilmentType.REGULAR && !(order.type() == FulfilmentType.SCHEDULED && !byPickup(order)))
        {
            return;
        }
        int nearest = -1;
        double nearestMetres = Double.MAX_VALUE;
        final Set<Integer> qualifying = new HashSet<>();
        for (int s = 0; s < scenario.siteCount(); s++)
        {
            final Site site = scenario.network.sites().get(s);
            if (site.tier() != Tier.STORE || !Capabilities.has(site.capabilities(), Capabilities.SHIPS_PARCELS) ||
                !hadCapacity.contains(s))
            {
                continue;
            }
            boolean all = true;
            for (final OrderLine line : order.lines())
            {
                final long[] p = before.get(key(s, line.sku()));
                all &= p != null && p[3] >= line.quantity();
            }
            if (all)
            {
                qualifying.add(s);
                final double d = metres(order.latMicros(), order.lonMicros(), site.lat(), site.lon());
                if (d < nearestMetres)
                {
                    nearestMetres = d;
                    nearest = s;
                }
            }
        }
        if (nearest < 0)
        {
            return;
        }
        assertTrue(r != null, where + ": store " + nearest + " could ship the whole order, yet NO_ROUTE");
        final Set<Integer> locations = new HashSet<>();
        r.allocations().forEach(a -> locations.add(a.location()));
        assertEquals(1, locations.size(), where + ": a store could ship it whole, yet split " + r.allocations());
        final int chosen = locations.iterator().next();
        assertTrue(qualifying.contains(chosen), where + ": shipped from " + chosen + ", not a qualifying store");
        final Site site = scenario.network.sites().get(chosen);
        assertTrue(metres(order.latMicros(), order.lonMicros(), site.lat(), site.lon()) <= nearestMetres + 10,
            where + ": store " + chosen + " chosen over the nearer store " + nearest);
    }

    private static double metres(final int lat1, final int lon1, final int lat2, final int lon2)
    {
        final double north = (lat2 - lat1) * 0.111_195;
        final double east = (lon2 - lon1) * 0.111_195 * Math.cos(Math.toRadians((lat1 + lat2) / 2e6));
        return Math.hypot(north, east);
    }

    /** validateOrder's checks, in its order; null when the order is well formed. */
    private ReasonCode expectedShapeError(final Order order)
    {
        if (order.channel() < 0 || order.channel() >= Scenario.CHANNEL_TTL.length)
        {
            return ReasonCode.UNKNOWN_CHANNEL;
        }
        if ((order.flags() & ~Order.ALL_FLAGS) != 0)
        {
            return ReasonCode.INVALID_ORDER_FLAGS;
        }
        if (order.lines().isEmpty())
        {
            return ReasonCode.NO_LINES;
        }
        for (int i = 0; i < order.lines().size(); i++)
        {
            final OrderLine line = order.lines().get(i);
            if (line.sku() < 0 || line.sku() >= scenario.network.skuCount())
            {
                return ReasonCode.UNKNOWN_SKU;
            }
            if (line.quantity() <= 0)
            {
                return ReasonCode.INVALID_QUANTITY;
            }
            for (int j = 0; j < i; j++)
            {
                if (order.lines().get(j).sku() == line.sku())
                {
                    return ReasonCode.DUPLICATE_LINE_SKU;
                }
            }
        }
        final boolean known = order.pickupLocation() >= 0 && order.pickupLocation() < scenario.siteCount();
        if (order.type() == FulfilmentType.PICKUP && !known)
        {
            return ReasonCode.PICKUP_STORE_REQUIRED;
        }
        if (order.type() != FulfilmentType.PICKUP && order.pickupLocation() >= 0 && !known)
        {
            return ReasonCode.UNKNOWN_LOCATION;
        }
        return null;
    }

    private void lifecycle(final String where, final Step step, final CommandResult r, final Map<Long, long[]> before)
    {
        if (step.op() instanceof Confirm c)
        {
            final ModelOrder m = open.get(Scenario.orderId(c.order()));
            assertEquals(m == null ? ReasonCode.UNKNOWN_ORDER :
                m.state == OrderState.HELD ? ReasonCode.OK : ReasonCode.ORDER_NOT_HELD, r.reason(), where);
            if (r.reason() == ReasonCode.OK)
            {
                m.state = OrderState.CONFIRMED;
                m.expiresAt = 0;
                assertEquals(OrderState.CONFIRMED, r.orderState(), where);
            }
        }
        else if (step.op() instanceof Extend e)
        {
            final ModelOrder m = open.get(Scenario.orderId(e.order()));
            final ReasonCode expected = m == null ? ReasonCode.UNKNOWN_ORDER :
                e.millis() <= 0 || e.millis() > Limits.MAX_HOLD_MILLIS ? ReasonCode.INVALID_EXTENSION :
                m.state != OrderState.HELD ? ReasonCode.ORDER_NOT_HELD : ReasonCode.OK;
            assertEquals(expected, r.reason(), where);
            if (expected == ReasonCode.OK)
            {
                m.expiresAt += e.millis();
                assertEquals(m.expiresAt, r.expiresAt(), where);
            }
        }
        else if (step.op() instanceof Cancel c)
        {
            final ModelOrder m = open.remove(Scenario.orderId(c.order()));
            assertEquals(m == null ? ReasonCode.UNKNOWN_ORDER : ReasonCode.OK, r.reason(), where);
            if (m != null)
            {
                assertEquals(OrderState.CANCELLED, r.orderState(), where);
                assertRestored(where, before, List.of(m));
            }
        }
        else if (step.op() instanceof Fulfil f)
        {
            fulfil(where, f.order(), siteOf(f.site()), r, before);
        }
        else if (step.op() instanceof Reject j)
        {
            reject(where, j.order(), siteOf(j.site()), r, before);
        }
        else if (step.op() instanceof Receive v)
        {
            final boolean valid = v.site() < scenario.siteCount() && v.sku() < scenario.network.skuCount();
            assertEquals(valid ? ReasonCode.OK : v.site() < scenario.siteCount() ? ReasonCode.UNKNOWN_SKU :
                ReasonCode.UNKNOWN_LOCATION, r.reason(), where);
            if (valid)
            {
                onHand.merge(key(v.site(), v.sku()), v.quantity(), Long::sum);
            }
        }
        else if (step.op() instanceof SafetyStock s)
        {
            final boolean valid = s.site() < scenario.siteCount() && s.sku() < scenario.network.skuCount();
            assertEquals(valid, r.reason() == ReasonCode.OK, where + ": " + r.reason());
        }
        else if (step.op() instanceof Capacity c)
        {
            assertEquals(c.site() < scenario.siteCount() ? ReasonCode.OK : ReasonCode.UNKNOWN_LOCATION, r.reason(),
                where);
        }
    }

    private void fulfil(final String where, final int order, final int site, final CommandResult r,
        final Map<Long, long[]> before)
    {
        final ModelOrder m = open.get(Scenario.orderId(order));
        final boolean known = site < scenario.siteCount();
        final List<Allocation> here = m == null ? List.of() :
            m.allocations.stream().filter(a -> a.location() == site).toList();
        final ReasonCode expected = m == null ? ReasonCode.UNKNOWN_ORDER : !known ? ReasonCode.UNKNOWN_LOCATION :
            m.state != OrderState.CONFIRMED ? ReasonCode.ORDER_NOT_CONFIRMED :
            here.isEmpty() ? ReasonCode.NOTHING_ALLOCATED_HERE : ReasonCode.OK;
        assertEquals(expected, r.reason(), where);
        if (expected != ReasonCode.OK)
        {
            return;
        }
        assertEquals(sorted(here), sorted(r.allocations()), where + ": what was handed over");
        m.allocations.removeAll(here);
        for (final Allocation a : here)
        {
            final long position = key(a.location(), a.sku());
            onHand.merge(position, -a.quantity(), Long::sum);
            final long[] p = before.get(position);
            final long[] after = position(position);
            assertEquals(p[0] - a.quantity(), after[0], where + ": on hand after fulfilment");
            assertEquals(p[1] - a.quantity(), after[1], where + ": reserved after fulfilment");
        }
        if (m.allocations.isEmpty())
        {
            open.remove(m.id);
            assertEquals(OrderState.FULFILLED, r.orderState(), where);
        }
        else
        {
            assertEquals(OrderState.CONFIRMED, r.orderState(), where);
        }
    }

    private void reject(final String where, final int order, final int site, final CommandResult r,
        final Map<Long, long[]> before)
    {
        final ModelOrder m = open.get(Scenario.orderId(order));
        final boolean known = site < scenario.siteCount();
        final List<Allocation> released = m == null ? List.of() :
            m.allocations.stream().filter(a -> a.location() == site).toList();
        final ReasonCode expected = m == null ? ReasonCode.UNKNOWN_ORDER : !known ? ReasonCode.UNKNOWN_LOCATION :
            released.isEmpty() ? ReasonCode.NOTHING_ALLOCATED_HERE : ReasonCode.OK;
        assertEquals(expected, r.reason(), where);
        if (expected != ReasonCode.OK)
        {
            return;
        }
        m.allocations.removeAll(released);
        m.rejectedAt.add(site);
        final Map<Integer, Allocation> releasedByLine = new HashMap<>();
        released.forEach(a -> releasedByLine.put(a.line(), a));
        final Set<Integer> accounted = new HashSet<>();
        for (final Allocation a : r.allocations())
        {
            final Allocation was = releasedByLine.get(a.line());
            assertTrue(was != null, where + ": re-routed a line that was not released: " + a);
            assertEquals(was.sku(), a.sku(), where);
            assertEquals(was.quantity(), a.quantity(), where);
            assertFalse(m.rejectedAt.contains(a.location()), where + ": routed back to a location that rejected it");
            final long[] p = before.get(key(a.location(), a.sku()));
            assertTrue(p != null && p[3] >= a.quantity(), where + ": " + a + " exceeds what was available");
            assertTrue(accounted.add(a.line()), where);
        }
        for (final int u : r.unfilledLines())
        {
            assertTrue(accounted.add(u), where + ": line " + u + " both re-routed and unfilled");
        }
        assertEquals(releasedByLine.keySet(), accounted, where + ": every released line re-routed or unfilled");
        m.allocations.addAll(r.allocations());
        assertEquals(m.state, r.orderState(), where);
        assertEquals(m.expiresAt, r.expiresAt(), where);
        count("Reject:rerouted=" + !r.allocations().isEmpty());
    }

    private void expire(final String where, final Map<Long, long[]> before)
    {
        final List<ModelOrder> due = new ArrayList<>();
        for (final ModelOrder m : open.values())
        {
            if (m.state == OrderState.HELD && m.expiresAt <= h.now)
            {
                due.add(m);
            }
        }
        final CommandResult r = h.timer();
        results.add(r);
        assertEquals(CommandType.EXPIRE_HOLDS, r.type(), where);
        assertEquals(ReasonCode.OK, r.reason(), where);
        due.forEach(m -> open.remove(m.id));
        if (!due.isEmpty())
        {
            count("Expired");
        }
        for (final ModelOrder m : due)
        {
            assertTrue(h.state.orders().find(m.id) < 0, where + ": order " + m.id + " is due but still open");
        }
        assertRestored(where, before, due);
        long next = Long.MAX_VALUE;
        for (final ModelOrder m : open.values())
        {
            if (m.state == OrderState.HELD)
            {
                next = Math.min(next, m.expiresAt);
            }
        }
        assertEquals(next, r.expiresAt(), where + ": the next expiry is the earliest unpaid hold's");
    }

    /** After closing orders: each position is back to exactly what it was, less what they held. */
    private void assertRestored(final String where, final Map<Long, long[]> before, final List<ModelOrder> closed)
    {
        final Map<Long, long[]> after = positions();
        for (final Map.Entry<Long, long[]> e : before.entrySet())
        {
            long held = 0;
            for (final ModelOrder m : closed)
            {
                held += m.heldAt(e.getKey());
            }
            final long[] a = after.get(e.getKey());
            assertEquals(e.getValue()[0], a[0], where + ": on hand moved when releasing");
            assertEquals(e.getValue()[1] - held, a[1], where + ": reserved not restored exactly at " +
                position(e.getKey())[4] + "/" + position(e.getKey())[5]);
        }
    }

    // ---- state ----

    /** Every position: {onHand, reserved, safety, available, location, sku}. */
    private Map<Long, long[]> positions()
    {
        final StockLedger ledger = h.state.ledger();
        final Map<Long, long[]> map = new HashMap<>();
        for (int slot = 0; slot < ledger.size(); slot++)
        {
            map.put(key(ledger.location(slot), ledger.sku(slot)), new long[] {ledger.onHand(slot),
                ledger.reserved(slot), ledger.safetyStock(slot), ledger.available(slot), ledger.location(slot),
                ledger.sku(slot)});
        }
        return map;
    }

    private long[] position(final long key)
    {
        final StockLedger ledger = h.state.ledger();
        final int slot = ledger.find((int)(key >>> 32), (int)key);
        return slot < 0 ? new long[] {0, 0, 0, 0, key >>> 32, (int)key} : new long[] {ledger.onHand(slot),
            ledger.reserved(slot), ledger.safetyStock(slot), ledger.available(slot), ledger.location(slot),
            ledger.sku(slot)};
    }

    /**
     * The invariants: every position reserves exactly what the open orders hold there (by the model
     * and by the order book), never more than it has on hand; availability is never negative and its
     * per-tier sums are in step; the open orders are the model's.
     */
    void checkState(final String where)
    {
        final EngineState state = h.state;
        final StockLedger ledger = state.ledger();
        final OrderBook book = state.orders();
        assertEquals(0, state.reservations().openCount(), where);

        final Map<Long, Long> modelHeld = new HashMap<>();
        final Map<Long, Long> bookHeld = new HashMap<>();
        assertEquals(open.size(), book.openCount(), where + ": open orders " + open.keySet());
        for (final ModelOrder m : open.values())
        {
            final int e = book.find(m.id);
            assertTrue(e >= 0, where + ": order " + m.id + " should be open");
            assertEquals(m.state, book.state(e), where + ": order " + m.id);
            if (m.state == OrderState.HELD)
            {
                assertEquals(m.expiresAt, book.expiresAt(e), where + ": order " + m.id + " expiry");
            }
            final List<Allocation> inBook = new ArrayList<>();
            for (int a = book.firstAllocation(e); a >= 0; a = book.nextAllocation(a))
            {
                final int slot = book.allocationSlot(a);
                assertTrue(book.allocationHeld(a) > 0, where);
                inBook.add(new Allocation(book.allocationLine(a), ledger.location(slot), ledger.sku(slot),
                    book.allocationHeld(a)));
                bookHeld.merge(key(ledger.location(slot), ledger.sku(slot)), book.allocationHeld(a), Long::sum);
            }
            assertEquals(sorted(m.allocations), sorted(inBook), where + ": order " + m.id + " allocations");
            m.allocations.forEach(a -> modelHeld.merge(key(a.location(), a.sku()), a.quantity(), Long::sum));
        }

        final long[][] tierSums = new long[scenario.network.skuCount()][Tier.COUNT];
        for (int slot = 0; slot < ledger.size(); slot++)
        {
            final int location = ledger.location(slot);
            final int sku = ledger.sku(slot);
            final long position = key(location, sku);
            final String at = where + ": position " + location + "/" + sku;
            final long reserved = ledger.reserved(slot);
            final long has = ledger.onHand(slot);
            assertEquals(modelHeld.getOrDefault(position, 0L), reserved, at + " reserved vs model");
            assertEquals(bookHeld.getOrDefault(position, 0L), reserved, at + " reserved vs order book");
            assertEquals(onHand.getOrDefault(position, 0L), has, at + " on hand vs model");
            assertTrue(reserved >= 0 && reserved <= has, at + " over-reserved: " + reserved + " > " + has);
            final long available = ledger.available(slot);
            assertTrue(available >= 0, at);
            assertEquals(Math.max(0, has - reserved - ledger.safetyStock(slot)), available, at + " available");
            tierSums[sku][state.locations().tierOrdinal(location)] += available;
        }
        for (final long position : modelHeld.keySet())
        {
            assertTrue(ledger.find((int)(position >>> 32), (int)position) >= 0, where + ": held without a position");
        }
        for (int sku = 0; sku < scenario.network.skuCount(); sku++)
        {
            for (int tier = 0; tier < Tier.COUNT; tier++)
            {
                assertEquals(tierSums[sku][tier], ledger.tierAvailable(sku, tier),
                    where + ": availability sum of SKU " + sku + " tier " + Tier.fromOrdinal(tier));
            }
        }
    }

    private static List<Allocation> sorted(final List<Allocation> list)
    {
        final List<Allocation> copy = new ArrayList<>(list);
        copy.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line()) :
            a.location() != b.location() ? Integer.compare(a.location(), b.location()) :
            Integer.compare(a.sku(), b.sku()));
        return copy;
    }
}

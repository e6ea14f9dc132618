package io.omnistock.core.routing;

import io.omnistock.api.Command;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.state.ProcessorHarness;

import java.util.ArrayList;
import java.util.List;

/**
 * A small random store network and a random sequence of order commands on it, compiled into
 * concrete engine commands. Indices in operations are mapped to ids here: an index past the
 * network's sites, SKUs or channels becomes an id nothing has, for the invalid cases.
 */
final class Scenario
{
    static final int CENTRE_LAT = 31_230_000;
    static final int CENTRE_LON = 121_470_000;
    static final long[] CHANNEL_TTL = {60_000, 300_000};
    static final int UNKNOWN_LOCATION = 99;
    static final int UNKNOWN_SKU = 77;
    static final int UNKNOWN_CHANNEL = 9;
    static final long FIRST_ORDER_ID = 500;

    record Site(Tier tier, int capabilities, int northMetres, int eastMetres, int ordersPerHour)
    {
        int lat()
        {
            return Scenario.lat(northMetres);
        }

        int lon()
        {
            return Scenario.lon(eastMetres);
        }
    }

    /** Sites, SKUs and the stock of each (site, SKU) position, site-major. */
    record Network(List<Site> sites, int skuCount, List<Integer> stock)
    {
        long stock(final int site, final int sku)
        {
            return stock.get((site * 3 + sku) % stock.size());
        }

        @Override
        public String toString()
        {
            final StringBuilder sb = new StringBuilder("Network[skus=").append(skuCount);
            for (int s = 0; s < sites.size(); s++)
            {
                sb.append("\n  ").append(s).append(": ").append(sites.get(s)).append(" stock=");
                for (int k = 0; k < skuCount; k++)
                {
                    sb.append(k == 0 ? "" : ",").append(stock(s, k));
                }
            }
            return sb.append(']').toString();
        }
    }

    // ---- operations ----

    sealed interface Op
    {
    }

    record Line(int sku, long quantity)
    {
    }

    /** Route (and first quote) order {@code order}; promiseMinutes 0 for no promise. */
    record Route(int order, FulfilmentType type, int northMetres, int eastMetres, int pickupSite, int flags,
        List<Line> lines, int channel, int promiseMinutes) implements Op
    {
    }

    record Confirm(int order) implements Op
    {
    }

    record Cancel(int order) implements Op
    {
    }

    record Extend(int order, long millis) implements Op
    {
    }

    record Fulfil(int order, int site) implements Op
    {
    }

    record Reject(int order, int site) implements Op
    {
    }

    /** Engine time moves on; the engine timer's EXPIRE_HOLDS follows at the new time. */
    record Advance(long millis) implements Op
    {
    }

    record Receive(int site, int sku, long quantity) implements Op
    {
    }

    record SafetyStock(int site, int sku, long quantity) implements Op
    {
    }

    record Capacity(int site, int ordersPerHour) implements Op
    {
    }

    // ---- compiled ----

    /**
     * One step: at engine time {@code now}, the command (null for an {@link Advance}, which is the
     * expiry signal, and for a fulfil or reject at a site the run resolves, see {@link #command})
     * and, for a route, the promise query sent right before it.
     */
    record Step(Op op, long now, long commandId, Command command, Command promiseQuery, Order order)
    {
    }

    /** Site -1 in {@link Fulfil} and {@link Reject}: a location the order holds stock at when the step runs. */
    static final int HELD_SITE = -1;

    /**
     * @param resolvedSite for a fulfil or reject at {@link #HELD_SITE}: the location the run picked.
     * @return the command of a step.
     */
    Command command(final Step step, final int resolvedSite)
    {
        if (step.op() instanceof Fulfil f && f.site() == HELD_SITE)
        {
            return Commands.fulfilOrder(step.commandId(), orderId(f.order()), resolvedSite);
        }
        if (step.op() instanceof Reject r && r.site() == HELD_SITE)
        {
            return Commands.rejectAllocation(step.commandId(), orderId(r.order()), resolvedSite);
        }
        return step.command();
    }

    final Network network;
    final List<Op> ops;
    final List<Command> setup = new ArrayList<>();
    final List<Step> steps = new ArrayList<>();
    private long commandId = 1;

    Scenario(final Network network, final List<Op> ops)
    {
        this.network = network;
        this.ops = ops;
        compile();
    }

    int siteCount()
    {
        return network.sites().size();
    }

    int locationId(final int site)
    {
        return site >= 0 && site < siteCount() ? site : UNKNOWN_LOCATION;
    }

    int skuId(final int sku)
    {
        return sku >= 0 && sku < network.skuCount() ? sku : UNKNOWN_SKU;
    }

    static long orderId(final int order)
    {
        return FIRST_ORDER_ID + order;
    }

    private void compile()
    {
        for (int c = 0; c < CHANNEL_TTL.length; c++)
        {
            setup.add(Commands.defineChannel(commandId++, "ch-" + c, CHANNEL_TTL[c]));
        }
        for (int k = 0; k < network.skuCount(); k++)
        {
            setup.add(Commands.defineSku(commandId++, "SKU-" + k, StockUnit.PIECE));
        }
        for (int s = 0; s < siteCount(); s++)
        {
            final Site site = network.sites().get(s);
            setup.add(Commands.defineLocation(commandId++, "L-" + s, site.tier(), site.lat(), site.lon(),
                site.capabilities()));
            if (site.ordersPerHour() > 0)
            {
                setup.add(Commands.configureLocation(commandId++, s, site.ordersPerHour(), 0, 0));
            }
            for (int k = 0; k < network.skuCount(); k++)
            {
                if (network.stock(s, k) > 0)
                {
                    setup.add(Commands.receive(commandId++, s, k, network.stock(s, k)));
                }
            }
        }
        long now = ProcessorHarness.START;
        for (final Op op : ops)
        {
            if (op instanceof Advance a)
            {
                now += a.millis();
                steps.add(new Step(op, now, 0, null, null, null));
                continue;
            }
            if (op instanceof Route r)
            {
                final List<OrderLine> lines = new ArrayList<>();
                for (final Line line : r.lines())
                {
                    lines.add(new OrderLine(skuId(line.sku()), line.quantity()));
                }
                final int channel = r.channel() < CHANNEL_TTL.length ? r.channel() : UNKNOWN_CHANNEL;
                final int pickup = r.pickupSite() < 0 ? -1 : locationId(r.pickupSite());
                final Order order = new Order(orderId(r.order()), channel, r.type(), lat(r.northMetres()),
                    lon(r.eastMetres()), pickup, 1_000 * r.order(),
                    r.promiseMinutes() == 0 ? 0 : now + r.promiseMinutes() * 60_000L, r.flags(), lines);
                final Command query = Commands.queryPromise(commandId++, order);
                final long id = commandId++;
                steps.add(new Step(op, now, id, Commands.routeOrder(id, order), query, order));
                continue;
            }
            final long id = commandId++;
            final Command command;
            if (op instanceof Confirm c)
            {
                command = Commands.confirmOrder(id, orderId(c.order()));
            }
            else if (op instanceof Cancel c)
            {
                command = Commands.cancelOrder(id, orderId(c.order()));
            }
            else if (op instanceof Extend e)
            {
                command = Commands.extendOrder(id, orderId(e.order()), e.millis());
            }
            else if (op instanceof Fulfil f)
            {
                command = f.site() == HELD_SITE ? null :
                    Commands.fulfilOrder(id, orderId(f.order()), locationId(f.site()));
            }
            else if (op instanceof Reject r)
            {
                command = r.site() == HELD_SITE ? null :
                    Commands.rejectAllocation(id, orderId(r.order()), locationId(r.site()));
            }
            else if (op instanceof Receive r)
            {
                command = Commands.receive(id, locationId(r.site()), skuId(r.sku()), r.quantity());
            }
            else if (op instanceof SafetyStock s)
            {
                command = Commands.setSafetyStock(id, locationId(s.site()), skuId(s.sku()), s.quantity());
            }
            else if (op instanceof Capacity c)
            {
                command = Commands.configureLocation(id, locationId(c.site()), c.ordersPerHour(), 0, 0);
            }
            else
            {
                throw new IllegalStateException("unknown op " + op);
            }
            steps.add(new Step(op, now, id, command, null, null));
        }
    }

    static int lat(final int northMetres)
    {
        return CENTRE_LAT + (int)Math.round(northMetres / 0.111_195);
    }

    static int lon(final int eastMetres)
    {
        return CENTRE_LON + (int)Math.round(eastMetres / (0.111_195 * Math.cos(Math.toRadians(31.23))));
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(network.toString());
        for (int i = 0; i < ops.size(); i++)
        {
            sb.append("\n  #").append(i).append(' ').append(ops.get(i));
        }
        return sb.toString();
    }
}

package io.omnistock.tools;

import io.omnistock.api.CommandType;
import io.omnistock.api.EventKind;
import io.omnistock.api.EventView;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.Tier;
import io.omnistock.core.journal.JournalRecord;
import io.omnistock.core.planning.DailySales;
import io.omnistock.core.planning.PlanningData;
import io.omnistock.forecast.Classification;
import io.omnistock.forecast.PositionClasses;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * Inventory KPIs over the journal's whole period, per location, per tier and for the network:
 * units sold, time-weighted average on hand, turnover, days of inventory, stock-outs (count and
 * duration), and the order line fill rate. Everything is computed from the journaled events, so it
 * is exactly what the engine decided. Stock figures are summed per stock unit (one row per
 * location and unit, per tier and unit...): grams of apples and pieces of milk are never added.
 * Then the positions' ABC and XYZ classes, computed as the daemon's forecast job computes them
 * ({@link PositionClasses}: sales value over the last 13 whole weeks among each location's positions,
 * from the POS lines' recorded amounts, else the SKU's unit price): per location and for the network,
 * each class's count of positions and share of sales value; {@code --classes} lists every position.
 */
@Command(name = "kpi", mixinStandardHelpOptions = true,
    description = "Turnover, days of inventory, stock-outs and fill rate per location and tier, per stock unit.")
final class KpiCommand implements Callable<Integer>
{
    private static final double DAY_MILLIS = 86_400_000.0;

    @Spec
    CommandSpec spec;

    @Option(names = "--journal", required = true, paramLabel = "DIR", description = JournalInput.OPTION_DESCRIPTION)
    Path journal;

    @Option(names = "--format", paramLabel = "csv|ndjson",
        description = "Machine-readable output instead of the tables: csv (with a header row) or ndjson.")
    Rows.Format format;

    @Option(names = "--classes",
        description = "Instead of the KPIs, every position's ABC and XYZ class with its sales value, cumulative share and CV.")
    boolean classes;

    /** The {@code --classes} columns: one row per position, in (location, SKU) order. */
    static final String[] CLASS_COLUMNS = {"location", "sku", "abc", "xyz", "sales_value", "cumulative_share", "cv"};

    /**
     * Machine-readable columns: {@code location}, {@code tier} and {@code network} rows of stock
     * figures per unit, then one {@code orders} row with the order line fill rate (a share, 0 to 1).
     * {@code from} and {@code to} are the period, the journal's first and last engine times.
     */
    static final String[] COLUMNS = {"scope", "name", "unit", "from", "to", "units_sold", "avg_on_hand", "turnover",
        "days_of_inventory", "stock_outs", "stock_out_hours", "order_lines", "order_lines_held", "fill_rate"};

    /** One position's running figures. */
    private static final class Position
    {
        long onHand;
        long available;
        long since;
        double onHandMillis;
        long outSince = -1;
        long stockOuts;
        long stockOutMillis;
    }

    /** Sums for a location, a tier or the network. */
    private static final class Totals
    {
        long sold;
        double onHandMillis;
        long stockOuts;
        long stockOutMillis;

        void add(final Totals other)
        {
            sold += other.sold;
            onHandMillis += other.onHandMillis;
            stockOuts += other.stockOuts;
            stockOutMillis += other.stockOutMillis;
        }
    }

    @Override
    public Integer call()
    {
        final Codes codes = new Codes();
        final Map<Integer, Tier> tiers = new HashMap<>();
        final Map<Long, Position> positions = new HashMap<>();
        final Map<Integer, Map<String, Totals>> byLocation = new TreeMap<>();
        final DailySales sales = new DailySales(-1, -1);
        final PlanningData planning = new PlanningData();
        long first = -1;
        long last = -1;
        long linesRequested = 0;
        long linesFilled = 0;
        try (JournalInput input = JournalInput.open(journal))
        {
            for (JournalRecord slot = input.next(); slot != null; slot = input.next())
            {
                codes.learn(slot);
                sales.add(slot);
                if (slot.reason() == ReasonCode.OK)
                {
                    planning.apply(slot.command());
                }
                if (slot.type() == CommandType.DEFINE_LOCATION && slot.reason() == ReasonCode.OK)
                {
                    tiers.put(slot.assignedId(), slot.command().tier());
                }
                first = first < 0 ? slot.timestamp() : first;
                last = slot.timestamp();
                if (slot.type() == CommandType.ROUTE_ORDER &&
                    (slot.reason() == ReasonCode.OK || slot.reason() == ReasonCode.NO_ROUTE))
                {
                    linesRequested += slot.command().lineCount();
                    linesFilled += slot.allocationCount();
                }
                final boolean selling = slot.reason() == ReasonCode.OK && (slot.type() == CommandType.SALE ||
                    slot.type() == CommandType.FULFIL || slot.type() == CommandType.FULFIL_ORDER);
                for (int i = 0; i < slot.eventCount(); i++)
                {
                    final EventView events = slot.event(i);
                    if (events.kind() != EventKind.STOCK_CHANGED)
                    {
                        continue;
                    }
                    final long key = ((long)events.location() << 32) | (events.sku() & 0xFFFF_FFFFL);
                    final Position p = positions.computeIfAbsent(key, k -> new Position());
                    if (p.since == 0)
                    {
                        p.since = first;
                    }
                    if (selling && events.onHand() < p.onHand)
                    {
                        totals(byLocation, events.location(), codes.skuUnit(events.sku())).sold += p.onHand - events.onHand();
                    }
                    advance(p, slot.timestamp());
                    if (p.available > 0 && events.available() == 0)
                    {
                        p.stockOuts++;
                        p.outSince = slot.timestamp();
                    }
                    else if (p.outSince >= 0 && events.available() > 0)
                    {
                        p.stockOutMillis += slot.timestamp() - p.outSince;
                        p.outSince = -1;
                    }
                    p.onHand = events.onHand();
                    p.available = events.available();
                }
            }
            if (first < 0)
            {
                throw input.empty();
            }
        }
        for (final Map.Entry<Long, Position> e : positions.entrySet())
        {
            final Position p = e.getValue();
            advance(p, last);
            if (p.outSince >= 0)
            {
                p.stockOutMillis += last - p.outSince;
            }
            final Totals t = totals(byLocation, (int)(e.getKey() >>> 32), codes.skuUnit((int)(long)e.getKey()));
            t.onHandMillis += p.onHandMillis;
            t.stockOuts += p.stockOuts;
            t.stockOutMillis += p.stockOutMillis;
        }
        final Map<Long, Classification.ItemClass> positionClasses = classify(sales, planning);
        if (classes)
        {
            writeClasses(codes, positionClasses);
            spec.commandLine().getOut().flush();
            return 0;
        }
        final List<Row> rows = rows(codes, tiers, byLocation);
        if (format == null)
        {
            print(spec.commandLine().getOut(), rows, last - first, linesRequested, linesFilled);
            printClasses(spec.commandLine().getOut(), codes, positionClasses);
        }
        else
        {
            write(new Rows(spec.commandLine().getOut(), format, COLUMNS), rows, first, last, linesRequested, linesFilled);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * The classes as the forecast job computes them: the history is the whole days before the last
     * record's day (which is still selling).
     */
    private static Map<Long, Classification.ItemClass> classify(final DailySales sales, final PlanningData planning)
    {
        final int days = sales.seen() ? sales.days() - 1 : 0;
        if (days < 1)
        {
            return Map.of();
        }
        return PositionClasses.classify(sales.positions(), days, sales::weeklySales,
            (key, from, to) -> sales.salesValue(key, from, to, planning.unitPrice((int)key)),
            Classification.Thresholds.DEFAULT);
    }

    /** Per location, then the network: each class's positions and share of sales value. */
    private static void printClasses(final PrintWriter out, final Codes codes,
        final Map<Long, Classification.ItemClass> positionClasses)
    {
        out.println();
        if (positionClasses.isEmpty())
        {
            out.println("classes: - (no whole day of sales history)");
            return;
        }
        out.printf("%-16s %-6s %10s %14s %8s%n", "classes", "class", "positions", "sales value", "share");
        final Map<String, List<Classification.ItemClass>> byScope = new LinkedHashMap<>();
        positionClasses.forEach((key, c) ->
            byScope.computeIfAbsent(codes.location((int)(key >> 32)), l -> new ArrayList<>()).add(c));
        byScope.put("NETWORK", new ArrayList<>(positionClasses.values()));
        byScope.forEach((scope, items) ->
        {
            final double total = items.stream().mapToDouble(Classification.ItemClass::value).sum();
            for (final char c : "ABCXYZ".toCharArray())
            {
                final List<Classification.ItemClass> in = items.stream()
                    .filter(i -> (c <= 'C' ? i.abc() : i.xyz()) == c).toList();
                final double value = in.stream().mapToDouble(Classification.ItemClass::value).sum();
                out.printf("%-16s %-6s %,10d %,14.0f %8s%n", scope, c, in.size(), value,
                    total <= 0 ? "-" : String.format("%.1f%%", 100 * value / total));
            }
        });
    }

    private void writeClasses(final Codes codes, final Map<Long, Classification.ItemClass> positionClasses)
    {
        if (format == null)
        {
            final PrintWriter out = spec.commandLine().getOut();
            out.printf("%-16s %-16s %-3s %-3s %14s %8s %8s%n", "location", "sku", "ABC", "XYZ", "sales value", "cum.",
                "CV");
            positionClasses.forEach((key, c) -> out.printf("%-16s %-16s %-3s %-3s %,14.0f %7.1f%% %8s%n",
                codes.location((int)(key >> 32)), codes.sku((int)(long)key), c.abc(), c.xyz(), c.value(),
                100 * c.cumulativeShare(), Double.isNaN(c.cv()) ? "-" : String.format("%.3f", c.cv())));
            return;
        }
        final Rows rows = new Rows(spec.commandLine().getOut(), format, CLASS_COLUMNS);
        positionClasses.forEach((key, c) -> rows.add(codes.location((int)(key >> 32)), codes.sku((int)(long)key),
            String.valueOf(c.abc()), String.valueOf(c.xyz()), Rows.decimal(c.value(), 2),
            Rows.decimal(c.cumulativeShare(), 4), Double.isNaN(c.cv()) ? null : Rows.decimal(c.cv(), 4)));
    }

    private static Totals totals(final Map<Integer, Map<String, Totals>> byLocation, final int location, final String unit)
    {
        return byLocation.computeIfAbsent(location, l -> new TreeMap<>()).computeIfAbsent(unit, u -> new Totals());
    }

    private static void advance(final Position p, final long now)
    {
        p.onHandMillis += (double)p.onHand * (now - p.since);
        p.since = now;
    }

    /** One row of stock figures: a location, tier or the network, in one unit. */
    private record Row(String scope, String name, String unit, Totals totals)
    {
    }

    /** Location rows, then tier rows, then network rows; each in unit order. */
    private static List<Row> rows(
        final Codes codes, final Map<Integer, Tier> tiers, final Map<Integer, Map<String, Totals>> byLocation)
    {
        final List<Row> rows = new ArrayList<>();
        final Map<Tier, Map<String, Totals>> byTier = new TreeMap<>();
        final Map<String, Totals> network = new TreeMap<>();
        for (final Map.Entry<Integer, Map<String, Totals>> location : byLocation.entrySet())
        {
            final Tier tier = tiers.get(location.getKey());
            for (final Map.Entry<String, Totals> e : location.getValue().entrySet())
            {
                rows.add(new Row("location", codes.location(location.getKey()), e.getKey(), e.getValue()));
                if (tier != null)
                {
                    byTier.computeIfAbsent(tier, t -> new TreeMap<>()).computeIfAbsent(e.getKey(), u -> new Totals())
                        .add(e.getValue());
                }
                network.computeIfAbsent(e.getKey(), u -> new Totals()).add(e.getValue());
            }
        }
        byTier.forEach((tier, units) -> units.forEach((unit, t) -> rows.add(new Row("tier", tier.name(), unit, t))));
        network.forEach((unit, t) -> rows.add(new Row("network", "NETWORK", unit, t)));
        return rows;
    }

    private static void print(final PrintWriter out, final List<Row> rows, final long periodMillis,
        final long linesRequested, final long linesFilled)
    {
        final double days = periodMillis / DAY_MILLIS;
        out.printf("period: %.2f days%n", days);
        header(out, "location");
        boolean tiers = false;
        for (final Row row : rows)
        {
            if (!row.scope().equals("location") && !tiers)
            {
                out.println();
                header(out, "tier");
                tiers = true;
            }
            final Totals t = row.totals();
            final double average = average(t, periodMillis);
            final double turnover = turnover(t, average);
            final double daysOfInventory = daysOfInventory(t, average, days);
            out.printf("%-16s %-10s %,12d %,14.1f %10s %10s %,10d %,14.1f%n", row.name(), row.unit(), t.sold, average,
                Double.isNaN(turnover) ? "-" : String.format("%.2f", turnover),
                Double.isNaN(daysOfInventory) ? "-" : String.format("%.1f", daysOfInventory), t.stockOuts,
                t.stockOutMillis / 3_600_000.0);
        }
        if (!tiers)
        {
            out.println();
            header(out, "tier");
        }
        out.println();
        out.printf("order line fill rate: %s (%d of %d lines held)%n",
            linesRequested == 0 ? "-" : String.format("%.1f%%", 100.0 * linesFilled / linesRequested),
            linesFilled, linesRequested);
    }

    private static void write(final Rows out, final List<Row> rows, final long first, final long last,
        final long linesRequested, final long linesFilled)
    {
        final String from = JournalInput.time(first);
        final String to = JournalInput.time(last);
        final long periodMillis = last - first;
        for (final Row row : rows)
        {
            final Totals t = row.totals();
            final double average = average(t, periodMillis);
            final double turnover = turnover(t, average);
            final double daysOfInventory = daysOfInventory(t, average, periodMillis / DAY_MILLIS);
            out.add(row.scope(), row.name(), row.unit(), from, to, t.sold, Rows.decimal(average, 3),
                Double.isNaN(turnover) ? null : Rows.decimal(turnover, 4),
                Double.isNaN(daysOfInventory) ? null : Rows.decimal(daysOfInventory, 3), t.stockOuts,
                Rows.decimal(t.stockOutMillis / 3_600_000.0, 3), null, null, null);
        }
        out.add("orders", "NETWORK", null, from, to, null, null, null, null, null, null, linesRequested, linesFilled,
            linesRequested == 0 ? null : Rows.decimal((double)linesFilled / linesRequested, 4));
    }

    private static double average(final Totals t, final long periodMillis)
    {
        return periodMillis <= 0 ? 0 : t.onHandMillis / periodMillis;
    }

    /** @return units sold / average on hand, or NaN when nothing was on hand. */
    private static double turnover(final Totals t, final double average)
    {
        return average <= 0 ? Double.NaN : t.sold / average;
    }

    /** @return average on hand / units sold per day, or NaN when nothing sold. */
    private static double daysOfInventory(final Totals t, final double average, final double days)
    {
        return t.sold <= 0 || days <= 0 ? Double.NaN : average / (t.sold / days);
    }

    private static void header(final PrintWriter out, final String what)
    {
        out.printf("%-16s %-10s %12s %14s %10s %10s %10s %14s%n", what, "unit", "units sold", "avg on hand",
            "turnover", "days inv.", "stock-outs", "stock-out h");
    }
}

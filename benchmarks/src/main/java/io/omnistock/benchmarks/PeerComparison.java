package io.omnistock.benchmarks;

import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one workload against one system (not a JMH benchmark: a plain main, driven by
 * {@code benchmarks/peers.sh}), from a fixed number of client threads, and appends one result line
 * to a TSV file; {@code summarize FILE} turns the file into a Markdown table with the ratio of each
 * system's throughput to omnistock's at the same workload and durability.
 *
 * <p>Two rounds:
 * <ol>
 *   <li><b>Timed</b>: every position holds far more than can be sold; after a warm-up, clients send
 *       orders in batches for a fixed time. Throughput is orders answered in the measured window per
 *       second; latency is from a batch's send to each order's answer (a pipelined Redis client
 *       reads its answers together). The final stock must equal the initial stock less the units
 *       the clients were told they got.</li>
 *   <li><b>Sell-out</b>: little stock, many more orders than it covers, from every client at once.
 *       Every system must sell exactly what it had (flash sale) and no position may go below zero
 *       or differ from initial less accepted: any difference is an oversell (or a lost sale)
 *       and is reported.</li>
 * </ol>
 *
 * <p>Usage: {@code PeerComparison --system omnistock|redis|postgres --workload flash|basket
 * --durability pagecache|equal|strongest [--clients 8] [--batch 64] [--seconds 10] [--warmup-seconds 3]
 * [--skus 1000] [--redis 127.0.0.1:16379] [--postgres JDBC_URL] [--omnistock-holds 8388608] --results FILE}.
 * {@code --omnistock-holds} pre-sizes omnistock's reservation and order books for the holds a run
 * leaves open (about 200 bytes each at the default, so give the JVM several GB or lower it).
 */
public final class PeerComparison
{
    private static final long FLASH_STOCK = 1L << 39;
    private static final long BASKET_STOCK = 1L << 30;
    private static final long SELL_OUT_FLASH_STOCK = 10_000;
    private static final int SELL_OUT_BASKET_SKUS = 10;
    private static final long SELL_OUT_BASKET_STOCK = 5;
    private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private PeerComparison()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length == 2 && args[0].equals("summarize"))
        {
            System.out.print(summarize(Files.readAllLines(Path.of(args[1]))));
            return;
        }
        final Map<String, String> o = options(args);
        final String systemName = o.get("--system");
        final String durability = o.getOrDefault("--durability", "equal");
        final int clients = Integer.parseInt(o.getOrDefault("--clients", "8"));
        // PostgreSQL clients wait for each transaction: a batch there is a series of single orders.
        final int batch = systemName.equals("postgres") ? 1 : Integer.parseInt(o.getOrDefault("--batch", "64"));
        final int seconds = Integer.parseInt(o.getOrDefault("--seconds", "10"));
        final int warmup = Integer.parseInt(o.getOrDefault("--warmup-seconds", "3"));
        final PeerWorkload workload = PeerWorkload.of(o.get("--workload"), Integer.parseInt(o.getOrDefault("--skus", "1000")));
        final Path results = Path.of(o.get("--results"));

        try (PeerSystem system = switch (systemName)
        {
            case "omnistock" -> new OmnistockPeer(durability,
                Integer.parseInt(o.getOrDefault("--omnistock-holds", Integer.toString(1 << 23)).replace("_", "")));
            case "redis" -> new RedisPeer(o.getOrDefault("--redis", "127.0.0.1:16379"), durability);
            case "postgres" -> new PostgresPeer(o.getOrDefault("--postgres",
                "jdbc:postgresql://127.0.0.1:15432/postgres?user=postgres"), durability);
            default -> throw new IllegalArgumentException("unknown system " + systemName);
        })
        {
            System.out.printf(Locale.ROOT, "%s: %s workload, %d clients, batch %d, %d s after %d s warm-up%n",
                system.describe(), workload.name, clients, batch, seconds, warmup);

            final long stock = workload.lines == 1 ? FLASH_STOCK : BASKET_STOCK;
            system.load(workload, stock);
            final Round timed = Round.timed(system, workload, clients, batch, warmup, seconds);
            final long timedOversold = timed.check(system.available(workload), stock);

            final PeerWorkload sellOut = workload.lines == 1 ? workload : PeerWorkload.of("basket", SELL_OUT_BASKET_SKUS);
            final long sellOutStock = workload.lines == 1 ? SELL_OUT_FLASH_STOCK : SELL_OUT_BASKET_STOCK;
            final long demandUnits = 2 * sellOutStock * sellOut.positions();
            final int ordersPerClient = (int)(demandUnits / sellOut.lines / clients);
            system.load(sellOut, sellOutStock);
            final Round race = Round.counted(system, sellOut, clients, batch, ordersPerClient);
            final long[] after = system.available(sellOut);
            final long raceMismatch = race.check(after, sellOutStock);
            final long oversold = race.oversoldUnits(after, sellOutStock);
            long soldUnits = 0;
            for (final long left : after)
            {
                soldUnits += sellOutStock - left;
            }

            final Histogram h = timed.latency;
            final String line = String.join("\t", systemName, workload.name, durability, system.describe(),
                Integer.toString(clients), Integer.toString(batch), Integer.toString(seconds),
                String.format(Locale.ROOT, "%.0f", timed.orders / timed.seconds), Long.toString(timed.orders),
                Long.toString(timed.rejected), Long.toString(h.getValueAtPercentile(50)),
                Long.toString(h.getValueAtPercentile(99)), Long.toString(h.getMaxValue()), Long.toString(timedOversold),
                Long.toString(sellOutStock * sellOut.positions()), Long.toString(race.acceptedUnits),
                Long.toString(soldUnits), Long.toString(raceMismatch), Long.toString(oversold));
            Files.writeString(results, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            System.out.printf(Locale.ROOT, "%,.0f orders/s, p50 %s, p99 %s; timed round: %,d orders, %,d rejected, " +
                "stock mismatches %d; sell-out: %,d units in stock, %,d accepted, %,d gone, mismatches %d, oversold %,d%n",
                timed.orders / timed.seconds, micros(h.getValueAtPercentile(50)), micros(h.getValueAtPercentile(99)),
                timed.orders, timed.rejected, timedOversold, sellOutStock * sellOut.positions(), race.acceptedUnits,
                soldUnits, raceMismatch, oversold);
        }
    }

    /** One round of orders from every client; counts and latencies per client, merged at the end. */
    private static final class Round
    {
        final Histogram latency = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        long orders;
        long rejected;
        long acceptedUnits;
        double seconds;
        long[] acceptedByPosition;

        static Round timed(final PeerSystem system, final PeerWorkload workload, final int clients, final int batch,
            final int warmupSeconds, final int seconds) throws Exception
        {
            final Phase phase = new Phase();
            final Worker[] workers = start(system, workload, clients, batch, phase, Long.MAX_VALUE);
            Thread.sleep(TimeUnit.SECONDS.toMillis(warmupSeconds));
            final long from = System.nanoTime();
            phase.state = Phase.MEASURE;
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            phase.state = Phase.STOP;
            final long to = System.nanoTime();
            final Round round = join(workers, workload);
            round.seconds = (to - from) / 1e9;
            return round;
        }

        static Round counted(final PeerSystem system, final PeerWorkload workload, final int clients, final int batch,
            final long ordersPerClient) throws Exception
        {
            final Phase phase = new Phase();
            phase.state = Phase.MEASURE;
            return join(start(system, workload, clients, batch, phase, ordersPerClient), workload);
        }

        private static Worker[] start(final PeerSystem system, final PeerWorkload workload, final int clients,
            final int batch, final Phase phase, final long maxOrders) throws Exception
        {
            final Worker[] workers = new Worker[clients];
            for (int i = 0; i < clients; i++)
            {
                workers[i] = new Worker(system.client(workload, i), workload, i, batch, phase, maxOrders);
            }
            for (final Worker w : workers)
            {
                w.start();
            }
            return workers;
        }

        private static Round join(final Worker[] workers, final PeerWorkload workload) throws Exception
        {
            final Round round = new Round();
            round.acceptedByPosition = new long[workload.positions()];
            for (final Worker w : workers)
            {
                w.join();
                if (w.failure != null)
                {
                    throw new IllegalStateException("client " + w.getName() + " failed", w.failure);
                }
                round.latency.add(w.latency);
                round.orders += w.orders;
                round.rejected += w.rejected;
                for (int p = 0; p < round.acceptedByPosition.length; p++)
                {
                    round.acceptedByPosition[p] += w.acceptedByPosition[p];
                    round.acceptedUnits += w.acceptedByPosition[p];
                }
            }
            return round;
        }

        /**
         * @return positions whose final stock is not the initial stock less the units accepted
         *     there, or is below zero: oversold (or lost) stock.
         */
        long check(final long[] available, final long initial)
        {
            long mismatches = 0;
            for (int p = 0; p < available.length; p++)
            {
                if (available[p] < 0 || available[p] != initial - acceptedByPosition[p])
                {
                    mismatches++;
                }
            }
            return mismatches;
        }

        /** @return units promised beyond what a position held, plus units below zero: what was oversold. */
        long oversoldUnits(final long[] available, final long initial)
        {
            long units = 0;
            for (int p = 0; p < available.length; p++)
            {
                units += Math.max(0, acceptedByPosition[p] - initial) + Math.max(0, -available[p]);
            }
            return units;
        }
    }

    /** Warm-up, measure, stop: written by the main thread, read by the clients. */
    private static final class Phase
    {
        static final int WARM_UP = 0;
        static final int MEASURE = 1;
        static final int STOP = 2;
        volatile int state = WARM_UP;
    }

    /** A client thread: sends batches until told to stop or its order budget is spent. */
    private static final class Worker extends Thread implements PeerSystem.Outcome
    {
        final Histogram latency = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        final long[] acceptedByPosition;
        private final PeerSystem.Client client;
        private final PeerWorkload.Orders generator;
        private final int batch;
        private final Phase phase;
        private final long maxOrders;
        private boolean measuring;
        private long sentAt;
        long orders;
        long rejected;
        volatile Exception failure;

        Worker(final PeerSystem.Client client, final PeerWorkload workload, final int index, final int batch,
            final Phase phase, final long maxOrders)
        {
            super("peer-client-" + index);
            this.client = client;
            this.generator = workload.new Orders(0x5EED_0000L + index);
            this.batch = batch;
            this.phase = phase;
            this.maxOrders = maxOrders;
            this.acceptedByPosition = new long[workload.positions()];
        }

        @Override
        public void run()
        {
            try (PeerSystem.Client c = client)
            {
                long sent = 0;
                int state;
                while ((state = phase.state) != Phase.STOP && sent < maxOrders)
                {
                    measuring = state == Phase.MEASURE;
                    final int count = (int)Math.min(batch, maxOrders - sent);
                    sentAt = System.nanoTime();
                    c.send(generator, count, this);
                    sent += count;
                }
            }
            catch (final Exception e)
            {
                failure = e;
            }
        }

        @Override
        public void answered(final int order, final int[] positions, final boolean accepted, final long answeredAtNanos)
        {
            // Stock accounting covers every order of the round; throughput and latency the measured window only.
            if (accepted)
            {
                for (final int p : positions)
                {
                    acceptedByPosition[p]++;
                }
            }
            if (measuring)
            {
                orders++;
                if (!accepted)
                {
                    rejected++;
                }
                latency.recordValue(Math.min(answeredAtNanos - sentAt, HIGHEST_TRACKABLE_NANOS));
            }
        }
    }

    static String summarize(final List<String> lines)
    {
        final List<String[]> rows = new ArrayList<>();
        final Map<String, Double> omnistock = new LinkedHashMap<>();
        for (final String line : lines)
        {
            if (line.isBlank())
            {
                continue;
            }
            final String[] f = line.split("\t");
            rows.add(f);
            if (f[0].equals("omnistock"))
            {
                omnistock.put(f[1] + "/" + f[2], Double.parseDouble(f[7]));
            }
        }
        final StringBuilder sb = new StringBuilder()
            .append("| workload | durability | system | orders/s | omnistock ÷ system | p50 | p99 | worst | " +
                "rejected (timed) | sell-out: in stock / accepted / gone | stock mismatches (timed, sell-out) | " +
                "oversold units |\n")
            .append("|---|---|---|---:|---:|---:|---:|---:|---:|---|---|---:|\n");
        for (final String[] f : rows)
        {
            final double rate = Double.parseDouble(f[7]);
            final Double ours = omnistock.get(f[1] + "/" + f[2]);
            final String ratio = f[0].equals("omnistock") ? "1" : ours == null ? "n/a" :
                String.format(Locale.ROOT, "**%,.1fx**", ours / rate);
            final long inStock = Long.parseLong(f[14]);
            final long accepted = Long.parseLong(f[15]);
            final long gone = Long.parseLong(f[16]);
            final long oversold = Long.parseLong(f[18]);
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %,.0f | %s | %s | %s | %s | %,d | %,d / %,d / %,d | %s, %s | %s |%n",
                f[1], f[2], f[3], rate, ratio, micros(Long.parseLong(f[10])), micros(Long.parseLong(f[11])),
                micros(Long.parseLong(f[12])), Long.parseLong(f[9]), inStock, accepted, gone, f[13], f[17],
                oversold == 0 ? "0" : "**" + oversold + "**"));
        }
        return sb.toString();
    }

    private static String micros(final long nanos)
    {
        if (nanos >= 10_000_000)
        {
            return String.format(Locale.ROOT, "%,.0f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%,.0f µs", nanos / 1e3);
    }

    private static Map<String, String> options(final String[] args)
    {
        final Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2)
        {
            if (!args[i].startsWith("--") || i + 1 >= args.length)
            {
                throw new IllegalArgumentException("options are --name value pairs: " + String.join(" ", args));
            }
            o.put(args[i], args[i + 1]);
        }
        for (final String required : new String[]{"--system", "--workload", "--results"})
        {
            if (!o.containsKey(required))
            {
                throw new IllegalArgumentException("missing " + required);
            }
        }
        return o;
    }
}

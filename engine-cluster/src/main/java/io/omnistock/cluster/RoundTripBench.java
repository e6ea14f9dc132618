package io.omnistock.cluster;

import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandType;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import org.agrona.CloseHelper;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code cluster-bench}: a command's round trip through the three-member cluster on loopback
 * (a {@link ClusterClient}, members in their own JVMs, each answer after a quorum committed it and
 * the leader applied it) against the embedded engine ({@link OmnistockEngine}, its journal written
 * to the page cache like the members' {@code fileSyncLevel=0}), the same {@link Workload} (receipts,
 * single-line reservations and releases, routed orders of 1 to 3 lines), the same closed loop: a
 * fixed number of commands in flight, each next one sent when an answer comes. Rounds alternate the
 * modes so that the machine's noise falls on all; each round prints p50, p99, p99.9 and throughput
 * per command type and overall, and the last lines the medians over rounds.
 *
 * <p>A third mode breaks the round trip down by layer: a cluster of one member (its own JVM, same
 * settings) has every hop of the three-member cluster but replication: the client and its media
 * driver, the member's driver, consensus module, log and archive, the service and the egress. So
 * {@code single - embedded} is what the cluster machinery adds, and {@code cluster - single} what
 * replication to a quorum adds (the followers' drivers, archives and consensus modules, and their
 * acknowledgement back to the leader).
 */
final class RoundTripBench
{
    private static final long WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final List<CommandType> REPORTED = List.of(CommandType.ROUTE_ORDER, CommandType.RESERVE);

    private RoundTripBench()
    {
    }

    private record Options(Path dir, long measureNanos, int rounds, int[] inFlight, long idleParkMaxMicros,
        boolean driverOnArchiveThread)
    {
        static Options parse(final String[] args) throws java.io.IOException
        {
            Path dir = null;
            double seconds = 10;
            int rounds = 3;
            int[] inFlight = {1, 16};
            long idleParkMaxMicros = ClusterNode.IDLE_PARK_MAX_MICROS;
            boolean driverOnArchiveThread = false;
            for (int i = 0; i < args.length; i += 2)
            {
                if (i + 1 == args.length)
                {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                final String value = args[i + 1];
                switch (args[i])
                {
                    case "--dir" -> dir = Path.of(value);
                    case "--seconds" -> seconds = ClusterDemo.number(args[i], value, 1, 600);
                    case "--rounds" -> rounds = (int)ClusterDemo.number(args[i], value, 1, 20);
                    case "--in-flight" -> inFlight = Arrays.stream(value.split(","))
                        .mapToInt(v -> (int)ClusterDemo.number("--in-flight", v.trim(), 1, 256)).toArray();
                    case "--idle-park-max-us" -> idleParkMaxMicros = (long)ClusterDemo.number(args[i], value, 1, 100_000);
                    case "--driver-on-archive-thread" -> driverOnArchiveThread = switch (value)
                    {
                        case "true" -> true;
                        case "false" -> false;
                        default -> throw new IllegalArgumentException(args[i] + " must be true or false, not " + value);
                    };
                    default -> throw new IllegalArgumentException("unknown option " + args[i] +
                        " (known: --dir, --seconds, --rounds, --in-flight, --idle-park-max-us, --driver-on-archive-thread)");
                }
            }
            return new Options(dir == null ? Files.createTempDirectory("omnistock-cluster-bench") : dir,
                (long)(seconds * 1e9), rounds, inFlight, idleParkMaxMicros, driverOnArchiveThread);
        }
    }

    /** Latencies of one measured run, per command type; throughput over the measured time. */
    private static final class Run
    {
        final Map<CommandType, long[]> byType = new EnumMap<>(CommandType.class);
        final Map<CommandType, Integer> counts = new EnumMap<>(CommandType.class);
        long[] all = new long[1 << 16];
        int count;
        long measuredNanos;
        int failures;

        synchronized void record(final CommandType type, final long nanos)
        {
            if (count == all.length)
            {
                all = Arrays.copyOf(all, count * 2);
            }
            all[count++] = nanos;
            final int n = counts.getOrDefault(type, 0);
            long[] values = byType.computeIfAbsent(type, t -> new long[1 << 12]);
            if (n == values.length)
            {
                values = Arrays.copyOf(values, n * 2);
                byType.put(type, values);
            }
            values[n] = nanos;
            counts.put(type, n + 1);
        }

        synchronized double[] figures(final CommandType type)
        {
            final long[] values = type == null ? Arrays.copyOf(all, count) :
                Arrays.copyOf(byType.getOrDefault(type, new long[0]), counts.getOrDefault(type, 0));
            Arrays.sort(values);
            return new double[] {micros(values, 0.50), micros(values, 0.99), micros(values, 0.999),
                values.length / (measuredNanos / 1e9)};
        }

        private static double micros(final long[] sorted, final double quantile)
        {
            return sorted.length == 0 ? Double.NaN : sorted[(int)Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e3;
        }
    }

    /** @return the exit code: 0 done, 1 a run failed, 2 bad options. */
    static int run(final String[] args, final PrintStream out, final PrintStream err) throws Exception
    {
        final Options options;
        try
        {
            options = Options.parse(args);
        }
        catch (final IllegalArgumentException e)
        {
            err.println("cluster-bench: " + e.getMessage());
            err.println("usage: cluster-bench [--dir DIR] [--seconds S (10)] [--rounds R (3)] [--in-flight N,M (1,16)] " +
                "[--idle-park-max-us U (1000): members' and clients' longest idle park] " +
                "[--driver-on-archive-thread true|false (false): members' media driver run by the archive's thread]");
            return 2;
        }
        final String members = ClusterNodeConfig.freeLoopbackMembers(3);
        out.printf("cluster-bench: %d rounds of %.0f s per mode and in-flight level (after %d s of warm-up), " +
            "idle park at most %d µs, driver on the archive's thread %s, %d cores, load average %s%n", options.rounds(),
            options.measureNanos() / 1e9, TimeUnit.NANOSECONDS.toSeconds(WARM_UP_NANOS), options.idleParkMaxMicros(),
            options.driverOnArchiveThread(),
            Runtime.getRuntime().availableProcessors(), loadAverage());
        final List<MemberProcess> processes = new ArrayList<>();
        ClusterClient client = null;
        ClusterClient singleClient = null;
        final Map<String, List<double[]>> results = new java.util.LinkedHashMap<>();
        try
        {
            for (int id = 0; id < 3; id++)
            {
                processes.add(new MemberProcess(id, members, options.dir().resolve("member-" + id))
                    .setting("idleParkMaxMicros", Long.toString(options.idleParkMaxMicros()))
                .setting("driverOnArchiveThread", Boolean.toString(options.driverOnArchiveThread())).start());
            }
            client = ClusterClient.start(new ClusterClient.Settings(members, "127.0.0.1:0", Duration.ofSeconds(10),
                Duration.ofSeconds(3), options.dir().resolve("client"), options.idleParkMaxMicros()));
            final ClusterClient cluster = client;
            setup(cluster::submit);
            // Chosen once the three are up, so its ports are not theirs.
            final String single = ClusterNodeConfig.freeLoopbackMembers(1);
            processes.add(new MemberProcess(0, single, options.dir().resolve("single-0"))
                .setting("idleParkMaxMicros", Long.toString(options.idleParkMaxMicros()))
                .setting("driverOnArchiveThread", Boolean.toString(options.driverOnArchiveThread())).start());
            singleClient = ClusterClient.start(new ClusterClient.Settings(single, "127.0.0.1:0", Duration.ofSeconds(10),
                Duration.ofSeconds(3), options.dir().resolve("single-client"), options.idleParkMaxMicros()));
            final ClusterClient one = singleClient;
            setup(one::submit);
            long firstId = 10_000_000L;
            for (int round = 1; round <= options.rounds(); round++)
            {
                final Path embeddedDir = options.dir().resolve("embedded-" + round);
                try (OmnistockEngine embedded = OmnistockEngine.start(EngineConfig.builder().journalDir(embeddedDir)
                    .idempotencyWindow(MemberProcess.IDEMPOTENCY_WINDOW).build()))
                {
                    setup(embedded::submit);
                    for (final int inFlight : options.inFlight())
                    {
                        firstId += 100_000_000L;
                        report(out, results, "embedded", round, inFlight,
                            measure(embedded::submit, new Workload(round, firstId), inFlight, options.measureNanos()));
                        firstId += 100_000_000L;
                        report(out, results, "single", round, inFlight,
                            measure(one::submit, new Workload(round, firstId), inFlight, options.measureNanos()));
                        firstId += 100_000_000L;
                        report(out, results, "cluster", round, inFlight,
                            measure(cluster::submit, new Workload(round, firstId), inFlight, options.measureNanos()));
                    }
                }
            }
            out.println("medians over rounds (µs; commands/s):");
            results.forEach((key, runs) -> out.println(line(key + " median", median(runs))));
            breakdown(out, results, options.inFlight());
            out.printf("load average after: %s%n", loadAverage());
            return 0;
        }
        finally
        {
            CloseHelper.quietClose(client);
            CloseHelper.quietClose(singleClient);
            for (final MemberProcess m : processes)
            {
                m.close();
            }
        }
    }

    private static void setup(final Function<Command, CompletableFuture<CommandResult>> submit) throws Exception
    {
        final CommandResult refused = Workload.sendSetup(submit);
        if (refused != null)
        {
            throw new IllegalStateException("setup command refused: " + refused);
        }
    }

    /** A closed loop of {@code inFlight} commands: warm-up, then the measured time. */
    private static Run measure(final Function<Command, CompletableFuture<CommandResult>> submit, final Workload workload,
        final int inFlight, final long measureNanos) throws InterruptedException
    {
        final Run run = new Run();
        final Semaphore window = new Semaphore(inFlight);
        final long start = System.nanoTime();
        final long measureFrom = start + WARM_UP_NANOS;
        final long end = measureFrom + measureNanos;
        long now;
        while ((now = System.nanoTime()) < end)
        {
            if (!window.tryAcquire(100, TimeUnit.MILLISECONDS))
            {
                continue;
            }
            final Command command = workload.next();
            final long sent = System.nanoTime();
            final boolean counted = sent >= measureFrom;
            submit.apply(command).whenComplete((result, error) ->
            {
                final long answered = System.nanoTime();
                if (error != null || result.reason() == ReasonCode.NO_LEADER)
                {
                    synchronized (run)
                    {
                        run.failures++;
                    }
                }
                else if (counted && answered < end)
                {
                    run.record(result.type(), answered - sent);
                }
                window.release();
            });
        }
        run.measuredNanos = now - measureFrom;
        window.acquire(inFlight);
        return run;
    }

    private static void report(final PrintStream out, final Map<String, List<double[]>> results, final String mode,
        final int round, final int inFlight, final Run run)
    {
        for (final CommandType type : types())
        {
            final String key = String.format("%-8s in-flight %-3d %-11s", mode, inFlight, type == null ? "all" : type.name());
            final double[] f = run.figures(type);
            results.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
            out.println(line(key + " round " + round, f) + (type == null && run.failures > 0 ?
                " (" + run.failures + " failed)" : ""));
        }
    }

    /** The median p50 of all commands, by layer: what each adds to the one below it. */
    private static void breakdown(final PrintStream out, final Map<String, List<double[]>> results, final int[] inFlight)
    {
        for (final int n : inFlight)
        {
            final double embedded = p50(results, "embedded", n);
            final double single = p50(results, "single", n);
            final double cluster = p50(results, "cluster", n);
            out.printf("breakdown in-flight %d (median p50 µs): engine %.0f; cluster machinery (single - embedded) %.0f; " +
                "replication to a quorum (cluster - single) %.0f; replicated round trip adds %.0f%n",
                n, embedded, single - embedded, cluster - single, cluster - embedded);
        }
    }

    private static double p50(final Map<String, List<double[]>> results, final String mode, final int inFlight)
    {
        return median(results.get(String.format("%-8s in-flight %-3d %-11s", mode, inFlight, "all")))[0];
    }

    private static List<CommandType> types()
    {
        final List<CommandType> types = new ArrayList<>();
        types.add(null);
        types.addAll(REPORTED);
        return types;
    }

    private static String line(final String what, final double[] f)
    {
        return String.format("%s: p50 %.0f µs, p99 %.0f µs, p99.9 %.0f µs, %.0f commands/s", what, f[0], f[1], f[2], f[3]);
    }

    private static double[] median(final List<double[]> runs)
    {
        final double[] m = new double[4];
        for (int i = 0; i < 4; i++)
        {
            final int column = i;
            final double[] values = runs.stream().mapToDouble(r -> r[column]).sorted().toArray();
            m[i] = values[values.length / 2];
        }
        return m;
    }

    private static String loadAverage()
    {
        try
        {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        }
        catch (final java.io.IOException e)
        {
            return "unknown";
        }
    }
}

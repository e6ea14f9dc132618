package io.omnistock.benchmarks;

import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ResultListener;
import io.omnistock.api.ResultView;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.TimerThread;
import io.omnistock.core.WaitStrategyKind;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * End-to-end latency at fixed offered rates (not a JMH benchmark: a plain main).
 *
 * <p>For each rate a fresh engine with its journal (page cache) loads the {@link Network}, then one
 * producer offers the {@link CommandMix} on a fixed schedule: command i is due at
 * {@code start + i / rate}. Latency is measured from that intended time to the moment its result
 * reaches the listener (after the journal write), so time a command spent waiting to be sent
 * because the engine or the producer fell behind counts against the engine: the figures are
 * corrected for coordinated omission by construction. A rate the engine cannot sustain shows as a
 * lower achieved rate and growing latency; when the schedule runs more than {@code --max-lag} behind,
 * the run is cut off there and marked, never quietly slowed down.
 *
 * <p>Usage: {@code java -Xmx4g <jvm flags> -cp benchmarks.jar io.omnistock.benchmarks.LatencyProfile
 * [--rates 100000,500000,1000000,2000000,5000000] [--seconds 10] [--warmup-seconds 3]
 * [--locations 100] [--skus 1000] [--max-lag-ms 2000] [--wait YIELDING] [--journal on|off] [--pretouch on|off]
 * [--cpu-budget 0] [--timer AUTO|OWN|WRITER] [--out DIR]}.
 * Writes a Markdown table, an HdrHistogram percentile file per rate (and one of the platform's own stalls,
 * measured by a {@link PauseRecorder} over the same seconds), a timeline per rate and an SVG chart to
 * {@code --out}. The timeline, {@code timeline-<rate>.csv}, holds the worst latency of the commands
 * meant to start in each millisecond of the run: a stall shows as a ramp down from its length, and
 * stalls that recur at a fixed interval show what causes them (run 51: every 8 MiB of journal).
 */
public final class LatencyProfile
{
    /** Intended start times of the commands in flight, by command index; far larger than the ring. */
    private static final int INTENDED_SLOTS = 1 << 22;
    private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.SECONDS.toNanos(120);
    private static final int RING_SIZE = 1 << 14;
    private static final long HOLD_TTL_MILLIS = 15 * 60_000;
    /** The pause recorder's sleep: jHiccup's default of 1 ms, short enough to catch stalls of a few ms. */
    private static final long PAUSE_RESOLUTION_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final long[] intendedAt = new long[INTENDED_SLOTS];
    private final Options options;

    /** What one offered rate gave. */
    record RateResult(long rate, long sent, long answered, long rejected, double achievedRate, double seconds,
        boolean cutOff, long maxLagNanos, long gcCount, Histogram histogram, Histogram pauses, long[] worstByMillis)
    {
        boolean sustained()
        {
            return !cutOff && achievedRate >= 0.99 * rate;
        }
    }

    private LatencyProfile(final Options options)
    {
        this.options = options;
    }

    public static void main(final String[] args) throws Exception
    {
        final Options options = Options.parse(args);
        Files.createDirectories(options.out);
        final LatencyProfile profile = new LatencyProfile(options);
        final List<RateResult> results = new ArrayList<>();
        System.out.printf(Locale.ROOT, "JVM %s %s, %d CPUs, max heap %,d MiB; network %d x %d; %d s per rate after %d s " +
            "warm-up; wait strategy %s; journal %s%s%n", System.getProperty("java.vm.name"), System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, options.locations,
            options.skus, options.seconds, options.warmupSeconds, options.waitStrategy,
            options.journal ? "on (page cache)" : "off", options.journal && !options.pretouch ? ", no pretouch" : "");
        for (final long rate : options.rates)
        {
            final RateResult result = profile.run(rate);
            results.add(result);
            System.out.println(row(result));
            try (PrintStream out = new PrintStream(options.out.resolve("latency-" + rate + ".hgrm").toFile(), "UTF-8"))
            {
                result.histogram().outputPercentileDistribution(out, 1000.0);
            }
            try (PrintStream out = new PrintStream(options.out.resolve("pauses-" + rate + ".hgrm").toFile(), "UTF-8"))
            {
                result.pauses().outputPercentileDistribution(out, 1000.0);
            }
            try (PrintStream out = new PrintStream(options.out.resolve("timeline-" + rate + ".csv").toFile(), "UTF-8"))
            {
                timeline(result.worstByMillis(), out);
            }
        }
        final String table = table(results);
        Files.writeString(options.out.resolve("latency-profile.md"), table);
        Files.writeString(options.out.resolve("latency-profile.svg"), LatencyChart.svg(results));
        System.out.println();
        System.out.print(table);
        System.out.println("written to " + options.out.toAbsolutePath());
    }

    private RateResult run(final long rate) throws IOException, InterruptedException, ExecutionException
    {
        final Path journal = Files.createTempDirectory("omnistock-latency");
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder()
            .journalDir(options.journal ? journal : null).journalPretouch(options.pretouch)
            .snapshotDir(null).waitStrategy(options.waitStrategy).ringSize(RING_SIZE)
            .expectedPositions(options.locations * options.skus).cpuBudget(options.cpuBudget).timerThread(options.timerThread).build()))
        {
            System.out.println("thread model: " + engine.threadModel());
            final int channel = engine.submit(Commands.defineChannel(1, "latency", HOLD_TTL_MILLIS)).get().assignedId();
            long commandId = Network.loadInto(engine, options.locations, options.skus, 1L << 30, 2);
            final Positions positions = new Positions(options.locations, options.skus, 7);
            final CommandMix.Cursor cursor = new CommandMix.Cursor(positions, options.skus, channel);

            // Warm-up at up to 500K/s so that a rate the engine cannot sustain does not start from a backlog.
            final long warmRate = Math.min(rate, 500_000);
            phase(engine, cursor, commandId, 0, warmRate, warmRate * options.warmupSeconds);
            commandId += warmRate * options.warmupSeconds;
            final long mixStart = warmRate * options.warmupSeconds;
            // Continue the mix where the warm-up left it, at a cycle boundary, so no order is split across phases.
            final long alignedStart = (mixStart + CommandMix.CYCLE - 1) / CommandMix.CYCLE * CommandMix.CYCLE;
            final long gcBefore = gcCount();
            final RateResult result = phase(engine, cursor, commandId, alignedStart, rate, rate * options.seconds);
            final long gcs = gcCount() - gcBefore;
            if (engine.halted())
            {
                throw new IllegalStateException("the engine halted at " + rate + "/s");
            }
            return new RateResult(result.rate(), result.sent(), result.answered(), result.rejected(),
                result.achievedRate(), result.seconds(), result.cutOff(), result.maxLagNanos(), gcs, result.histogram(),
                result.pauses(), result.worstByMillis());
        }
        finally
        {
            PipelineBenchmark.deleteRecursively(journal);
        }
    }

    /**
     * Offers {@code count} commands of the mix from {@code firstIndex} at {@code rate} per second and
     * waits for every answer.
     */
    private RateResult phase(
        final OmnistockEngine engine, final CommandMix.Cursor cursor, final long firstCommandId, final long firstIndex,
        final long rate, final long count)
    {
        final long maxLag = TimeUnit.MILLISECONDS.toNanos(options.maxLagMillis);
        // The platform's own stalls over the same seconds, for the table's floor columns.
        final PauseRecorder pauses = PauseRecorder.start(PAUSE_RESOLUTION_NANOS);
        final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        final Recorder recorder = new Recorder(intendedAt, firstCommandId, start, (int)(count * 1000 / rate + 1));
        long maxSeenLag = 0;
        boolean cutOff = false;
        long sent = 0;
        for (long i = 0; i < count; i++)
        {
            final long intended = start + i * 1_000_000_000L / rate;
            long now = System.nanoTime();
            while (now < intended)
            {
                idle(intended - now);
                now = System.nanoTime();
            }
            final long lag = now - intended;
            maxSeenLag = Math.max(maxSeenLag, lag);
            if (lag > maxLag)
            {
                cutOff = true;
                break;
            }
            intendedAt[(int)(i & (INTENDED_SLOTS - 1))] = intended;
            cursor.index = firstIndex + i;
            cursor.commandId = firstCommandId + i;
            while (!engine.tryPublish(CommandMix.WRITE, cursor, recorder))
            {
                Thread.yield();
            }
            sent++;
        }
        while (recorder.answered.get() < sent)
        {
            Thread.yield();
        }
        final Histogram platform = pauses.stop();
        final double seconds = (recorder.lastAnswerAt - start) / 1e9;
        if (recorder.firstRejection != null)
        {
            throw new IllegalStateException(recorder.rejected + " commands rejected at " + rate + "/s, first " +
                recorder.firstRejection + " (command " + recorder.firstRejectedId + "): the mix is invalid");
        }
        return new RateResult(rate, sent, recorder.answered.get(), recorder.rejected, sent / seconds, seconds,
            cutOff, maxSeenLag, 0, recorder.histogram, platform, recorder.worstByMillis);
    }

    /** Waits without burning the core the engine threads need: park when far ahead, else yield. */
    private static void idle(final long aheadNanos)
    {
        if (aheadNanos > 200_000)
        {
            LockSupport.parkNanos(aheadNanos - 100_000);
        }
        else
        {
            Thread.yield();
        }
    }

    /** Records each answer's latency from its intended start; runs on the engine's journal thread. */
    private static final class Recorder implements ResultListener
    {
        final Histogram histogram = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        final AtomicLong answered = new AtomicLong();
        /** The worst latency of the commands meant to start in each millisecond from {@link #start}. */
        final long[] worstByMillis;
        private final long[] intendedAt;
        private final long firstCommandId;
        private final long start;
        private long count;
        long rejected;
        volatile long lastAnswerAt;
        volatile ReasonCode firstRejection;
        long firstRejectedId;

        Recorder(final long[] intendedAt, final long firstCommandId, final long start, final int millis)
        {
            this.intendedAt = intendedAt;
            this.firstCommandId = firstCommandId;
            this.start = start;
            this.worstByMillis = new long[millis];
        }

        @Override
        public void onResult(final ResultView result)
        {
            final long now = System.nanoTime();
            final long i = result.commandId() - firstCommandId;
            final long intended = intendedAt[(int)(i & (INTENDED_SLOTS - 1))];
            final long latency = now - intended;
            histogram.recordValue(Math.min(latency, HIGHEST_TRACKABLE_NANOS));
            final int millis = (int)((intended - start) / 1_000_000);
            if (millis >= 0 && millis < worstByMillis.length && latency > worstByMillis[millis])
            {
                worstByMillis[millis] = latency;
            }
            if (result.reason() != ReasonCode.OK && rejected++ == 0)
            {
                firstRejectedId = result.commandId();
                firstRejection = result.reason();
            }
            lastAnswerAt = now;
            answered.lazySet(++count);
        }
    }

    /** {@code millis,worst_us}: one line per millisecond of the run that had a command. */
    static void timeline(final long[] worstByMillis, final PrintStream out)
    {
        out.println("millis,worst_us");
        for (int millis = 0; millis < worstByMillis.length; millis++)
        {
            if (worstByMillis[millis] > 0)
            {
                out.printf(Locale.ROOT, "%d,%.1f%n", millis, worstByMillis[millis] / 1000.0);
            }
        }
    }

    private static long gcCount()
    {
        long total = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            total += Math.max(0, gc.getCollectionCount());
        }
        return total;
    }

    static String table(final List<RateResult> results)
    {
        final StringBuilder sb = new StringBuilder()
            .append("| offered/s | achieved/s | sustained | p50 µs | p90 µs | p99 µs | p99.9 µs | p99.99 µs | worst µs | " +
                "commands | GCs | platform p99 µs | platform p99.9 µs | platform worst µs |\n")
            .append("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (final RateResult r : results)
        {
            sb.append(row(r)).append('\n');
        }
        return sb.toString();
    }

    private static String row(final RateResult r)
    {
        final Histogram h = r.histogram();
        final String sustained = r.sustained() ? "yes" : r.cutOff()
            ? String.format(Locale.ROOT, "**no**: cut off after %.1f s, %,d ms behind", r.seconds(), r.maxLagNanos() / 1_000_000)
            : String.format(Locale.ROOT, "**no**: %,d ms behind at worst", r.maxLagNanos() / 1_000_000);
        final Histogram p = r.pauses();
        return String.format(Locale.ROOT, "| %,d | %,.0f | %s | %s | %s | %s | %s | %s | %s | %,d | %d | %s | %s | %s |",
            r.rate(), r.achievedRate(), sustained, micros(h.getValueAtPercentile(50)), micros(h.getValueAtPercentile(90)),
            micros(h.getValueAtPercentile(99)), micros(h.getValueAtPercentile(99.9)),
            micros(h.getValueAtPercentile(99.99)), micros(h.getMaxValue()), r.answered(), r.gcCount(),
            micros(p.getValueAtPercentile(99)), micros(p.getValueAtPercentile(99.9)), micros(p.getMaxValue()));
    }

    private static String micros(final long nanos)
    {
        final double us = nanos / 1000.0;
        return us < 100 ? String.format(Locale.ROOT, "%.1f", us) : String.format(Locale.ROOT, "%,.0f", us);
    }

    /** Command-line options. */
    private record Options(long[] rates, int seconds, int warmupSeconds, int locations, int skus, long maxLagMillis,
        WaitStrategyKind waitStrategy, boolean journal, boolean pretouch, int cpuBudget, TimerThread timerThread, Path out)
    {
        static Options parse(final String[] args)
        {
            long[] rates = {100_000, 500_000, 1_000_000, 2_000_000, 5_000_000};
            int seconds = 10;
            int warmup = 3;
            int locations = 100;
            int skus = 1_000;
            long maxLag = 2_000;
            WaitStrategyKind wait = WaitStrategyKind.YIELDING;
            boolean journal = true;
            boolean pretouch = true;
            Path out = Path.of("latency-profile");
            int cpuBudget = 0;
            TimerThread timer = TimerThread.AUTO;
            for (int i = 0; i < args.length; i += 2)
            {
                if (i + 1 >= args.length)
                {
                    throw new IllegalArgumentException("missing value for " + args[i]);
                }
                final String value = args[i + 1].replace("_", "");
                switch (args[i])
                {
                    case "--rates" -> rates = java.util.Arrays.stream(value.split(",")).mapToLong(Long::parseLong).toArray();
                    case "--seconds" -> seconds = Integer.parseInt(value);
                    case "--warmup-seconds" -> warmup = Integer.parseInt(value);
                    case "--locations" -> locations = Integer.parseInt(value);
                    case "--skus" -> skus = Integer.parseInt(value);
                    case "--max-lag-ms" -> maxLag = Long.parseLong(value);
                    case "--wait" -> wait = WaitStrategyKind.valueOf(value);
                    case "--journal" -> journal = onOff("--journal", value);
                    case "--pretouch" -> pretouch = onOff("--pretouch", value);
                    // The engine's thread model counts this many cores (0: the processors); with --wait AUTO it
                    // also chooses the wait strategy.
                    case "--cpu-budget" -> cpuBudget = Integer.parseInt(value);
                    // Where the timer and the journal pretouch run: OWN keeps a pretouch thread, which maps the
                    // journal's pages for a writer that is never idle, on any layout.
                    case "--timer" -> timer = TimerThread.valueOf(value);
                    case "--out" -> out = Path.of(args[i + 1]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(rates, seconds, warmup, locations, skus, maxLag, wait, journal, pretouch, cpuBudget, timer,
                out);
        }

        private static boolean onOff(final String option, final String value)
        {
            return switch (value)
            {
                case "on" -> true;
                case "off" -> false;
                default -> throw new IllegalArgumentException(option + " on|off: " + value);
            };
        }
    }
}

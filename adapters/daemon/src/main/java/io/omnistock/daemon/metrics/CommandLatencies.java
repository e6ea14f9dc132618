package io.omnistock.daemon.metrics;

import io.omnistock.api.CommandType;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The engine round trips one thread hands on (a connection's I/O thread), by command type, for the
 * daemon's latency summary ({@link LatencySummary} adds every thread's up at each scrape). One
 * recorder per type for the whole daemon had both I/O threads increment the same counters, five
 * atomic updates per command on cache lines moving between the two cores: recording was 2.8% of
 * the I/O threads' CPU samples on batches of 256 orders (async-profiler, docs/benchmarks.md run 57).
 * A recorder per thread and type, made when the type is first answered there; still safe for more
 * than one writer (a thread pool answering blocking routes shares one).
 */
public final class CommandLatencies
{
    /** Up to 60 s, 3 significant digits: a few tens of KB per type and thread. */
    static final long HIGHEST_NANOS = 60_000_000_000L;
    private static final int DIGITS = 3;

    private final AtomicReferenceArray<Recorder> byType = new AtomicReferenceArray<>(CommandType.values().length);

    /** Records one command's round trip, clamped to 0..60 s. */
    public void record(final CommandType type, final long nanos)
    {
        Recorder recorder = byType.get(type.ordinal());
        if (recorder == null)
        {
            recorder = recorderOf(type);
        }
        recorder.recordValue(Math.min(Math.max(nanos, 0), HIGHEST_NANOS));
    }

    /** @return the type's recorder here, or null when this thread has answered none of the type. */
    Recorder recorder(final CommandType type)
    {
        return byType.get(type.ordinal());
    }

    private synchronized Recorder recorderOf(final CommandType type)
    {
        Recorder recorder = byType.get(type.ordinal());
        if (recorder == null)
        {
            recorder = new Recorder(HIGHEST_NANOS, DIGITS);
            byType.set(type.ordinal(), recorder);
        }
        return recorder;
    }
}

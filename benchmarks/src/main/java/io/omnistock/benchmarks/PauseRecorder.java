package io.omnistock.benchmarks;

import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The platform's own stalls, measured beside a run so every latency table can show the floor the
 * machine imposes next to the engine's figures (jHiccup's idea; jHiccup itself is not on Maven
 * Central). A thread asks to sleep {@code resolution} at a time and records how much later than
 * that it woke: scheduler slices, safepoints and GC pauses, other processes. It sleeps rather than
 * spins, so on a 2-core machine it does not take a core from the run it measures; the cost is that
 * delays below the timer's own wake-up latency (about 50-60 us here) read as that latency.
 */
final class PauseRecorder implements AutoCloseable
{
    private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final long resolutionNanos;
    private final Histogram histogram = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
    private final Thread thread;
    private volatile boolean running = true;

    private PauseRecorder(final long resolutionNanos)
    {
        this.resolutionNanos = resolutionNanos;
        thread = new Thread(this::record, "omnistock-pause-recorder");
        thread.setDaemon(true);
    }

    /** @return a recorder already measuring, sleeping {@code resolutionNanos} at a time. */
    static PauseRecorder start(final long resolutionNanos)
    {
        if (resolutionNanos <= 0)
        {
            throw new IllegalArgumentException("resolution must be positive, not " + resolutionNanos + " ns");
        }
        final PauseRecorder recorder = new PauseRecorder(resolutionNanos);
        recorder.thread.start();
        return recorder;
    }

    private void record()
    {
        while (running)
        {
            final long before = System.nanoTime();
            LockSupport.parkNanos(resolutionNanos);
            final long late = System.nanoTime() - before - resolutionNanos;
            histogram.recordValue(Math.min(Math.max(0, late), HIGHEST_TRACKABLE_NANOS));
        }
    }

    /**
     * Stops measuring.
     *
     * @return how late each wake-up was, in nanoseconds; the recorder's own, no longer written.
     */
    Histogram stop()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the pause recorder", e);
        }
        return histogram;
    }

    @Override
    public void close()
    {
        if (thread.isAlive())
        {
            stop();
        }
    }
}

package io.omnistock.core.sim;


import io.omnistock.core.EngineClock;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The tests' engine clock: time stands still until a test moves it ({@link #advance}), or moves a
 * fixed step on every read, so every command (and the engine's own hold expiry) is stamped with a
 * time the test decides, not the machine. The one clock of the simulator and of the tests that
 * start a real engine; {@code ProcessorHarness} keeps its time in a field the same way.
 */
public final class SimClock implements EngineClock
{
    /** 2024-01-01T00:00:00Z. */
    public static final long START = 1_704_067_200_000L;

    private final AtomicLong now;
    private final long stepMillis;

    /** Stands still at {@link #START} until advanced. */
    public SimClock()
    {
        this(START, 0);
    }

    /** Starts at {@code startMillis} and moves {@code stepMillis} after every read. */
    public SimClock(final long startMillis, final long stepMillis)
    {
        this.now = new AtomicLong(startMillis);
        this.stepMillis = stepMillis;
    }

    @Override
    public long epochMillis()
    {
        return now.getAndAdd(stepMillis);
    }

    public void advance(final long millis)
    {
        now.addAndGet(millis);
    }
}

package io.omnistock.core.model;


import io.omnistock.core.EngineClock;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that advances a fixed step on every read, so engine timestamps are reproducible.
 */
public final class DeterministicClock implements EngineClock
{
    /** 2024-01-01T00:00:00Z. */
    public static final long START = 1_704_067_200_000L;

    private final AtomicLong now;
    private final long step;

    public DeterministicClock(final long start, final long step)
    {
        this.now = new AtomicLong(start);
        this.step = step;
    }

    public DeterministicClock()
    {
        this(START, 3);
    }

    @Override
    public long epochMillis()
    {
        return now.getAndAdd(step);
    }
}

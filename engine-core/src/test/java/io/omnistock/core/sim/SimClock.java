package io.omnistock.core.sim;


import io.omnistock.core.EngineClock;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulation's time: it stands still until the simulator moves it, so every command (and the
 * engine's own hold expiry) is stamped with a time the seed decides, not the machine.
 */
final class SimClock implements EngineClock
{
    /** 2024-01-01T00:00:00Z. */
    static final long START = 1_704_067_200_000L;

    private final AtomicLong now = new AtomicLong(START);

    @Override
    public long epochMillis()
    {
        return now.get();
    }

    void advance(final long millis)
    {
        now.addAndGet(millis);
    }
}

package io.omnistock.core;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.PhasedBackoffWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

import java.util.concurrent.TimeUnit;

/**
 * How the engine's threads wait for work: a trade of latency against CPU left for others.
 */
public enum WaitStrategyKind
{
    /** Lock and condition: least CPU, highest wake-up latency. */
    BLOCKING,
    /** Spin, then yield, then park briefly: the default, polite on shared machines. */
    SLEEPING,
    /** Spin, then yield: low latency, burns a core per engine thread while idle. */
    YIELDING,
    /** Spin only: lowest latency; needs a dedicated core per engine thread. */
    BUSY_SPIN,
    /**
     * Spin for 10 µs, yield for 500 µs, then block: as quick as yielding while commands flow,
     * no CPU at all when idle (a daemon waiting for the night to end). Publishers pay a
     * notify on each publish.
     */
    PHASED;

    WaitStrategy create()
    {
        return switch (this)
        {
            case BLOCKING -> new BlockingWaitStrategy();
            case SLEEPING -> new SleepingWaitStrategy();
            case YIELDING -> new YieldingWaitStrategy();
            case BUSY_SPIN -> new BusySpinWaitStrategy();
            case PHASED -> PhasedBackoffWaitStrategy.withLock(10, 500, TimeUnit.MICROSECONDS);
        };
    }
}

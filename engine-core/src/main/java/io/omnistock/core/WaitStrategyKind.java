package io.omnistock.core;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.PhasedBackoffWaitStrategy;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

import java.util.concurrent.TimeUnit;

/**
 * How the engine's threads wait for work: a trade of latency against CPU left for others.
 *
 * <p>{@link #BLOCKING} and {@link #PHASED} block only on the ring's cursor. A stage gated on another
 * stage (the journal stage behind the single writer, {@link JournalThread#OWN}) spins on that
 * stage's progress whatever the strategy says, so on a shared core only {@link JournalThread#WRITER}
 * really stops spinning ({@link ThreadModel}).
 */
public enum WaitStrategyKind
{
    /** Chosen by {@link ThreadModel}: {@link #PHASED} on a small machine, {@link #SLEEPING} otherwise. */
    AUTO,
    /**
     * Lock and condition: least CPU, highest wake-up latency. Publishers take the lock only while a
     * consumer waits on it ({@link SignalWhenBlockedWaitStrategy}).
     */
    BLOCKING,
    /** Spin, then yield, then park briefly: polite on shared machines, but about half a core while idle. */
    SLEEPING,
    /** Spin, then yield: low latency, burns a core per engine thread while idle. */
    YIELDING,
    /** Spin only: lowest latency; needs a dedicated core per engine thread. */
    BUSY_SPIN,
    /**
     * Spin for 10 µs, yield for 500 µs, then block: as quick as yielding while commands flow,
     * no CPU at all when idle (a daemon waiting for the night to end). Publishers pay a lock and
     * a notify only when the consumer has gone to block ({@link SignalWhenBlockedWaitStrategy}).
     */
    PHASED;

    /** @return whether this strategy can hand the single writer an idle tick ({@link TimerThread#WRITER}). */
    boolean timesOut()
    {
        return this == BLOCKING || this == PHASED;
    }

    /**
     * @param idleTickNanos with {@link #timesOut()}, how long the writer may wait before it is handed
     *     an idle tick ({@code EventHandler.onTimeout}); 0 for none.
     */
    WaitStrategy create(final long idleTickNanos)
    {
        if (idleTickNanos > 0)
        {
            final WaitStrategy blocked = new SignalWhenBlockedWaitStrategy(idleTickNanos);
            return switch (this)
            {
                case BLOCKING -> blocked;
                case PHASED -> new IdleTicks(phased(blocked), blocked);
                default -> throw new IllegalStateException(this + " waits without timing out");
            };
        }
        return switch (this)
        {
            case AUTO -> throw new IllegalStateException("AUTO is resolved by ThreadModel before the ring is made");
            case BLOCKING -> new SignalWhenBlockedWaitStrategy(0);
            case SLEEPING -> new SleepingWaitStrategy();
            case YIELDING -> new YieldingWaitStrategy();
            case BUSY_SPIN -> new BusySpinWaitStrategy();
            case PHASED -> phased(new SignalWhenBlockedWaitStrategy(0));
        };
    }

    /** Spins for 10 µs, yields until 500 µs, then waits as {@code blocked} does. */
    private static WaitStrategy phased(final WaitStrategy blocked)
    {
        return new PhasedBackoffWaitStrategy(10, 500, TimeUnit.MICROSECONDS, blocked);
    }

    /**
     * Phased waiting for a single consumer that is handed idle ticks: after a tick it goes straight
     * back to blocking, rather than spinning and yielding for half a millisecond every tick of an idle
     * engine. Both strategies signal the one lock, so a publish wakes either. Only the one consumer
     * thread calls {@link #waitFor}, so {@link #idle} needs no fence.
     */
    private static final class IdleTicks implements WaitStrategy
    {
        private final WaitStrategy active;
        private final WaitStrategy blocked;
        private boolean idle;

        IdleTicks(final WaitStrategy active, final WaitStrategy blocked)
        {
            this.active = active;
            this.blocked = blocked;
        }

        @Override
        public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence,
            final SequenceBarrier barrier) throws AlertException, InterruptedException, TimeoutException
        {
            try
            {
                final long available = (idle ? blocked : active).waitFor(sequence, cursor, dependentSequence, barrier);
                idle = false;
                return available;
            }
            catch (final TimeoutException e)
            {
                idle = true;
                throw e;
            }
        }

        @Override
        public void signalAllWhenBlocking()
        {
            blocked.signalAllWhenBlocking();
        }
    }
}

package io.omnistock.core;

import com.lmax.disruptor.EventTranslator;
import com.lmax.disruptor.RingBuffer;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.command.ControlType;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine's only timer, outside the business logic. It turns the passing of wall-clock time
 * into commands: an {@code EXPIRE_HOLDS} command (journaled, so expiry replays exactly) once the
 * earliest unpaid hold is due, and a sync tick for periodic durability. The business logic never
 * reads a clock; it sees time only as stamps on commands.
 *
 * <p>It runs on a thread of its own ({@link TimerThread#OWN}) or, folded into the single writer
 * ({@link TimerThread#WRITER}), whenever the writer calls {@link #poll}: after each ring batch and on
 * each idle tick. Either way the commands go into the ring by the same publish, so they are stamped,
 * applied and journaled exactly alike.
 */
final class EngineTimer
{
    private static final long IDLE_PARK_NANOS = 10_000_000;
    private static final long BUSY_PARK_NANOS = 1_000_000;

    private static final EventTranslator<CommandSlot> EXPIRE = (slot, sequence) ->
    {
        slot.clearInput();
        slot.expireHolds();
    };

    private static final EventTranslator<CommandSlot> SYNC = (slot, sequence) ->
    {
        slot.clearInput();
        slot.control = ControlType.SYNC_TICK;
    };

    private final RingBuffer<CommandSlot> ring;
    private final EngineClock clock;
    private final long syncIntervalMillis;
    private final AtomicLong nextExpiry = new AtomicLong(Long.MAX_VALUE);
    private final AtomicBoolean expiryInFlight = new AtomicBoolean();
    /** Null when folded into the writer. */
    private final Thread thread;
    private volatile boolean running = true;
    /** Only the polling thread's (the timer's own, or the writer's). */
    private long lastSync;

    /**
     * @param syncInterval periodic durability interval, or {@code null} for no sync ticks.
     * @param ownThread    whether the timer polls on a thread of its own; otherwise the writer calls {@link #poll}.
     */
    EngineTimer(final RingBuffer<CommandSlot> ring, final EngineClock clock, final Duration syncInterval,
        final boolean ownThread)
    {
        this.ring = ring;
        this.clock = clock;
        this.syncIntervalMillis = syncInterval == null ? 0 : Math.max(1, syncInterval.toMillis());
        lastSync = clock.epochMillis();
        thread = ownThread ? new Thread(this::run, "omnistock-timer") : null;
        if (thread != null)
        {
            thread.setDaemon(true);
        }
    }

    void start()
    {
        if (thread != null)
        {
            thread.start();
        }
    }

    /** Called by the business-logic thread when the earliest pending hold expiry changes. */
    void nextExpiry(final long at)
    {
        nextExpiry.lazySet(at);
    }

    /** Called by the business-logic thread after it processed an expiry command. */
    void expiryProcessed()
    {
        expiryInFlight.lazySet(false);
    }

    private void run()
    {
        while (running)
        {
            LockSupport.parkNanos(poll(clock.epochMillis()) ? BUSY_PARK_NANOS : IDLE_PARK_NANOS);
        }
    }

    /**
     * Publishes what is due at {@code now}: an {@code EXPIRE_HOLDS} once the earliest hold is due (one
     * in flight at a time; while holds are still due, the next follows), a sync tick once the
     * durability interval has passed. Never waits: a full ring means the writer has work, and the
     * next poll tries again.
     *
     * @return whether a hold expiry is due.
     */
    boolean poll(final long now)
    {
        if (!running)
        {
            // Closing: nothing more goes into a ring that is draining.
            return false;
        }
        final boolean due = now >= nextExpiry.get();
        if (due && expiryInFlight.compareAndSet(false, true) && !ring.tryPublishEvent(EXPIRE))
        {
            expiryInFlight.set(false);
        }
        if (syncIntervalMillis > 0 && now - lastSync >= syncIntervalMillis)
        {
            ring.tryPublishEvent(SYNC);
            lastSync = now;
        }
        return due;
    }

    void stop()
    {
        running = false;
        if (thread == null)
        {
            return;
        }
        LockSupport.unpark(thread);
        try
        {
            thread.join(1_000);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}

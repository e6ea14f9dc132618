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
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param syncInterval periodic durability interval, or {@code null} for no sync ticks.
     */
    EngineTimer(final RingBuffer<CommandSlot> ring, final EngineClock clock, final Duration syncInterval)
    {
        this.ring = ring;
        this.clock = clock;
        this.syncIntervalMillis = syncInterval == null ? 0 : Math.max(1, syncInterval.toMillis());
        thread = new Thread(this::run, "omnistock-timer");
        thread.setDaemon(true);
    }

    void start()
    {
        thread.start();
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
        long lastSync = clock.epochMillis();
        while (running)
        {
            final long now = clock.epochMillis();
            final boolean due = now >= nextExpiry.get();
            // One expiry command in flight at a time; while holds are still due, the next follows at once.
            if (due && expiryInFlight.compareAndSet(false, true) && !ring.tryPublishEvent(EXPIRE))
            {
                expiryInFlight.set(false);
            }
            if (syncIntervalMillis > 0 && now - lastSync >= syncIntervalMillis)
            {
                ring.tryPublishEvent(SYNC);
                lastSync = now;
            }
            LockSupport.parkNanos(due ? BUSY_PARK_NANOS : IDLE_PARK_NANOS);
        }
    }

    void stop()
    {
        running = false;
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

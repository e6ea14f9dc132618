package io.omnistock.core;

import java.time.InstantSource;

/**
 * Where the engine reads the time it stamps on each command, in epoch milliseconds. Read only when
 * commands are sequenced (never inside the business logic, which sees the stamp): for the first
 * command of each ring batch, and once per 64 commands after it. Made monotonic there, so a clock
 * that steps back does not move engine time back.
 *
 * <p>An omnistock type rather than a library's, so that embedding needs no Agrona type; any
 * {@code long}-returning lambda fits ({@code config.clock(now::get)} in tests).
 */
@FunctionalInterface
public interface EngineClock
{
    /** The system's wall clock. */
    EngineClock SYSTEM = System::currentTimeMillis;

    /** @return the time now, epoch milliseconds. */
    long epochMillis();

    /** @return a clock reading {@code source}, for a {@code java.time} clock or test clock. */
    static EngineClock of(final InstantSource source)
    {
        return source::millis;
    }
}

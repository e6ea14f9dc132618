package io.omnistock.core;

/**
 * Raised once, by the journal stage, when a command cannot be journaled. From then on the engine
 * applies nothing: state it cannot make durable must not be built upon.
 */
final class HaltSignal
{
    private volatile Throwable cause;

    void raise(final Throwable why)
    {
        if (cause == null)
        {
            cause = why;
        }
    }

    boolean raised()
    {
        return cause != null;
    }

    Throwable cause()
    {
        return cause;
    }
}

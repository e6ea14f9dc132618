package io.omnistock.core;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Makes the next journal write of one kind fail, once, as a failing disk would: the engine's
 * journal stage halts exactly as it does for a real failure. Armed by the simulator from its own
 * thread, fired on the journal thread.
 */
public final class InjectedJournalFaults implements JournalFaults
{
    /** Which journal write fails. */
    public enum Kind
    {
        /** Adding the command to the journal batch: the command never reaches the journal. */
        APPEND,
        /** Writing the batch as a document: nothing of it reaches the journal. */
        FLUSH,
        /** Forcing the written document to the device: it is in the journal, but was not acknowledged. */
        SYNC
    }

    private volatile Kind armed;

    /** The next write of {@code kind} fails. */
    public void arm(final Kind kind)
    {
        armed = kind;
    }

    /** @return whether the armed failure has not fired yet. */
    public boolean pending()
    {
        return armed != null;
    }

    /** Starts an engine whose journal fails where this says. */
    public OmnistockEngine start(final EngineConfig config)
    {
        return OmnistockEngine.start(config, new RecoveryProgress(), this);
    }

    @Override
    public void beforeAppend(final long sequence)
    {
        fire(Kind.APPEND);
    }

    @Override
    public void beforeFlush()
    {
        fire(Kind.FLUSH);
    }

    @Override
    public void beforeSync()
    {
        fire(Kind.SYNC);
    }

    private void fire(final Kind kind)
    {
        if (armed == kind)
        {
            armed = null;
            throw new Injected(kind);
        }
    }

    /**
     * Without a stack trace: the engine logs the failure it halts on, and in a test run that line
     * should read as the deliberate fault it is, not as a test failing.
     */
    static final class Injected extends UncheckedIOException
    {
        private static final long serialVersionUID = 1L;

        Injected(final Kind kind)
        {
            super(new IOException("journal " + kind + " failure injected by the test (expected)", null)
            {
                private static final long serialVersionUID = 1L;

                @Override
                public synchronized Throwable fillInStackTrace()
                {
                    return this;
                }
            });
        }

        @Override
        public synchronized Throwable fillInStackTrace()
        {
            return this;
        }
    }
}

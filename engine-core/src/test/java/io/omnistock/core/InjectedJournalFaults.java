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
            throw new UncheckedIOException(new IOException("injected journal " + kind + " failure"));
        }
    }
}

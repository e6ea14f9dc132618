package io.omnistock.core;

/**
 * How far recovery has got, readable from any thread while {@link OmnistockEngine#start} replays the
 * journal (a daemon reports it on its readiness probe and in its log). Read-only for everyone but
 * recovery: it observes the replay and decides nothing.
 */
public final class RecoveryProgress
{
    private volatile long snapshotSequence;
    private volatile long targetSequence;
    private volatile long replayedCommands;
    private volatile long sequence;
    private volatile boolean done;

    /** @return the sequence of the snapshot recovery started from, or 0. */
    public long snapshotSequence()
    {
        return snapshotSequence;
    }

    /** @return the last sequence the journal held when replay began (0 if unknown or empty). */
    public long targetSequence()
    {
        return targetSequence;
    }

    /** @return commands replayed so far. */
    public long replayedCommands()
    {
        return replayedCommands;
    }

    /** @return the sequence of the last command replayed (or of the snapshot, before any). */
    public long sequence()
    {
        return sequence;
    }

    /** @return whether recovery has finished (successfully or not). */
    public boolean done()
    {
        return done;
    }

    void started(final long snapshotSequence, final long targetSequence)
    {
        this.snapshotSequence = snapshotSequence;
        this.sequence = snapshotSequence;
        this.targetSequence = targetSequence;
    }

    void replayed(final long sequence)
    {
        // One writer: a plain increment of the volatile is safe, and costs a store per command.
        replayedCommands++;
        this.sequence = sequence;
    }

    void finished()
    {
        done = true;
    }
}

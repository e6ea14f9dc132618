package io.omnistock.core.state;

import io.omnistock.core.command.CommandSlot;

/**
 * Stamps each command with where and when it stands in the engine's history, the one place this
 * is decided: production's logic stage, replay's checks, every test harness and every benchmark
 * stamp through here, so none can differ from the engine in how it numbers or times commands.
 *
 * <p>A journaled command gets the next sequence (1, 2, 3, ... without gaps) and the time
 * {@code max(now, last command's time)}: engine time never goes backwards, whatever the clock
 * does, so every replay sees the same times in the same order. A query is not sequenced but is
 * answered for now (capacity hours and promise windows depend on the time, and the order placed
 * right after a promise is stamped with now), and never before the last command's time.
 */
public final class Sequencer
{
    private final EngineState state;

    public Sequencer(final EngineState state)
    {
        this.state = state;
    }

    /**
     * @param nowMillis the time the command is applied at: the clock's in production, the cluster
     *     log's when replicated, a simulated one in tests.
     * @return whether the command is journaled (it got a sequence).
     */
    public boolean stamp(final CommandSlot c, final long nowMillis)
    {
        c.timestamp = Math.max(nowMillis, state.lastTimestamp());
        if (c.isJournaledType())
        {
            c.sequence = state.lastSequence() + 1;
            return true;
        }
        return false;
    }
}

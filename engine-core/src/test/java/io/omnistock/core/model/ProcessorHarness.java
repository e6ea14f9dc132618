package io.omnistock.core.model;

import io.omnistock.api.CommandResult;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.state.CommandProcessor;
import io.omnistock.core.state.EngineState;

/**
 * Drives the business logic directly, stamping sequences and times the way the engine's
 * sequencer does, without threads or a journal: fast enough for thousands of property tries.
 */
public final class ProcessorHarness
{
    private final EngineState state;
    private final CommandProcessor processor;
    private final io.omnistock.core.state.Sequencer sequencer;
    private final CommandSlot slot = new CommandSlot();
    private final DeterministicClock clock = new DeterministicClock();

    public ProcessorHarness(final int idempotencyWindow)
    {
        state = new EngineState(64, 64, idempotencyWindow);
        processor = new CommandProcessor(state);
        sequencer = new io.omnistock.core.state.Sequencer(state);
    }

    public EngineState state()
    {
        return state;
    }

    public CommandResult apply(final Cmd cmd)
    {
        slot.clearInput();
        cmd.writeTo(slot);
        sequencer.stamp(slot, clock.epochMillis());
        processor.apply(slot);
        return CommandResult.copyOf(slot);
    }
}

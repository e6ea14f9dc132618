package io.omnistock.core.routing;

import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.state.CommandProcessor;
import io.omnistock.core.state.EngineState;

/**
 * Drives the business logic directly, stamping commands the way the business-logic stage does:
 * journaled commands get the next sequence and the harness time, queries the harness time too
 * (the time an order placed right after them would get).
 */
final class RoutingHarness
{
    static final long START = 1_700_000_000_000L;

    final EngineState state = new EngineState(64, 16, 4_096);
    final CommandProcessor processor = new CommandProcessor(state);
    private final io.omnistock.core.state.Sequencer sequencer = new io.omnistock.core.state.Sequencer(state);
    private final CommandSlot slot = new CommandSlot();
    long now = START;

    CommandResult run(final Command command)
    {
        slot.clearInput();
        command.writeTo(slot);
        return apply();
    }

    /** The engine timer's EXPIRE_HOLDS signal, at the harness time. */
    CommandResult expireHolds()
    {
        slot.clearInput();
        slot.expireHolds();
        return apply();
    }

    private CommandResult apply()
    {
        sequencer.stamp(slot, now);
        processor.apply(slot);
        return CommandResult.copyOf(slot);
    }
}

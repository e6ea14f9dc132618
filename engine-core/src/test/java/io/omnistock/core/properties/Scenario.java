package io.omnistock.core.properties;

import io.omnistock.core.model.Cmd;
import io.omnistock.core.model.ReferenceModel;
import io.omnistock.core.sim.SimClock;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.ProcessorHarness;

import java.util.ArrayList;
import java.util.List;

/**
 * A random command sequence to run after the standard network (3 locations, one per tier, and
 * 3 SKUs, command ids 1 to 6), with the idempotency window size to run it under.
 */
public record Scenario(List<Cmd> commands, int idempotencyWindow)
{
    /**
     * @return the standard network definitions followed by the random commands.
     */
    public List<Cmd> all()
    {
        final List<Cmd> all = new ArrayList<>(ReferenceModel.standardNetwork(1));
        all.addAll(commands);
        return all;
    }

    /**
     * @return a harness to run this scenario in, its time moving 3 ms a command as the live
     *     engine's clock does in {@link ReplayProperties}.
     */
    public ProcessorHarness harness()
    {
        return new ProcessorHarness(new EngineState(64, 64, idempotencyWindow)).ticking(SimClock.START, 3);
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("Scenario(window=").append(idempotencyWindow).append(", ")
            .append(commands.size()).append(" commands:");
        for (int i = 0; i < commands.size(); i++)
        {
            sb.append("\n  ").append(i).append(": ").append(commands.get(i));
        }
        return sb.append(")").toString();
    }
}

package io.omnistock.benchmarks;

import io.omnistock.api.Capabilities;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.state.CommandProcessor;
import io.omnistock.core.state.EngineState;

/**
 * Loads a synthetic retail network straight into a {@link CommandProcessor}, through the real
 * business logic (DEFINE_LOCATION, DEFINE_SKU and RECEIVE commands, stamped the way the engine's
 * business-logic stage stamps them), without the ring or a journal.
 */
final class Network
{
    /** Epoch milliseconds stamped on every command; engine time only has to be non-decreasing. */
    static final long TIMESTAMP = 1_700_000_000_000L;

    private final CommandProcessor processor;
    private final EngineState state;
    private final CommandSlot slot = new CommandSlot();
    private long nextCommandId = 1;

    Network(final CommandProcessor processor)
    {
        this.processor = processor;
        this.state = processor.state();
    }

    /**
     * Defines {@code locations} locations and {@code skus} SKUs, then receives {@code quantity} into
     * every one of the {@code locations * skus} positions.
     */
    void load(final int locations, final int skus, final long quantity)
    {
        final Tier[] tiers = Tier.values();
        for (int l = 0; l < locations; l++)
        {
            slot.clearInput();
            slot.defineLocation(nextCommandId++, "L" + l, tiers[l % tiers.length], 31_000_000 + l,
                121_000_000 + l, Capabilities.ALL);
            apply();
            if (slot.assignedId != l)
            {
                throw new IllegalStateException("location " + l + " got id " + slot.assignedId);
            }
        }
        for (int s = 0; s < skus; s++)
        {
            slot.clearInput();
            slot.defineSku(nextCommandId++, "SKU" + s, StockUnit.PIECE);
            apply();
            if (slot.assignedId != s)
            {
                throw new IllegalStateException("SKU " + s + " got id " + slot.assignedId);
            }
        }
        for (int l = 0; l < locations; l++)
        {
            for (int s = 0; s < skus; s++)
            {
                slot.clearInput();
                slot.receive(nextCommandId++, l, s, quantity);
                apply();
            }
        }
    }

    /**
     * @return the first command id not used by {@link #load}.
     */
    long nextCommandId()
    {
        return nextCommandId;
    }

    private void apply()
    {
        slot.sequence = state.lastSequence() + 1;
        slot.timestamp = TIMESTAMP;
        processor.apply(slot);
        if (slot.reason != ReasonCode.OK)
        {
            throw new IllegalStateException("loading command " + slot.commandId + " (" + slot.type +
                ") was rejected: " + slot.reason);
        }
    }
}

package io.omnistock.core.stock;

import io.omnistock.core.command.CommandSlot;

/**
 * Told of every change to a position, on the command that makes it: replenishment checks its
 * thresholds here. An interface so the stock domain does not depend on the replenishment domain,
 * which reads stock.
 */
public interface PositionWatcher
{
    /** Events one call may add to the command's output at most. */
    int MAX_EVENTS_PER_CHECK = 7;

    /**
     * @param slot   the position's ledger slot, already changed.
     * @param demand units sold or fulfilled there by this change, for demand averages.
     */
    void positionChanged(CommandSlot c, int slot, long demand);
}

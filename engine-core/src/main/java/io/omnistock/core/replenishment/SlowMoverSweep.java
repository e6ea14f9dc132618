package io.omnistock.core.replenishment;

import io.omnistock.core.command.OutputEvents;
import io.omnistock.core.stock.StockLedger;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import static io.omnistock.core.replenishment.ReplenishmentEntries.STATE;
import static io.omnistock.core.replenishment.ReplenishmentEntries.STRIDE;

/**
 * The daily SLOW_MOVER sweep: positions nobody touches are the slow movers, so once a UTC day
 * every tracked position is checked. It walks slots (not entries, whose order a snapshot does not
 * keep) from {@code sweepSlot}, a chunk per timer command. The day last fully swept is
 * {@code sweptDay}; -1 until the first policy exists.
 */
final class SlowMoverSweep
{
    /** Slots one timed command sweeps at most: bounds the pause it adds (page lookups, ~0.1 ms). */
    static final int SWEEP_SLOTS = 1 << 16;

    private final ReplenishmentEntries entries;
    private final StockLedger ledger;
    private long sweptDay = -1;
    private int sweepSlot = -1;

    SlowMoverSweep(final ReplenishmentEntries entries, final StockLedger ledger)
    {
        this.entries = entries;
        this.ledger = ledger;
    }

    /** A policy now exists, tracking from {@code today}: the first day the sweep counts from. */
    void policyFrom(final long today)
    {
        if (sweptDay < 0)
        {
            sweptDay = today;
        }
    }

    /** @return when the next sweep is due: 0 while one is under way, never without policies. */
    long nextAt()
    {
        if (entries.count == 0 || sweptDay < 0)
        {
            return Long.MAX_VALUE;
        }
        return sweepSlot >= 0 ? 0 : (sweptDay + 1) * DemandMath.DAY_MILLIS;
    }

    void sweep(final int today, final OutputEvents events)
    {
        if (sweepSlot < 0)
        {
            if (entries.count == 0 || sweptDay < 0 || today <= sweptDay)
            {
                return;
            }
            sweepSlot = 0;
        }
        final int end = (int)Math.min(ledger.size(), (long)sweepSlot + SWEEP_SLOTS);
        int slot = sweepSlot;
        for (; slot < end && events.remaining() > 0; slot++)
        {
            final int e = entries.entryOf(slot);
            if (e >= 0)
            {
                final int o = e * STRIDE;
                entries.data[o + STATE] = entries.slowMover(o, entries.data[o + STATE], ledger.onHand(slot), today,
                    ledger.location(slot), ledger.sku(slot), events);
            }
        }
        if (slot >= ledger.size())
        {
            sweptDay = today;
            sweepSlot = -1;
        }
        else
        {
            sweepSlot = slot;
        }
    }

    long checksum()
    {
        return io.omnistock.core.state.StateHash.combine(sweptDay, sweepSlot);
    }

    void writeTo(final DataOutput out) throws IOException
    {
        out.writeLong(sweptDay);
        out.writeInt(sweepSlot);
    }

    void readFrom(final DataInput in) throws IOException
    {
        sweptDay = in.readLong();
        sweepSlot = in.readInt();
    }
}

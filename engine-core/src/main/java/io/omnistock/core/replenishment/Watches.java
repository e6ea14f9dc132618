package io.omnistock.core.replenishment;

import io.omnistock.core.command.OutputEvents;
import io.omnistock.core.stock.StockLedger;

/**
 * The watches {@link Replenishment} leaves in the ledger's position words (see its class comment):
 * the tag that tells a valid watch from a stale one, moved on by each new day and each default
 * policy change, and the day of the last time seen. Everything here is derived: never hashed,
 * journaled or snapshotted.
 */
final class Watches
{
    private final StockLedger ledger;
    /** The tag of watches still valid, 1 to 63; 0 never is, so a zero word is no watch. */
    private int tag = 1;
    /** The day of the last time seen, so most checks need no division. */
    private long dayStart = Long.MAX_VALUE;
    private long dayEnd = Long.MIN_VALUE;
    private int day;

    Watches(final StockLedger ledger)
    {
        this.ledger = ledger;
    }

    /** @return the UTC day of {@code now}; a new day makes every watch stale (levels move with the day). */
    int today(final long now)
    {
        if (now < dayStart || now >= dayEnd)
        {
            day = (int)DemandMath.day(now);
            invalidateAll();
            dayStart = day * DemandMath.DAY_MILLIS;
            dayEnd = dayStart + DemandMath.DAY_MILLIS;
        }
        return day;
    }

    /** Watches of the old tag no longer hold; after 63 tags the oldest would look valid again, so all are cleared. */
    void invalidateAll()
    {
        if (++tag > WatchBand.TAG_MASK)
        {
            tag = 1;
            ledger.clearWatches();
        }
    }

    /** @return whether the position sits inside its watch's band: a full check would change nothing. */
    boolean quiet(final int slot)
    {
        final int watch = ledger.watch(slot);
        if ((watch & WatchBand.TAG_MASK) != tag)
        {
            return false;
        }
        final long onHand = ledger.onHand(slot);
        final long available = OutputEvents.available(onHand, ledger.reserved(slot), ledger.safetyStock(slot));
        return WatchBand.inside(watch, available, ledger.inTransit(slot), onHand);
    }

    /** Leaves a watch of these levels on the position (none if a level is beyond the band's codes). */
    void watch(final int slot, final long reorderLevel, final long overLevel)
    {
        ledger.setWatch(slot, WatchBand.encode(tag, reorderLevel, overLevel));
    }

    /** Clears the position's watch: its next check is a full one. */
    void clear(final int slot)
    {
        ledger.setWatch(slot, 0);
    }
}

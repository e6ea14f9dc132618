package io.omnistock.core.replenishment;

/**
 * Sales and fulfilments inside a watch: demand to record, but nothing to decide. Their units and
 * day wait here and are folded into the entries when the buffer fills and before anything reads
 * demand, in two passes so the entries' cache misses overlap instead of each stalling a command.
 */
final class DeferredDemand
{
    /** Sales and fulfilments inside a watch whose demand may wait before it is folded in. */
    private static final int CAPACITY = 512;

    /** {@code day << 32 | slot}, then units. */
    private final long[] deferred = new long[2 * CAPACITY];
    private int count;
    private final ReplenishmentEntries entries;

    DeferredDemand(final ReplenishmentEntries entries)
    {
        this.entries = entries;
    }

    /** Records the demand for later, folding what waits in first when the buffer is full. */
    void add(final int slot, final int day, final long units)
    {
        if (count == CAPACITY)
        {
            fold();
        }
        deferred[2 * count] = (long)day << 32 | slot;
        deferred[2 * count + 1] = units;
        count++;
    }

    /**
     * Records the deferred demand in the entries, as each check would have: today's units
     * and the last day with demand. No reader can tell it was deferred.
     */
    void fold()
    {
        // Two passes, so that neither pass waits on the other's cache misses: entries first (kept
        // in the slot's half of the word), then the entries' demand.
        for (int i = 0; i < count; i++)
        {
            final long dayAndSlot = deferred[2 * i];
            deferred[2 * i] = (dayAndSlot & 0xFFFF_FFFF_0000_0000L) | entries.entryOf((int)dayAndSlot);
        }
        for (int i = 0; i < count; i++)
        {
            final long dayAndEntry = deferred[2 * i];
            entries.addDemand((int)dayAndEntry * ReplenishmentEntries.STRIDE, (int)(dayAndEntry >>> 32),
                deferred[2 * i + 1]);
        }
        count = 0;
    }
}

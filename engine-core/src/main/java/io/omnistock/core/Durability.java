package io.omnistock.core;

import java.time.Duration;

/**
 * When the journal is forced to the storage device. Results are released only after their
 * command is in the journal (the memory-mapped file); this decides what a power failure can
 * still take. A process crash (including kill -9) loses nothing acknowledged at any level: the
 * mapped pages belong to the OS, not to the process.
 *
 * <ul>
 *   <li>{@link #pageCache()}: never forced by the engine; the OS writes back on its own schedule
 *       (typically within 30 s). Power failure can lose that much acknowledged work.</li>
 *   <li>{@link #periodic(int, Duration)}: forced after N commands or T elapsed, whichever first,
 *       on a thread beside the writer. Power failure can lose up to N commands or T of
 *       acknowledged work, plus what was answered while the last force ran.</li>
 *   <li>{@link #syncEachBatch()}: forced before every batch of results is released. Power failure
 *       loses nothing acknowledged; throughput falls to what the device can sync.</li>
 * </ul>
 */
public final class Durability
{
    private static final Durability PAGE_CACHE = new Durability(Integer.MAX_VALUE, Long.MAX_VALUE, false);
    private static final Durability SYNC_EACH_BATCH = new Durability(1, 0, true);

    private final int everyCommands;
    private final long everyNanos;
    private final boolean syncs;

    private Durability(final int everyCommands, final long everyNanos, final boolean syncs)
    {
        this.everyCommands = everyCommands;
        this.everyNanos = everyNanos;
        this.syncs = syncs;
    }

    public static Durability pageCache()
    {
        return PAGE_CACHE;
    }

    public static Durability syncEachBatch()
    {
        return SYNC_EACH_BATCH;
    }

    /**
     * @param everyCommands force after this many unforced commands (at least 1).
     * @param every         force when this long has passed since the last force (positive).
     */
    public static Durability periodic(final int everyCommands, final Duration every)
    {
        if (everyCommands < 1 || every.isNegative() || every.isZero())
        {
            throw new IllegalArgumentException("periodic durability needs a positive count and interval");
        }
        return new Durability(everyCommands, every.toNanos(), true);
    }

    /**
     * @return whether the journal is ever forced (the queue must then be opened with sync on).
     */
    public boolean syncs()
    {
        return syncs;
    }

    /**
     * @return the interval of a periodic policy, or {@code null} for the others.
     */
    public Duration interval()
    {
        return syncs && everyNanos > 0 ? Duration.ofNanos(everyNanos) : null;
    }

    /**
     * @return whether the journal is forced beside the writer rather than before results are
     *     released: periodic durability, whose answers never waited for the device.
     */
    boolean forcedBesideTheWriter()
    {
        return syncs && everyNanos > 0;
    }

    boolean due(final int unforced, final long nanosSinceForce)
    {
        return syncs && unforced > 0 && (unforced >= everyCommands || nanosSinceForce >= everyNanos);
    }

    /**
     * @return a sentence saying how many acknowledged commands a power loss can have taken from
     *     the end of a journal written at this level.
     */
    public String powerLossBound()
    {
        if (!syncs)
        {
            return "With page-cache durability, any command acknowledged before the power loss that the OS had not " +
                "yet written back can be among those lost: their number is not bounded.";
        }
        return everyNanos == 0 ?
            "With sync-each-batch durability none of them had been acknowledged: a batch's results are released " +
                "only once it is forced." :
            "With periodic durability (" + everyCommands + " commands or " + Duration.ofNanos(everyNanos) + "), at most " +
                everyCommands + " acknowledged commands, those since the last completed sync, can be among those lost " +
                "(plus those answered while a sync ran beside the writer).";
    }

    @Override
    public String toString()
    {
        if (!syncs)
        {
            return "page-cache";
        }
        return everyNanos == 0 ? "sync-each-batch" :
            "periodic(" + everyCommands + " commands, " + Duration.ofNanos(everyNanos) + ")";
    }
}

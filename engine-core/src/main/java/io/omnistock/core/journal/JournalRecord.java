package io.omnistock.core.journal;

import io.omnistock.api.EventView;
import io.omnistock.api.ResultView;

/**
 * One journaled command, read only: its stamp and outcome (the {@link ResultView} getters: type,
 * sequence, time, reason, ids, routing), its input ({@link #command()}) and its events. This is
 * what the journal's readers hand out ({@link JournalReader#nextRecord()}, the replayer's
 * observer): a reader outside the engine never holds the engine's mutable ring slot. A record is a
 * flyweight, valid until its reader reads the next one; copy what must outlive that.
 */
public interface JournalRecord extends ResultView
{
    /**
     * @return the command as its producer wrote it. Its {@code location()} and {@code sku()} are
     *     the input; the record's own are the outcome's (see {@link ResultView#location()}).
     */
    CommandFields command();

    /** @return how many events the command emitted. */
    int eventCount();

    /**
     * @param index the event, 0 to {@link #eventCount()} less one.
     * @return that event, read in place: valid until another event of this record is asked for.
     */
    EventView event(int index);
}

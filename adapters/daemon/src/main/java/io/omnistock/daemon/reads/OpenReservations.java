package io.omnistock.daemon.reads;

import io.omnistock.api.CommandType;
import io.omnistock.api.EventKind;
import io.omnistock.api.EventView;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.journal.CommandFields;
import io.omnistock.core.journal.JournalRecord;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The journal-fed read model of open stand-alone reservations, with the external reference and
 * metadata their RESERVE journaled (journal format 5): the engine keeps neither, so its ledger stays
 * allocation-free and fixed in size. The read models' one journal tail ({@link ReadModels}) feeds it
 * from the journal's start (a restart rebuilds the same model) and owns every change; HTTP threads read immutable
 * {@link ReservationRecord}s. A reservation leaves the model when it holds nothing more, as it
 * leaves the engine's book, so the model is bounded by the engine's open reservations.
 */
public final class OpenReservations
{
    private final ConcurrentHashMap<Long, ReservationRecord> byId = new ConcurrentHashMap<>();

    /**
     * @param engineId the engine's reservation id (channel and number, see OrderIds).
     * @return the open reservation, or null if none is open under the id: as of the sequence the
     *     read models have applied ({@link AppliedSequence}), which a read after a write waits for.
     */
    public ReservationRecord find(final long engineId)
    {
        return byId.get(engineId);
    }

    /** @return how many open reservations it holds. */
    public int size()
    {
        return byId.size();
    }

    /** Applies one journal record: the read models' tail thread only, or a test. */
    void apply(final JournalRecord c)
    {
        if (c.type() == CommandType.RESERVE && c.reason() == ReasonCode.OK)
        {
            final CommandFields r = c.command();
            byId.put(r.reservationId(), new ReservationRecord(r.reservationId(), r.location(), r.sku(), r.quantity(),
                r.externalReference(), r.metadata(), c.sequence()));
        }
        else if ((c.type() == CommandType.RELEASE || c.type() == CommandType.FULFIL) && c.reason() == ReasonCode.OK)
        {
            for (int i = 0; i < c.eventCount(); i++)
            {
                final EventView events = c.event(i);
                if (events.kind() == EventKind.RESERVATION_CHANGED)
                {
                    held(events.reservationId(), events.held());
                }
            }
        }
    }

    private void held(final long engineId, final long held)
    {
        if (held == 0)
        {
            byId.remove(engineId);
            return;
        }
        byId.computeIfPresent(engineId, (id, r) -> r.withHeld(held));
    }
}

package io.omnistock.daemon.reads;

import io.omnistock.api.CommandType;
import io.omnistock.api.EventKind;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.command.OutputEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

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
    private static final Logger LOG = LoggerFactory.getLogger(OpenReservations.class);
    private static final long CATCH_UP_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ConcurrentHashMap<Long, ReservationRecord> byId = new ConcurrentHashMap<>();
    private volatile long appliedSequence;
    private volatile RuntimeException failure;

    /** The tail stopped (a journal it cannot read): reads say so from now on. */
    void failed(final RuntimeException why)
    {
        LOG.error("the reservation read model stopped following the journal at sequence {}", appliedSequence, why);
        failure = why;
    }

    /**
     * The reservation as of journal sequence {@code sequence} or later: waits (on the caller's
     * worker thread) until the model has applied it, so a read after a write sees the write.
     *
     * @param engineId the engine's reservation id (channel and number, see OrderIds).
     * @return the open reservation, or null if none is open under the id.
     * @throws IllegalStateException if the model stopped, or is not there within {@code timeoutMillis}.
     */
    public ReservationRecord find(final long engineId, final long sequence, final long timeoutMillis)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (appliedSequence < sequence)
        {
            if (failure != null)
            {
                throw new IllegalStateException("the reservation read model stopped", failure);
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("the reservation read model is at sequence " + appliedSequence +
                    ", behind " + sequence);
            }
            LockSupport.parkNanos(CATCH_UP_PARK_NANOS);
        }
        return byId.get(engineId);
    }

    /** @return how many open reservations it holds. */
    public int size()
    {
        return byId.size();
    }

    /** Applies one journal record: the read models' tail thread only, or a test. */
    void apply(final CommandSlot c)
    {
        if (c.type == CommandType.RESERVE && c.reason == ReasonCode.OK)
        {
            byId.put(c.reservationId, new ReservationRecord(c.reservationId, c.location, c.sku, c.quantity,
                c.externalReference, c.metadata, c.sequence));
        }
        else if ((c.type == CommandType.RELEASE || c.type == CommandType.FULFIL) && c.reason == ReasonCode.OK)
        {
            final OutputEvents events = c.events;
            for (int i = 0; i < events.count(); i++)
            {
                events.moveTo(i);
                if (events.kind() == EventKind.RESERVATION_CHANGED)
                {
                    held(events.reservationId(), events.held());
                }
            }
        }
        appliedSequence = c.sequence;
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

package io.omnistock.daemon.reads;

import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandSlot;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The journal-fed read model of open reservations, fed records by hand. */
class OpenReservationsTest
{
    private final OpenReservations model = new OpenReservations();
    private final CommandSlot slot = new CommandSlot();
    private long sequence;

    @Test
    void keepsAnOpenReservationWithItsReferenceAndMetadataUntilItHoldsNothing()
    {
        reserve(5, 3, "cart-42", "{\"gift\":true}", ReasonCode.OK);
        assertEquals(new ReservationRecord(5, 2, 7, 3, "cart-42", "{\"gift\":true}", 1), model.find(5));
        reduce(5, 1);
        assertEquals(1, model.find(5).held());
        assertEquals("cart-42", model.find(5).externalReference());
        reduce(5, 0);
        assertNull(model.find(5), "a reservation holding nothing is gone");
        assertEquals(0, model.size());
    }

    @Test
    void aRefusedReserveLeavesNothing()
    {
        reserve(6, 3, "r".repeat(200), null, ReasonCode.INVALID_EXTERNAL_REFERENCE);
        assertNull(model.find(6));
    }

    private void reserve(final long id, final long quantity, final String reference, final String metadata,
        final ReasonCode reason)
    {
        begin();
        slot.reserveWithReference(1, id, 2, 7, quantity, reference, metadata);
        slot.reason = reason;
        if (reason == ReasonCode.OK)
        {
            slot.events.addReservation(id, 2, 7, quantity);
        }
        model.apply(stamped());
    }

    private void reduce(final long id, final long held)
    {
        begin();
        slot.release(1, id, 1);
        slot.reason = ReasonCode.OK;
        slot.events.addReservation(id, 2, 7, held);
        model.apply(stamped());
    }

    private void begin()
    {
        slot.clearInput();
        slot.clearResult();
    }

    private CommandSlot stamped()
    {
        slot.sequence = ++sequence;
        return slot;
    }
}

package io.omnistock.daemon.reads;

/**
 * An open stand-alone reservation as the journal says: where it holds, what it still holds, and
 * the reference and metadata its RESERVE carried (null for none; metadata is the JSON text the
 * daemon journaled).
 *
 * @param engineId the engine's id (channel and number, see OrderIds).
 * @param createdSequence the journal sequence of its RESERVE.
 */
public record ReservationRecord(long engineId, int location, int sku, long held, String externalReference,
    String metadata, long createdSequence)
{
    ReservationRecord withHeld(final long newHeld)
    {
        return new ReservationRecord(engineId, location, sku, newHeld, externalReference, metadata, createdSequence);
    }
}

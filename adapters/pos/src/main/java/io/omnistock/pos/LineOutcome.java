package io.omnistock.pos;

import io.omnistock.api.ReasonCode;

/**
 * What became of one POS line.
 *
 * @param line        the line number.
 * @param sku         the SKU code.
 * @param status      applied, duplicate, voided or rejected.
 * @param reason      the engine's reason: {@link ReasonCode#OK} when applied, {@link ReasonCode#DUPLICATE_COMMAND}
 *                    for a re-upload, the rejection otherwise (an unresolved code is
 *                    {@link ReasonCode#UNKNOWN_LOCATION} or {@link ReasonCode#UNKNOWN_SKU}).
 * @param detail      a human-readable explanation naming the line's own codes.
 * @param onHandAfter on hand at the store after an applied line; 0 otherwise.
 */
public record LineOutcome(int line, String sku, Status status, ReasonCode reason, String detail, long onHandAfter)
{
    /** What became of a line. */
    public enum Status
    {
        /** The sale or return (or, in a post-void, its reversal) changed stock. */
        APPLIED,
        /** The engine had already applied this line's command id: an earlier upload; nothing changed. */
        DUPLICATE,
        /** A line voided at the till: nothing to apply. */
        VOIDED,
        /** Not applied; {@link #reason()} says why. Fix the master data and upload again to apply it. */
        REJECTED
    }

    /**
     * @return whether this applied sale left the store's on hand below zero: the ledger believed the
     *     stock gone, so the sale is recorded and the engine flags the position for a count.
     */
    public boolean negativeOnHand()
    {
        return status == Status.APPLIED && onHandAfter < 0;
    }
}

package io.omnistock.pos;

import io.omnistock.api.ReasonCode;

/**
 * What the commit of a count session did for one SKU.
 *
 * @param sku           the SKU code.
 * @param counted       the absolute count submitted (0 for an unscanned SKU of the zero-count scope).
 * @param reason        {@link ReasonCode#OK}, {@link ReasonCode#DUPLICATE_COMMAND} if this session was
 *                      committed before, or why the engine rejected the count.
 * @param onHandAfter   on hand after an accepted count.
 * @param reservedAfter what open reservations still hold after an accepted count: a count never
 *                      touches them.
 */
public record CountLineOutcome(String sku, long counted, ReasonCode reason, long onHandAfter, long reservedAfter)
{
    /**
     * @return whether the count found less on hand than open reservations hold: the engine records
     *     it and flags the shortfall, and the orders holding that stock need attention.
     */
    public boolean shortfall()
    {
        return reason == ReasonCode.OK && onHandAfter < reservedAfter;
    }
}

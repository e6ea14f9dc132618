package io.omnistock.pos;

import io.omnistock.api.Limits;

import java.util.Objects;

/**
 * One line of a POS transaction.
 *
 * @param number   the POS's own line number, positive and unique within the transaction; it is
 *                 part of the line's command id, so it must be the same on every upload.
 * @param kind     sale, return or voided line.
 * @param sku      the SKU code as defined in the engine.
 * @param quantity a positive whole number of the SKU's base unit (pieces, grams, millilitres).
 */
public record PosLine(int number, LineKind kind, String sku, long quantity)
{
    public PosLine
    {
        Objects.requireNonNull(kind, "kind");
        if (number <= 0)
        {
            throw new PosFormatException(PosFormatError.INVALID_FIELD, "line number must be positive, was " + number);
        }
        Codes.require(sku, "line " + number + " SKU");
        if (quantity <= 0)
        {
            throw new PosFormatException(PosFormatError.INVALID_QUANTITY,
                "line " + number + ": quantity must be positive, was " + quantity);
        }
        if (quantity > Limits.MAX_COMMAND_QUANTITY)
        {
            throw new PosFormatException(PosFormatError.INVALID_QUANTITY,
                "line " + number + ": quantity " + quantity + " exceeds the engine's maximum " + Limits.MAX_COMMAND_QUANTITY);
        }
    }
}

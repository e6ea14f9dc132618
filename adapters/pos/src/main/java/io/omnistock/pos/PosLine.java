package io.omnistock.pos;

import io.omnistock.api.Limits;
import io.omnistock.api.StockUnit;

import java.util.Objects;

/**
 * One line of a POS transaction.
 *
 * @param number   the POS's own line number, positive and unique within the transaction; it is
 *                 part of the line's command id, so it must be the same on every upload.
 * @param kind     sale, return or voided line.
 * @param sku      the SKU code as defined in the engine.
 * @param quantity a positive whole number of {@code unit}.
 * @param unit     the base unit the quantity is in (pieces, grams, millilitres): what the till's unit
 *                 of measure converts to. It must be the SKU's own unit; the ingestor checks it, so a
 *                 weight is never taken as a number of pieces.
 * @param amount   what the line was sold (or refunded) for, in minor currency units (cents, fen), discounts
 *                 taken off; {@link #NO_AMOUNT} when the till sent none. A sale's amount is journaled
 *                 beside it ({@code RECORD_SALE_AMOUNT}): the sales value ABC classification ranks by.
 */
public record PosLine(int number, LineKind kind, String sku, long quantity, StockUnit unit, long amount)
{
    /** The line carries no amount: its sales value is estimated from the SKU's unit price. */
    public static final long NO_AMOUNT = -1;

    /** A line without an amount. */
    public PosLine(final int number, final LineKind kind, final String sku, final long quantity, final StockUnit unit)
    {
        this(number, kind, sku, quantity, unit, NO_AMOUNT);
    }

    public PosLine
    {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(unit, "unit");
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
        if (amount != NO_AMOUNT && (amount < 0 || amount > Limits.MAX_COMMAND_QUANTITY))
        {
            throw new PosFormatException(PosFormatError.INVALID_FIELD, "line " + number + ": amount " + amount
                + " minor currency units must be 0 to " + Limits.MAX_COMMAND_QUANTITY);
        }
    }
}

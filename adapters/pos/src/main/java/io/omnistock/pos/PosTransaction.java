package io.omnistock.pos;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A completed POS or self-checkout transaction, as the store's till recorded it.
 *
 * @param transactionId        unique per retailer across all stores and days; with each line's
 *                             number it makes the line's command id, so re-uploads are harmless.
 * @param store                the store's location code in the engine.
 * @param terminal             the till or self-checkout that recorded it.
 * @param businessTime         when the transaction completed at the till. Kept for reports: the
 *                             engine stamps its own time, and late uploads are accepted as they are.
 * @param voidedTransactionId  for a post-void, the id of the earlier transaction it reverses (its
 *                             lines are repeated here and applied inverted); {@code null} otherwise.
 * @param lines                at least one line, with distinct line numbers.
 */
public record PosTransaction(
    String transactionId, String store, String terminal, Instant businessTime, String voidedTransactionId,
    List<PosLine> lines)
{
    public PosTransaction
    {
        Codes.require(transactionId, "transaction id");
        Codes.require(store, "transaction " + transactionId + " store");
        Codes.require(terminal, "transaction " + transactionId + " terminal");
        if (businessTime == null)
        {
            throw new PosFormatException(PosFormatError.MISSING_FIELD,
                "transaction " + transactionId + " has no business timestamp");
        }
        if (voidedTransactionId != null)
        {
            Codes.require(voidedTransactionId, "transaction " + transactionId + " voided transaction id");
        }
        Objects.requireNonNull(lines, "lines");
        if (lines.isEmpty())
        {
            throw new PosFormatException(PosFormatError.MISSING_FIELD, voidedTransactionId == null
                ? "transaction " + transactionId + " has no lines"
                : "post-void " + transactionId + " must repeat the lines of " + voidedTransactionId + " to reverse them");
        }
        lines = List.copyOf(lines);
        final Set<Integer> numbers = new HashSet<>();
        for (final PosLine line : lines)
        {
            if (!numbers.add(line.number()))
            {
                throw new PosFormatException(PosFormatError.DUPLICATE_LINE,
                    "transaction " + transactionId + " has line " + line.number() + " more than once");
            }
        }
    }

    /**
     * @return whether this transaction reverses an earlier one.
     */
    public boolean isPostVoid()
    {
        return voidedTransactionId != null;
    }
}

package io.omnistock.pos;

import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.InventoryEngine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Turns POS transactions into engine sales and returns. Translation only: whether a sale may take
 * on hand below zero, and what a duplicate is, are the engine's rules.
 *
 * <ul>
 *   <li>{@link LineKind#SALE} is a {@code SALE}, {@link LineKind#RETURN} a {@code RETURN_TO_STOCK} at
 *       the transaction's store; {@link LineKind#VOID} lines submit nothing.</li>
 *   <li>A post-void applies its lines inverted (a sale line becomes a return to stock, a return a
 *       sale), so the voided transaction's stock comes back. If the post-void arrives before the
 *       transaction it voids (two offline tills), stock is briefly high until the original arrives;
 *       both are applied exactly once, so the end result is the same.</li>
 *   <li>Each line's command id is {@link CommandIds#posLine(String, int)} of the transaction id and
 *       line number: a re-upload is answered {@code DUPLICATE_COMMAND} and changes nothing, as long
 *       as the first upload is still within the engine's idempotency window.</li>
 *   <li>A sale line with an amount is followed, once its sale is in (now or on an earlier upload),
 *       by a {@code RECORD_SALE_AMOUNT} with its own id ({@link CommandIds#saleAmount}): the sales
 *       value the forecast's ABC classes rank by. A refused sale sends none.</li>
 *   <li>There is no time window: a till that was offline for a day uploads, and its sales apply.</li>
 *   <li>A sale is never refused for want of stock: the engine records it and flags negative on hand.</li>
 *   <li>A store or SKU code the engine does not know rejects that line only (nothing is submitted
 *       for it); the other lines apply.</li>
 *   <li>A line whose quantity is of another kind than its SKU's stock unit (a weight for a SKU
 *       counted in pieces) refuses the whole upload with {@link PosFormatError#UNIT_MISMATCH} before
 *       anything is submitted: the till and the master data disagree about what was sold, and no
 *       conversion of the reading is right.</li>
 * </ul>
 * Thread-safe; the engine sequences concurrent uploads.
 */
public final class PosIngestor
{
    private final InventoryEngine engine;
    /** Where a sale's amount is submitted from once the sale is in: never the engine's thread. */
    private final Executor followUps = ForkJoinPool.commonPool();

    public PosIngestor(final InventoryEngine engine)
    {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * Submits the transaction's lines, waiting while the engine's ring is full.
     *
     * @param transaction a parsed transaction.
     * @return the outcome of every line, completed when the engine has journaled them all.
     * @throws PosFormatException {@link PosFormatError#UNIT_MISMATCH}, with nothing submitted.
     */
    public CompletableFuture<PosIngestResult> ingest(final PosTransaction transaction)
    {
        return ingest(List.of(transaction)).get(0);
    }

    /**
     * Checks every line of every transaction against its SKU's unit, then submits them all: if any
     * line's unit is refused, nothing of the upload (a till's backlog) is submitted.
     *
     * @param transactions parsed transactions, e.g. one document's.
     * @return each transaction's outcome, in order, completed when the engine has journaled it.
     * @throws PosFormatException {@link PosFormatError#UNIT_MISMATCH}, with nothing submitted.
     */
    public List<CompletableFuture<PosIngestResult>> ingest(final List<PosTransaction> transactions)
    {
        for (final PosTransaction transaction : transactions)
        {
            requireSkuUnits(transaction);
        }
        final List<CompletableFuture<PosIngestResult>> results = new ArrayList<>(transactions.size());
        for (final PosTransaction transaction : transactions)
        {
            results.add(submit(transaction));
        }
        return results;
    }

    private void requireSkuUnits(final PosTransaction transaction)
    {
        for (final PosLine line : transaction.lines())
        {
            // A voided line moves nothing, and an unknown SKU is that line's own rejection.
            final StockUnit skuUnit = line.kind() == LineKind.VOID ? null : engine.skuUnit(engine.skuId(line.sku()));
            if (skuUnit != null && skuUnit != line.unit())
            {
                throw new PosFormatException(PosFormatError.UNIT_MISMATCH, "transaction " + transaction.transactionId()
                    + " line " + line.number() + ": SKU '" + line.sku() + "' is counted in " + dimension(skuUnit)
                    + ", but the line's quantity is " + dimension(line.unit())
                    + "; nothing of the upload was applied");
            }
        }
    }

    private static String dimension(final StockUnit unit)
    {
        return switch (unit)
        {
            case PIECE -> "pieces (a count)";
            case GRAM -> "grams (a mass)";
            case MILLILITRE -> "millilitres (a volume)";
        };
    }

    private CompletableFuture<PosIngestResult> submit(final PosTransaction transaction)
    {
        final int store = engine.locationId(transaction.store());
        final List<CompletableFuture<LineOutcome>> outcomes = new ArrayList<>(transaction.lines().size());
        for (final PosLine line : transaction.lines())
        {
            outcomes.add(apply(transaction, store, line));
        }
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
            .thenApply(done -> new PosIngestResult(transaction.transactionId(),
                outcomes.stream().map(CompletableFuture::join).toList()));
    }

    private CompletableFuture<LineOutcome> apply(final PosTransaction transaction, final int store, final PosLine line)
    {
        if (line.kind() == LineKind.VOID)
        {
            return CompletableFuture.completedFuture(new LineOutcome(line.number(), line.sku(), LineOutcome.Status.VOIDED,
                ReasonCode.OK, "voided at the till", 0));
        }
        if (store < 0)
        {
            return rejected(line, ReasonCode.UNKNOWN_LOCATION,
                "store '" + transaction.store() + "' is not a location defined in the engine");
        }
        final int sku = engine.skuId(line.sku());
        if (sku < 0)
        {
            return rejected(line, ReasonCode.UNKNOWN_SKU, "SKU '" + line.sku() + "' is not defined in the engine");
        }
        final long commandId = CommandIds.posLine(transaction.transactionId(), line.number());
        final boolean sold = (line.kind() == LineKind.SALE) != transaction.isPostVoid();
        final Command command = sold
            ? Commands.sale(commandId, store, sku, line.quantity())
            : Commands.returnToStock(commandId, store, sku, line.quantity());
        final CompletableFuture<CommandResult> result = engine.submit(command);
        if (!sold || line.amount() == PosLine.NO_AMOUNT)
        {
            return result.thenApply(r -> outcome(line, true, sold, r));
        }
        // Async: a result completes on the engine's own thread, and submitting from there waits for
        // room in the ring that thread drains: a backlog larger than the ring would never finish.
        return result.thenComposeAsync(r -> valued(transaction, store, sku, line, r), followUps);
    }

    /**
     * The sale's amount follows the sale once it is in (now or on an earlier upload), so a refused
     * sale is never valued; its own id makes a re-upload a duplicate of it too.
     */
    private CompletableFuture<LineOutcome> valued(final PosTransaction transaction, final int store, final int sku,
        final PosLine line, final CommandResult sale)
    {
        final boolean in = sale.reason() == ReasonCode.OK ||
            sale.reason() == ReasonCode.DUPLICATE_COMMAND && sale.originalReason() == ReasonCode.OK;
        if (!in)
        {
            return CompletableFuture.completedFuture(outcome(line, true, true, sale));
        }
        return engine.submit(Commands.recordSaleAmount(CommandIds.saleAmount(transaction.transactionId(), line.number()),
                store, sku, line.quantity(), line.amount()))
            .thenApply(amount -> outcome(line, amount.reason() == ReasonCode.OK ||
                amount.reason() == ReasonCode.DUPLICATE_COMMAND, true, sale));
    }

    /** @param amountRecorded false when the line's amount was refused (its sale still counts, valued at the unit price). */
    private static LineOutcome outcome(final PosLine line, final boolean amountRecorded, final boolean sold,
        final CommandResult result)
    {
        final String action = sold ? "sale" : "return to stock";
        if (result.reason() == ReasonCode.OK)
        {
            return new LineOutcome(line.number(), line.sku(), LineOutcome.Status.APPLIED, ReasonCode.OK,
                action + " of " + line.quantity() + " applied" + (amountRecorded ? "" : "; its amount was not recorded"),
                result.onHand());
        }
        if (result.reason() == ReasonCode.DUPLICATE_COMMAND)
        {
            return new LineOutcome(line.number(), line.sku(), LineOutcome.Status.DUPLICATE, ReasonCode.DUPLICATE_COMMAND,
                "already uploaded; the first upload got " + result.originalReason(), 0);
        }
        return new LineOutcome(line.number(), line.sku(), LineOutcome.Status.REJECTED, result.reason(),
            action + " rejected: " + result.reason().message(), 0);
    }

    private static CompletableFuture<LineOutcome> rejected(final PosLine line, final ReasonCode reason, final String detail)
    {
        return CompletableFuture.completedFuture(
            new LineOutcome(line.number(), line.sku(), LineOutcome.Status.REJECTED, reason, detail, 0));
    }
}

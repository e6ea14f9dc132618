package io.omnistock.core.transfer;

import io.omnistock.api.EventView;
import io.omnistock.api.Limits;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.catalog.LocationTable;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.TransferCommands;
import io.omnistock.core.stock.StockEffects;
import io.omnistock.core.stock.StockLedger;

import static io.omnistock.api.ReasonCode.*;
import static io.omnistock.core.stock.StockEffects.positive;

/**
 * Stock between locations: the direct movements (TRANSFER_OUT, TRANSFER_IN) and transfer orders
 * (create, ship, receive, cancel), whose units are held at the source until they ship.
 */
public final class TransferHandlers implements TransferCommands
{
    private final StockEffects effects;
    private final StockLedger ledger;
    private final TransferBook transfers;
    private final LocationTable locations;
    private final TransferListener listener;

    public TransferHandlers(final EngineState state, final StockEffects effects, final TransferListener listener)
    {
        this.effects = effects;
        this.ledger = state.ledger();
        this.transfers = state.transfers();
        this.locations = state.locations();
        this.listener = listener;
    }

    /** Checks a movement from {@code location} to {@code toLocation}: references and quantity. */
    private ReasonCode transferRef(final CommandSlot c)
    {
        ReasonCode r = effects.positionRef(c.location, c.sku);
        if (r == OK && !locations.exists(c.toLocation))
        {
            r = UNKNOWN_LOCATION;
        }
        if (r == OK && c.location == c.toLocation)
        {
            r = SAME_LOCATION;
        }
        return r == OK ? positive(c.quantity) : r;
    }

    public ReasonCode transferOut(final CommandSlot c)
    {
        final ReasonCode r = transferRef(c);
        if (r != OK)
        {
            return r;
        }
        final int from = ledger.find(c.location, c.sku);
        if (!effects.hasFree(from, c.quantity))
        {
            return effects.reject(c, from, TRANSFER_EXCEEDS_FREE_STOCK);
        }
        final int existingTo = ledger.find(c.toLocation, c.sku);
        if ((existingTo < 0 ? 0 : ledger.inTransit(existingTo)) + c.quantity > Limits.MAX_POSITION_QUANTITY)
        {
            return effects.reject(c, from, QUANTITY_OVERFLOW);
        }
        effects.changed(c, from, -c.quantity, 0, 0);
        final int to = ledger.findOrCreate(c.toLocation, c.sku);
        ledger.change(to, 0, 0, c.quantity);
        effects.emitStock(c, to);
        return OK;
    }

    public ReasonCode transferIn(final CommandSlot c)
    {
        final ReasonCode r = effects.positionAndPositive(c);
        if (r != OK)
        {
            return r;
        }
        final int slot = ledger.find(c.location, c.sku);
        // Units shipped by transfer orders are theirs: taking them here would leave a later
        // receiveTransfer nothing to take, and stock would appear from nowhere.
        if (slot < 0 || ledger.inTransit(slot) - transfers.shippedTo(slot) < c.quantity)
        {
            return effects.reject(c, slot, RECEIPT_EXCEEDS_IN_TRANSIT);
        }
        if (ledger.onHand(slot) + c.quantity > Limits.MAX_POSITION_QUANTITY)
        {
            return effects.reject(c, slot, QUANTITY_OVERFLOW);
        }
        return effects.changed(c, slot, c.quantity, 0, -c.quantity);
    }

    // ---- transfer orders ----

    public ReasonCode createTransfer(final CommandSlot c)
    {
        if (c.reservationId == 0)
        {
            return INVALID_TRANSFER_ID;
        }
        final ReasonCode r = transferRef(c);
        if (r != OK)
        {
            return r;
        }
        if (transfers.find(c.reservationId) >= 0)
        {
            return DUPLICATE_TRANSFER;
        }
        final int from = ledger.find(c.location, c.sku);
        if (!effects.hasFree(from, c.quantity))
        {
            return effects.reject(c, from, TRANSFER_EXCEEDS_FREE_STOCK);
        }
        return openTransfer(c, from, ledger.findOrCreate(c.toLocation, c.sku), c.quantity, false);
    }

    /** Opens transfer {@code c.reservationId}, holding {@code quantity} at the source. */
    public ReasonCode openTransfer(final CommandSlot c, final int from, final int to, final long quantity,
        final boolean fromRequest)
    {
        transfers.open(c.reservationId, from, to, quantity, fromRequest);
        c.events.addTransfer(c.reservationId, ledger.location(from), ledger.sku(from), quantity,
            EventView.TRANSFER_CREATED);
        return effects.changed(c, from, 0, quantity, 0);
    }

    /** Transfer {@code transferId} shipped or was cancelled: the request it was made from is free again. */
    private void transferLeftCreated(final int e, final long transferId)
    {
        if (transfers.fromRequest(e))
        {
            listener.requestTransferEnded(transfers.toSlot(e), transferId);
        }
    }

    public ReasonCode shipTransfer(final CommandSlot c)
    {
        final int e = transfers.find(c.reservationId);
        if (e < 0)
        {
            return UNKNOWN_TRANSFER;
        }
        if (transfers.state(e) != TransferBook.CREATED)
        {
            return TRANSFER_NOT_CREATED;
        }
        if (c.quantity < c.timestamp)
        {
            return INVALID_ETA;
        }
        final int from = transfers.fromSlot(e);
        final int to = transfers.toSlot(e);
        final long qty = transfers.quantity(e);
        if (ledger.inTransit(to) + qty > Limits.MAX_POSITION_QUANTITY)
        {
            return effects.reject(c, to, QUANTITY_OVERFLOW);
        }
        transferLeftCreated(e, c.reservationId);
        transfers.ship(e, c.quantity);
        c.events.addTransfer(c.reservationId, ledger.location(to), ledger.sku(to), qty, EventView.TRANSFER_SHIPPED);
        effects.changed(c, from, -qty, -qty, 0);
        ledger.change(to, 0, 0, qty);
        effects.emitStock(c, to);
        return OK;
    }

    public ReasonCode receiveTransfer(final CommandSlot c)
    {
        final int e = transfers.find(c.reservationId);
        if (e < 0)
        {
            return UNKNOWN_TRANSFER;
        }
        if (transfers.state(e) != TransferBook.SHIPPED)
        {
            return TRANSFER_NOT_SHIPPED;
        }
        final ReasonCode r = StockEffects.nonNegative(c.quantity);
        if (r != OK)
        {
            return r;
        }
        final long shipped = transfers.quantity(e);
        if (c.quantity != shipped && c.adjustmentReason == null)
        {
            return DISCREPANCY_REASON_REQUIRED;
        }
        final int to = transfers.toSlot(e);
        // Refused, not clamped: a state from before TRANSFER_IN left transfer orders' units alone
        // may hold less in transit than was shipped, and in transit must never go negative.
        if (ledger.inTransit(to) < shipped)
        {
            return effects.reject(c, to, RECEIPT_EXCEEDS_IN_TRANSIT);
        }
        if (ledger.onHand(to) + c.quantity > Limits.MAX_POSITION_QUANTITY)
        {
            return effects.reject(c, to, QUANTITY_OVERFLOW);
        }
        transfers.close(e);
        c.events.addTransfer(c.reservationId, ledger.location(to), ledger.sku(to), c.quantity,
            EventView.TRANSFER_RECEIVED);
        return effects.changed(c, to, c.quantity, 0, -shipped);
    }

    public ReasonCode cancelTransfer(final CommandSlot c)
    {
        final int e = transfers.find(c.reservationId);
        if (e < 0)
        {
            return UNKNOWN_TRANSFER;
        }
        if (transfers.state(e) != TransferBook.CREATED)
        {
            return TRANSFER_NOT_CREATED;
        }
        final int from = transfers.fromSlot(e);
        final long qty = transfers.quantity(e);
        transferLeftCreated(e, c.reservationId);
        transfers.close(e);
        c.events.addTransfer(c.reservationId, ledger.location(from), ledger.sku(from), qty,
            EventView.TRANSFER_CANCELLED);
        return effects.changed(c, from, 0, -qty, 0);
    }
}

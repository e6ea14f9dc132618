package io.omnistock.core.stock;

import io.omnistock.api.Limits;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.catalog.ChannelTable;
import io.omnistock.core.catalog.LocationTable;
import io.omnistock.core.command.CodeText;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.StockCommands;

import static io.omnistock.api.ReasonCode.*;
import static io.omnistock.core.stock.StockEffects.positive;

/**
 * The stock domain's commands: movements that change on hand (receipts, returns, adjustments,
 * counts, sales), stand-alone reservations, and what a position keeps back from promises (safety
 * stock, protected and walk-in stock, channel eligibility).
 */
public final class StockHandlers implements StockCommands
{
    private final StockEffects effects;
    private final StockLedger ledger;
    private final ReservationBook reservations;
    private final PositionReserves reserves;
    private final LocationTable locations;
    private final ChannelTable channels;

    public StockHandlers(final EngineState state, final StockEffects effects)
    {
        this.effects = effects;
        this.ledger = state.ledger();
        this.reservations = state.reservations();
        this.reserves = state.reserves();
        this.locations = state.locations();
        this.channels = state.channels();
    }

    public ReasonCode queryPosition(final CommandSlot c)
    {
        final ReasonCode ref = effects.positionRef(c.location, c.sku);
        if (ref == OK)
        {
            effects.describe(c, c.location, c.sku, ledger.find(c.location, c.sku));
        }
        return ref;
    }

    public ReasonCode receive(final CommandSlot c)
    {
        final ReasonCode r = effects.positionAndPositive(c);
        if (r != OK)
        {
            return r;
        }
        final int slot = ledger.find(c.location, c.sku);
        if (effects.onHandOf(slot) + c.quantity > Limits.MAX_POSITION_QUANTITY)
        {
            return effects.reject(c, slot, QUANTITY_OVERFLOW);
        }
        return effects.changed(c, ledger.findOrCreate(c.location, c.sku), c.quantity, 0, 0);
    }

    public ReasonCode returnToStock(final CommandSlot c)
    {
        return receive(c);
    }

    public ReasonCode adjust(final CommandSlot c)
    {
        ReasonCode r = effects.positionRef(c.location, c.sku);
        if (r != OK)
        {
            return r;
        }
        if (c.quantity == 0)
        {
            return ZERO_ADJUSTMENT;
        }
        if (c.quantity > Limits.MAX_COMMAND_QUANTITY || c.quantity < -Limits.MAX_COMMAND_QUANTITY)
        {
            return QUANTITY_TOO_LARGE;
        }
        if (c.adjustmentReason == null)
        {
            return INVALID_ADJUSTMENT_REASON;
        }
        final int slot = ledger.find(c.location, c.sku);
        final long after = effects.onHandOf(slot) + c.quantity;
        if (after > Limits.MAX_POSITION_QUANTITY)
        {
            return effects.reject(c, slot, QUANTITY_OVERFLOW);
        }
        // Only a decrease is held to the reservations: an increase always moves towards the truth.
        if (c.quantity < 0 && after < (slot < 0 ? 0 : ledger.reserved(slot)))
        {
            return effects.reject(c, slot, ADJUSTMENT_BELOW_RESERVED);
        }
        return effects.changed(c, ledger.findOrCreate(c.location, c.sku), c.quantity, 0, 0);
    }

    public ReasonCode stocktake(final CommandSlot c)
    {
        final ReasonCode r = effects.positionAndNonNegative(c);
        if (r != OK)
        {
            return r;
        }
        // A count is a fact: it is recorded even below what is reserved, and the shortfall is flagged.
        final int slot = ledger.findOrCreate(c.location, c.sku);
        ledger.setOnHand(slot, c.quantity);
        return effects.describeChanged(c, slot);
    }

    /**
     * Compare-and-set of on hand: applied only if on hand is still what the caller read, so a
     * read-modify-write over HTTP loses no change made in between. The rejection describes the
     * position (on hand 0 where none exists yet), which is the value the caller retries from.
     */
    public ReasonCode compareAndSetOnHand(final CommandSlot c)
    {
        final ReasonCode r = effects.positionAndNonNegative(c);
        if (r != OK)
        {
            return r;
        }
        if (c.adjustmentReason == null)
        {
            return INVALID_ADJUSTMENT_REASON;
        }
        final int slot = ledger.find(c.location, c.sku);
        final long onHand = effects.onHandOf(slot);
        if (onHand != c.compareQuantity)
        {
            effects.describe(c, c.location, c.sku, slot);
            return ON_HAND_CHANGED;
        }
        // Decided as the adjustment by the difference would be: a set is not a count (STOCKTAKE is).
        if (c.quantity < onHand && c.quantity < (slot < 0 ? 0 : ledger.reserved(slot)))
        {
            return effects.reject(c, slot, ADJUSTMENT_BELOW_RESERVED);
        }
        return effects.changed(c, ledger.findOrCreate(c.location, c.sku), c.quantity - onHand, 0, 0);
    }

    public ReasonCode sale(final CommandSlot c)
    {
        final ReasonCode r = effects.positionAndPositive(c);
        if (r != OK)
        {
            return r;
        }
        final int slot = ledger.find(c.location, c.sku);
        // The store sold it, so the sale is recorded even past zero; flags mark the discrepancy.
        if (effects.onHandOf(slot) - c.quantity < -Limits.MAX_POSITION_QUANTITY)
        {
            return effects.reject(c, slot, QUANTITY_OVERFLOW);
        }
        return effects.changed(c, ledger.findOrCreate(c.location, c.sku), -c.quantity, 0, 0, c.quantity);
    }

    public ReasonCode setSafetyStock(final CommandSlot c)
    {
        final ReasonCode r = effects.positionAndNonNegative(c);
        if (r != OK)
        {
            return r;
        }
        final int slot = ledger.findOrCreate(c.location, c.sku);
        ledger.setSafetyStock(slot, c.quantity);
        return effects.describeChanged(c, slot);
    }

    // ---- reservations ----

    public ReasonCode reserve(final CommandSlot c)
    {
        if (c.reservationId == 0)
        {
            return INVALID_RESERVATION_ID;
        }
        final ReasonCode r = effects.positionAndPositive(c);
        if (r != OK)
        {
            return r;
        }
        // Journaled with the command, kept nowhere in the state: checked here so the journal holds
        // only what a reader can serve back (none before format 5, so no earlier reserve decides otherwise).
        if (!CodeText.fits(c.externalReference, Limits.MAX_EXTERNAL_REFERENCE_BYTES))
        {
            return INVALID_EXTERNAL_REFERENCE;
        }
        if (!CodeText.fits(c.metadata, Limits.MAX_METADATA_BYTES))
        {
            return INVALID_METADATA;
        }
        final int slot = ledger.find(c.location, c.sku);
        if (reservations.find(c.reservationId) >= 0)
        {
            return effects.reject(c, slot, DUPLICATE_RESERVATION);
        }
        if (slot < 0 || reserves.promisable(ledger, slot, false) < c.quantity)
        {
            return effects.reject(c, slot, INSUFFICIENT_STOCK);
        }
        reservations.open(c.reservationId, slot, c.quantity);
        c.resultHeld = c.quantity;
        c.events.addReservation(c.reservationId, c.location, c.sku, c.quantity);
        return effects.changed(c, slot, 0, c.quantity, 0);
    }

    public ReasonCode release(final CommandSlot c)
    {
        return releaseOrFulfil(c, false);
    }

    public ReasonCode fulfil(final CommandSlot c)
    {
        return releaseOrFulfil(c, true);
    }

    /** A release and a fulfil check the same; a fulfil also takes the quantity off on hand. */
    private ReasonCode releaseOrFulfil(final CommandSlot c, final boolean fulfil)
    {
        if (c.reservationId == 0)
        {
            return INVALID_RESERVATION_ID;
        }
        final ReasonCode r = positive(c.quantity);
        if (r != OK)
        {
            return r;
        }
        final int entry = reservations.find(c.reservationId);
        if (entry < 0)
        {
            return UNKNOWN_RESERVATION;
        }
        final int slot = reservations.slot(entry);
        if (c.quantity > reservations.held(entry))
        {
            c.resultHeld = reservations.held(entry);
            return effects.reject(c, slot, RELEASE_EXCEEDS_HELD);
        }
        final long left = reservations.reduce(entry, c.quantity);
        c.resultHeld = left;
        c.events.addReservation(c.reservationId, ledger.location(slot), ledger.sku(slot), left);
        return effects.changed(c, slot, fulfil ? -c.quantity : 0, -c.quantity, 0, fulfil ? c.quantity : 0);
    }

    // ---- what a position keeps back ----

    public ReasonCode setProtectedStock(final CommandSlot c)
    {
        return setPositionReserve(c, true);
    }

    public ReasonCode setWalkInReserve(final CommandSlot c)
    {
        return setPositionReserve(c, false);
    }

    private ReasonCode setPositionReserve(final CommandSlot c, final boolean protectedStock)
    {
        final ReasonCode r = effects.positionAndNonNegative(c);
        if (r != OK)
        {
            return r;
        }
        final int slot = ledger.findOrCreate(c.location, c.sku);
        if (protectedStock)
        {
            reserves.setProtected(slot, c.quantity);
        }
        else
        {
            reserves.setWalkIn(slot, c.quantity);
        }
        effects.describe(c, c.location, c.sku, slot);
        return OK;
    }

    public ReasonCode setChannelEligibility(final CommandSlot c)
    {
        if (!locations.exists(c.location))
        {
            return UNKNOWN_LOCATION;
        }
        if (!channels.exists(c.channel))
        {
            return UNKNOWN_CHANNEL;
        }
        reserves.setEligible(c.location, c.channel, c.quantity != 0);
        c.resultLocation = c.location;
        return OK;
    }
}

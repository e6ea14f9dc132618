package io.omnistock.core.state;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandType;
import io.omnistock.api.EventKind;
import io.omnistock.api.Limits;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.Tier;
import io.omnistock.core.command.CommandSlot;

import java.nio.charset.StandardCharsets;

import static io.omnistock.api.ReasonCode.*;

/**
 * The business logic: applies one command to the {@link EngineState} and writes its outcome and
 * events into the slot. Deterministic by construction: it reads only the slot (including the
 * sequence and timestamp stamped on it) and the state, never a clock or a random source, so the
 * live engine, recovery and audit replay all run this same code to the same result.
 *
 * <p>Every handler validates first and mutates last: a rejected command changes no stock.
 */
public final class CommandProcessor
{
    private final EngineState state;
    private final LocationTable locations;
    private final SkuCatalog skus;
    private final StockLedger ledger;
    private final ReservationBook reservations;
    private final CommandWindow window;

    public CommandProcessor(final EngineState state)
    {
        this.state = state;
        this.locations = state.locations;
        this.skus = state.skus;
        this.ledger = state.ledger;
        this.reservations = state.reservations;
        this.window = state.window;
    }

    public EngineState state()
    {
        return state;
    }

    /**
     * Applies a command. For journaled types the slot must carry the next sequence and a
     * timestamp not earlier than the last one.
     */
    public void apply(final CommandSlot c)
    {
        c.clearResult();
        if (!c.isJournaledType())
        {
            c.reason = query(c);
            c.originalReason = c.reason;
            return;
        }

        state.lastSequence = c.sequence;
        state.lastTimestamp = c.timestamp;
        if (c.type == null || c.commandId == 0)
        {
            c.reason = c.type == null ? UNKNOWN_COMMAND : INVALID_COMMAND_ID;
            c.originalReason = c.reason;
            return;
        }
        final ReasonCode original = window.originalReason(c.commandId);
        if (original != null)
        {
            c.reason = DUPLICATE_COMMAND;
            c.originalReason = original;
            return;
        }

        final ReasonCode reason = execute(c);
        c.reason = reason;
        c.originalReason = reason;
        window.record(c.commandId, reason);
    }

    private ReasonCode execute(final CommandSlot c)
    {
        return switch (c.type)
        {
            case DEFINE_LOCATION -> defineLocation(c);
            case DEFINE_SKU -> defineSku(c);
            case RECEIVE -> receive(c);
            case ADJUST -> adjust(c);
            case STOCKTAKE -> stocktake(c);
            case SALE -> sale(c);
            case RETURN -> returnToStock(c);
            case RESERVE -> reserve(c);
            case RELEASE -> releaseOrFulfil(c, false);
            case FULFIL -> releaseOrFulfil(c, true);
            case TRANSFER_OUT -> transferOut(c);
            case TRANSFER_IN -> transferIn(c);
            case SET_SAFETY_STOCK -> setSafetyStock(c);
            case QUERY_POSITION, QUERY_AVAILABILITY -> UNKNOWN_COMMAND;
        };
    }

    private ReasonCode query(final CommandSlot c)
    {
        if (c.type == CommandType.QUERY_POSITION)
        {
            final ReasonCode ref = positionRef(c.location, c.sku);
            if (ref == OK)
            {
                describe(c, c.location, c.sku, ledger.find(c.location, c.sku));
            }
            return ref;
        }
        if (c.type == CommandType.QUERY_AVAILABILITY)
        {
            if (!skus.exists(c.sku))
            {
                return UNKNOWN_SKU;
            }
            c.resultSku = c.sku;
            for (int tier = 0; tier < Tier.COUNT; tier++)
            {
                c.tierAvailable[tier] = ledger.tierAvailable(c.sku, tier);
            }
            return OK;
        }
        return UNKNOWN_COMMAND;
    }

    // ---- definitions ----

    private ReasonCode defineLocation(final CommandSlot c)
    {
        final ReasonCode codeCheck = checkCode(c.code);
        if (codeCheck != OK)
        {
            return codeCheck;
        }
        if (locations.idOf(c.code) >= 0)
        {
            return DUPLICATE_LOCATION;
        }
        if (c.tier == null)
        {
            return INVALID_TIER;
        }
        if (Math.abs((long)c.latMicros) > Limits.MAX_LATITUDE_MICROS ||
            Math.abs((long)c.lonMicros) > Limits.MAX_LONGITUDE_MICROS)
        {
            return INVALID_COORDINATES;
        }
        if ((c.capabilities & ~Capabilities.ALL) != 0)
        {
            return INVALID_CAPABILITIES;
        }
        if (locations.count() >= Limits.MAX_LOCATIONS)
        {
            return TOO_MANY_LOCATIONS;
        }
        final int id = locations.define(c.code, c.tier, c.latMicros, c.lonMicros, c.capabilities);
        c.assignedId = id;
        c.resultLocation = id;
        c.events.addDefinition(EventKind.LOCATION_DEFINED, id, -1);
        return OK;
    }

    private ReasonCode defineSku(final CommandSlot c)
    {
        final ReasonCode codeCheck = checkCode(c.code);
        if (codeCheck != OK)
        {
            return codeCheck;
        }
        if (skus.idOf(c.code) >= 0)
        {
            return DUPLICATE_SKU;
        }
        if (c.unit == null)
        {
            return INVALID_UNIT;
        }
        if (skus.count() >= Limits.MAX_SKUS)
        {
            return TOO_MANY_SKUS;
        }
        final int id = skus.define(c.code, c.unit);
        ledger.ensureSku(id);
        c.assignedId = id;
        c.resultSku = id;
        c.events.addDefinition(EventKind.SKU_DEFINED, -1, id);
        return OK;
    }

    private static ReasonCode checkCode(final String code)
    {
        if (code == null || code.isEmpty())
        {
            return CODE_EMPTY;
        }
        final byte[] utf8 = code.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > Limits.MAX_CODE_BYTES)
        {
            return CODE_TOO_LONG;
        }
        // The journal stores UTF-8; a code that does not survive the round trip would replay differently.
        return new String(utf8, StandardCharsets.UTF_8).equals(code) ? OK : CODE_INVALID;
    }

    // ---- stock movements ----

    private ReasonCode receive(final CommandSlot c)
    {
        ReasonCode r = positionRef(c.location, c.sku);
        if (r == OK)
        {
            r = positive(c.quantity);
        }
        if (r != OK)
        {
            return r;
        }
        final int slot = ledger.find(c.location, c.sku);
        if (onHandOf(slot) + c.quantity > Limits.MAX_POSITION_QUANTITY)
        {
            return reject(c, slot, QUANTITY_OVERFLOW);
        }
        return changed(c, ledger.findOrCreate(c.location, c.sku), c.quantity, 0, 0);
    }

    private ReasonCode returnToStock(final CommandSlot c)
    {
        return receive(c);
    }

    private ReasonCode adjust(final CommandSlot c)
    {
        ReasonCode r = positionRef(c.location, c.sku);
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
        final long after = onHandOf(slot) + c.quantity;
        if (after > Limits.MAX_POSITION_QUANTITY)
        {
            return reject(c, slot, QUANTITY_OVERFLOW);
        }
        // Only a decrease is held to the reservations: an increase always moves towards the truth.
        if (c.quantity < 0 && after < (slot < 0 ? 0 : ledger.reserved(slot)))
        {
            return reject(c, slot, ADJUSTMENT_BELOW_RESERVED);
        }
        return changed(c, ledger.findOrCreate(c.location, c.sku), c.quantity, 0, 0);
    }

    private ReasonCode stocktake(final CommandSlot c)
    {
        ReasonCode r = positionRef(c.location, c.sku);
        if (r == OK)
        {
            r = nonNegative(c.quantity);
        }
        if (r != OK)
        {
            return r;
        }
        // A count is a fact: it is recorded even below what is reserved, and the shortfall is flagged.
        final int slot = ledger.findOrCreate(c.location, c.sku);
        ledger.setOnHand(slot, c.quantity);
        return describeChanged(c, slot);
    }

    private ReasonCode sale(final CommandSlot c)
    {
        ReasonCode r = positionRef(c.location, c.sku);
        if (r == OK)
        {
            r = positive(c.quantity);
        }
        if (r != OK)
        {
            return r;
        }
        final int slot = ledger.find(c.location, c.sku);
        // The store sold it, so the sale is recorded even past zero; flags mark the discrepancy.
        if (onHandOf(slot) - c.quantity < -Limits.MAX_POSITION_QUANTITY)
        {
            return reject(c, slot, QUANTITY_OVERFLOW);
        }
        return changed(c, ledger.findOrCreate(c.location, c.sku), -c.quantity, 0, 0);
    }

    private ReasonCode setSafetyStock(final CommandSlot c)
    {
        ReasonCode r = positionRef(c.location, c.sku);
        if (r == OK)
        {
            r = nonNegative(c.quantity);
        }
        if (r != OK)
        {
            return r;
        }
        final int slot = ledger.findOrCreate(c.location, c.sku);
        ledger.setSafetyStock(slot, c.quantity);
        return describeChanged(c, slot);
    }

    // ---- reservations ----

    private ReasonCode reserve(final CommandSlot c)
    {
        if (c.reservationId == 0)
        {
            return INVALID_RESERVATION_ID;
        }
        ReasonCode r = positionRef(c.location, c.sku);
        if (r == OK)
        {
            r = positive(c.quantity);
        }
        if (r != OK)
        {
            return r;
        }
        final int slot = ledger.find(c.location, c.sku);
        if (reservations.find(c.reservationId) >= 0)
        {
            return reject(c, slot, DUPLICATE_RESERVATION);
        }
        if (slot < 0 || ledger.available(slot) < c.quantity)
        {
            return reject(c, slot, INSUFFICIENT_STOCK);
        }
        reservations.open(c.reservationId, slot, c.quantity);
        c.resultHeld = c.quantity;
        c.events.addReservation(c.reservationId, c.location, c.sku, c.quantity);
        return changed(c, slot, 0, c.quantity, 0);
    }

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
            return reject(c, slot, RELEASE_EXCEEDS_HELD);
        }
        final long left = reservations.reduce(entry, c.quantity);
        c.resultHeld = left;
        c.events.addReservation(c.reservationId, ledger.location(slot), ledger.sku(slot), left);
        return changed(c, slot, fulfil ? -c.quantity : 0, -c.quantity, 0);
    }

    // ---- transfers ----

    private ReasonCode transferOut(final CommandSlot c)
    {
        ReasonCode r = positionRef(c.location, c.sku);
        if (r == OK && !locations.exists(c.toLocation))
        {
            r = UNKNOWN_LOCATION;
        }
        if (r == OK && c.location == c.toLocation)
        {
            r = SAME_LOCATION;
        }
        if (r == OK)
        {
            r = positive(c.quantity);
        }
        if (r != OK)
        {
            return r;
        }
        final int from = ledger.find(c.location, c.sku);
        if (from < 0 || ledger.onHand(from) - ledger.reserved(from) < c.quantity)
        {
            return reject(c, from, TRANSFER_EXCEEDS_FREE_STOCK);
        }
        final int existingTo = ledger.find(c.toLocation, c.sku);
        if ((existingTo < 0 ? 0 : ledger.inTransit(existingTo)) + c.quantity > Limits.MAX_POSITION_QUANTITY)
        {
            return reject(c, from, QUANTITY_OVERFLOW);
        }
        changed(c, from, -c.quantity, 0, 0);
        final int to = ledger.findOrCreate(c.toLocation, c.sku);
        ledger.change(to, 0, 0, c.quantity);
        c.events.addStock(c.toLocation, c.sku, ledger.onHand(to), ledger.reserved(to), ledger.inTransit(to),
            ledger.safetyStock(to));
        return OK;
    }

    private ReasonCode transferIn(final CommandSlot c)
    {
        ReasonCode r = positionRef(c.location, c.sku);
        if (r == OK)
        {
            r = positive(c.quantity);
        }
        if (r != OK)
        {
            return r;
        }
        final int slot = ledger.find(c.location, c.sku);
        if (slot < 0 || ledger.inTransit(slot) < c.quantity)
        {
            return reject(c, slot, RECEIPT_EXCEEDS_IN_TRANSIT);
        }
        if (ledger.onHand(slot) + c.quantity > Limits.MAX_POSITION_QUANTITY)
        {
            return reject(c, slot, QUANTITY_OVERFLOW);
        }
        return changed(c, slot, c.quantity, 0, -c.quantity);
    }

    // ---- shared steps ----

    private ReasonCode positionRef(final int location, final int sku)
    {
        if (!locations.exists(location))
        {
            return UNKNOWN_LOCATION;
        }
        return skus.exists(sku) ? OK : UNKNOWN_SKU;
    }

    private static ReasonCode positive(final long quantity)
    {
        if (quantity <= 0)
        {
            return INVALID_QUANTITY;
        }
        return quantity > Limits.MAX_COMMAND_QUANTITY ? QUANTITY_TOO_LARGE : OK;
    }

    private static ReasonCode nonNegative(final long quantity)
    {
        if (quantity < 0)
        {
            return NEGATIVE_QUANTITY;
        }
        return quantity > Limits.MAX_COMMAND_QUANTITY ? QUANTITY_TOO_LARGE : OK;
    }

    private long onHandOf(final int slot)
    {
        return slot < 0 ? 0 : ledger.onHand(slot);
    }

    private ReasonCode changed(
        final CommandSlot c, final int slot, final long onHandDelta, final long reservedDelta,
        final long inTransitDelta)
    {
        ledger.change(slot, onHandDelta, reservedDelta, inTransitDelta);
        return describeChanged(c, slot);
    }

    /** Emits the position's new quantities as an event and as the result. */
    private ReasonCode describeChanged(final CommandSlot c, final int slot)
    {
        final int location = ledger.location(slot);
        final int sku = ledger.sku(slot);
        c.events.addStock(location, sku, ledger.onHand(slot), ledger.reserved(slot), ledger.inTransit(slot),
            ledger.safetyStock(slot));
        describe(c, location, sku, slot);
        return OK;
    }

    /** A rejection still tells the caller where the position stands, when there is one. */
    private ReasonCode reject(final CommandSlot c, final int slot, final ReasonCode reason)
    {
        if (slot >= 0)
        {
            describe(c, ledger.location(slot), ledger.sku(slot), slot);
        }
        return reason;
    }

    private void describe(final CommandSlot c, final int location, final int sku, final int slot)
    {
        c.resultLocation = location;
        c.resultSku = sku;
        if (slot >= 0)
        {
            c.resultOnHand = ledger.onHand(slot);
            c.resultReserved = ledger.reserved(slot);
            c.resultInTransit = ledger.inTransit(slot);
            c.resultSafetyStock = ledger.safetyStock(slot);
        }
    }
}

package io.omnistock.core.replenishment;

import io.omnistock.api.Limits;
import io.omnistock.api.PolicyScope;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ReplenishmentKind;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.core.catalog.LocationTable;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.ReplenishmentCommands;
import io.omnistock.core.stock.StockEffects;
import io.omnistock.core.stock.StockLedger;
import io.omnistock.core.transfer.TransferBook;
import io.omnistock.core.transfer.TransferHandlers;

import static io.omnistock.api.ReasonCode.*;

/**
 * Replenishment's commands: policies at position, location and tier scope, a location's supply
 * source, cancelling a request and turning one into a transfer order.
 */
public final class ReplenishmentHandlers implements ReplenishmentCommands
{
    /** Longest period a policy counts in days (cover, cycle, slow movers): ten years. */
    private static final int MAX_POLICY_DAYS = 3_650;

    private final StockEffects effects;
    private final StockLedger ledger;
    private final LocationTable locations;
    private final Replenishment book;
    private final TransferBook transfers;
    private final TransferHandlers transferHandlers;

    public ReplenishmentHandlers(final EngineState state, final StockEffects effects, final TransferHandlers transferHandlers)
    {
        this.effects = effects;
        this.ledger = state.ledger();
        this.locations = state.locations();
        this.book = state.replenishment();
        this.transfers = state.transfers();
        this.transferHandlers = transferHandlers;
    }

    /** The first min/max command: a position's policy, sourced from a location or the supplier. */
    public ReasonCode setReplenishmentPolicy(final CommandSlot c)
    {
        final ReasonCode ref = effects.positionRef(c.location, c.sku);
        if (ref != OK)
        {
            return ref;
        }
        // Its source was a location or the supplier from the start; "the network" came later.
        if (c.toLocation == ReplenishmentPolicy.NETWORK)
        {
            return UNKNOWN_LOCATION;
        }
        return setPolicy(c, PolicyScope.POSITION, c.orderUpTo == 0 ? null : ReplenishmentKind.MIN_MAX);
    }

    public ReasonCode setReplenishmentRule(final CommandSlot c)
    {
        final int scope = c.policyScope;
        final ReasonCode ref = switch (scope)
        {
            case PolicyScope.POSITION -> effects.positionRef(c.location, c.sku);
            case PolicyScope.LOCATION -> locations.exists(c.location) ? OK : UNKNOWN_LOCATION;
            case PolicyScope.TIER -> c.tier != null ? OK : INVALID_TIER;
            default -> INVALID_REPLENISHMENT_POLICY;
        };
        if (ref != OK)
        {
            return ref;
        }
        if (scope == PolicyScope.TIER && c.replenishmentKind != null && c.toLocation >= 0)
        {
            return INVALID_DEFAULT_SOURCE;
        }
        return setPolicy(c, scope, c.replenishmentKind);
    }

    /** Validates and applies a policy ({@code kind} null: removes it) at a checked scope. */
    private ReasonCode setPolicy(final CommandSlot c, final int scope, final ReplenishmentKind kind)
    {
        if (kind != null)
        {
            final ReasonCode r = validatePolicy(c, kind);
            if (r != OK)
            {
                return r;
            }
        }
        if (scope == PolicyScope.TIER)
        {
            book.setTierDefault(c.tier.ordinal(), kind, c.quantity, c.orderUpTo, c.overstockLevel, c.packSize,
                c.minOrderQuantity, c.toLocation, c.leadTimeHours, c.slowMoverDays);
            return OK;
        }
        if (scope == PolicyScope.LOCATION)
        {
            book.setLocationDefault(c.location, kind, c.quantity, c.orderUpTo, c.overstockLevel, c.packSize,
                c.minOrderQuantity, c.toLocation, c.leadTimeHours, c.slowMoverDays);
            c.resultLocation = c.location;
            return OK;
        }
        final int slot = ledger.findOrCreate(c.location, c.sku);
        if (kind == null)
        {
            book.removeOwn(slot);
        }
        else
        {
            book.setOwn(slot, kind, c.quantity, c.orderUpTo, c.overstockLevel, c.packSize, c.minOrderQuantity,
                c.toLocation, c.leadTimeHours, c.slowMoverDays, c.timestamp);
        }
        // A policy is checked at once: a position already below it asks for stock now.
        book.positionChanged(c, slot, 0);
        effects.describe(c, c.location, c.sku, slot);
        return OK;
    }

    private ReasonCode validatePolicy(final CommandSlot c, final ReplenishmentKind kind)
    {
        final ReasonCode source = checkSource(c.location, c.toLocation);
        if (source != OK)
        {
            return source;
        }
        if (c.packSize < 1 || c.packSize > Limits.MAX_COMMAND_QUANTITY || c.minOrderQuantity < 0 ||
            c.minOrderQuantity > Limits.MAX_COMMAND_QUANTITY || c.leadTimeHours < 0 || c.leadTimeHours > 8_760 ||
            c.slowMoverDays < 0 || c.slowMoverDays > MAX_POLICY_DAYS)
        {
            return INVALID_REPLENISHMENT_POLICY;
        }
        return switch (kind)
        {
            case MIN_MAX -> c.quantity < 0 || c.quantity >= c.orderUpTo || c.orderUpTo > Limits.MAX_POSITION_QUANTITY ||
                c.overstockLevel != 0 ? INVALID_REPLENISHMENT_POLICY : OK;
            case DAYS_OF_COVER -> c.quantity < 1 || c.quantity >= c.orderUpTo || c.orderUpTo > c.overstockLevel ||
                c.overstockLevel > MAX_POLICY_DAYS ? INVALID_COVER_DAYS : OK;
            case DYNAMIC -> c.quantity < 5_000 || c.quantity > 9_999 || c.orderUpTo < 1 ||
                c.orderUpTo > MAX_POLICY_DAYS || c.overstockLevel != 0 ? INVALID_SERVICE_LEVEL : OK;
        };
    }

    /** A supply source is the supplier, the network, or another defined location. */
    private ReasonCode checkSource(final int location, final int source)
    {
        if (source != ReplenishmentPolicy.SUPPLIER && source != ReplenishmentPolicy.NETWORK)
        {
            if (source == location)
            {
                return SAME_LOCATION;
            }
            if (!locations.exists(source))
            {
                return UNKNOWN_LOCATION;
            }
        }
        return OK;
    }

    public ReasonCode setLocationSource(final CommandSlot c)
    {
        if (!locations.exists(c.location))
        {
            return UNKNOWN_LOCATION;
        }
        final ReasonCode source = checkSource(c.location, c.toLocation);
        if (source != OK)
        {
            return source;
        }
        book.setLocationSource(c.location, c.toLocation);
        c.resultLocation = c.location;
        return OK;
    }

    public ReasonCode cancelReplenishment(final CommandSlot c)
    {
        final ReasonCode ref = effects.positionRef(c.location, c.sku);
        if (ref != OK)
        {
            return ref;
        }
        final int slot = ledger.find(c.location, c.sku);
        if (slot < 0 || !book.cancel(slot))
        {
            return NO_OPEN_REQUEST;
        }
        c.events.addReplenishmentClosed(c.location, c.sku);
        effects.describe(c, c.location, c.sku, slot);
        return OK;
    }

    public ReasonCode transferFromRequest(final CommandSlot c)
    {
        if (c.reservationId == 0)
        {
            return INVALID_TRANSFER_ID;
        }
        final ReasonCode ref = effects.positionRef(c.location, c.sku);
        if (ref != OK)
        {
            return ref;
        }
        if (transfers.find(c.reservationId) >= 0)
        {
            return DUPLICATE_TRANSFER;
        }
        final int to = ledger.find(c.location, c.sku);
        final long quantity = to < 0 ? 0 : book.openRequest(to);
        if (quantity == 0)
        {
            return NO_OPEN_REQUEST;
        }
        if (book.requestTransferring(to))
        {
            return effects.reject(c, to, REQUEST_ALREADY_TRANSFERRED);
        }
        final int source = book.requestSourceOf(to);
        if (source == ReplenishmentPolicy.SUPPLIER)
        {
            return effects.reject(c, to, REQUEST_FROM_SUPPLIER);
        }
        // A request may ask for up to a position's limit, but a transfer must fit one command, as
        // createTransfer's does: its receipt is a command, and a shipped transfer cannot be cancelled.
        if (quantity > Limits.MAX_COMMAND_QUANTITY)
        {
            return effects.reject(c, to, QUANTITY_TOO_LARGE);
        }
        final int from = ledger.find(source, c.sku);
        if (!effects.hasFree(from, quantity))
        {
            return effects.reject(c, from < 0 ? to : from, TRANSFER_EXCEEDS_FREE_STOCK);
        }
        book.requestTransferred(to, c.reservationId);
        return transferHandlers.openTransfer(c, from, to, quantity, true);
    }
}

package io.omnistock.core.stock;

import io.omnistock.api.Limits;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.catalog.LocationTable;
import io.omnistock.core.catalog.SkuCatalog;
import io.omnistock.core.command.CommandSlot;

import static io.omnistock.api.ReasonCode.*;

/**
 * The steps every domain shares when a command touches a position: the reference and quantity
 * checks, changing the ledger, and reporting the change (event, result, watcher). One place, so
 * every change to a position is reported, and checked against replenishment, the same way.
 */
public final class StockEffects
{
    private final LocationTable locations;
    private final SkuCatalog skus;
    private final StockLedger ledger;
    private final PositionWatcher watcher;

    public StockEffects(final LocationTable locations, final SkuCatalog skus, final StockLedger ledger,
        final PositionWatcher watcher)
    {
        this.locations = locations;
        this.skus = skus;
        this.ledger = ledger;
        this.watcher = watcher;
    }

    public ReasonCode positionRef(final int location, final int sku)
    {
        if (!locations.exists(location))
        {
            return UNKNOWN_LOCATION;
        }
        return skus.exists(sku) ? OK : UNKNOWN_SKU;
    }

    /** The command's position exists and its quantity is a valid positive amount: the first checks of most movements. */
    public ReasonCode positionAndPositive(final CommandSlot c)
    {
        final ReasonCode r = positionRef(c.location, c.sku);
        return r == OK ? positive(c.quantity) : r;
    }

    /** The command's position exists and its quantity is a valid level (zero allowed). */
    public ReasonCode positionAndNonNegative(final CommandSlot c)
    {
        final ReasonCode r = positionRef(c.location, c.sku);
        return r == OK ? nonNegative(c.quantity) : r;
    }

    public static ReasonCode positive(final long quantity)
    {
        if (quantity <= 0)
        {
            return INVALID_QUANTITY;
        }
        return quantity > Limits.MAX_COMMAND_QUANTITY ? QUANTITY_TOO_LARGE : OK;
    }

    public static ReasonCode nonNegative(final long quantity)
    {
        if (quantity < 0)
        {
            return NEGATIVE_QUANTITY;
        }
        return quantity > Limits.MAX_COMMAND_QUANTITY ? QUANTITY_TOO_LARGE : OK;
    }

    public long onHandOf(final int slot)
    {
        return slot < 0 ? 0 : ledger.onHand(slot);
    }

    /**
     * Whether the position has {@code quantity} free: on hand not held by reservations. Transfers
     * may use safety stock, which is a promise rule, not a physical one.
     */
    public boolean hasFree(final int slot, final long quantity)
    {
        return slot >= 0 && ledger.onHand(slot) - ledger.reserved(slot) >= quantity;
    }

    public ReasonCode changed(
        final CommandSlot c, final int slot, final long onHandDelta, final long reservedDelta,
        final long inTransitDelta)
    {
        return changed(c, slot, onHandDelta, reservedDelta, inTransitDelta, 0);
    }

    /** @param demand units sold or fulfilled by the change, for demand averages. */
    public ReasonCode changed(
        final CommandSlot c, final int slot, final long onHandDelta, final long reservedDelta,
        final long inTransitDelta, final long demand)
    {
        ledger.change(slot, onHandDelta, reservedDelta, inTransitDelta);
        emitStock(c, slot, demand);
        describe(c, ledger.location(slot), ledger.sku(slot), slot);
        return OK;
    }

    /** Emits the position's new quantities as an event and as the result. */
    public ReasonCode describeChanged(final CommandSlot c, final int slot)
    {
        emitStock(c, slot);
        describe(c, ledger.location(slot), ledger.sku(slot), slot);
        return OK;
    }

    /** A rejection still tells the caller where the position stands, when there is one. */
    public ReasonCode reject(final CommandSlot c, final int slot, final ReasonCode reason)
    {
        if (slot >= 0)
        {
            describe(c, ledger.location(slot), ledger.sku(slot), slot);
        }
        return reason;
    }

    public void describe(final CommandSlot c, final int location, final int sku, final int slot)
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

    public void emitStock(final CommandSlot c, final int slot)
    {
        emitStock(c, slot, 0);
    }

    /**
     * Every change to a position is reported here, so this is where thresholds are checked: on
     * the very command that crosses one.
     *
     * @param demand units sold or fulfilled at the position by this change, for demand averages.
     */
    public void emitStock(final CommandSlot c, final int slot, final long demand)
    {
        c.events.addStock(ledger.location(slot), ledger.sku(slot), ledger.onHand(slot), ledger.reserved(slot),
            ledger.inTransit(slot), ledger.safetyStock(slot));
        watcher.positionChanged(c, slot, demand);
    }
}

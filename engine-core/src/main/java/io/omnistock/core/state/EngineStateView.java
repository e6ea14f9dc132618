package io.omnistock.core.state;

import io.omnistock.api.AlertKind;
import io.omnistock.api.ChannelQuota;
import io.omnistock.api.ForecastOverride;
import io.omnistock.api.OpenTransfer;
import io.omnistock.api.OrderState;
import io.omnistock.api.Promotion;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.RoutingPolicy;
import io.omnistock.api.StateView;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.order.ChannelQuotas;
import io.omnistock.core.planning.PlanningData;
import io.omnistock.core.transfer.TransferBook;

/**
 * {@link StateView} over an {@link EngineState}'s ledgers: each answer is read from them when asked
 * (through the state's accessors, so a snapshot load that replaces a component is seen), and the
 * reads of stock and catalog allocate nothing. One per state ({@link EngineState#view()}); it is
 * used on the business-logic thread only, inside a query.
 */
final class EngineStateView implements StateView
{
    private final EngineState state;

    EngineStateView(final EngineState state)
    {
        this.state = state;
    }

    // ---- catalog ----

    @Override
    public int locationCount()
    {
        return state.locations().count();
    }

    @Override
    public String locationCode(final int location)
    {
        return state.locations().code(location(location));
    }

    @Override
    public Tier locationTier(final int location)
    {
        return state.locations().tier(location(location));
    }

    @Override
    public int locationLatMicros(final int location)
    {
        return state.locations().latMicros(location(location));
    }

    @Override
    public int locationLonMicros(final int location)
    {
        return state.locations().lonMicros(location(location));
    }

    @Override
    public int locationCapabilities(final int location)
    {
        return state.locations().capabilities(location(location));
    }

    @Override
    public int locationOrdersPerHour(final int location)
    {
        return state.locations().ordersPerHour(location(location));
    }

    @Override
    public int locationPriority(final int location)
    {
        return state.locations().priority(location(location));
    }

    @Override
    public int locationPickPackMinutes(final int location)
    {
        return state.locations().pickPackMinutes(location(location));
    }

    @Override
    public int skuCount()
    {
        return state.skus().count();
    }

    @Override
    public String skuCode(final int sku)
    {
        return state.skus().code(sku(sku));
    }

    @Override
    public StockUnit skuUnit(final int sku)
    {
        return state.skus().unit(sku(sku));
    }

    @Override
    public int channelCount()
    {
        return state.channels().count();
    }

    @Override
    public String channelCode(final int channel)
    {
        return state.channels().code(channel(channel));
    }

    @Override
    public long channelHoldTtlMillis(final int channel)
    {
        return state.channels().holdTtlMillis(channel(channel));
    }

    @Override
    public boolean servesChannel(final int location, final int channel)
    {
        return state.reserves().servesChannel(location(location), channel(channel));
    }

    @Override
    public int channelQuotaCount()
    {
        return state.quotas().count();
    }

    @Override
    public ChannelQuota channelQuota(final int i)
    {
        final ChannelQuotas quotas = state.quotas();
        final int e = index(i, quotas.count(), "channel quota");
        return new ChannelQuota(quotas.channel(e), quotas.sku(e), quotas.maxUnits(e), quotas.maxPercent(e),
            quotas.held(e));
    }

    @Override
    public long skuUnitPrice(final int sku)
    {
        return state.planning().unitPrice(sku(sku));
    }

    @Override
    public long skuUnitCost(final int sku)
    {
        return state.planning().unitCost(sku(sku));
    }

    @Override
    public int skuCategory(final int sku)
    {
        return state.planning().category(sku(sku));
    }

    // ---- stock of a position ----

    @Override
    public long onHand(final int location, final int sku)
    {
        final int slot = slot(location, sku);
        return slot < 0 ? 0 : state.ledger().onHand(slot);
    }

    @Override
    public long reserved(final int location, final int sku)
    {
        final int slot = slot(location, sku);
        return slot < 0 ? 0 : state.ledger().reserved(slot);
    }

    @Override
    public long inTransit(final int location, final int sku)
    {
        final int slot = slot(location, sku);
        return slot < 0 ? 0 : state.ledger().inTransit(slot);
    }

    @Override
    public long safetyStock(final int location, final int sku)
    {
        final int slot = slot(location, sku);
        return slot < 0 ? 0 : state.ledger().safetyStock(slot);
    }

    @Override
    public long available(final int location, final int sku)
    {
        final int slot = slot(location, sku);
        return slot < 0 ? 0 : state.ledger().available(slot);
    }

    @Override
    public long protectedStock(final int location, final int sku)
    {
        final int slot = slot(location, sku);
        return slot < 0 ? 0 : state.reserves().protectedStock(slot);
    }

    @Override
    public long walkInReserve(final int location, final int sku)
    {
        final int slot = slot(location, sku);
        return slot < 0 ? 0 : state.reserves().walkIn(slot);
    }

    @Override
    public boolean positionStocked(final int location, final int sku)
    {
        return slot(location, sku) >= 0;
    }

    @Override
    public int positionCount()
    {
        return state.ledger().size();
    }

    @Override
    public int positionLocation(final int i)
    {
        return state.ledger().location(index(i, state.ledger().size(), "position"));
    }

    @Override
    public int positionSku(final int i)
    {
        return state.ledger().sku(index(i, state.ledger().size(), "position"));
    }

    @Override
    public long tierAvailable(final int sku, final Tier tier)
    {
        return state.ledger().tierAvailable(sku(sku), tier.ordinal());
    }

    // ---- replenishment of a position ----

    @Override
    public boolean hasReplenishmentPolicy(final int location, final int sku)
    {
        return entry(location, sku) >= 0;
    }

    @Override
    public long replenishmentReorderLevel(final int location, final int sku)
    {
        final int e = entry(location, sku);
        return e < 0 ? -1 : state.replenishment().reorderLevel(e);
    }

    @Override
    public long replenishmentOrderUpToLevel(final int location, final int sku)
    {
        final int e = entry(location, sku);
        return e < 0 ? 0 : state.replenishment().orderUpToLevel(e);
    }

    @Override
    public long openReplenishmentRequest(final int location, final int sku)
    {
        final int e = entry(location, sku);
        return e < 0 ? 0 : state.replenishment().policyOpenRequest(e);
    }

    @Override
    public int replenishmentRequestSource(final int location, final int sku)
    {
        final int e = entry(location, sku);
        return e < 0 || state.replenishment().policyOpenRequest(e) == 0 ?
            ReplenishmentPolicy.SUPPLIER : state.replenishment().requestSource(e);
    }

    @Override
    public boolean alertActive(final int location, final int sku, final AlertKind alert)
    {
        final int e = entry(location, sku);
        return e >= 0 && state.replenishment().alertActive(e, alert);
    }

    @Override
    public int replenishedPositionCount()
    {
        return state.replenishment().policyCount();
    }

    @Override
    public int replenishedLocation(final int i)
    {
        return state.ledger().location(state.replenishment().policySlot(replenished(i)));
    }

    @Override
    public int replenishedSku(final int i)
    {
        return state.ledger().sku(state.replenishment().policySlot(replenished(i)));
    }

    // ---- orders and transfers ----

    @Override
    public OrderState orderState(final long orderId)
    {
        final int e = state.orders().find(orderId);
        return e < 0 ? null : state.orders().state(e);
    }

    @Override
    public long orderExpiresAt(final long orderId)
    {
        final int e = state.orders().find(orderId);
        return e < 0 ? -1 : state.orders().expiresAt(e);
    }

    @Override
    public OpenTransfer openTransfer(final long transferId)
    {
        final TransferBook book = state.transfers();
        final int e = book.find(transferId);
        if (e < 0)
        {
            return null;
        }
        final boolean shipped = book.state(e) == TransferBook.SHIPPED;
        return new OpenTransfer(transferId, state.ledger().location(book.fromSlot(e)),
            state.ledger().location(book.toSlot(e)), state.ledger().sku(book.fromSlot(e)), book.quantity(e), shipped,
            shipped ? book.eta(e) : 0, book.fromRequest(e));
    }

    @Override
    public int transferSlotCount()
    {
        return state.transfers().entryLimit();
    }

    @Override
    public long transferIdAt(final int slot)
    {
        return state.transfers().openAt(index(slot, state.transfers().entryLimit(), "transfer slot"));
    }

    // ---- forecast master data ----

    @Override
    public int promotionCount()
    {
        return state.planning().promotionCount();
    }

    @Override
    public Promotion promotionAt(final int row)
    {
        final PlanningData data = state.planning();
        final int r = index(row, data.promotionCount(), "promotion row");
        return new Promotion(data.promotionId(r), data.promotionSku(r), data.promotionCategory(r),
            data.promotionLocation(r), data.promotionChannel(r), data.promotionStartDay(r), data.promotionEndDay(r),
            data.promotionUpliftBasisPoints(r));
    }

    @Override
    public Promotion promotion(final long promotionId)
    {
        final int row = state.planning().promotionRow(promotionId);
        return row < 0 ? null : promotionAt(row);
    }

    @Override
    public int forecastOverrideCount()
    {
        return state.planning().overrideCount();
    }

    @Override
    public ForecastOverride forecastOverrideAt(final int row)
    {
        final PlanningData data = state.planning();
        final int r = index(row, data.overrideCount(), "forecast override row");
        return new ForecastOverride(data.overrideLocation(r), data.overrideSku(r), data.overrideDailyDemandMilli(r),
            data.overrideMinLevel(r), data.overrideMaxLevel(r), data.overrideExpiresAt(r));
    }

    // ---- counts and versions ----

    @Override
    public int openOrderCount()
    {
        return state.orders().openCount();
    }

    @Override
    public int openReservationCount()
    {
        return state.reservations().openCount();
    }

    @Override
    public int openReplenishmentRequestCount()
    {
        return state.replenishment().openRequestCount();
    }

    @Override
    public RoutingPolicy routingPolicy()
    {
        return state.policy();
    }

    @Override
    public int routingPolicyVersion()
    {
        return state.policyVersion();
    }

    @Override
    public int logicVersion()
    {
        return state.logicVersion();
    }

    @Override
    public long lastSequence()
    {
        return state.lastSequence();
    }

    @Override
    public long lastTimestamp()
    {
        return state.lastTimestamp();
    }

    // ---- checks: an id the engine never assigned is the caller's mistake, named ----

    private int location(final int location)
    {
        return checked(location, state.locations().count(), "location");
    }

    private int sku(final int sku)
    {
        return checked(sku, state.skus().count(), "SKU");
    }

    private int channel(final int channel)
    {
        return checked(channel, state.channels().count(), "channel");
    }

    private static int checked(final int id, final int count, final String what)
    {
        if (id < 0 || id >= count)
        {
            throw new IllegalArgumentException("no " + what + " has id " + id + " (" + count + " defined)");
        }
        return id;
    }

    private int replenished(final int i)
    {
        return index(i, state.replenishment().policyCount(), "position with a policy");
    }

    /** @return {@code i}, an index into a listing of {@code count}. */
    private static int index(final int i, final int count, final String what)
    {
        if (i < 0 || i >= count)
        {
            throw new IllegalArgumentException("no " + what + " at " + i + " (" + count + ")");
        }
        return i;
    }

    /** @return the position's ledger slot, or -1 if it was never stocked. */
    private int slot(final int location, final int sku)
    {
        return state.ledger().find(location(location), sku(sku));
    }

    /** @return the position's replenishment entry, or -1 without a policy. */
    private int entry(final int location, final int sku)
    {
        final int slot = slot(location, sku);
        return slot < 0 ? -1 : state.replenishment().entryOf(slot);
    }
}

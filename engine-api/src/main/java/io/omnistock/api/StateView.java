package io.omnistock.api;

/**
 * A read-only view of an engine's whole state, for the questions no command result answers: the
 * stock of a position, an open order's state, an open transfer, a position's replenishment, the
 * catalog and the counts. It is handed to a query that runs on the engine's business-logic thread
 * between two commands (e.g. {@code OmnistockEngine.query}), so every answer inside one query is
 * consistent with every other; the view is valid only during that call, like {@link ResultView}.
 *
 * <p>Every method answers a primitive, a {@code String}, an enum or an immutable copy: nothing it
 * returns can change the engine. The reads of stock and catalog allocate nothing.
 *
 * <p>Ids are the dense ids the engine assigned (see {@link CommandWriter}). A location, SKU or
 * channel id the engine never assigned is refused with an {@link IllegalArgumentException} naming
 * it, which fails the query. A position (location, SKU) that was never stocked reads as all zero.
 */
public interface StateView
{
    // ---- catalog ----

    /** @return how many locations are defined; their ids are 0 to this less one. */
    int locationCount();

    /**
     * @param location a location id.
     * @return its external code.
     */
    String locationCode(int location);

    /**
     * @param location a location id.
     * @return its network tier.
     */
    Tier locationTier(int location);

    /**
     * @param location a location id.
     * @return its latitude in micro-degrees.
     */
    int locationLatMicros(int location);

    /**
     * @param location a location id.
     * @return its longitude in micro-degrees.
     */
    int locationLonMicros(int location);

    /**
     * @param location a location id.
     * @return its {@link Capabilities} flags.
     */
    int locationCapabilities(int location);

    /**
     * @param location a location id.
     * @return the orders per hour it can pick, or 0 for no limit.
     */
    int locationOrdersPerHour(int location);

    /**
     * @param location a location id.
     * @return its routing priority (lower is preferred).
     */
    int locationPriority(int location);

    /**
     * @param location a location id.
     * @return its own pick-and-pack time in minutes, or 0 for the routing policy's.
     */
    int locationPickPackMinutes(int location);

    /** @return how many SKUs are defined; their ids are 0 to this less one. */
    int skuCount();

    /**
     * @param sku a SKU id.
     * @return its external code.
     */
    String skuCode(int sku);

    /**
     * @param sku a SKU id.
     * @return the unit its quantities are counted in.
     */
    StockUnit skuUnit(int sku);

    /** @return how many channels are defined; their ids are 0 to this less one. */
    int channelCount();

    /**
     * @param channel a channel id.
     * @return its external code.
     */
    String channelCode(int channel);

    /**
     * @param channel a channel id.
     * @return how long an unpaid order of the channel holds stock, in ms.
     */
    long channelHoldTtlMillis(int channel);

    /**
     * @param location a location id.
     * @param channel  a channel id.
     * @return whether the location may serve the channel's orders (see SET_CHANNEL_ELIGIBILITY).
     */
    boolean servesChannel(int location, int channel);

    /** @return how many channel quotas are set (the range of {@link #channelQuota}), ever set ones at no limit included. */
    int channelQuotaCount();

    /**
     * @param i a quota, 0 to {@link #channelQuotaCount()} less one, in the order they were first set.
     * @return a copy of it.
     */
    ChannelQuota channelQuota(int i);

    /**
     * @param sku a SKU id.
     * @return its unit price in minor currency units (SET_SKU_PRICE), 0 for none.
     */
    long skuUnitPrice(int sku);

    /**
     * @param sku a SKU id.
     * @return its unit cost in minor currency units, 0 for none.
     */
    long skuUnitCost(int sku);

    /**
     * @param sku a SKU id.
     * @return its category, 0 for none.
     */
    int skuCategory(int sku);

    // ---- stock of a position ----

    /**
     * @param location a location id.
     * @param sku      a SKU id.
     * @return stock physically on hand, in the SKU's unit.
     */
    long onHand(int location, int sku);

    /**
     * @param location a location id.
     * @param sku      a SKU id.
     * @return on hand held by reservations and orders.
     */
    long reserved(int location, int sku);

    /**
     * @param location a location id.
     * @param sku      a SKU id.
     * @return stock shipped to the location and not yet received.
     */
    long inTransit(int location, int sku);

    /**
     * @param location a location id.
     * @param sku      a SKU id.
     * @return the safety stock held back from available-to-promise.
     */
    long safetyStock(int location, int sku);

    /**
     * @param location a location id.
     * @param sku      a SKU id.
     * @return available-to-promise: on hand less reserved and safety stock, as command results report it.
     */
    long available(int location, int sku);

    /**
     * @param location a location id.
     * @param sku      a SKU id.
     * @return stock kept for instant and high-value orders only.
     */
    long protectedStock(int location, int sku);

    /**
     * @param location a location id.
     * @param sku      a SKU id.
     * @return stock kept for walk-in (POS) customers.
     */
    long walkInReserve(int location, int sku);

    /**
     * @param location a location id.
     * @param sku      a SKU id.
     * @return whether the position was ever stocked: one that was not reads as all zero, as does a
     *     stocked one holding nothing, and only this tells them apart.
     */
    boolean positionStocked(int location, int sku);

    /** @return how many positions were ever stocked (the range of {@link #positionLocation}); none is ever removed. */
    int positionCount();

    /**
     * @param i a position, 0 to {@link #positionCount()} less one, in the order they were first stocked.
     * @return its location id.
     */
    int positionLocation(int i);

    /**
     * @param i a position, 0 to {@link #positionCount()} less one, in the order they were first stocked.
     * @return its SKU id.
     */
    int positionSku(int i);

    /**
     * @param sku  a SKU id.
     * @param tier a tier.
     * @return available-to-promise of the SKU summed over the tier's locations.
     */
    long tierAvailable(int sku, Tier tier);

    // ---- replenishment of a position ----

    /**
     * @param location a location id.
     * @param sku      a SKU id.
     * @return whether the engine keeps a replenishment policy for the position.
     */
    boolean hasReplenishmentPolicy(int location, int sku);

    /**
     * @param location a location id.
     * @param sku      a SKU id.
     * @return the policy's reorder level in units as last worked out, or -1 without a policy.
     */
    long replenishmentReorderLevel(int location, int sku);

    /**
     * @param location a location id.
     * @param sku      a SKU id.
     * @return the policy's order-up-to level in units as last worked out, or 0 without a policy.
     */
    long replenishmentOrderUpToLevel(int location, int sku);

    /**
     * @param location a location id.
     * @param sku      a SKU id.
     * @return the quantity of the position's open replenishment request, or 0 for none.
     */
    long openReplenishmentRequest(int location, int sku);

    /**
     * @param location a location id.
     * @param sku      a SKU id.
     * @return where the open request asks stock from: a location id, or {@link ReplenishmentPolicy#SUPPLIER};
     *     {@link ReplenishmentPolicy#SUPPLIER} too when no request is open.
     */
    int replenishmentRequestSource(int location, int sku);

    /**
     * @param location a location id.
     * @param sku      a SKU id.
     * @param alert    an alert kind.
     * @return whether the alert is raised at the position and not yet cleared.
     */
    boolean alertActive(int location, int sku, AlertKind alert);

    /** @return how many positions have a replenishment policy (the range of {@link #replenishedLocation}). */
    int replenishedPositionCount();

    /**
     * @param i a position with a policy, 0 to {@link #replenishedPositionCount()} less one.
     * @return its location id.
     */
    int replenishedLocation(int i);

    /**
     * @param i a position with a policy, 0 to {@link #replenishedPositionCount()} less one.
     * @return its SKU id.
     */
    int replenishedSku(int i);

    // ---- orders and transfers ----

    /**
     * @param orderId the client's id of an order.
     * @return the state of the open order, or {@code null} if no open order has that id.
     */
    OrderState orderState(long orderId);

    /**
     * @param orderId the client's id of an open order.
     * @return when its unpaid hold expires (engine epoch ms), 0 once confirmed; -1 if no open order has that id.
     */
    long orderExpiresAt(long orderId);

    /**
     * @param transferId the client's id of a transfer.
     * @return a copy of the open transfer, or {@code null} if no open transfer has that id.
     */
    OpenTransfer openTransfer(long transferId);

    /**
     * @return the range of {@link #transferIdAt}: the engine's transfer slots, open or free. A slot
     *     keeps its transfer while it is open, so slot order is stable while the engine runs; a
     *     restart may renumber the slots.
     */
    int transferSlotCount();

    /**
     * @param slot 0 to {@link #transferSlotCount()} less one.
     * @return the id of the open transfer in the slot, or -1 if the slot is free.
     */
    long transferIdAt(int slot);

    // ---- forecast master data ----

    /** @return how many promotions are set (the range of {@link #promotionAt}). */
    int promotionCount();

    /**
     * @param row 0 to {@link #promotionCount()} less one, in promotion id order.
     * @return a copy of the promotion.
     */
    Promotion promotionAt(int row);

    /**
     * @param promotionId the client's id of a promotion.
     * @return a copy of it, or {@code null} if none has that id.
     */
    Promotion promotion(long promotionId);

    /** @return how many forecast overrides are set, expired ones included (the range of {@link #forecastOverrideAt}). */
    int forecastOverrideCount();

    /**
     * @param row 0 to {@link #forecastOverrideCount()} less one, in (location, SKU) order.
     * @return a copy of the override.
     */
    ForecastOverride forecastOverrideAt(int row);

    // ---- counts and versions ----

    /** @return how many orders are open. */
    int openOrderCount();

    /** @return how many stand-alone reservations are open. */
    int openReservationCount();

    /** @return how many replenishment requests are open across all positions. */
    int openReplenishmentRequestCount();

    /** @return the routing policy in force (immutable). */
    RoutingPolicy routingPolicy();

    /** @return the routing policy's version: how many times it was set. */
    int routingPolicyVersion();

    /** @return the logic version the next command is decided under. */
    int logicVersion();

    /** @return the journal sequence of the last state-changing command applied. */
    long lastSequence();

    /** @return the engine timestamp (epoch ms) of the last command applied; engine time never goes backwards. */
    long lastTimestamp();
}

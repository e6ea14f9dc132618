package io.omnistock.api;

/**
 * Writes one command into the engine's pre-allocated command slot. Each method fully describes one
 * command type (fields it does not take are reset), so a slot never carries a stale field from an
 * earlier command. Call exactly one method per publication.
 *
 * <p>Ids: {@code commandId} is the client's idempotency key (non-zero): a retry with the same id is
 * not applied again but answered with {@link ReasonCode#DUPLICATE_COMMAND} and the original reason.
 * Location and SKU ids are the dense ids the engine assigned when they were defined.
 */
public interface CommandWriter
{
    /**
     * @param commandId    idempotency key, non-zero.
     * @param code         external code, 1 to {@link Limits#MAX_CODE_BYTES} bytes of UTF-8.
     * @param tier         network tier.
     * @param latMicros    latitude in micro-degrees.
     * @param lonMicros    longitude in micro-degrees.
     * @param capabilities {@link Capabilities} flags.
     */
    void defineLocation(long commandId, String code, Tier tier, int latMicros, int lonMicros, int capabilities);

    /**
     * @param commandId idempotency key, non-zero.
     * @param code      external code, 1 to {@link Limits#MAX_CODE_BYTES} bytes of UTF-8.
     * @param unit      the base unit quantities of this SKU are counted in.
     */
    void defineSku(long commandId, String code, StockUnit unit);

    /**
     * Goods received into on hand. At a position whose open replenishment request is sourced from
     * the supplier, the receipt closes the request (a short delivery raises a new one for the rest).
     */
    void receive(long commandId, int location, int sku, long quantity);

    /** On hand changed by a non-zero signed delta; may not take on hand below what is reserved. */
    void adjust(long commandId, int location, int sku, long delta, AdjustmentReason reason);

    /** Absolute physical count of on hand; reservations stay intact. */
    void stocktake(long commandId, int location, int sku, long countedOnHand);

    /** Over-the-counter sale; always recorded, flagged when the ledger believed the stock gone. */
    void sale(long commandId, int location, int sku, long quantity);

    /** Customer return, restocked at {@code location}. */
    void returnToStock(long commandId, int location, int sku, long quantity);

    /** Hold {@code quantity} of available-to-promise stock at {@code location}. */
    void reserve(long commandId, long reservationId, int location, int sku, long quantity);

    /** Give back {@code quantity} of what the reservation holds. */
    void release(long commandId, long reservationId, long quantity);

    /** Consume {@code quantity} of what the reservation holds: it leaves on hand. */
    void fulfil(long commandId, long reservationId, long quantity);

    /** Ship free stock from {@code fromLocation}; it becomes in transit at {@code toLocation}. */
    void transferOut(long commandId, int fromLocation, int toLocation, int sku, long quantity);

    /** Receive stock in transit to {@code location} into on hand. */
    void transferIn(long commandId, int location, int sku, long quantity);

    /** Set the safety stock held back from available-to-promise. */
    void setSafetyStock(long commandId, int location, int sku, long quantity);

    /**
     * Register a sales channel (online mall, marketplace, delivery platform...). Channels are data.
     *
     * @param holdTtlMillis how long an unpaid order of this channel holds stock before it expires.
     */
    void defineChannel(long commandId, String code, long holdTtlMillis);

    /**
     * Route an order and hold its stock in one atomic step; follow with one {@link #addLine} per line.
     * See {@link Order} for the fields.
     */
    void routeOrder(
        long commandId, long orderId, int channel, FulfilmentType type, int latMicros, int lonMicros,
        int pickupLocation, long orderValue, long promiseAt, int flags);

    /**
     * Ask where an order could be fulfilled, without holding anything; follow with {@link #addLine}.
     * Not journaled.
     */
    void queryPromise(
        long commandId, int channel, FulfilmentType type, int latMicros, int lonMicros, int pickupLocation,
        long orderValue, long promiseAt, int flags);

    /** Adds a line to the order being written by {@link #routeOrder} or {@link #queryPromise}. */
    void addLine(int sku, long quantity);

    /** The order is paid: its hold no longer expires. */
    void confirmOrder(long commandId, long orderId);

    /** Keep an unpaid order's hold for {@code extraMillis} longer. */
    void extendOrder(long commandId, long orderId, long extraMillis);

    /** Release everything the order still holds. */
    void cancelOrder(long commandId, long orderId);

    /** The location handed over its part of a confirmed order: its allocations leave on hand. */
    void fulfilOrder(long commandId, long orderId, int location);

    /** The location cannot serve its part of the order (e.g. damaged stock): release it there and re-route. */
    void rejectAllocation(long commandId, long orderId, int location);

    /**
     * Routing settings of a location.
     *
     * @param ordersPerHour   orders the location accepts per hour, 0 for no limit.
     * @param priority        0 (most preferred) to {@link Limits#MAX_NODE_PRIORITY}, for {@link RankCriterion#NODE_PRIORITY}.
     * @param pickPackMinutes its own pick-and-pack time, or 0 for the policy's.
     */
    void configureLocation(long commandId, int location, int ordersPerHour, int priority, int pickPackMinutes);

    /** Keep {@code quantity} of the position for instant and high-value orders only. */
    void setProtectedStock(long commandId, int location, int sku, long quantity);

    /** Keep {@code quantity} of the position for walk-in (POS) customers: never promised to orders. */
    void setWalkInReserve(long commandId, int location, int sku, long quantity);

    /**
     * Ringfence a SKU for a channel: it may hold at most {@code maxUnits} in open orders, and at
     * most {@code maxPercent} of the SKU's stock that is free or held by it. -1 means no limit.
     */
    void setChannelQuota(long commandId, int channel, int sku, long maxUnits, int maxPercent);

    /**
     * Whether a location may serve orders of a channel (all may, unless excluded here): e.g. a
     * store that does not fulfil a marketplace's orders.
     */
    void setChannelEligibility(long commandId, int location, int channel, boolean eligible);

    /** Replace the routing policy; the engine numbers policy versions from 1. */
    void setRoutingPolicy(long commandId, RoutingPolicy policy);

    /**
     * Min/max replenishment policy of a position: when available-to-promise plus inbound falls to
     * {@code reorderPoint} or below, the engine requests enough to reach {@code orderUpTo}, rounded
     * up to the pack size and at least the minimum order quantity, from {@code sourceLocation}
     * (-1: the supplier). {@code orderUpTo} 0 removes the policy.
     */
    void setReplenishmentPolicy(
        long commandId, int location, int sku, long reorderPoint, long orderUpTo, long packSize, long minOrderQuantity,
        int sourceLocation, int leadTimeHours);

    /**
     * Replenishment policy of a position, of any {@link ReplenishmentKind}; {@code null} removes it
     * (the location's or tier's default applies again, if there is one). The position's own policy
     * wins over its location's default, which wins over its tier's default.
     */
    void setPositionPolicy(long commandId, int location, int sku, ReplenishmentPolicy policy);

    /**
     * Default replenishment policy for every SKU at {@code location} without a policy of its own;
     * {@code null} removes it. A default reaches a position at its next stock change.
     */
    void setLocationPolicy(long commandId, int location, ReplenishmentPolicy policy);

    /**
     * Default replenishment policy for every position in the tier without a position or location
     * policy; {@code null} removes it. Its source must be {@link ReplenishmentPolicy#NETWORK} or
     * {@link ReplenishmentPolicy#SUPPLIER}. A default reaches a position at its next stock change.
     */
    void setTierPolicy(long commandId, Tier tier, ReplenishmentPolicy policy);

    /**
     * Where {@code location} is replenished from when its policy names the network: a location id,
     * {@link ReplenishmentPolicy#SUPPLIER}, or {@link ReplenishmentPolicy#NETWORK} for the built-in
     * network (a store from its nearest front warehouse or warehouse, a front warehouse from its
     * nearest warehouse, a warehouse from the supplier; nearest by distance, then lowest id).
     */
    void setLocationSource(long commandId, int location, int sourceLocation);

    /** Close the position's open replenishment request (e.g. the buyer declined it). */
    void cancelReplenishment(long commandId, int location, int sku);

    /**
     * Turn the position's open replenishment request into transfer order {@code transferId} for the
     * requested quantity from the request's source, as {@link #createTransfer} would. The request
     * stays open until the transfer ships (which lifts the position's inbound); while the transfer
     * is unshipped the request cannot be turned into another one, and cancelling it frees the
     * request again. A supplier-sourced request is closed by {@link #receive} instead.
     */
    void transferFromRequest(long commandId, long transferId, int location, int sku);

    /** Create a transfer order: {@code quantity} of free stock is held at {@code fromLocation} for it. */
    void createTransfer(long commandId, long transferId, int fromLocation, int toLocation, int sku, long quantity);

    /**
     * Ship a created transfer: on hand leaves the source; it is in transit to the destination,
     * expected at {@code etaMillis} (engine epoch ms), and visible to SCHEDULED orders due after it.
     */
    void shipTransfer(long commandId, long transferId, long etaMillis);

    /**
     * Receive a shipped transfer: {@code receivedQuantity} goes on hand at the destination. A short
     * or over receipt needs a reason, recorded with the difference.
     */
    void receiveTransfer(long commandId, long transferId, long receivedQuantity, AdjustmentReason discrepancyReason);

    /** Cancel a transfer that has not shipped: the source's hold is released. */
    void cancelTransfer(long commandId, long transferId);

    /** Read one position. Not journaled; {@code commandId} only correlates the result. */
    void queryPosition(long commandId, int location, int sku);

    /** Read a SKU's network availability. Not journaled; {@code commandId} only correlates the result. */
    void queryAvailability(long commandId, int sku);

    /**
     * Read a SKU's network availability for one channel: {@link ResultView#networkAvailable()} is
     * capped by what the channel's quota still allows. Not journaled.
     */
    void queryChannelAvailability(long commandId, int channel, int sku);

    /**
     * Read an open order: its state, hold expiry and allocations (line, location, SKU, quantity
     * held). Closed orders are gone from the book: {@link ReasonCode#UNKNOWN_ORDER}. Not journaled.
     */
    void queryOrder(long commandId, long orderId);

    /**
     * Switch the engine to logic version {@code logicVersion} from this command on; the same
     * version again changes nothing, an older one is refused ({@link ReasonCode#LOGIC_DOWNGRADE}).
     */
    void upgradeLogic(long commandId, int logicVersion);

    /**
     * Marks the command just written (call it after the command's method: each command method
     * resets it to 0) with a fingerprint of the request that carried its id, such as a hash of an
     * HTTP request's method, path, caller and body. The fingerprint is journaled with the command
     * and kept in the idempotency window beside its id, so from logic version 3 a later command
     * with the same id and another non-zero fingerprint is refused with
     * {@link ReasonCode#IDEMPOTENCY_KEY_REUSED} instead of answered as a
     * {@link ReasonCode#DUPLICATE_COMMAND}: a client that reuses a key for a different request
     * learns it, across restarts too. 0 means no fingerprint: the id alone decides, as before.
     */
    void fingerprint(long requestFingerprint);
}

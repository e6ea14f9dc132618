package io.omnistock.api;

/**
 * Factories for {@link Command} values. See {@link CommandWriter} for the meaning of each field.
 */
public final class Commands
{
    private Commands()
    {
    }

    /**
     * @return {@code command} marked with a request fingerprint (see {@link CommandWriter#fingerprint}).
     */
    public static Command fingerprinted(final Command command, final long requestFingerprint)
    {
        return w ->
        {
            command.writeTo(w);
            w.fingerprint(requestFingerprint);
        };
    }

    public static Command defineLocation(
        final long commandId, final String code, final Tier tier, final int latMicros, final int lonMicros,
        final int capabilities)
    {
        return w -> w.defineLocation(commandId, code, tier, latMicros, lonMicros, capabilities);
    }

    public static Command defineSku(final long commandId, final String code, final StockUnit unit)
    {
        return w -> w.defineSku(commandId, code, unit);
    }

    public static Command receive(final long commandId, final int location, final int sku, final long quantity)
    {
        return w -> w.receive(commandId, location, sku, quantity);
    }

    public static Command adjust(
        final long commandId, final int location, final int sku, final long delta, final AdjustmentReason reason)
    {
        return w -> w.adjust(commandId, location, sku, delta, reason);
    }

    public static Command stocktake(final long commandId, final int location, final int sku, final long counted)
    {
        return w -> w.stocktake(commandId, location, sku, counted);
    }

    public static Command sale(final long commandId, final int location, final int sku, final long quantity)
    {
        return w -> w.sale(commandId, location, sku, quantity);
    }

    public static Command returnToStock(final long commandId, final int location, final int sku, final long quantity)
    {
        return w -> w.returnToStock(commandId, location, sku, quantity);
    }

    public static Command reserve(
        final long commandId, final long reservationId, final int location, final int sku, final long quantity)
    {
        return w -> w.reserve(commandId, reservationId, location, sku, quantity);
    }

    public static Command release(final long commandId, final long reservationId, final long quantity)
    {
        return w -> w.release(commandId, reservationId, quantity);
    }

    public static Command fulfil(final long commandId, final long reservationId, final long quantity)
    {
        return w -> w.fulfil(commandId, reservationId, quantity);
    }

    public static Command transferOut(
        final long commandId, final int fromLocation, final int toLocation, final int sku, final long quantity)
    {
        return w -> w.transferOut(commandId, fromLocation, toLocation, sku, quantity);
    }

    public static Command transferIn(final long commandId, final int location, final int sku, final long quantity)
    {
        return w -> w.transferIn(commandId, location, sku, quantity);
    }

    public static Command setSafetyStock(final long commandId, final int location, final int sku, final long quantity)
    {
        return w -> w.setSafetyStock(commandId, location, sku, quantity);
    }

    public static Command queryPosition(final long commandId, final int location, final int sku)
    {
        return w -> w.queryPosition(commandId, location, sku);
    }

    public static Command queryAvailability(final long commandId, final int sku)
    {
        return w -> w.queryAvailability(commandId, sku);
    }

    public static Command defineChannel(final long commandId, final String code, final long holdTtlMillis)
    {
        return w -> w.defineChannel(commandId, code, holdTtlMillis);
    }

    public static Command routeOrder(final long commandId, final Order order)
    {
        return w -> order.writeTo(commandId, w, true);
    }

    public static Command queryPromise(final long commandId, final Order order)
    {
        return w -> order.writeTo(commandId, w, false);
    }

    public static Command confirmOrder(final long commandId, final long orderId)
    {
        return w -> w.confirmOrder(commandId, orderId);
    }

    public static Command extendOrder(final long commandId, final long orderId, final long extraMillis)
    {
        return w -> w.extendOrder(commandId, orderId, extraMillis);
    }

    public static Command cancelOrder(final long commandId, final long orderId)
    {
        return w -> w.cancelOrder(commandId, orderId);
    }

    public static Command fulfilOrder(final long commandId, final long orderId, final int location)
    {
        return w -> w.fulfilOrder(commandId, orderId, location);
    }

    public static Command rejectAllocation(final long commandId, final long orderId, final int location)
    {
        return w -> w.rejectAllocation(commandId, orderId, location);
    }

    public static Command configureLocation(
        final long commandId, final int location, final int ordersPerHour, final int priority,
        final int pickPackMinutes)
    {
        return w -> w.configureLocation(commandId, location, ordersPerHour, priority, pickPackMinutes);
    }

    public static Command setProtectedStock(final long commandId, final int location, final int sku, final long qty)
    {
        return w -> w.setProtectedStock(commandId, location, sku, qty);
    }

    public static Command setWalkInReserve(final long commandId, final int location, final int sku, final long qty)
    {
        return w -> w.setWalkInReserve(commandId, location, sku, qty);
    }

    public static Command setChannelQuota(
        final long commandId, final int channel, final int sku, final long maxUnits, final int maxPercent)
    {
        return w -> w.setChannelQuota(commandId, channel, sku, maxUnits, maxPercent);
    }

    public static Command setRoutingPolicy(final long commandId, final RoutingPolicy policy)
    {
        return w -> w.setRoutingPolicy(commandId, policy);
    }

    public static Command setChannelEligibility(
        final long commandId, final int location, final int channel, final boolean eligible)
    {
        return w -> w.setChannelEligibility(commandId, location, channel, eligible);
    }

    public static Command queryChannelAvailability(final long commandId, final int channel, final int sku)
    {
        return w -> w.queryChannelAvailability(commandId, channel, sku);
    }

    public static Command setReplenishmentPolicy(
        final long commandId, final int location, final int sku, final long reorderPoint, final long orderUpTo,
        final long packSize, final long minOrderQuantity, final int sourceLocation, final int leadTimeHours)
    {
        return w -> w.setReplenishmentPolicy(commandId, location, sku, reorderPoint, orderUpTo, packSize,
            minOrderQuantity, sourceLocation, leadTimeHours);
    }

    public static Command setPositionPolicy(
        final long commandId, final int location, final int sku, final ReplenishmentPolicy policy)
    {
        return w -> w.setPositionPolicy(commandId, location, sku, policy);
    }

    public static Command setLocationPolicy(final long commandId, final int location, final ReplenishmentPolicy policy)
    {
        return w -> w.setLocationPolicy(commandId, location, policy);
    }

    public static Command setTierPolicy(final long commandId, final Tier tier, final ReplenishmentPolicy policy)
    {
        return w -> w.setTierPolicy(commandId, tier, policy);
    }

    public static Command setLocationSource(final long commandId, final int location, final int sourceLocation)
    {
        return w -> w.setLocationSource(commandId, location, sourceLocation);
    }

    public static Command transferFromRequest(
        final long commandId, final long transferId, final int location, final int sku)
    {
        return w -> w.transferFromRequest(commandId, transferId, location, sku);
    }

    public static Command cancelReplenishment(final long commandId, final int location, final int sku)
    {
        return w -> w.cancelReplenishment(commandId, location, sku);
    }

    public static Command createTransfer(
        final long commandId, final long transferId, final int fromLocation, final int toLocation, final int sku,
        final long quantity)
    {
        return w -> w.createTransfer(commandId, transferId, fromLocation, toLocation, sku, quantity);
    }

    public static Command shipTransfer(final long commandId, final long transferId, final long etaMillis)
    {
        return w -> w.shipTransfer(commandId, transferId, etaMillis);
    }

    public static Command receiveTransfer(
        final long commandId, final long transferId, final long receivedQuantity, final AdjustmentReason reason)
    {
        return w -> w.receiveTransfer(commandId, transferId, receivedQuantity, reason);
    }

    public static Command cancelTransfer(final long commandId, final long transferId)
    {
        return w -> w.cancelTransfer(commandId, transferId);
    }

    public static Command queryOrder(final long commandId, final long orderId)
    {
        return w -> w.queryOrder(commandId, orderId);
    }

    /**
     * @see CommandWriter#upgradeLogic
     */
    public static Command upgradeLogic(final long commandId, final int logicVersion)
    {
        return w -> w.upgradeLogic(commandId, logicVersion);
    }
}

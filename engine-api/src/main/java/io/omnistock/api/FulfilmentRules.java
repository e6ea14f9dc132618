package io.omnistock.api;

/**
 * What a fulfilment type changes in routing, beside its rule sets: part of the {@link RoutingPolicy}
 * as data, so a retailer whose click-and-collect orders may not take the stock kept for instant
 * delivery, or whose scheduled orders never name a pickup store, says so in its policy. The
 * defaults ({@link #defaultsFor}) are the rules every earlier release hard-coded.
 *
 * @param takesProtectedStock    orders of the type may take protected stock whatever their value
 *                               (others only from {@link RoutingPolicy#highValueThreshold()} up).
 * @param routesByPickupStore    an order of the type that names a pickup store is routed as a
 *                               PICKUP from that store (its PICKUP rule sets, distances from the store).
 * @param countsInboundByPromise stock arriving by transfer in time for the order's promise (less its
 *                               pick-and-pack time) counts as stock for orders of the type.
 */
public record FulfilmentRules(boolean takesProtectedStock, boolean routesByPickupStore, boolean countsInboundByPromise)
{
    private static final FulfilmentRules INSTANT = new FulfilmentRules(true, false, false);
    private static final FulfilmentRules REGULAR = new FulfilmentRules(false, false, false);
    private static final FulfilmentRules SCHEDULED = new FulfilmentRules(false, true, true);
    private static final FulfilmentRules PICKUP = new FulfilmentRules(false, true, false);

    /**
     * The rules earlier releases hard-coded: instant orders take protected stock; pickup and
     * scheduled orders that name a pickup store are routed from it; scheduled orders count stock
     * arriving in time for their slot.
     *
     * @param type a fulfilment type.
     * @return its default rules.
     */
    public static FulfilmentRules defaultsFor(final FulfilmentType type)
    {
        return switch (type)
        {
            case INSTANT -> INSTANT;
            case REGULAR -> REGULAR;
            case SCHEDULED -> SCHEDULED;
            case PICKUP -> PICKUP;
        };
    }
}

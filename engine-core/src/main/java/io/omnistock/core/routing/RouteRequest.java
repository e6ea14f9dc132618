package io.omnistock.core.routing;

import io.omnistock.api.FulfilmentRules;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Limits;
import io.omnistock.api.RoutingPolicy;
import io.omnistock.core.catalog.LocationTable;

/**
 * The order being routed, as routing sees it: where it goes, by when, its lines, and the
 * locations it already holds at or must not use. Filled by {@link Router#begin} and the calls
 * after it; read by every step of the plan.
 */
final class RouteRequest
{
    FulfilmentType type;
    int destLat;
    int destLon;
    int pickup;
    long promiseAt;
    long now;
    int flags;
    int channel;
    boolean priorityOrder;
    /** The policy's pick-and-pack time for this order's fulfilment type. */
    int policyPickPackMinutes;
    /** For a type that counts inbound (SCHEDULED by default): transfers arriving by this time count as stock (0: none count). */
    long inboundCutoff;
    int lineCount;
    final int[] lineIndex = new int[Limits.MAX_ORDER_LINES];
    final int[] lineSku = new int[Limits.MAX_ORDER_LINES];
    final long[] lineQty = new long[Limits.MAX_ORDER_LINES];
    private final int[] excludedLocations = new int[Router.MAX_EXCLUDED_LOCATIONS];
    private int excludedLocationCount;
    /** Locations the order already holds at: their capacity already counts this order. */
    private final int[] servingLocations = new int[Limits.MAX_ORDER_LINES];
    int servingLocationCount;

    private final LocationTable locations;

    RouteRequest(final LocationTable locations)
    {
        this.locations = locations;
    }

    /**
     * Starts a request. For an order that names a pickup store, of a type whose rules route it from
     * there (PICKUP and SCHEDULED by default, {@link io.omnistock.api.FulfilmentRules}), the destination is the
     * pickup store itself, so alternatives are ranked by distance from it.
     */
    void begin(
        final RoutingPolicy policy, final FulfilmentType orderType, final int lat, final int lon,
        final int pickupLocation, final long promise, final long nowMillis, final int orderFlags, final long orderValue,
        final int orderChannel)
    {
        channel = orderChannel;
        final FulfilmentRules rules = policy.rules(orderType);
        // An order of a type that counts inbound (scheduled, by default) may take stock that
        // arrives in time to be picked for its slot.
        policyPickPackMinutes = policy.pickPackMinutes(orderType);
        inboundCutoff = rules.countsInboundByPromise() && promise > 0 ? promise - policyPickPackMinutes * 60_000L : 0;
        // Protected stock is for the types the policy names (instant, by default) and high-value orders only.
        priorityOrder = rules.takesProtectedStock() || orderValue >= policy.highValueThreshold();
        final boolean byPickup = pickupLocation >= 0 && rules.routesByPickupStore();
        type = byPickup ? FulfilmentType.PICKUP : orderType;
        destLat = byPickup ? locations.latMicros(pickupLocation) : lat;
        destLon = byPickup ? locations.lonMicros(pickupLocation) : lon;
        pickup = pickupLocation;
        promiseAt = promise;
        now = nowMillis;
        flags = orderFlags;
        lineCount = 0;
        excludedLocationCount = 0;
        servingLocationCount = 0;
    }

    void addLine(final int index, final int sku, final long quantity)
    {
        lineIndex[lineCount] = index;
        lineSku[lineCount] = sku;
        lineQty[lineCount] = quantity;
        lineCount++;
    }

    /** A location the order already holds at (re-routing): its hourly capacity is not taken again. */
    void serving(final int location)
    {
        if (!isServing(location))
        {
            servingLocations[servingLocationCount++] = location;
        }
    }

    /** A location that must not be used (it rejected this order before). */
    void exclude(final int location)
    {
        excludedLocations[excludedLocationCount++] = location;
    }

    boolean isServing(final int location)
    {
        for (int i = 0; i < servingLocationCount; i++)
        {
            if (servingLocations[i] == location)
            {
                return true;
            }
        }
        return false;
    }

    boolean rejectedBefore(final int location)
    {
        for (int i = 0; i < excludedLocationCount; i++)
        {
            if (excludedLocations[i] == location)
            {
                return true;
            }
        }
        return false;
    }

    /** @return the mask with a bit for every line. */
    long fullMask()
    {
        return lineCount == 64 ? -1L : (1L << lineCount) - 1;
    }
}

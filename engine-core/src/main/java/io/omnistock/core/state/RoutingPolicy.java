package io.omnistock.core.state;

import io.omnistock.api.Capabilities;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Tier;

import java.util.List;

/**
 * Routing policy: per fulfilment type an ordered list of {@link RuleSet}s, plus the timing
 * parameters that decide delivery-time feasibility. The default implements the retail plan's rules
 * (see docs/routing.md).
 *
 * @param ruleSets              rule sets per {@link FulfilmentType#ordinal()}.
 * @param pickPackMinutes       how long a location takes to pick and pack.
 * @param courierMetersPerHour  instant-delivery courier speed.
 * @param instantWindowMinutes  promise window of an instant order that names no promise time.
 */
public record RoutingPolicy(
    List<List<RuleSet>> ruleSets, int pickPackMinutes, long courierMetersPerHour, int instantWindowMinutes)
{
    private static final int[] SAME_RANK = {0, 0, 0};
    /** Stores before warehouses: ship-from-store is preferred. */
    private static final int[] STORES_FIRST = {1, 2, 0};
    private static final int WAREHOUSE = RuleSet.tierBit(Tier.WAREHOUSE);
    private static final int FRONT = RuleSet.tierBit(Tier.FRONT_WAREHOUSE);
    private static final int STORE = RuleSet.tierBit(Tier.STORE);

    public RoutingPolicy
    {
        if (ruleSets.size() != FulfilmentType.COUNT)
        {
            throw new IllegalArgumentException("a policy needs rule sets for every fulfilment type");
        }
        ruleSets = ruleSets.stream().map(List::copyOf).toList();
    }

    public List<RuleSet> ruleSets(final FulfilmentType type)
    {
        return ruleSets.get(type.ordinal());
    }

    /**
     * The default policy:
     * <ul>
     *   <li>INSTANT: stores and front warehouses that deliver instantly, within 3 km, able to pick,
     *       pack and deliver in time; nearest first; one location.</li>
     *   <li>REGULAR: the nearest store that ships parcels and holds the whole order; otherwise
     *       warehouses (up to 2 of them); otherwise stores and warehouses together (up to 3),
     *       stores ranked first.</li>
     *   <li>SCHEDULED: as REGULAR, or as PICKUP when the order names a pickup store.</li>
     *   <li>PICKUP: the named store; if it cannot and the customer allows it, the nearest pickup
     *       store within 5 km.</li>
     * </ul>
     */
    public static RoutingPolicy defaults()
    {
        final List<RuleSet> instant = List.of(
            new RuleSet("instant-nearby", STORE | FRONT, Capabilities.INSTANT_DELIVERY, false, false, 3_000, true,
                SAME_RANK, 1, 64));
        final List<RuleSet> regular = List.of(
            new RuleSet("ship-from-store", STORE, Capabilities.SHIPS_PARCELS, false, false, 0, false,
                SAME_RANK, 1, 64),
            new RuleSet("warehouse", WAREHOUSE, Capabilities.SHIPS_PARCELS, false, false, 0, false,
                SAME_RANK, 2, 32),
            new RuleSet("split-stores-and-warehouses", STORE | WAREHOUSE, Capabilities.SHIPS_PARCELS, false, false,
                0, false, STORES_FIRST, 3, 32));
        final List<RuleSet> pickup = List.of(
            new RuleSet("named-pickup-store", STORE | FRONT | WAREHOUSE, Capabilities.PICKUP, true, false, 0, false,
                SAME_RANK, 1, 1),
            new RuleSet("nearby-pickup-store", STORE, Capabilities.PICKUP, false, true, 5_000, false,
                SAME_RANK, 1, 64));
        return new RoutingPolicy(List.of(instant, regular, regular, pickup), 30, 20_000, 60);
    }
}

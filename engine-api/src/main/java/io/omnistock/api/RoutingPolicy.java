package io.omnistock.api;

import java.util.List;

/**
 * Routing policy as data: per fulfilment type an ordered list of {@link RuleSet}s, plus the
 * parameters of delivery-time feasibility and priority stock. Changing the policy is a journaled
 * command ({@link CommandWriter#setRoutingPolicy}), so a replay routes exactly as the live engine
 * did. See docs/routing.md.
 *
 * @param ruleSets             rule sets per {@link FulfilmentType#ordinal()}, each list non-empty.
 * @param pickPackMinutes      default time a location takes to pick and pack.
 * @param courierMetersPerHour instant-delivery courier speed.
 * @param instantWindowMinutes promise window of an instant order that names no promise time.
 * @param highValueThreshold   orders worth at least this much (minor units) may take protected stock.
 */
public record RoutingPolicy(
    List<List<RuleSet>> ruleSets,
    int pickPackMinutes,
    long courierMetersPerHour,
    int instantWindowMinutes,
    long highValueThreshold)
{
    private static final List<Tier> STORES_AND_FRONT = List.of(Tier.STORE, Tier.FRONT_WAREHOUSE);
    private static final List<RankCriterion> NEAREST = List.of(RankCriterion.NODE_PRIORITY, RankCriterion.DISTANCE);
    private static final List<RankCriterion> STORES_FIRST_THEN_NEAREST =
        List.of(RankCriterion.TIER, RankCriterion.NODE_PRIORITY, RankCriterion.DISTANCE);

    public RoutingPolicy
    {
        ruleSets = ruleSets.stream().map(List::copyOf).toList();
    }

    public List<RuleSet> ruleSets(final FulfilmentType type)
    {
        return ruleSets.get(type.ordinal());
    }

    /**
     * @return why this policy is unusable, or {@code null} when it is valid.
     */
    public String problem()
    {
        if (ruleSets.size() != FulfilmentType.COUNT)
        {
            return "a policy needs rule sets for each of the " + FulfilmentType.COUNT + " fulfilment types";
        }
        for (final List<RuleSet> list : ruleSets)
        {
            if (list.isEmpty() || list.size() > Limits.MAX_RULE_SETS)
            {
                return "each fulfilment type needs 1 to " + Limits.MAX_RULE_SETS + " rule sets";
            }
            for (final RuleSet ruleSet : list)
            {
                final String problem = ruleSet.problem();
                if (problem != null)
                {
                    return problem;
                }
            }
        }
        if (pickPackMinutes < 0 || pickPackMinutes > 10_080 || instantWindowMinutes < 1 ||
            instantWindowMinutes > 10_080)
        {
            return "pick-and-pack time and instant window must be within a week";
        }
        if (courierMetersPerHour < 1_000 || courierMetersPerHour > 1_000_000)
        {
            return "courier speed must be 1 to 1,000 km/h";
        }
        return highValueThreshold < 0 ? "high-value threshold must not be negative" : null;
    }

    /**
     * The default policy, from the retail plan:
     * <ul>
     *   <li>INSTANT: stores and front warehouses that deliver instantly, within 3 km, able to pick,
     *       pack and deliver in time; nearest first; one location.</li>
     *   <li>REGULAR: the nearest store that ships parcels and holds the whole order; otherwise
     *       warehouses (up to 2); otherwise stores and warehouses together (up to 3), stores first.</li>
     *   <li>SCHEDULED: as REGULAR, or as PICKUP when the order names a pickup store.</li>
     *   <li>PICKUP: the named store; if it cannot and the customer allows it, the nearest pickup
     *       store within 5 km.</li>
     * </ul>
     * Pick and pack 30 minutes, couriers 20 km/h, instant window 60 minutes, high value from 1,000.00.
     */
    public static RoutingPolicy defaults()
    {
        final List<RuleSet> instant = List.of(
            new RuleSet("instant-nearby", STORES_AND_FRONT, Capabilities.INSTANT_DELIVERY, false, false, 3_000, true,
                List.of(), NEAREST, 1, 64));
        final List<RuleSet> regular = List.of(
            new RuleSet("ship-from-store", List.of(Tier.STORE), Capabilities.SHIPS_PARCELS, false, false, 0, false,
                List.of(), NEAREST, 1, 64),
            new RuleSet("warehouse", List.of(Tier.WAREHOUSE), Capabilities.SHIPS_PARCELS, false, false, 0, false,
                List.of(), NEAREST, 2, 32),
            new RuleSet("split-stores-and-warehouses", List.of(Tier.STORE, Tier.WAREHOUSE),
                Capabilities.SHIPS_PARCELS, false, false, 0, false, List.of(Tier.STORE, Tier.WAREHOUSE),
                STORES_FIRST_THEN_NEAREST, 3, 32));
        final List<RuleSet> pickup = List.of(
            new RuleSet("named-pickup-store", List.of(Tier.STORE, Tier.FRONT_WAREHOUSE, Tier.WAREHOUSE),
                Capabilities.PICKUP, true, false, 0, false, List.of(), NEAREST, 1, 1),
            new RuleSet("nearby-pickup-store", List.of(Tier.STORE), Capabilities.PICKUP, false, true, 5_000, false,
                List.of(), NEAREST, 1, 64));
        return new RoutingPolicy(List.of(instant, regular, regular, pickup), 30, 20_000, 60, 100_000);
    }
}

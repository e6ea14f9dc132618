package io.omnistock.api;

import java.util.List;

/**
 * Routing policy as data: per fulfilment type an ordered list of {@link RuleSet}s, plus the
 * parameters of delivery-time feasibility and priority stock. Changing the policy is a journaled
 * command ({@link CommandWriter#setRoutingPolicy}), so a replay routes exactly as the live engine
 * did. See docs/routing.md.
 *
 * @param ruleSets             rule sets per {@link FulfilmentType#ordinal()}, each list non-empty.
 * @param pickPackMinutes      time a location takes to pick and pack an order of a type that has
 *                             no time of its own in {@code pickPackMinutesByType}.
 * @param courierMetersPerHour instant-delivery courier speed.
 * @param instantWindowMinutes promise window of an instant order that names no promise time.
 * @param highValueThreshold   orders worth at least this much (minor units) may take protected stock.
 * @param pickPackMinutesByType per {@link FulfilmentType#ordinal()}, the pick-and-pack time of that
 *                             type (an instant order is picked first, in minutes; an ordinary online
 *                             order within the half hour the plans allow); empty: every type takes
 *                             {@code pickPackMinutes}. A location's own time
 *                             ({@code configureLocation}) wins over both.
 * @param rulesByType          per {@link FulfilmentType#ordinal()}, what the type changes in routing
 *                             ({@link FulfilmentRules}); empty: every type its
 *                             {@linkplain FulfilmentRules#defaultsFor defaults}. A list equal to the
 *                             defaults is kept empty, so such a policy has the bytes and checksum a
 *                             policy had before the rules were data.
 */
public record RoutingPolicy(
    List<List<RuleSet>> ruleSets,
    int pickPackMinutes,
    long courierMetersPerHour,
    int instantWindowMinutes,
    long highValueThreshold,
    List<Integer> pickPackMinutesByType,
    List<FulfilmentRules> rulesByType)
{
    private static final List<Tier> STORES_AND_FRONT = List.of(Tier.STORE, Tier.FRONT_WAREHOUSE);
    private static final List<RankCriterion> NEAREST = List.of(RankCriterion.NODE_PRIORITY, RankCriterion.DISTANCE);
    private static final List<FulfilmentRules> DEFAULT_RULES = java.util.Arrays.stream(FulfilmentType.values())
        .map(FulfilmentRules::defaultsFor).toList();
    private static final List<RankCriterion> STORES_FIRST_THEN_NEAREST =
        List.of(RankCriterion.TIER, RankCriterion.NODE_PRIORITY, RankCriterion.DISTANCE);

    /**
     * Copies the lists, so the policy does not change with the caller's lists.
     *
     * @param ruleSets              see {@link #ruleSets()}.
     * @param pickPackMinutes       see {@link #pickPackMinutes()}.
     * @param courierMetersPerHour  see {@link #courierMetersPerHour()}.
     * @param instantWindowMinutes  see {@link #instantWindowMinutes()}.
     * @param highValueThreshold    see {@link #highValueThreshold()}.
     * @param pickPackMinutesByType see {@link #pickPackMinutesByType()}.
     * @param rulesByType           see {@link #rulesByType()}.
     */
    public RoutingPolicy
    {
        ruleSets = ruleSets.stream().map(List::copyOf).toList();
        pickPackMinutesByType = List.copyOf(pickPackMinutesByType);
        rulesByType = DEFAULT_RULES.equals(rulesByType) ? List.of() : List.copyOf(rulesByType);
    }

    /**
     * A policy whose fulfilment types keep their default {@link FulfilmentRules}.
     *
     * @param ruleSets              see {@link #ruleSets()}.
     * @param pickPackMinutes       see {@link #pickPackMinutes()}.
     * @param courierMetersPerHour  see {@link #courierMetersPerHour()}.
     * @param instantWindowMinutes  see {@link #instantWindowMinutes()}.
     * @param highValueThreshold    see {@link #highValueThreshold()}.
     * @param pickPackMinutesByType see {@link #pickPackMinutesByType()}.
     */
    public RoutingPolicy(
        final List<List<RuleSet>> ruleSets, final int pickPackMinutes, final long courierMetersPerHour,
        final int instantWindowMinutes, final long highValueThreshold, final List<Integer> pickPackMinutesByType)
    {
        this(ruleSets, pickPackMinutes, courierMetersPerHour, instantWindowMinutes, highValueThreshold,
            pickPackMinutesByType, List.of());
    }

    /**
     * A policy in which every fulfilment type takes {@code pickPackMinutes} to pick and pack.
     *
     * @param ruleSets             see {@link #ruleSets()}.
     * @param pickPackMinutes      see {@link #pickPackMinutes()}.
     * @param courierMetersPerHour see {@link #courierMetersPerHour()}.
     * @param instantWindowMinutes see {@link #instantWindowMinutes()}.
     * @param highValueThreshold   see {@link #highValueThreshold()}.
     */
    public RoutingPolicy(
        final List<List<RuleSet>> ruleSets, final int pickPackMinutes, final long courierMetersPerHour,
        final int instantWindowMinutes, final long highValueThreshold)
    {
        this(ruleSets, pickPackMinutes, courierMetersPerHour, instantWindowMinutes, highValueThreshold, List.of());
    }

    /**
     * @param type a fulfilment type.
     * @return the pick-and-pack time of an order of {@code type}: its own, else {@link #pickPackMinutes()}.
     */
    public int pickPackMinutes(final FulfilmentType type)
    {
        return pickPackMinutesByType.isEmpty() ? pickPackMinutes : pickPackMinutesByType.get(type.ordinal());
    }

    /**
     * @param type    a fulfilment type.
     * @param minutes its pick-and-pack time.
     * @return this policy with {@code minutes} as {@code type}'s pick-and-pack time.
     */
    public RoutingPolicy withPickPackMinutes(final FulfilmentType type, final int minutes)
    {
        return new RoutingPolicy(ruleSets, pickPackMinutes, courierMetersPerHour, instantWindowMinutes,
            highValueThreshold, perType(type, minutes, this::pickPackMinutes), rulesByType);
    }

    /** @return every type's {@code current} value, but {@code value} for {@code type}. */
    private static <T> List<T> perType(final FulfilmentType type, final T value,
        final java.util.function.Function<FulfilmentType, T> current)
    {
        final List<T> byType = new java.util.ArrayList<>(FulfilmentType.COUNT);
        for (int t = 0; t < FulfilmentType.COUNT; t++)
        {
            byType.add(t == type.ordinal() ? value : current.apply(FulfilmentType.fromOrdinal(t)));
        }
        return byType;
    }

    /**
     * @param type a fulfilment type.
     * @return what {@code type} changes in routing: its own rules, else its defaults. Allocates nothing.
     */
    public FulfilmentRules rules(final FulfilmentType type)
    {
        return rulesByType.isEmpty() ? FulfilmentRules.defaultsFor(type) : rulesByType.get(type.ordinal());
    }

    /**
     * @param type  a fulfilment type.
     * @param rules what it changes in routing.
     * @return this policy with {@code rules} as {@code type}'s.
     */
    public RoutingPolicy withRules(final FulfilmentType type, final FulfilmentRules rules)
    {
        return new RoutingPolicy(ruleSets, pickPackMinutes, courierMetersPerHour, instantWindowMinutes,
            highValueThreshold, pickPackMinutesByType, perType(type, rules, this::rules));
    }

    /**
     * @param type a fulfilment type.
     * @return the rule sets tried, in order, for an order of {@code type}.
     */
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
        if (!pickPackMinutesByType.isEmpty() && pickPackMinutesByType.size() != FulfilmentType.COUNT)
        {
            return "pick-and-pack times by type need one time for each of the " + FulfilmentType.COUNT +
                " fulfilment types";
        }
        for (final Integer minutes : pickPackMinutesByType)
        {
            if (minutes < 0 || minutes > 10_080)
            {
                return "pick-and-pack time and instant window must be within a week";
            }
        }
        if (pickPackMinutes < 0 || pickPackMinutes > 10_080 || instantWindowMinutes < 1 ||
            instantWindowMinutes > 10_080)
        {
            return "pick-and-pack time and instant window must be within a week";
        }
        if (!rulesByType.isEmpty() && rulesByType.size() != FulfilmentType.COUNT)
        {
            return "fulfilment rules by type need rules for each of the " + FulfilmentType.COUNT + " fulfilment types";
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
     *       warehouses (up to 2); otherwise stores and warehouses together (up to 3), stores first,
     *       among the 32 best-ranked; otherwise the same wherever the stock is (at the maximum of
     *       candidates, where the SKUs' holder lists reach past the nearest).</li>
     *   <li>SCHEDULED: as REGULAR, or as PICKUP when the order names a pickup store.</li>
     *   <li>PICKUP: the named store; if it cannot and the customer allows it, the nearest pickup
     *       store within 5 km.</li>
     * </ul>
     * Pick and pack 12 minutes for an instant order and 30 for the others, couriers 20 km/h,
     * instant window 60 minutes, high value from 1,000.00. These are the defaults of the newest
     * logic version; an engine deciding by an older one uses that version's defaults.
     *
     * @return the default policy.
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
                STORES_FIRST_THEN_NEAREST, 3, 32),
            new RuleSet("wherever-in-stock", List.of(Tier.STORE, Tier.WAREHOUSE), Capabilities.SHIPS_PARCELS, false,
                false, 0, false, List.of(Tier.STORE, Tier.WAREHOUSE), STORES_FIRST_THEN_NEAREST, 3,
                Limits.MAX_ROUTING_CANDIDATES));
        final List<RuleSet> pickup = List.of(
            new RuleSet("named-pickup-store", List.of(Tier.STORE, Tier.FRONT_WAREHOUSE, Tier.WAREHOUSE),
                Capabilities.PICKUP, true, false, 0, false, List.of(), NEAREST, 1, 1),
            new RuleSet("nearby-pickup-store", List.of(Tier.STORE), Capabilities.PICKUP, false, true, 5_000, false,
                List.of(), NEAREST, 1, 64));
        // An instant order is picked first: 12 minutes, so a 30-minute promise reaches 6 km at the
        // courier's 20 km/h (the plans' instant radius is about 3 km); every other order 30 minutes.
        return new RoutingPolicy(List.of(instant, regular, regular, pickup), 30, 20_000, 60, 100_000)
            .withPickPackMinutes(FulfilmentType.INSTANT, 12);
    }
}

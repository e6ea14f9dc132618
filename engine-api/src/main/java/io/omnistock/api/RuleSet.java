package io.omnistock.api;

import java.util.List;

/**
 * One rule set of a {@link RoutingPolicy}: which locations qualify (filters), how they are ranked,
 * and how many locations may share an order. A policy tries its rule sets in order and falls back
 * to the next when one finds no route.
 *
 * @param name               shown in docs and tools; 1 to 32 characters.
 * @param tiers              the tiers that qualify, each listed once.
 * @param capabilities       {@link Capabilities} flags a location must have.
 * @param pickupStoreOnly    only the order's named pickup location qualifies.
 * @param needsAlternativeOk applies only to orders flagged {@link Order#ALLOW_ALTERNATIVE_PICKUP}.
 * @param radiusMeters       maximum distance from the destination, 0 for unlimited.
 * @param checkDeliveryTime  exclude locations that cannot pick, pack and deliver before the promise.
 * @param tierPreference     tiers in order of preference for {@link RankCriterion#TIER}, each listed once;
 *                           unlisted tiers rank last.
 * @param ranking            criteria, most significant first, each listed once.
 * @param maxSplits          most locations one order may be split across, 1 to {@link Limits#MAX_SPLITS}.
 * @param maxCandidates      nearest qualifying locations considered, 1 to {@link Limits#MAX_ROUTING_CANDIDATES}.
 */
public record RuleSet(
    String name,
    List<Tier> tiers,
    int capabilities,
    boolean pickupStoreOnly,
    boolean needsAlternativeOk,
    long radiusMeters,
    boolean checkDeliveryTime,
    List<Tier> tierPreference,
    List<RankCriterion> ranking,
    int maxSplits,
    int maxCandidates)
{
    /**
     * Copies the lists, so the rule set does not change with the caller's lists.
     *
     * @param name               see {@link #name()}.
     * @param tiers              see {@link #tiers()}.
     * @param capabilities       see {@link #capabilities()}.
     * @param pickupStoreOnly    see {@link #pickupStoreOnly()}.
     * @param needsAlternativeOk see {@link #needsAlternativeOk()}.
     * @param radiusMeters       see {@link #radiusMeters()}.
     * @param checkDeliveryTime  see {@link #checkDeliveryTime()}.
     * @param tierPreference     see {@link #tierPreference()}.
     * @param ranking            see {@link #ranking()}.
     * @param maxSplits          see {@link #maxSplits()}.
     * @param maxCandidates      see {@link #maxCandidates()}.
     */
    public RuleSet
    {
        tiers = List.copyOf(tiers);
        tierPreference = List.copyOf(tierPreference);
        ranking = List.copyOf(ranking);
    }

    /**
     * No list may repeat an entry, which also bounds each list by its enum's size: a valid rule set
     * always fits its journal record and snapshot (see {@code PolicyCodec}).
     *
     * @return why this rule set is unusable, or {@code null} when it is valid.
     */
    public String problem()
    {
        if (name == null || name.isEmpty() || name.length() > 32)
        {
            return "rule set name must be 1 to 32 characters";
        }
        if (tiers.isEmpty())
        {
            return "rule set " + name + " admits no tier";
        }
        if (repeats(tiers))
        {
            return "rule set " + name + " lists a qualifying tier more than once";
        }
        if ((capabilities & ~Capabilities.ALL) != 0)
        {
            return "rule set " + name + " requires unknown capabilities";
        }
        if (radiusMeters < 0 || radiusMeters > 20_000_000)
        {
            return "rule set " + name + " has a radius outside 0 to 20,000 km";
        }
        if (maxSplits < 1 || maxSplits > Limits.MAX_SPLITS)
        {
            return "rule set " + name + " must allow 1 to " + Limits.MAX_SPLITS + " locations per order";
        }
        if (maxCandidates < 1 || maxCandidates > Limits.MAX_ROUTING_CANDIDATES)
        {
            return "rule set " + name + " must consider 1 to " + Limits.MAX_ROUTING_CANDIDATES + " candidates";
        }
        if (repeats(ranking) || repeats(tierPreference))
        {
            return "rule set " + name + " repeats a ranking criterion or a preferred tier";
        }
        return null;
    }

    private static boolean repeats(final List<?> list)
    {
        return list.size() != list.stream().distinct().count();
    }
}

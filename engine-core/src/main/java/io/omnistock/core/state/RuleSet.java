package io.omnistock.core.state;

import io.omnistock.api.Tier;

/**
 * One rule set of a routing policy: which locations qualify (filters), how they are ranked, and
 * how many locations may share an order. A policy tries its rule sets in order and falls back to
 * the next when one finds no route.
 *
 * @param name               for explanations and docs.
 * @param tiers              bit per {@link Tier#ordinal()} of the tiers that qualify.
 * @param capabilities       capability flags a location must have.
 * @param pickupStoreOnly    only the order's named pickup location qualifies.
 * @param needsAlternativeOk applies only to orders that allow an alternative pickup store.
 * @param radiusMeters       maximum distance from the destination, 0 for unlimited.
 * @param checkDeliveryTime  exclude locations that cannot pick, pack and deliver before the promise.
 * @param tierRank           rank per tier ordinal (lower is preferred), applied before distance.
 * @param maxSplits          most locations one order may be split across.
 * @param maxCandidates      nearest qualifying locations considered.
 */
public record RuleSet(
    String name,
    int tiers,
    int capabilities,
    boolean pickupStoreOnly,
    boolean needsAlternativeOk,
    long radiusMeters,
    boolean checkDeliveryTime,
    int[] tierRank,
    int maxSplits,
    int maxCandidates)
{
    public RuleSet
    {
        if (maxSplits < 1 || maxSplits > 4)
        {
            throw new IllegalArgumentException("maxSplits must be 1 to 4");
        }
        if (maxCandidates < 1 || maxCandidates > Router.MAX_CANDIDATES)
        {
            throw new IllegalArgumentException("maxCandidates must be 1 to " + Router.MAX_CANDIDATES);
        }
        if (tierRank.length != Tier.COUNT)
        {
            throw new IllegalArgumentException("tierRank needs one rank per tier");
        }
        tierRank = tierRank.clone();
    }

    static int tierBit(final Tier tier)
    {
        return 1 << tier.ordinal();
    }
}

package io.omnistock.core.routing;

import io.omnistock.api.Capabilities;
import io.omnistock.api.RankCriterion;
import io.omnistock.api.RoutingReason;
import io.omnistock.api.RuleSet;
import io.omnistock.api.Tier;
import io.omnistock.core.catalog.Geo;
import io.omnistock.core.catalog.LocationGrid;
import io.omnistock.core.catalog.LocationTable;
import io.omnistock.core.stock.PositionReserves;
import io.omnistock.core.stock.StockLedger;
import io.omnistock.core.transfer.TransferBook;

/**
 * One rule set's candidates: collects the nearest qualifying locations (spatial grid, nearest
 * first, then the SKUs' holder lists when stock is scarce), applies the cheap filters (radius,
 * tier, capabilities, channel, capacity, delivery time), ranks them, and probes their stock
 * best-ranked first into {@link Scored}, stopping once a location that fills the order has a few
 * runners-up behind it.
 */
final class CandidateGathering implements LocationGrid.Visitor
{
    /** Once the winner is found, this many next-ranked candidates are probed for the explanation. */
    private static final int RUNNERS_UP = 3;

    private final RouteRequest request;
    private final Gathered gathered;
    private final Scored scored;
    private final Excluded excluded;
    private final RoutingPolicies policies;
    private final LocationTable locations;
    private final LocationGrid grid;
    private final StockLedger ledger;
    private final PositionReserves reserves;
    private final TransferBook transfers;

    // The rule set being applied.
    private RuleSet rules;
    private int tierMask;
    private final int[] tierRank = new int[Tier.COUNT];
    private long windowMillis;
    /** The farthest a location using the policy's pick-and-pack time may be, see {@link #reachMeters}. */
    private long defaultReachMeters;
    /** Marks locations already gathered in this collection, so grid and holder lists never repeat one. */
    private int[] visitedEpoch = new int[64];
    private int epoch;
    /** Whether rank order is distance order for this rule set: criteria before DISTANCE are all equal. */
    private boolean distanceFirst;
    /** The winner found while the grid search was still running, or -1. */
    private int earlyWinner;
    private long fullLines;
    /** The gathered locations certainly nearest after a ring, in rank order: scratch for {@link #ringDone}. */
    private final int[] due = new int[Router.MAX_CANDIDATES];

    CandidateGathering(
        final RouteRequest request, final Gathered gathered, final Scored scored, final Excluded excluded,
        final RoutingPolicies policies, final LocationTable locations, final LocationGrid grid,
        final StockLedger ledger, final PositionReserves reserves, final TransferBook transfers)
    {
        this.request = request;
        this.gathered = gathered;
        this.scored = scored;
        this.excluded = excluded;
        this.policies = policies;
        this.locations = locations;
        this.grid = grid;
        this.ledger = ledger;
        this.reserves = reserves;
        this.transfers = transfers;
    }

    /**
     * Gathers the rule set's qualifying locations and probes them best-ranked first: the grid
     * search may already have found a winner, probing what is certainly nearest while it ran.
     *
     * @param full the mask of every line.
     * @return whether every qualifying location within reach was gathered.
     */
    boolean gather(final RuleSet ruleSet, final long full)
    {
        fullLines = full;
        useRules(ruleSet);
        gathered.reset(ruleSet.maxCandidates());
        scored.count = 0;
        scored.limit = Router.MAX_CANDIDATES;
        excluded.reset(Excluded.MAX);
        earlyWinner = -1;
        distanceFirst = isDistanceFirst(ruleSet);
        scored.newAllowed = Math.max(0, ruleSet.maxSplits() - request.servingLocationCount);
        if (visitedEpoch.length < locations.count())
        {
            visitedEpoch = java.util.Arrays.copyOf(visitedEpoch, Math.max(locations.count(), visitedEpoch.length * 2));
        }
        epoch++;
        if (ruleSet.pickupStoreOnly())
        {
            if (request.pickup >= 0)
            {
                visit(request.pickup, 0);
            }
            return true;
        }
        final int wanted = ruleSet.maxCandidates();
        return grid.nearest(request.destLat, request.destLon, ruleSet.radiusMeters(), wanted, 8 * wanted + 64, this);
    }

    /** @return how many locations this rule set gathered. */
    int gatheredCount()
    {
        return gathered.count;
    }

    /** The winner the grid search found while it ran, or -1. */
    int earlyWinner()
    {
        return earlyWinner;
    }

    /**
     * Stock is scarce around here: gathers the positions that hold it, wherever they are, up to
     * {@code room} more, and probes them all.
     */
    void addHolders(final long full, final int room)
    {
        gathered.reset(room);
        scored.limit = scored.count + Router.MAX_CANDIDATES;
        visitHolders();
        probe(full, -1);
        scored.sort();
    }

    /** What {@link #filter} and {@link #rankKey} apply: the rule set's tiers and delivery window. */
    void useRules(final RuleSet ruleSet)
    {
        rules = ruleSet;
        tierMask = 0;
        for (int i = 0; i < ruleSet.tiers().size(); i++)
        {
            tierMask |= 1 << ruleSet.tiers().get(i).ordinal();
        }
        for (int t = 0; t < Tier.COUNT; t++)
        {
            final int preference = ruleSet.tierPreference().indexOf(Tier.fromOrdinal(t));
            tierRank[t] = preference < 0 ? Tier.COUNT : preference;
        }
        windowMillis = request.promiseAt > 0 ? request.promiseAt - request.now :
            policies.policy().instantWindowMinutes() * 60_000L;
        defaultReachMeters = reachMeters(request.policyPickPackMinutes);
    }

    private boolean isDistanceFirst(final RuleSet ruleSet)
    {
        for (int i = 0; i < ruleSet.ranking().size(); i++)
        {
            switch (ruleSet.ranking().get(i))
            {
                case DISTANCE:
                    return true;
                case NODE_PRIORITY:
                    if (!locations.prioritiesEqual())
                    {
                        return false;
                    }
                    break;
                case TIER:
                    int rank = -1;
                    for (int t = 0; t < Tier.COUNT; t++)
                    {
                        if ((tierMask & (1 << t)) != 0)
                        {
                            if (rank >= 0 && rank != tierRank[t])
                            {
                                return false;
                            }
                            rank = tierRank[t];
                        }
                    }
                    break;
                default:
                    return false;
            }
        }
        return false;
    }

    /**
     * Grid callback after each ring. When rank order is distance order, every gathered location
     * within {@code certainWithinMeters} already ranks ahead of anything not yet visited: probe
     * those, nearest first, and if one fills the order the search can stop here.
     */
    @Override
    public boolean ringDone(final long certainWithinMeters)
    {
        if (!distanceFirst)
        {
            return false;
        }
        if (earlyWinner >= 0)
        {
            return gathered.unprobed() >= RUNNERS_UP;
        }
        int n = 0;
        for (int g = 0; g < gathered.count; g++)
        {
            if (!gathered.probed[g] && gathered.meters[g] <= certainWithinMeters)
            {
                int j = n++;
                while (j > 0 && gathered.before(g, due[j - 1]))
                {
                    due[j] = due[j - 1];
                    j--;
                }
                due[j] = g;
            }
        }
        int i = 0;
        while (i < n && earlyWinner < 0 && scored.count < scored.limit)
        {
            final int position = probeOne(due[i++]);
            if (position >= 0 && scored.mask[position] == fullLines && scored.fitsAlone(position))
            {
                earlyWinner = position;
            }
        }
        // Stop once the winner is certain and runners-up are gathered for the explanation.
        if (earlyWinner < 0 || gathered.unprobed() < RUNNERS_UP)
        {
            return false;
        }
        // Nothing is visited after this, and every other gathered location is farther than the due
        // ones: the due locations not yet probed are the next in rank order, already sorted.
        while (i < n && wantsMore(earlyWinner))
        {
            probeOne(due[i++]);
        }
        return true;
    }

    private void visitHolders()
    {
        final double scale = Geo.longitudeScale(request.destLat);
        for (int i = 0; i < request.lineCount; i++)
        {
            final int sku = request.lineSku[i];
            for (int h = 0; h < ledger.holderCount(sku); h++)
            {
                final int location = ledger.location(ledger.holderSlot(sku, h));
                visit(location, Geo.distanceMeters(request.destLat, request.destLon, locations.latMicros(location),
                    locations.lonMicros(location), scale));
            }
        }
    }

    /** Grid (and holder list) callback: apply the cheap filters and gather the location. */
    @Override
    public boolean visit(final int location, final long meters)
    {
        if (visitedEpoch[location] == epoch)
        {
            return false;
        }
        visitedEpoch[location] = epoch;
        final RoutingReason excludedFor = filter(location, meters);
        if (excludedFor != null)
        {
            excluded.note(location, meters, excludedFor);
            return false;
        }
        return gathered.offer(location, meters, rankKey(location, meters));
    }

    /**
     * Pops gathered locations best-ranked first and probes their stock, until the first one that
     * fills every line has {@link #RUNNERS_UP} probed behind it, or all are probed. Nothing to do
     * when the grid search already probed them.
     *
     * @return the winner's position in the scored arrays, or -1.
     */
    int probe(final long full, final int winner)
    {
        int found = winner;
        if (!wantsMore(found))
        {
            return found;
        }
        gathered.heapify();
        while (gathered.heapSize > 0 && wantsMore(found))
        {
            final int position = probeOne(gathered.pop());
            if (position >= 0 && scored.mask[position] == full && found < 0 && scored.fitsAlone(position))
            {
                found = position;
            }
        }
        return found;
    }

    /** @return whether probing goes on: no winner yet, or fewer than {@link #RUNNERS_UP} scored behind it. */
    private boolean wantsMore(final int winner)
    {
        return scored.count < scored.limit && (winner < 0 || scored.count - winner <= RUNNERS_UP);
    }

    /**
     * Probes a gathered location's stock for every line.
     *
     * @return its position in the scored arrays, or -1 when it holds nothing for any line.
     */
    private int probeOne(final int g)
    {
        gathered.probed[g] = true;
        final int location = gathered.location[g];
        long lines = 0;
        for (int i = 0; i < request.lineCount; i++)
        {
            final int slot = ledger.find(location, request.lineSku[i]);
            if (slot >= 0 && promisable(slot) >= request.lineQty[i])
            {
                lines |= 1L << i;
            }
        }
        if (lines == 0)
        {
            excluded.note(location, gathered.meters[g], RoutingReason.INSUFFICIENT_STOCK);
            return -1;
        }
        return scored.add(location, gathered.meters[g], gathered.key[g], lines);
    }

    private long promisable(final int slot)
    {
        if (request.inboundCutoff == 0)
        {
            return reserves.promisable(ledger, slot, request.priorityOrder);
        }
        // Inbound joins on hand before anything is subtracted: holds already placed against earlier
        // inbound (reserved above on hand) must not let the same inbound be promised twice.
        final long kept = reserves.walkIn(slot) + (request.priorityOrder ? 0 : reserves.protectedStock(slot));
        return Math.max(0L, ledger.onHand(slot) + transfers.inboundBy(slot, request.inboundCutoff) -
            ledger.reserved(slot) - ledger.safetyStock(slot) - kept);
    }

    /** Packs the rule set's ranking criteria, most significant first, into one comparable long. */
    private long rankKey(final int location, final long meters)
    {
        long key = 0;
        for (int i = 0; i < rules.ranking().size(); i++)
        {
            final RankCriterion criterion = rules.ranking().get(i);
            key = switch (criterion)
            {
                case TIER -> (key << 3) | tierRank[locations.tierOrdinal(location)];
                case NODE_PRIORITY -> (key << 8) | locations.priority(location);
                case DISTANCE -> (key << 40) | Math.min(meters, (1L << 40) - 1);
            };
        }
        return key;
    }

    /** @return why the rule set keeps the location out, or null when it qualifies. */
    RoutingReason filter(final int location, final long meters)
    {
        if (rules.pickupStoreOnly() ? location != request.pickup :
            (rules.radiusMeters() > 0 && meters > rules.radiusMeters()))
        {
            return rules.pickupStoreOnly() ? RoutingReason.NOT_PICKUP_STORE : RoutingReason.OUT_OF_RADIUS;
        }
        if ((tierMask & (1 << locations.tierOrdinal(location))) == 0)
        {
            return RoutingReason.TIER_NOT_ALLOWED;
        }
        if (!Capabilities.has(locations.capabilities(location), rules.capabilities()))
        {
            return RoutingReason.MISSING_CAPABILITY;
        }
        if (request.rejectedBefore(location))
        {
            return RoutingReason.REJECTED_BEFORE;
        }
        if (!reserves.servesChannel(location, request.channel))
        {
            return RoutingReason.NOT_ELIGIBLE_FOR_CHANNEL;
        }
        if (!locations.hasCapacity(location, request.now) && !request.isServing(location))
        {
            return RoutingReason.CAPACITY_REACHED;
        }
        if (rules.checkDeliveryTime())
        {
            final int ownPickPack = locations.pickPackMinutes(location);
            if (meters > (ownPickPack > 0 ? reachMeters(ownPickPack) : defaultReachMeters))
            {
                return RoutingReason.TOO_SLOW;
            }
        }
        return null;
    }

    /**
     * How far a location with this pick-and-pack time may be and still deliver within the window:
     * the largest distance whose travel time, {@code meters * 3_600_000 / courierMetersPerHour}
     * rounded down, fits in what the window leaves after picking and packing. Computed once per
     * rule set for the policy's own time, so the common case takes no division per location.
     *
     * @return -1 when picking and packing alone miss the window.
     */
    private long reachMeters(final int pickPackMinutes)
    {
        final long pickPack = pickPackMinutes * 60_000L;
        if (windowMillis < pickPack)
        {
            return -1;
        }
        final long spare = windowMillis - pickPack;
        final long speed = policies.policy().courierMetersPerHour();
        if (spare >= Long.MAX_VALUE / speed)
        {
            return Long.MAX_VALUE;
        }
        // travel <= spare  <=>  meters * 3_600_000 < (spare + 1) * speed
        return ((spare + 1) * speed - 1) / 3_600_000L;
    }
}

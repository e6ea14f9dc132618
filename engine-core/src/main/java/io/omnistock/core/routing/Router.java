package io.omnistock.core.routing;

import io.omnistock.api.Capabilities;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Limits;
import io.omnistock.api.Order;
import io.omnistock.api.RankCriterion;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.RoutingReason;
import io.omnistock.api.RuleSet;
import io.omnistock.api.Tier;
import io.omnistock.core.catalog.Geo;
import io.omnistock.core.catalog.LocationGrid;
import io.omnistock.core.catalog.LocationTable;
import io.omnistock.core.command.CandidateSink;
import io.omnistock.core.command.RoutingOutcome;
import io.omnistock.core.command.RuleSetExplanations;
import io.omnistock.core.order.OrderBook;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.LogicVersion;
import io.omnistock.core.stock.PositionReserves;
import io.omnistock.core.stock.StockLedger;

/**
 * Smart order routing: decides which locations fill an order, from the whole network's live
 * stock, inside one single-writer step. It only plans; the caller holds the stock.
 *
 * <p>For each rule set of the policy, in order: collect the nearest qualifying locations that hold
 * stock for at least one line (spatial grid, nearest first), note for each a bit mask of the lines
 * it can fill whole, rank them (tier preference, distance, id), then take the first location that
 * fills every line; failing that, the fewest locations (up to the rule set's split limit) whose
 * masks cover the order, cheapest first, by an exhaustive search over the best 16. Every step
 * breaks ties on ranks and ids, so the plan is a function of state, policy and order alone.
 *
 * <p>Lines are not split by quantity: each line is held whole at one location.
 */
public final class Router implements LocationGrid.Visitor
{
    private static final int MAX_CANDIDATES = Limits.MAX_ROUTING_CANDIDATES;
    /**
     * Scored room: the grid search scores at most {@link #MAX_CANDIDATES}, and the holder lists, added
     * when it found no route, as many again, so a full grid gathering never crowds out the holders.
     */
    private static final int MAX_SCORED = 2 * MAX_CANDIDATES;
    /** Split search looks at this many best-ranked partial candidates: C(16, 4) = 1820 sets at most. */
    private static final int SPLIT_POOL = 16;
    /** Once the winner is found, this many next-ranked candidates are probed for the explanation. */
    private static final int RUNNERS_UP = 3;
    private static final int MAX_EXCLUDED = RoutingOutcome.MAX_CANDIDATES;
    /**
     * Without a route, each rule set's explanation names the holders of the order's SKUs its filters
     * kept out; this many holder entries are read per rule set at most, so a SKU held everywhere costs
     * a bounded scan (the nearest of those read are named).
     */
    private static final int HOLDER_NOTE_BUDGET = 1_024;
    private static final long NO_COST = Long.MAX_VALUE;

    private final EngineState state;
    private final LocationTable locations;
    private final StockLedger ledger;
    private final PositionReserves reserves;

    // The request.
    private FulfilmentType type;
    private int destLat;
    private int destLon;
    private int pickup;
    private long promiseAt;
    private long now;
    private int flags;
    private int channel;
    private boolean priorityOrder;
    /** The policy's pick-and-pack time for this order's fulfilment type. */
    private int policyPickPackMinutes;
    /** For a SCHEDULED order: transfers arriving by this time count as stock (0: none count). */
    private long inboundCutoff;
    private int lineCount;
    private final int[] lineIndex = new int[Limits.MAX_ORDER_LINES];
    private final int[] lineSku = new int[Limits.MAX_ORDER_LINES];
    private final long[] lineQty = new long[Limits.MAX_ORDER_LINES];
    private final int[] excludedLocations = new int[OrderBook.MAX_REJECTED];
    private int excludedLocationCount;
    /** Locations the order already holds at: their capacity already counts this order. */
    private final int[] servingLocations = new int[Limits.MAX_ORDER_LINES];
    private int servingLocationCount;
    /**
     * How many locations the plan may add to those the order already holds at: the rule set's
     * {@code maxSplits} bounds the whole order, not each re-route (all of them without re-routing).
     */
    private int newAllowed;

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

    // Gathered: locations that passed the cheap filters, not yet probed for stock; a min-heap by rank.
    private int gathered;
    /** How many may be gathered in this phase: the rule set's maxCandidates, then the holder lists' share. */
    private int gatherLimit;
    private final int[] gatheredLocation = new int[MAX_CANDIDATES];
    private final long[] gatheredMeters = new long[MAX_CANDIDATES];
    private final long[] gatheredKey = new long[MAX_CANDIDATES];
    private final int[] heap = new int[MAX_CANDIDATES];
    private int heapSize;
    private final boolean[] probed = new boolean[MAX_CANDIDATES];
    private final int[] due = new int[MAX_CANDIDATES];
    /** Whether rank order is distance order for this rule set: criteria before DISTANCE are all equal. */
    private boolean distanceFirst;
    /** The winner found while the grid search was still running, or -1. */
    private int earlyWinner;
    private long fullLines;

    // Scored: probed locations holding stock for at least one line, in rank order.
    private int count;
    /** How many may be scored in this phase: the grid search's share, then the holder lists' too. */
    private int scoredLimit;
    private final int[] candidate = new int[MAX_SCORED];
    private final long[] distance = new long[MAX_SCORED];
    private final long[] rankKey = new long[MAX_SCORED];
    private final long[] mask = new long[MAX_SCORED];

    private int excludedCount;
    /** How many excluded locations are kept: {@link #MAX_EXCLUDED}, or the room a holder note has. */
    private int excludedLimit = MAX_EXCLUDED;
    private final int[] excluded = new int[MAX_EXCLUDED];
    private final long[] excludedDistance = new long[MAX_EXCLUDED];
    private final RoutingReason[] excludedReason = new RoutingReason[MAX_EXCLUDED];

    // The plan: positions (into the scored arrays) of the chosen locations, in rank order.
    private final int[] chosen = new int[Limits.MAX_SPLITS];
    private int chosenCount;
    private final int[] combo = new int[Limits.MAX_SPLITS];
    private final int[] pool = new int[SPLIT_POOL];
    private final int[] coverPool = new int[SPLIT_POOL];

    /** The policy's index of each rule set tried, in the order they were explained. */
    private final int[] tried = new int[Limits.MAX_RULE_SETS];

    public Router(final EngineState state)
    {
        this.state = state;
        this.locations = state.locations();
        this.ledger = state.ledger();
        this.reserves = state.reserves();
    }

    /**
     * Starts a request. For PICKUP (and SCHEDULED with a pickup store) the destination is the
     * pickup store itself, so alternatives are ranked by distance from it.
     */
    public void begin(
        final FulfilmentType orderType, final int lat, final int lon, final int pickupLocation,
        final long promise, final long nowMillis, final int orderFlags, final long orderValue, final int orderChannel)
    {
        channel = orderChannel;
        // A scheduled order may take stock that arrives in time to be picked for its slot.
        policyPickPackMinutes = state.routingPolicies().policy().pickPackMinutes(orderType);
        inboundCutoff = orderType == FulfilmentType.SCHEDULED && promise > 0 ?
            promise - policyPickPackMinutes * 60_000L : 0;
        // Protected stock is for instant and high-value orders only.
        priorityOrder = orderType == FulfilmentType.INSTANT || orderValue >= state.routingPolicies().policy().highValueThreshold();
        final boolean byPickup = pickupLocation >= 0 &&
            (orderType == FulfilmentType.PICKUP || orderType == FulfilmentType.SCHEDULED);
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

    public void addLine(final int index, final int sku, final long quantity)
    {
        lineIndex[lineCount] = index;
        lineSku[lineCount] = sku;
        lineQty[lineCount] = quantity;
        lineCount++;
    }

    /** A location the order already holds at (re-routing): its hourly capacity is not taken again. */
    public void serving(final int location)
    {
        for (int i = 0; i < servingLocationCount; i++)
        {
            if (servingLocations[i] == location)
            {
                return;
            }
        }
        servingLocations[servingLocationCount++] = location;
    }

    /** A location that must not be used (it rejected this order before). */
    public void exclude(final int location)
    {
        excludedLocations[excludedLocationCount++] = location;
    }

    /**
     * Plans the request into {@code out}: allocations, unfilled lines and the explanation the
     * journal keeps (the rule set that routed, or the last one tried). Every rule set tried is
     * explained into {@code explained} too, in order: for the result only, and read-only on the
     * plan, so what is decided and journaled is the same with or without it.
     *
     * @return {@link ReasonCode#OK} with a plan, or {@link ReasonCode#NO_ROUTE}.
     */
    public ReasonCode route(final RoutingOutcome out, final RuleSetExplanations explained)
    {
        explained.clear();
        final long full = fullMask();
        int bestPartialRuleSet = -1;
        int bestPartialExplained = -1;
        int bestPartialLines = 0;
        final java.util.List<RuleSet> ruleSets = state.routingPolicies().policy().ruleSets(type);
        for (int r = 0; r < ruleSets.size(); r++)
        {
            final RuleSet ruleSet = ruleSets.get(r);
            if (!applies(ruleSet))
            {
                continue;
            }
            if (planWith(ruleSet, full))
            {
                writePlan(out, full);
                explained.begin(ruleSet.name(), true);
                writeExplanation(explained);
                return ReasonCode.OK;
            }
            // Nothing is chosen yet: the rule set's explanation is what it saw and why each lost.
            final int at = explained.begin(ruleSet.name(), false);
            tried[at] = r;
            writeExplanation(explained);
            final int partial = Long.bitCount(greedyCover());
            if (partial > bestPartialLines)
            {
                bestPartialLines = partial;
                bestPartialRuleSet = r;
                bestPartialExplained = at;
            }
        }
        if (bestPartialRuleSet >= 0 && (flags & Order.ALLOW_PARTIAL) != 0)
        {
            planWith(ruleSets.get(bestPartialRuleSet), full);
            writePlan(out, greedyCover());
            explained.rewrite(bestPartialExplained, true);
            writeExplanation(explained);
            return ReasonCode.OK;
        }
        chosenCount = 0;
        writePlan(out, 0);
        explainHolders(ruleSets, explained);
        return ReasonCode.NO_ROUTE;
    }

    /**
     * Without a route, says where the order's stock is: in each rule set's explanation, after what
     * it saw, the nearest holders of the order's SKUs that its filters kept out (a warehouse 20 km
     * from an instant order, say: {@code OUT_OF_RADIUS}), in the room the explanation has left.
     * For the result only: runs after the plan and the journaled explanation are written, and
     * changes neither.
     */
    private void explainHolders(final java.util.List<RuleSet> ruleSets, final RuleSetExplanations explained)
    {
        final double scale = Geo.longitudeScale(destLat);
        for (int t = 0; t < explained.count(); t++)
        {
            final int room = RoutingOutcome.MAX_CANDIDATES - explained.candidateCount(t);
            if (room == 0)
            {
                continue;
            }
            useRules(ruleSets.get(tried[t]));
            excludedCount = 0;
            excludedLimit = room;
            int budget = HOLDER_NOTE_BUDGET;
            for (int i = 0; i < lineCount && budget > 0; i++)
            {
                final int sku = lineSku[i];
                for (int h = 0; h < ledger.holderCount(sku) && budget-- > 0; h++)
                {
                    final int location = ledger.location(ledger.holderSlot(sku, h));
                    if (explained.lists(t, location) || isExcluded(location))
                    {
                        continue;
                    }
                    final long meters = Geo.distanceMeters(destLat, destLon, locations.latMicros(location),
                        locations.lonMicros(location), scale);
                    final RoutingReason reason = filter(location, meters);
                    if (reason != null)
                    {
                        noteExcluded(location, meters, reason);
                    }
                }
            }
            sortExcluded();
            explained.resume(t);
            for (int i = 0; i < excludedCount; i++)
            {
                explained.addCandidate(excluded[i], excludedReason[i], excludedDistance[i]);
            }
        }
    }

    private boolean isExcluded(final int location)
    {
        for (int i = 0; i < excludedCount; i++)
        {
            if (excluded[i] == location)
            {
                return true;
            }
        }
        return false;
    }

    private long fullMask()
    {
        return lineCount == 64 ? -1L : (1L << lineCount) - 1;
    }

    private boolean applies(final RuleSet ruleSet)
    {
        return !ruleSet.needsAlternativeOk() || (flags & Order.ALLOW_ALTERNATIVE_PICKUP) != 0;
    }

    // ---- one rule set ----

    /**
     * Gathers the rule set's qualifying locations, then probes their stock best-ranked first. The
     * first location that can fill every line wins outright (fewest splits); a few runners-up are
     * probed for the explanation and the rest never are. Only when no single location can fill the
     * order is every gathered location probed, for the split search, and if the grid search did
     * not see every qualifying location, the SKUs' holder lists are added.
     *
     * @return whether a full plan is in {@link #chosen}.
     */
    private boolean planWith(final RuleSet ruleSet, final long full)
    {
        fullLines = full;
        final boolean sawAll = gather(ruleSet);
        int winner = probe(full, earlyWinner);
        // Logic 1 gave the holder lists a maxCandidates of their own; from logic 2 a rule set's
        // maxCandidates bounds the grid search and the holder lists together: the holders only fill
        // the room the grid search left (so "the nearest store, else the next rule set" is writable
        // as maxCandidates 1). At the maximum the rule set sets no bound of its own, and scarce
        // stock is still found wherever it is (64 by the grid search, 64 more from the holders).
        final boolean bounded = LogicVersion.boundsHoldersByMaxCandidates(state.logicVersion()) &&
            ruleSet.maxCandidates() < MAX_CANDIDATES;
        final int holderRoom = bounded ? ruleSet.maxCandidates() - gathered : ruleSet.maxCandidates();
        if (winner < 0 && !sawAll && !ruleSet.pickupStoreOnly() && holderRoom > 0)
        {
            // Stock is scarce around here: add the positions that hold it, wherever they are.
            gathered = 0;
            gatherLimit = holderRoom;
            scoredLimit = count + MAX_CANDIDATES;
            visitHolders();
            probe(full, -1);
            sortScored();
            winner = firstFull(full);
        }
        sortExcluded();
        if (winner >= 0)
        {
            chosen[0] = winner;
            chosenCount = 1;
            return true;
        }
        return planSplit(full);
    }

    /** @return whether every qualifying location within reach was gathered. */
    private boolean gather(final RuleSet ruleSet)
    {
        useRules(ruleSet);
        gathered = 0;
        gatherLimit = ruleSet.maxCandidates();
        count = 0;
        scoredLimit = MAX_CANDIDATES;
        excludedCount = 0;
        excludedLimit = MAX_EXCLUDED;
        chosenCount = 0;
        earlyWinner = -1;
        distanceFirst = isDistanceFirst(ruleSet);
        newAllowed = Math.max(0, ruleSet.maxSplits() - servingLocationCount);
        if (visitedEpoch.length < locations.count())
        {
            visitedEpoch = java.util.Arrays.copyOf(visitedEpoch, Math.max(locations.count(), visitedEpoch.length * 2));
        }
        epoch++;
        if (ruleSet.pickupStoreOnly())
        {
            if (pickup >= 0)
            {
                visit(pickup, 0);
            }
            return true;
        }
        final int wanted = ruleSet.maxCandidates();
        return state.grid().nearest(destLat, destLon, ruleSet.radiusMeters(), wanted, 8 * wanted + 64, this);
    }

    /** What {@link #filter} and {@link #rankKey} apply: the rule set's tiers and delivery window. */
    private void useRules(final RuleSet ruleSet)
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
        windowMillis = promiseAt > 0 ? promiseAt - now : state.routingPolicies().policy().instantWindowMinutes() * 60_000L;
        defaultReachMeters = reachMeters(policyPickPackMinutes);
    }

    private boolean isServing(final int location)
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

    /** Whether the scored location is one the order does not hold at yet, so counts against the split limit. */
    private boolean isNew(final int position)
    {
        return servingLocationCount == 0 || !isServing(candidate[position]);
    }

    /** Whether the scored location may take every line alone without spreading the order too wide. */
    private boolean fitsAlone(final int position)
    {
        return newAllowed >= 1 || !isNew(position);
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
            return unprobed() >= RUNNERS_UP;
        }
        int n = 0;
        for (int g = 0; g < gathered; g++)
        {
            if (!probed[g] && gatheredMeters[g] <= certainWithinMeters)
            {
                int j = n++;
                while (j > 0 && before(g, due[j - 1]))
                {
                    due[j] = due[j - 1];
                    j--;
                }
                due[j] = g;
            }
        }
        int i = 0;
        while (i < n && earlyWinner < 0 && count < scoredLimit)
        {
            final int position = probeOne(due[i++]);
            if (position >= 0 && mask[position] == fullLines && fitsAlone(position))
            {
                earlyWinner = position;
            }
        }
        // Stop once the winner is certain and runners-up are gathered for the explanation.
        if (earlyWinner < 0 || unprobed() < RUNNERS_UP)
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

    private int unprobed()
    {
        int n = 0;
        for (int g = 0; g < gathered; g++)
        {
            n += probed[g] ? 0 : 1;
        }
        return n;
    }

    private void visitHolders()
    {
        final double scale = Geo.longitudeScale(destLat);
        for (int i = 0; i < lineCount; i++)
        {
            final int sku = lineSku[i];
            for (int h = 0; h < ledger.holderCount(sku); h++)
            {
                final int location = ledger.location(ledger.holderSlot(sku, h));
                visit(location, Geo.distanceMeters(destLat, destLon, locations.latMicros(location),
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
            noteExcluded(location, meters, excludedFor);
            return false;
        }
        final long key = rankKey(location, meters);
        if (gathered < gatherLimit)
        {
            final int g = gathered++;
            probed[g] = false;
            gatheredLocation[g] = location;
            gatheredMeters[g] = meters;
            gatheredKey[g] = key;
            heap[g] = g;
            if (gathered == gatherLimit)
            {
                // Only a full gathering needs its worst on top: ordered once, not on every add.
                heapSize = gathered;
                buildHeap(true);
            }
            return true;
        }
        // Full: keep the best maxCandidates; a newcomer displaces the worst only if it ranks better.
        final int worst = heap[0];
        if (!ranksBefore(key, location, gatheredKey[worst], gatheredLocation[worst]))
        {
            return false;
        }
        probed[worst] = false;
        gatheredLocation[worst] = location;
        gatheredMeters[worst] = meters;
        gatheredKey[worst] = key;
        siftDown(0);
        return true;
    }

    /**
     * Pops gathered locations best-ranked first and probes their stock, until the first one that
     * fills every line has {@link #RUNNERS_UP} probed behind it, or all are probed. Nothing to do
     * when the grid search already probed them.
     *
     * @return the winner's position in the scored arrays, or -1.
     */
    private int probe(final long full, final int winner)
    {
        int found = winner;
        if (!wantsMore(found))
        {
            return found;
        }
        heapify();
        while (heapSize > 0 && wantsMore(found))
        {
            final int position = probeOne(heapPop());
            if (position >= 0 && mask[position] == full && found < 0 && fitsAlone(position))
            {
                found = position;
            }
        }
        return found;
    }

    /** @return whether probing goes on: no winner yet, or fewer than {@link #RUNNERS_UP} scored behind it. */
    private boolean wantsMore(final int winner)
    {
        return count < scoredLimit && (winner < 0 || count - winner <= RUNNERS_UP);
    }

    /**
     * Probes a gathered location's stock for every line.
     *
     * @return its position in the scored arrays, or -1 when it holds nothing for any line.
     */
    private int probeOne(final int g)
    {
        probed[g] = true;
        final int location = gatheredLocation[g];
        long lines = 0;
        for (int i = 0; i < lineCount; i++)
        {
            final int slot = ledger.find(location, lineSku[i]);
            if (slot >= 0 && promisable(slot) >= lineQty[i])
            {
                lines |= 1L << i;
            }
        }
        if (lines == 0)
        {
            noteExcluded(location, gatheredMeters[g], RoutingReason.INSUFFICIENT_STOCK);
            return -1;
        }
        candidate[count] = location;
        distance[count] = gatheredMeters[g];
        rankKey[count] = gatheredKey[g];
        mask[count] = lines;
        return count++;
    }

    private int firstFull(final long full)
    {
        for (int i = 0; i < count; i++)
        {
            if (mask[i] == full && fitsAlone(i))
            {
                return i;
            }
        }
        return -1;
    }

    private long promisable(final int slot)
    {
        if (inboundCutoff == 0)
        {
            return reserves.promisable(ledger, slot, priorityOrder);
        }
        // Inbound joins on hand before anything is subtracted: holds already placed against earlier
        // inbound (reserved above on hand) must not let the same inbound be promised twice.
        final long kept = reserves.walkIn(slot) + (priorityOrder ? 0 : reserves.protectedStock(slot));
        return Math.max(0L, ledger.onHand(slot) + state.transfers().inboundBy(slot, inboundCutoff) -
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

    private static boolean ranksBefore(final long keyA, final int locationA, final long keyB, final int locationB)
    {
        return keyA < keyB || (keyA == keyB && locationA < locationB);
    }

    private RoutingReason filter(final int location, final long meters)
    {
        if (rules.pickupStoreOnly() ? location != pickup : (rules.radiusMeters() > 0 && meters > rules.radiusMeters()))
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
        for (int i = 0; i < excludedLocationCount; i++)
        {
            if (excludedLocations[i] == location)
            {
                return RoutingReason.REJECTED_BEFORE;
            }
        }
        if (!reserves.servesChannel(location, channel))
        {
            return RoutingReason.NOT_ELIGIBLE_FOR_CHANNEL;
        }
        if (!locations.hasCapacity(location, now) && !isServing(location))
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
        final long speed = state.routingPolicies().policy().courierMetersPerHour();
        if (spare >= Long.MAX_VALUE / speed)
        {
            return Long.MAX_VALUE;
        }
        // travel <= spare  <=>  meters * 3_600_000 < (spare + 1) * speed
        return ((spare + 1) * speed - 1) / 3_600_000L;
    }

    /**
     * Keeps the nearest excluded locations (by distance, then id) for the explanation. A total
     * order, not visit order, decides which are kept, so the explanation does not depend on the
     * order the holder lists happen to be in.
     */
    private void noteExcluded(final int location, final long meters, final RoutingReason reason)
    {
        int at = excludedCount;
        if (excludedCount == excludedLimit)
        {
            at = 0;
            for (int i = 1; i < excludedLimit; i++)
            {
                if (excludedDistance[i] > excludedDistance[at] ||
                    (excludedDistance[i] == excludedDistance[at] && excluded[i] > excluded[at]))
                {
                    at = i;
                }
            }
            if (meters > excludedDistance[at] || (meters == excludedDistance[at] && location > excluded[at]))
            {
                return;
            }
        }
        else
        {
            excludedCount++;
        }
        excluded[at] = location;
        excludedDistance[at] = meters;
        excludedReason[at] = reason;
    }

    private void sortExcluded()
    {
        for (int i = 1; i < excludedCount; i++)
        {
            final int loc = excluded[i];
            final long d = excludedDistance[i];
            final RoutingReason r = excludedReason[i];
            int j = i - 1;
            while (j >= 0 && (excludedDistance[j] > d || (excludedDistance[j] == d && excluded[j] > loc)))
            {
                excluded[j + 1] = excluded[j];
                excludedDistance[j + 1] = excludedDistance[j];
                excludedReason[j + 1] = excludedReason[j];
                j--;
            }
            excluded[j + 1] = loc;
            excludedDistance[j + 1] = d;
            excludedReason[j + 1] = r;
        }
    }

    // ---- the gathered heap ----

    /**
     * Heap order: worst-ranked on top while gathering (a bounded top-K), best-ranked on top while
     * probing. Ranks are a strict total order, so either way the top, and so every pop, is unique
     * whatever the heap's inner layout.
     */
    private boolean worstOnTop;

    private boolean above(final int a, final int b)
    {
        return worstOnTop ? before(b, a) : before(a, b);
    }

    private boolean before(final int a, final int b)
    {
        return ranksBefore(gatheredKey[a], gatheredLocation[a], gatheredKey[b], gatheredLocation[b]);
    }

    /** Orders everything gathered and not yet probed by rank, best on top, ready for probing. */
    private void heapify()
    {
        heapSize = 0;
        for (int g = 0; g < gathered; g++)
        {
            if (!probed[g])
            {
                heap[heapSize++] = g;
            }
        }
        buildHeap(false);
    }

    /** Bottom-up construction of the heap over heap[0, heapSize): linear, fewer comparisons than pushes. */
    private void buildHeap(final boolean worst)
    {
        worstOnTop = worst;
        for (int i = (heapSize >>> 1) - 1; i >= 0; i--)
        {
            siftDown(i);
        }
    }

    private int heapPop()
    {
        final int top = heap[0];
        heap[0] = heap[--heapSize];
        siftDown(0);
        return top;
    }

    private void siftDown(final int from)
    {
        final int g = heap[from];
        int i = from;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= heapSize)
            {
                break;
            }
            if (child + 1 < heapSize && above(heap[child + 1], heap[child]))
            {
                child++;
            }
            if (!above(heap[child], g))
            {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = g;
    }

    /** Slow path only (after adding holders): puts the scored locations back in rank order. */
    private void sortScored()
    {
        for (int i = 1; i < count; i++)
        {
            final int loc = candidate[i];
            final long d = distance[i];
            final long key = rankKey[i];
            final long m = mask[i];
            int j = i - 1;
            while (j >= 0 && ranksBefore(key, loc, rankKey[j], candidate[j]))
            {
                candidate[j + 1] = candidate[j];
                distance[j + 1] = distance[j];
                rankKey[j + 1] = rankKey[j];
                mask[j + 1] = mask[j];
                j--;
            }
            candidate[j + 1] = loc;
            distance[j + 1] = d;
            rankKey[j + 1] = key;
            mask[j + 1] = m;
        }
    }

    // ---- planning ----

    /**
     * Split search, fewest locations first: for each size k, the cheapest covering set among the
     * {@link #SPLIT_POOL} best-ranked partial candidates; failing that (more candidates than the
     * pool holds), among a pool that takes first, in rank order, every candidate holding a line no
     * better-ranked member holds (so each line's best-ranked holder is in, however many holders of
     * the other lines rank ahead of it), then the best-ranked of the rest.
     */
    private boolean planSplit(final long full)
    {
        final int topSize = Math.min(count, SPLIT_POOL);
        int coverSize = 0;
        if (count > SPLIT_POOL)
        {
            long covered = 0;
            for (int i = 0; i < count && coverSize < SPLIT_POOL; i++)
            {
                if ((mask[i] & ~covered) != 0)
                {
                    coverPool[coverSize++] = i;
                    covered |= mask[i];
                }
            }
            if (covered != full)
            {
                coverSize = 0;
            }
            else
            {
                final int covering = coverSize;
                for (int i = 0; i < count && coverSize < SPLIT_POOL; i++)
                {
                    if (!inPool(i, covering))
                    {
                        coverPool[coverSize++] = i;
                    }
                }
                java.util.Arrays.sort(coverPool, 0, coverSize);
            }
        }
        for (int i = 0; i < topSize; i++)
        {
            pool[i] = i;
        }
        for (int k = 2; k <= rules.maxSplits(); k++)
        {
            if (k <= topSize && bestCover(pool, topSize, k, full) != NO_COST)
            {
                return true;
            }
            if (k <= coverSize && bestCover(coverPool, coverSize, k, full) != NO_COST)
            {
                return true;
            }
        }
        return false;
    }

    private boolean inPool(final int position, final int size)
    {
        for (int p = 0; p < size; p++)
        {
            if (coverPool[p] == position)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Exhaustive search over the k-subsets of the pool (in rank order, so the first of equal cost
     * is the best ranked) for the cheapest covering set; leaves it in {@link #chosen}.
     */
    private long bestCover(final int[] members, final int poolSize, final int k, final long full)
    {
        long bestCost = NO_COST;
        for (int i = 0; i < k; i++)
        {
            combo[i] = i;
        }
        while (true)
        {
            long covered = 0;
            long cost = 0;
            int added = 0;
            for (int i = 0; i < k; i++)
            {
                covered |= mask[members[combo[i]]];
                cost += rankKey[members[combo[i]]];
                added += isNew(members[combo[i]]) ? 1 : 0;
            }
            if (covered == full && cost < bestCost && added <= newAllowed)
            {
                bestCost = cost;
                for (int i = 0; i < k; i++)
                {
                    chosen[i] = members[combo[i]];
                }
                chosenCount = k;
            }
            int i = k - 1;
            while (i >= 0 && combo[i] == poolSize - k + i)
            {
                i--;
            }
            if (i < 0)
            {
                return bestCost;
            }
            combo[i]++;
            for (int j = i + 1; j < k; j++)
            {
                combo[j] = combo[j - 1] + 1;
            }
        }
    }

    /**
     * Greedy cover within the split limit: repeatedly the candidate that adds the most lines (the
     * better ranked on ties). Leaves the picks in {@link #chosen}.
     *
     * @return the lines covered.
     */
    private long greedyCover()
    {
        long covered = 0;
        chosenCount = 0;
        int added = 0;
        while (chosenCount < rules.maxSplits())
        {
            int best = -1;
            int bestGain = 0;
            for (int i = 0; i < count; i++)
            {
                final int gain = Long.bitCount(mask[i] & ~covered);
                if (gain > bestGain && (added < newAllowed || !isNew(i)))
                {
                    best = i;
                    bestGain = gain;
                }
            }
            if (best < 0)
            {
                break;
            }
            chosen[chosenCount++] = best;
            covered |= mask[best];
            added += isNew(best) ? 1 : 0;
        }
        // Keep the chosen locations in rank order: lines go to the best ranked that can fill them.
        java.util.Arrays.sort(chosen, 0, chosenCount);
        return covered;
    }

    private void writePlan(final RoutingOutcome out, final long lines)
    {
        for (int i = 0; i < lineCount; i++)
        {
            if ((lines & (1L << i)) == 0)
            {
                out.addUnfilled(lineIndex[i]);
                continue;
            }
            for (int c = 0; c < chosenCount; c++)
            {
                if ((mask[chosen[c]] & (1L << i)) != 0)
                {
                    out.addAllocation(lineIndex[i], candidate[chosen[c]], lineSku[i], lineQty[i]);
                    break;
                }
            }
        }
        writeExplanation(out);
    }

    /** Chosen locations first, then the runners-up in rank order, then the nearest excluded ones. */
    private void writeExplanation(final CandidateSink out)
    {
        for (int c = 0; c < chosenCount; c++)
        {
            out.addCandidate(candidate[chosen[c]], RoutingReason.SELECTED, distance[chosen[c]]);
        }
        final long full = lineCount == 64 ? -1L : (1L << lineCount) - 1;
        for (int i = 0; i < count; i++)
        {
            if (!isChosen(i) && !out.addCandidate(candidate[i],
                mask[i] == full ? RoutingReason.RANKED_LOWER : RoutingReason.MORE_SPLITS, distance[i]))
            {
                return;
            }
        }
        for (int i = 0; i < excludedCount; i++)
        {
            if (!out.addCandidate(excluded[i], excludedReason[i], excludedDistance[i]))
            {
                return;
            }
        }
    }

    private boolean isChosen(final int position)
    {
        for (int c = 0; c < chosenCount; c++)
        {
            if (chosen[c] == position)
            {
                return true;
            }
        }
        return false;
    }
}

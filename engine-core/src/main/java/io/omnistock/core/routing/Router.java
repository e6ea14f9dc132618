package io.omnistock.core.routing;

import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Limits;
import io.omnistock.api.Order;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.RuleSet;
import io.omnistock.core.command.RoutingOutcome;
import io.omnistock.core.command.RuleSetExplanations;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.LogicVersion;

import java.util.List;

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
 *
 * <p>The steps live in their own classes, over shared scratch that is allocated once: the
 * {@link RouteRequest}, {@link CandidateGathering} (into {@link Gathered}, then {@link Scored} and
 * {@link Excluded}), the {@link SplitPlanner} and the {@link RouteExplainer}.
 */
public final class Router
{
    static final int MAX_CANDIDATES = Limits.MAX_ROUTING_CANDIDATES;
    /**
     * Scored room: the grid search scores at most {@link #MAX_CANDIDATES}, and the holder lists, added
     * when it found no route, as many again, so a full grid gathering never crowds out the holders.
     */
    static final int MAX_SCORED = 2 * MAX_CANDIDATES;
    /** Locations an order may have rejected, so a re-route excludes them all. */
    public static final int MAX_EXCLUDED_LOCATIONS = 8;

    private final EngineState state;
    private final RoutingPolicies policies;
    private final RouteRequest request;
    private final Scored scored;
    private final Excluded excluded = new Excluded();
    private final CandidateGathering gathering;
    private final SplitPlanner planner;
    private final RouteExplainer explainer;
    /** The policy's index of each rule set tried, in the order they were explained. */
    private final int[] tried = new int[Limits.MAX_RULE_SETS];

    public Router(final EngineState state)
    {
        this.state = state;
        this.policies = state.routingPolicies();
        this.request = new RouteRequest(state.locations());
        this.scored = new Scored(request);
        this.gathering = new CandidateGathering(request, new Gathered(), scored, excluded, policies,
            state.locations(), state.grid(), state.ledger(), state.reserves(), state.transfers());
        this.planner = new SplitPlanner(scored);
        this.explainer = new RouteExplainer(request, scored, excluded, planner, gathering, state.locations(),
            state.ledger());
    }

    /**
     * Starts a request. For an order that names a pickup store, of a type whose rules route it from
     * there (PICKUP and SCHEDULED by default, {@link io.omnistock.api.FulfilmentRules}), the destination is the
     * pickup store itself, so alternatives are ranked by distance from it.
     */
    public void begin(
        final FulfilmentType orderType, final int lat, final int lon, final int pickupLocation,
        final long promise, final long nowMillis, final int orderFlags, final long orderValue, final int orderChannel)
    {
        request.begin(policies.policy(), orderType, lat, lon, pickupLocation, promise, nowMillis, orderFlags,
            orderValue, orderChannel);
    }

    public void addLine(final int index, final int sku, final long quantity)
    {
        request.addLine(index, sku, quantity);
    }

    /** A location the order already holds at (re-routing): its hourly capacity is not taken again. */
    public void serving(final int location)
    {
        request.serving(location);
    }

    /** A location that must not be used (it rejected this order before). */
    public void exclude(final int location)
    {
        request.exclude(location);
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
        final long full = request.fullMask();
        int bestPartialRuleSet = -1;
        int bestPartialExplained = -1;
        int bestPartialLines = 0;
        final List<RuleSet> ruleSets = policies.policy().ruleSets(request.type);
        for (int r = 0; r < ruleSets.size(); r++)
        {
            final RuleSet ruleSet = ruleSets.get(r);
            if (!applies(ruleSet))
            {
                continue;
            }
            if (planWith(ruleSet, full))
            {
                explainer.writePlan(out, full);
                explained.begin(ruleSet.name(), true);
                explainer.writeExplanation(explained);
                return ReasonCode.OK;
            }
            // Nothing is chosen yet: the rule set's explanation is what it saw and why each lost.
            final int at = explained.begin(ruleSet.name(), false);
            tried[at] = r;
            explainer.writeExplanation(explained);
            final int partial = Long.bitCount(planner.greedyCover(ruleSet.maxSplits()));
            if (partial > bestPartialLines)
            {
                bestPartialLines = partial;
                bestPartialRuleSet = r;
                bestPartialExplained = at;
            }
        }
        if (bestPartialRuleSet >= 0 && (request.flags & Order.ALLOW_PARTIAL) != 0)
        {
            final RuleSet best = ruleSets.get(bestPartialRuleSet);
            planWith(best, full);
            explainer.writePlan(out, planner.greedyCover(best.maxSplits()));
            explained.rewrite(bestPartialExplained, true);
            explainer.writeExplanation(explained);
            return ReasonCode.OK;
        }
        planner.clear();
        explainer.writePlan(out, 0);
        explainer.explainHolders(ruleSets, tried, explained);
        return ReasonCode.NO_ROUTE;
    }

    private boolean applies(final RuleSet ruleSet)
    {
        return !ruleSet.needsAlternativeOk() || (request.flags & Order.ALLOW_ALTERNATIVE_PICKUP) != 0;
    }

    /**
     * Gathers the rule set's qualifying locations, then probes their stock best-ranked first. The
     * first location that can fill every line wins outright (fewest splits); a few runners-up are
     * probed for the explanation and the rest never are. Only when no single location can fill the
     * order is every gathered location probed, for the split search, and if the grid search did
     * not see every qualifying location, the SKUs' holder lists are added.
     *
     * @return whether a full plan is in the planner.
     */
    private boolean planWith(final RuleSet ruleSet, final long full)
    {
        planner.clear();
        final boolean sawAll = gathering.gather(ruleSet, full);
        int winner = gathering.probe(full, gathering.earlyWinner());
        // Logic 1 gave the holder lists a maxCandidates of their own; from logic 2 a rule set's
        // maxCandidates bounds the grid search and the holder lists together: the holders only fill
        // the room the grid search left (so "the nearest store, else the next rule set" is writable
        // as maxCandidates 1). At the maximum the rule set sets no bound of its own, and scarce
        // stock is still found wherever it is (64 by the grid search, 64 more from the holders).
        final boolean bounded = LogicVersion.boundsHoldersByMaxCandidates(state.logicVersion()) &&
            ruleSet.maxCandidates() < MAX_CANDIDATES;
        final int holderRoom = bounded ? ruleSet.maxCandidates() - gathering.gatheredCount() :
            ruleSet.maxCandidates();
        if (winner < 0 && !sawAll && !ruleSet.pickupStoreOnly() && holderRoom > 0)
        {
            // Stock is scarce around here: add the positions that hold it, wherever they are.
            gathering.addHolders(full, holderRoom);
            winner = scored.firstFull(full);
        }
        excluded.sort();
        if (winner >= 0)
        {
            planner.chooseAlone(winner);
            return true;
        }
        return planner.planSplit(full, ruleSet.maxSplits());
    }
}

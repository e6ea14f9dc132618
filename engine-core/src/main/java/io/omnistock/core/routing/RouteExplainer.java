package io.omnistock.core.routing;

import io.omnistock.api.RoutingReason;
import io.omnistock.api.RuleSet;
import io.omnistock.core.catalog.Geo;
import io.omnistock.core.catalog.LocationTable;
import io.omnistock.core.command.CandidateSink;
import io.omnistock.core.command.RoutingOutcome;
import io.omnistock.core.command.RuleSetExplanations;
import io.omnistock.core.stock.StockLedger;

import java.util.List;

/**
 * Writes a plan out: its allocations, and the explanation of what each rule set saw (the chosen
 * locations, the runners-up, the nearest excluded ones with their reasons). Without a route, it
 * also names where the order's stock is and which filter kept it out.
 */
final class RouteExplainer
{
    /**
     * Without a route, each rule set's explanation names the holders of the order's SKUs its filters
     * kept out; this many holder entries are read per rule set at most, so a SKU held everywhere costs
     * a bounded scan (the nearest of those read are named).
     */
    private static final int HOLDER_NOTE_BUDGET = 1_024;

    private final RouteRequest request;
    private final Scored scored;
    private final Excluded excluded;
    private final SplitPlanner planner;
    private final CandidateGathering gathering;
    private final LocationTable locations;
    private final StockLedger ledger;

    RouteExplainer(
        final RouteRequest request, final Scored scored, final Excluded excluded, final SplitPlanner planner,
        final CandidateGathering gathering, final LocationTable locations, final StockLedger ledger)
    {
        this.request = request;
        this.scored = scored;
        this.excluded = excluded;
        this.planner = planner;
        this.gathering = gathering;
        this.locations = locations;
        this.ledger = ledger;
    }

    /** The chosen locations' allocations for the {@code lines}, the others unfilled, then the explanation. */
    void writePlan(final RoutingOutcome out, final long lines)
    {
        for (int i = 0; i < request.lineCount; i++)
        {
            if ((lines & (1L << i)) == 0)
            {
                out.addUnfilled(request.lineIndex[i]);
                continue;
            }
            for (int c = 0; c < planner.chosenCount; c++)
            {
                if ((scored.mask[planner.chosen[c]] & (1L << i)) != 0)
                {
                    out.addAllocation(request.lineIndex[i], scored.candidate[planner.chosen[c]], request.lineSku[i],
                        request.lineQty[i]);
                    break;
                }
            }
        }
        writeExplanation(out);
    }

    /** Chosen locations first, then the runners-up in rank order, then the nearest excluded ones. */
    void writeExplanation(final CandidateSink out)
    {
        for (int c = 0; c < planner.chosenCount; c++)
        {
            out.addCandidate(scored.candidate[planner.chosen[c]], RoutingReason.SELECTED,
                scored.distance[planner.chosen[c]]);
        }
        final long full = request.fullMask();
        for (int i = 0; i < scored.count; i++)
        {
            if (!planner.isChosen(i) && !out.addCandidate(scored.candidate[i],
                scored.mask[i] == full ? RoutingReason.RANKED_LOWER : RoutingReason.MORE_SPLITS, scored.distance[i]))
            {
                return;
            }
        }
        for (int i = 0; i < excluded.count; i++)
        {
            if (!out.addCandidate(excluded.location[i], excluded.reason[i], excluded.distance[i]))
            {
                return;
            }
        }
    }

    /**
     * Without a route, says where the order's stock is: in each rule set's explanation, after what
     * it saw, the nearest holders of the order's SKUs that its filters kept out (a warehouse 20 km
     * from an instant order, say: {@code OUT_OF_RADIUS}), in the room the explanation has left.
     * For the result only: runs after the plan and the journaled explanation are written, and
     * changes neither.
     *
     * @param tried the policy's index of each rule set explained, in order.
     */
    void explainHolders(final List<RuleSet> ruleSets, final int[] tried, final RuleSetExplanations explained)
    {
        final double scale = Geo.longitudeScale(request.destLat);
        for (int t = 0; t < explained.count(); t++)
        {
            final int room = RoutingOutcome.MAX_CANDIDATES - explained.candidateCount(t);
            if (room == 0)
            {
                continue;
            }
            gathering.useRules(ruleSets.get(tried[t]));
            excluded.reset(room);
            int budget = HOLDER_NOTE_BUDGET;
            for (int i = 0; i < request.lineCount && budget > 0; i++)
            {
                final int sku = request.lineSku[i];
                for (int h = 0; h < ledger.holderCount(sku) && budget-- > 0; h++)
                {
                    final int location = ledger.location(ledger.holderSlot(sku, h));
                    if (explained.lists(t, location) || excluded.contains(location))
                    {
                        continue;
                    }
                    final long meters = Geo.distanceMeters(request.destLat, request.destLon,
                        locations.latMicros(location), locations.lonMicros(location), scale);
                    final RoutingReason reason = gathering.filter(location, meters);
                    if (reason != null)
                    {
                        excluded.note(location, meters, reason);
                    }
                }
            }
            excluded.sort();
            explained.resume(t);
            for (int i = 0; i < excluded.count; i++)
            {
                explained.addCandidate(excluded.location[i], excluded.reason[i], excluded.distance[i]);
            }
        }
    }
}

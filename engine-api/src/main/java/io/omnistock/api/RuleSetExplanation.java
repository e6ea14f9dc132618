package io.omnistock.api;

import java.util.List;

/**
 * How one rule set of the routing policy fared for an order: the rule sets a routing tried are
 * explained one each, in the order the policy tried them, so a result shows why a rule set that
 * came earlier did not route (its stores held too little stock, say) and not only what the rule set
 * that routed saw. Computed by the engine for the result; never journaled (the journal keeps only
 * {@link CommandResult#candidates()}, the explanation of the rule set that routed, or of the last
 * one tried).
 *
 * @param name       the rule set's name in the policy.
 * @param routed     whether this rule set produced the route (with {@link Order#ALLOW_PARTIAL}, the
 *                   partial one); at most one rule set in a result has it.
 * @param candidates its verdicts, as {@link CommandResult#candidates()} lists them for the rule set
 *                   that routed: the chosen locations, the probed runners-up, then the nearest
 *                   excluded locations with their reason; at most 16. In a rule set that did not
 *                   route, {@link RoutingReason#MORE_SPLITS} marks a location that could fill only
 *                   part of the order.
 */
public record RuleSetExplanation(String name, boolean routed, List<Candidate> candidates)
{
    /**
     * Copies the candidates, so the explanation does not change with the caller's list.
     *
     * @param name       see {@link #name()}.
     * @param routed     see {@link #routed()}.
     * @param candidates see {@link #candidates()}.
     */
    public RuleSetExplanation
    {
        candidates = List.copyOf(candidates);
    }
}

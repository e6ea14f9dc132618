package io.omnistock.core.command;

import io.omnistock.api.RoutingReason;

/**
 * Where the router writes one rule set's explanation: the journaled outcome ({@link RoutingOutcome})
 * or the per-rule-set explanation of the result ({@link RuleSetExplanations}), from one piece of code.
 */
public interface CandidateSink
{
    /** @return whether the entry fitted; explanations are bounded. */
    boolean addCandidate(int location, RoutingReason reason, long distanceMeters);
}

package io.omnistock.core.command;

import io.omnistock.api.OrderState;
import io.omnistock.api.RoutingReason;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The order state and the candidates' verdicts, kept as ordinals, read back as they were set. */
class RoutingOutcomeTest
{
    @Test
    void everyStateAndReasonReadsBackAndClearLeavesNone()
    {
        final RoutingOutcome outcome = new RoutingOutcome();
        assertNull(outcome.orderState(), "a fresh outcome has no state");
        for (final OrderState state : OrderState.values())
        {
            outcome.orderState(state);
            assertEquals(state, outcome.orderState());
        }
        outcome.orderState(null);
        assertNull(outcome.orderState());
        final RoutingReason[] reasons = RoutingReason.values();
        for (int i = 0; i < RoutingOutcome.MAX_CANDIDATES; i++)
        {
            outcome.addCandidate(100 + i, i == 3 ? null : reasons[i % reasons.length], i * 1_000L);
        }
        for (int i = 0; i < RoutingOutcome.MAX_CANDIDATES; i++)
        {
            assertEquals(i == 3 ? null : reasons[i % reasons.length], outcome.candidateReason(i), "candidate " + i);
            assertEquals(100 + i, outcome.candidateLocation[i]);
        }
        outcome.orderState(OrderState.HELD);
        outcome.clear();
        assertNull(outcome.orderState(), "clear leaves no state");
        assertEquals(0, outcome.candidateCount);
    }
}

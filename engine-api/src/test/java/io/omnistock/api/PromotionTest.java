package io.omnistock.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromotionTest
{
    private static Promotion withUplift(final long upliftBasisPoints)
    {
        return new Promotion(7, 1, 0, -1, -1, 20_600, 20_606, upliftBasisPoints);
    }

    @Test
    void onlyTheSentinelLearnsItsUplift()
    {
        assertTrue(withUplift(Promotion.LEARNED_UPLIFT).learnsUplift());
        assertFalse(withUplift(0).learnsUplift(), "a stated uplift of nothing is stated");
        assertFalse(withUplift(5_000).learnsUplift());
        // Below the sentinel: never held by the engine (PUT_PROMOTION refuses a negative uplift), and
        // read the same way as the engine's rows read it (PlanningData.promotionLearnsUplift): not learned.
        assertFalse(withUplift(-2).learnsUplift());
    }
}

package io.omnistock.daemon.forecast;

import io.omnistock.core.planning.PlanningData;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The forecast job's command ids are journaled, and a job that restarts plans its last prefix again
 * expecting the engine to answer DUPLICATE_COMMAND: ids derived differently from the same prefix
 * would be applied a second time. So the derivation is pinned to the values it has given since the
 * job began (computed with the engine's state hash, now engine-api's StableHash).
 */
class ForecastPlanIdsTest
{
    @Test
    void theSamePrefixAndPositionGiveTheIdsTheyAlwaysGave()
    {
        assertEquals(3_994_405_888_596_339_972L, ForecastPlan.commandId(1, PlanningData.positionKey(0, 0)));
        assertEquals(8_167_633_577_036_605_210L, ForecastPlan.commandId(57, PlanningData.positionKey(0, 1)));
        assertEquals(7_091_112_304_862_643_624L, ForecastPlan.commandId(1_234_567, PlanningData.positionKey(3, 42)));
        assertEquals(7_510_952_427_001_929_136L,
            ForecastPlan.commandId(9_000_000_000L, PlanningData.positionKey(999, 1_000_000)));
    }
}

package io.omnistock.core.state;

import io.omnistock.api.Capabilities;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.Tier;
import io.omnistock.core.command.CommandSlot;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static io.omnistock.api.ReasonCode.NO_ROUTE;
import static io.omnistock.api.ReasonCode.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Explaining every rule set tried runs on the business-logic thread for every routing: once a slot
 * has grown to its largest routing, it allocates nothing per command. Measured with the thread's
 * allocation counter over promise queries, which route exactly as orders do and hold nothing.
 */
class RuleSetExplanationAllocationTest extends RoutingCity
{
    private static final int ROUNDS = 20_000;

    /** The slot is written directly: an {@code Order}'s line list would allocate an iterator per command. */
    private long allocatedPerRouting(final FulfilmentType type, final long quantity, final ReasonCode expected,
        final int ruleSets)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final CommandSlot slot = new CommandSlot();
        final long thread = Thread.currentThread().getId();
        long before = 0;
        for (int i = 0; i < 2 * ROUNDS; i++)
        {
            if (i == ROUNDS)
            {
                before = threads.getThreadAllocatedBytes(thread);
            }
            slot.clearInput();
            slot.queryPromise(1, mall, type, LAT, LON, -1, 10_000, 0, 0);
            slot.addLine(milk, quantity);
            h.apply(slot);
        }
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertEquals(expected, slot.reason);
        assertEquals(ruleSets, slot.ruleSets.count());
        return allocated / ROUNDS;
    }

    @Test
    void explainingEveryRuleSetAllocatesNothingInSteadyState()
    {
        h.locationAt("FW", Tier.FRONT_WAREHOUSE, Capabilities.INSTANT_DELIVERY, -1_500, 0);
        stock(nearStore, milk, 1);
        stock(warehouse, milk, 100);
        final long regular = allocatedPerRouting(FulfilmentType.REGULAR, 2, OK, 2);
        final long instant = allocatedPerRouting(FulfilmentType.INSTANT, 2, NO_ROUTE, 1);
        // Every REGULAR rule set tried, each then naming the holders its filters kept out.
        final long nowhere = allocatedPerRouting(FulfilmentType.REGULAR, 1_000, NO_ROUTE, 4);
        // Less than a byte per routing on average: the counter's own readings, never an object per routing.
        assertTrue(regular == 0 && instant == 0 && nowhere == 0,
            "bytes per routing: regular " + regular + ", instant " + instant + ", no route " + nowhere);
    }
}

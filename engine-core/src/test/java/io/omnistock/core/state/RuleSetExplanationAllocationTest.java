package io.omnistock.core.state;

import io.omnistock.api.Capabilities;
import io.omnistock.api.Command;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.Tier;
import io.omnistock.core.command.CommandSlot;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

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

    private long allocatedPerRouting(final FulfilmentType type, final ReasonCode expected, final int ruleSets)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final Command query = Commands.queryPromise(1, new Order(7, mall, type, LAT, LON, -1, 10_000, 0, 0,
            List.of(new OrderLine(milk, 2))));
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
            query.writeTo(slot);
            slot.timestamp = h.now;
            h.processor.apply(slot);
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
        final long regular = allocatedPerRouting(FulfilmentType.REGULAR, OK, 2);
        final long instant = allocatedPerRouting(FulfilmentType.INSTANT, NO_ROUTE, 1);
        // Less than a byte per routing on average: the counter's own readings, never an object per routing.
        assertTrue(regular == 0 && instant == 0, "bytes per routing: regular " + regular + ", instant " + instant);
    }
}

package io.omnistock.daemon.reads;

import io.omnistock.api.CommandType;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.RoutingReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderHistoryTest
{
    private static final long T0 = 1_800_000_000_000L;
    private static final long CHANNEL_1 = 1L << 40;

    private final Journaled journal = new Journaled();
    private final OrderHistory history = new OrderHistory(Duration.ofSeconds(10));

    @Test
    void aFulfilledOrderKeepsItsStatesTimesAllocationsAndRouting()
    {
        history.apply(journal.route(T0, 11, 3, 4));
        history.apply(journal.confirm(T0 + 1_000, 11));
        history.apply(journal.fulfil(T0 + 2_000, 11, 3));

        final OrderRecord o = history.find(11);
        assertEquals("FULFILLED", o.state());
        assertEquals(T0, o.createdAtMillis());
        assertEquals(T0 + 2_000, o.closedAtMillis());
        assertEquals(List.of(new OrderRecord.Line(Journaled.SKU, 4)), o.lines());
        assertEquals(List.of(new OrderRecord.Allocation(3, Journaled.SKU, 4, 0)), o.allocations(),
            "what it held there (4), and that it holds nothing now");
        assertEquals(List.of(new OrderRecord.Candidate(3, RoutingReason.SELECTED, 1200),
            new OrderRecord.Candidate(4, RoutingReason.INSUFFICIENT_STOCK, 800)), o.candidates());
        assertEquals(List.of(CommandType.ROUTE_ORDER, CommandType.CONFIRM_ORDER, CommandType.FULFIL_ORDER),
            o.steps().stream().map(OrderRecord.Step::command).toList());
        assertEquals(List.of("HELD", "CONFIRMED", "FULFILLED"), o.steps().stream().map(OrderRecord.Step::state).toList());
        assertEquals(List.of(T0, T0 + 1_000, T0 + 2_000), o.steps().stream().map(OrderRecord.Step::timeMillis).toList());
        assertEquals(3, o.steps().get(2).location(), "where it was handed over");
        assertEquals(List.of(new OrderRecord.Change(3, Journaled.SKU, 0)), o.steps().get(2).changes());
    }

    @Test
    void aRefusedRouteIsReadableWithItsReasonButNeverOverAnotherOrder()
    {
        history.apply(journal.refused(T0, 21, ReasonCode.INSUFFICIENT_STOCK));
        final OrderRecord refused = history.find(21);
        assertEquals("REJECTED", refused.state());
        assertEquals(ReasonCode.INSUFFICIENT_STOCK, refused.rejection());
        assertTrue(refused.closed());

        history.apply(journal.route(T0 + 1, 22, 1, 2));
        history.apply(journal.refused(T0 + 2, 22, ReasonCode.DUPLICATE_ORDER));
        history.apply(journal.refused(T0 + 3, 23, ReasonCode.DUPLICATE_COMMAND));
        assertEquals("HELD", history.find(22).state(), "a refused second route of an open order changes nothing");
        assertNull(history.find(23), "a retry of an earlier command is not an order");

        history.apply(journal.route(T0 + 4, 21, 1, 1));
        assertEquals("HELD", history.find(21).state(), "the id routed anew after its refusal");
        assertEquals(List.of(22L, 21L), history.page(0, o -> true, 10, 100).items().stream()
            .map(OrderRecord::engineId).toList(), "listed once, at its new place");
    }

    @Test
    void oneTimerCommandExpiresSeveralOrders()
    {
        history.apply(journal.route(T0, 31, 1, 1));
        history.apply(journal.route(T0, 32, 1, 1));
        history.apply(journal.expire(T0 + 5_000, 1, 31, 32));
        for (final long id : new long[] {31, 32})
        {
            final OrderRecord o = history.find(id);
            assertEquals("EXPIRED", o.state());
            assertEquals(CommandType.EXPIRE_HOLDS, o.steps().get(1).command());
            assertEquals(T0 + 5_000, o.closedAtMillis());
        }
    }

    @Test
    void closedOrdersLeaveWhenJournalTimePassesTheirRetentionOpenOnesNever()
    {
        history.apply(journal.route(T0, 41, 1, 1));
        history.apply(journal.route(T0, 42, 1, 1));
        history.apply(journal.cancel(T0 + 1_000, 41, 1));
        history.apply(journal.refused(T0 + 2_000, 43, ReasonCode.INSUFFICIENT_STOCK));

        history.apply(journal.other(T0 + 11_000));
        assertEquals("CANCELLED", history.find(41).state(), "exactly at the end of its 10 s it still is readable");
        history.apply(journal.other(T0 + 11_001));
        assertNull(history.find(41));
        assertEquals("REJECTED", history.find(43).state());
        history.apply(journal.other(T0 + 12_001));
        assertNull(history.find(43));
        history.apply(journal.other(T0 + 999_999_000));
        assertEquals("HELD", history.find(42).state());
        assertEquals(List.of(42L), history.page(0, o -> true, 10, 100).items().stream().map(OrderRecord::engineId).toList());
    }

    @Test
    void aReusedIdIsNotEvictedWithItsClosedPredecessor()
    {
        history.apply(journal.route(T0, 51, 1, 1));
        history.apply(journal.cancel(T0 + 1, 51, 1));
        history.apply(journal.route(T0 + 2, 51, 1, 1));
        history.apply(journal.other(T0 + 60_000));
        assertEquals("HELD", history.find(51).state());
    }

    @Test
    void pagesFollowCreationAndAScanBoundEndsAPageEarlyWithACursor()
    {
        for (long id = 1; id <= 5; id++)
        {
            history.apply(journal.route(T0, id | (id % 2 == 0 ? CHANNEL_1 : 0), 1, 1));
        }
        final OrderHistory.Page<OrderRecord> first = history.page(0, o -> true, 2, 100);
        assertEquals(List.of(1L, 2L | CHANNEL_1), first.items().stream().map(OrderRecord::engineId).toList());
        final OrderHistory.Page<OrderRecord> rest = history.page(first.next(), o -> true, 10, 100);
        assertEquals(3, rest.items().size());
        assertEquals(-1, rest.next(), "nothing follows");

        final OrderHistory.Page<OrderRecord> channel1 = history.page(0, o -> (o.engineId() >>> 40) == 1, 10, 2);
        assertEquals(List.of(2L | CHANNEL_1), channel1.items().stream().map(OrderRecord::engineId).toList());
        assertEquals(2, channel1.next(), "looked at two orders: continue after the second");
        assertEquals(List.of(4L | CHANNEL_1), history.page(channel1.next(), o -> (o.engineId() >>> 40) == 1, 10, 2)
            .items().stream().map(OrderRecord::engineId).toList());
    }

    @Test
    void historyIsBoundedKeepingTheFirstAndNewestSteps()
    {
        history.apply(journal.route(T0, 71, 1, 1));
        for (int i = 0; i < 40; i++)
        {
            history.apply(journal.confirm(T0 + i, 71));
        }
        final OrderRecord o = history.find(71);
        assertEquals(OrderRecord.MAX_STEPS, o.steps().size());
        assertEquals(CommandType.ROUTE_ORDER, o.steps().get(0).command());
        assertEquals(41 - OrderRecord.MAX_STEPS, o.stepsDropped());
        assertEquals(journal.next() - 1, o.steps().get(OrderRecord.MAX_STEPS - 1).sequence());
    }

    @Test
    void aDroppedStepTakesItsOwnChangesAndLeavesTheKeptStepsTheirs()
    {
        history.apply(journal.route(T0, 81, 1, 3));
        for (int i = 0; i < 40; i++)
        {
            // Between two locations and back: every step moves the hold, so every step has changes.
            history.apply(journal.reroute(T0 + 1 + i, 81, 1 + i % 2, 2 - i % 2, 3));
        }
        final OrderRecord o = history.find(81);
        assertEquals(OrderRecord.MAX_STEPS, o.steps().size());
        assertEquals(List.of(new OrderRecord.Change(1, Journaled.SKU, 3)), o.steps().get(0).changes(),
            "the route's own change stays with it");
        for (int k = 1; k < OrderRecord.MAX_STEPS; k++)
        {
            final OrderRecord.Step step = o.steps().get(k);
            final int i = (int)(step.timeMillis() - T0 - 1);
            assertEquals(List.of(new OrderRecord.Change(1 + i % 2, Journaled.SKU, 0),
                new OrderRecord.Change(2 - i % 2, Journaled.SKU, 3)), step.changes(), "step " + k + " (reroute " + i + ")");
            assertEquals(1 + i % 2, step.location(), "the location that refused it");
        }
        assertEquals(List.of(new OrderRecord.Allocation(1, Journaled.SKU, 3, 3),
            new OrderRecord.Allocation(2, Journaled.SKU, 3, 0)), o.allocations());
        assertEquals(List.of(new OrderRecord.Candidate(1, RoutingReason.SELECTED, 500)), o.candidates(),
            "the explanation of its newest routing");
        assertEquals(T0 + 40 + 3_600_000, o.expiresAtMillis());
    }

    @Test
    void anOrderClosedAgainLaterIsEvictedByItsLastClose()
    {
        history.apply(journal.route(T0, 91, 1, 1));
        history.apply(journal.cancel(T0 + 1_000, 91, 1));
        history.apply(journal.fulfil(T0 + 8_000, 91, 1));
        history.apply(journal.other(T0 + 12_000));
        assertEquals(T0 + 8_000, history.find(91).closedAtMillis(), "10 s after its last close, not its first");
        history.apply(journal.other(T0 + 18_001));
        assertNull(history.find(91), "and then it goes");
    }

    @Test
    void manyOrdersComeAndGoWhileTheListingStaysInCreationOrder()
    {
        long time = T0;
        for (long id = 1; id <= 5_000; id++)
        {
            history.apply(journal.route(time, id, 1, 1));
            if (id % 5 != 0)
            {
                history.apply(journal.cancel(time, id, 1));
            }
            time += 10;
        }
        // Closed 10 s (1,000 orders) ago or more are gone; the open ones (every fifth) stay.
        final List<Long> listed = new java.util.ArrayList<>();
        long after = 0;
        do
        {
            final OrderHistory.Page<OrderRecord> page = history.page(after, o -> true, 100, 300);
            page.items().forEach(o -> listed.add(o.engineId()));
            after = page.next();
        }
        while (after >= 0);
        final List<Long> expected = new java.util.ArrayList<>();
        for (long id = 1; id <= 5_000; id++)
        {
            if (id % 5 == 0 || id > 3_999)
            {
                expected.add(id);
            }
        }
        assertEquals(expected, listed);
        assertEquals(expected.size(), history.size());
    }
}

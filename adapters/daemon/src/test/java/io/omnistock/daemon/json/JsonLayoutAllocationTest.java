package io.omnistock.daemon.json;

import io.omnistock.api.AlertKind;
import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandType;
import io.omnistock.api.EventKind;
import io.omnistock.api.EventView;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.JournalRecord;
import io.omnistock.core.command.OutputEvents;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated layout adds no allocation to the response and event paths: it only calls the sink, with
 * the output passed in (no per-call sink, no boxing, no iterator). What the sinks allocate is theirs (the
 * hooks are the hand-written writers' code, moved). Measured with the JVM's per-thread allocation counter.
 */
class JsonLayoutAllocationTest
{
    private static final int CALLS = 200_000;

    @Test
    void writingEveryEventKindAndEveryResultThroughTheLayoutAllocatesNothing()
    {
        final CommandSlot record = new CommandSlot();
        record.clearInput();
        final OutputEvents e = record.events;
        e.addDefinition(EventKind.LOCATION_DEFINED, 1, -1);
        e.addDefinition(EventKind.SKU_DEFINED, -1, 2);
        e.addStock(1, 2, -5, 3, 1, 2);
        e.addReservation(5, 1, 2, 4);
        e.addChannel(3);
        e.addOrder(9, OrderState.HELD);
        e.addAllocation(9, 1, 2, 4);
        e.addReplenishment(1, 2, 24, -1, 1, 0, 0, 2);
        e.addReplenishmentClosed(1, 2);
        e.addAlert(1, 2, AlertKind.values()[0]);
        e.addTransfer(7, 1, 2, 4, EventView.TRANSFER_SHIPPED);
        e.addLateralSuggestion(1, 2, 3, 12);
        final CommandResult[] results = new CommandResult[CommandType.values().length];
        for (final CommandType type : CommandType.values())
        {
            results[type.ordinal()] = CommandResult.rejected(1, type, ReasonCode.UNKNOWN_SKU);
        }
        final Counting sink = new Counting();
        final long[] calls = new long[1];
        final Runnable pass = () ->
        {
            for (int i = 0; i < e.count(); i++)
            {
                e.moveTo(i);
                EventJsonLayout.write(calls, record, e, sink);
                EventJsonLayout.channelScopedId(e);
            }
            for (final CommandResult r : results)
            {
                try
                {
                    ResultJsonLayout.write(calls, r, sink);
                }
                catch (final java.io.IOException ex)
                {
                    throw new AssertionError(ex);
                }
            }
        };
        for (int i = 0; i < CALLS / 10; i++)
        {
            pass.run();
        }
        calls[0] = 0;
        pass.run();
        final long perPass = calls[0];
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        calls[0] = 0;
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < CALLS; i++)
        {
            pass.run();
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(perPass > e.count() + 3L * results.length, "parts per pass: " + perPass);
        assertEquals(perPass * CALLS, calls[0], "every part of every pass reached the sink");
        // Far below one object for the whole run: the counter's own reading may cost a few bytes.
        assertTrue(allocated < 1024, allocated + " bytes allocated over " + CALLS + " passes");
    }

    /** Counts the parts; writes nothing. */
    private static final class Counting implements EventJsonSink<long[]>, ResultJsonSink<long[]>
    {
        @Override
        public void number(final long[] out, final String name, final long value)
        {
            out[0]++;
        }

        @Override
        public void text(final long[] out, final String name, final String value)
        {
            out[0]++;
        }

        @Override
        public void flag(final long[] out, final String name)
        {
            out[0]++;
        }

        @Override
        public void locationCode(final long[] out, final String name, final int id)
        {
            out[0]++;
        }

        @Override
        public void skuCode(final long[] out, final String name, final int id)
        {
            out[0]++;
        }

        @Override
        public void channelCode(final long[] out, final String name, final int id)
        {
            out[0]++;
        }

        @Override
        public void channelNumber(final long[] out, final String name, final long engineId)
        {
            out[0]++;
        }

        @Override
        public void head(final long[] out, final JournalRecord record, final EventView e)
        {
            out[0]++;
        }

        @Override
        public void reservationTags(final long[] out, final JournalRecord record, final EventView e)
        {
            out[0]++;
        }

        @Override
        public void transferState(final long[] out, final JournalRecord record, final EventView e)
        {
            out[0]++;
        }

        @Override
        public void outcome(final long[] out, final CommandResult r)
        {
            out[0]++;
        }

        @Override
        public void definedId(final long[] out, final CommandResult r)
        {
            out[0]++;
        }

        @Override
        public void policyVersion(final long[] out, final CommandResult r)
        {
            out[0]++;
        }

        @Override
        public void position(final long[] out, final CommandResult r)
        {
            out[0]++;
        }

        @Override
        public void order(final long[] out, final CommandResult r)
        {
            out[0]++;
        }

        @Override
        public void routing(final long[] out, final CommandResult r)
        {
            out[0]++;
        }

        @Override
        public void availability(final long[] out, final CommandResult r)
        {
            out[0]++;
        }
    }
}

package io.omnistock.core.journal;

import io.omnistock.api.CommandType;
import io.omnistock.api.EventKind;
import io.omnistock.api.EventView;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandSlot;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@link JournalReader#nextRecord()}: a reader outside the engine sees every journaled part of a
 * record (stamp, input, outcome, events) through the read-only {@link JournalRecord}, as the
 * engine's own {@link JournalReader#next(CommandSlot)} decodes it.
 */
class JournalRecordTest
{
    @TempDir
    Path dir;

    @Test
    void aRecordShowsTheCommandItsOutcomeAndItsEventsReadOnly()
    {
        try (ChronicleQueue queue = Journal.open(dir, false))
        {
            final CommandSlot slot = new CommandSlot();
            try (JournalWriter writer = new JournalWriter(queue))
            {
                writer.append(JournalWriterTest.receive(slot, 1));
                slot.clearInput();
                slot.routeOrder(77, 9001, 2, FulfilmentType.PICKUP, 51_500_000, -100_000, 4, 12_345, 0, 0);
                slot.addLine(3, 5);
                slot.addLine(6, 1);
                slot.clearResult();
                slot.sequence = 2;
                slot.timestamp = 1_700_000_000_002L;
                slot.reason = ReasonCode.OK;
                slot.originalReason = ReasonCode.OK;
                slot.routing.addAllocation(0, 4, 3, 5);
                slot.routing.addAllocation(1, 4, 6, 1);
                slot.events.addAllocation(9001, 4, 3, 5);
                slot.events.addOrder(9001, OrderState.HELD);
                writer.append(slot);
                writer.flush();
            }
            try (JournalReader reader = new JournalReader(queue))
            {
                final JournalRecord first = reader.nextRecord();
                assertEquals(1, first.sequence());
                assertEquals(CommandType.RECEIVE, first.type());
                assertEquals(1001, first.commandId());
                assertEquals(1, first.command().location());
                assertEquals(1, first.command().sku());
                assertEquals(1, first.command().quantity());
                assertEquals(1, first.eventCount());
                assertEquals(EventKind.STOCK_CHANGED, first.event(0).kind());
                assertEquals(1, first.event(0).onHand());

                final JournalRecord order = reader.nextRecord();
                assertEquals(2, order.sequence());
                assertEquals(1_700_000_000_002L, order.timestamp());
                assertEquals(CommandType.ROUTE_ORDER, order.type());
                assertEquals(ReasonCode.OK, order.reason());
                final CommandFields command = order.command();
                assertEquals(9001, command.orderId());
                assertEquals(2, command.channel());
                assertEquals(FulfilmentType.PICKUP, command.fulfilmentType());
                assertEquals(4, command.location(), "the pickup location, as written");
                assertEquals(12_345, command.orderValue());
                assertEquals(2, command.lineCount());
                assertEquals(6, command.lineSku(1));
                assertEquals(1, command.lineQuantity(1));
                assertEquals(2, order.allocationCount());
                assertEquals(4, order.allocationLocation(1));
                assertEquals(1, order.allocationQuantity(1));
                assertEquals(2, order.eventCount());
                final EventView allocation = order.event(0);
                assertEquals(EventKind.ALLOCATION_CHANGED, allocation.kind());
                assertEquals(9001, allocation.orderId());
                assertEquals(5, allocation.held());
                assertEquals(OrderState.HELD, order.event(1).orderState());

                assertNull(reader.nextRecord(), "the end of the journal");
            }
        }
    }
}

package io.omnistock.tools;

import io.omnistock.api.CommandType;
import io.omnistock.api.EventKind;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.command.OutputEvents;
import io.omnistock.core.command.RoutingOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Every journal record about one order: its routing decisions with allocations and the ranked
 * candidates, and its lifecycle.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = "Explain an order: routing decisions, allocations, candidates and lifecycle.")
final class ExplainCommand implements Callable<Integer>
{
    private static final Set<CommandType> ORDER_COMMANDS = EnumSet.of(CommandType.ROUTE_ORDER,
        CommandType.CONFIRM_ORDER, CommandType.EXTEND_ORDER, CommandType.CANCEL_ORDER, CommandType.FULFIL_ORDER,
        CommandType.REJECT_ALLOCATION);

    @Spec
    CommandSpec spec;

    @Option(names = "--journal", required = true, paramLabel = "DIR", description = JournalInput.OPTION_DESCRIPTION)
    Path journal;

    @Option(names = "--order", required = true, paramLabel = "ID", description = "The client's order id.")
    long orderId;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final Codes codes = new Codes();
        final CommandSlot slot = new CommandSlot();
        final List<String> lifecycle = new ArrayList<>();
        int records = 0;
        long commands = 0;
        try (JournalInput input = JournalInput.open(journal))
        {
            while (input.next(slot))
            {
                commands++;
                codes.learn(slot);
                if (!isAbout(slot))
                {
                    continue;
                }
                if (records++ == 0)
                {
                    out.printf("order %d%n", orderId);
                }
                print(out, slot, codes, lifecycle);
            }
            if (commands == 0)
            {
                throw input.empty();
            }
        }
        if (records == 0)
        {
            throw new ToolException(OmnistockCli.EXIT_NOT_FOUND,
                "no record about order " + orderId + " in " + commands + " journaled commands");
        }
        out.printf("%nlifecycle: %s%n", lifecycle.isEmpty() ? "(never held)" : String.join(" -> ", lifecycle));
        out.flush();
        return 0;
    }

    private boolean isAbout(final CommandSlot slot)
    {
        if (ORDER_COMMANDS.contains(slot.type))
        {
            return slot.orderId == orderId;
        }
        if (slot.type == CommandType.EXPIRE_HOLDS)
        {
            final OutputEvents events = slot.events;
            for (int i = 0; i < events.count(); i++)
            {
                events.moveTo(i);
                if ((events.kind() == EventKind.ORDER_CHANGED || events.kind() == EventKind.ALLOCATION_CHANGED) &&
                    events.reservationId() == orderId)
                {
                    return true;
                }
            }
        }
        return false;
    }

    private void print(final PrintWriter out, final CommandSlot slot, final Codes codes, final List<String> lifecycle)
    {
        out.printf("%n#%d  %s  %s  command %d  reason %s%n", slot.sequence, JournalInput.time(slot.timestamp),
            slot.type, slot.commandId, slot.reason);
        if (slot.originalReason != null && slot.originalReason != slot.reason)
        {
            out.printf("  original reason: %s%n", slot.originalReason);
        }
        if (slot.type == CommandType.ROUTE_ORDER)
        {
            out.printf("  channel %s, %s, value %d, destination %.6f,%.6f%s%s%n", codes.channel(slot.channel),
                slot.fulfilmentType, slot.orderValue, slot.latMicros / 1e6, slot.lonMicros / 1e6,
                slot.location >= 0 ? ", pickup at " + codes.location(slot.location) : "",
                slot.promiseAt > 0 ? ", promised by " + JournalInput.time(slot.promiseAt) : "");
            for (int i = 0; i < slot.lineCount; i++)
            {
                out.printf("  line %d: %s x %d%n", i, codes.sku(slot.lineSku[i]), slot.lineQuantity[i]);
            }
        }
        else if (slot.type == CommandType.FULFIL_ORDER || slot.type == CommandType.REJECT_ALLOCATION)
        {
            out.printf("  at location %s%n", codes.location(slot.location));
        }
        else if (slot.type == CommandType.EXTEND_ORDER)
        {
            out.printf("  by %d ms%n", slot.quantity);
        }
        final RoutingOutcome r = slot.routing;
        if (r.allocationCount > 0)
        {
            out.println("  allocations:");
            for (int i = 0; i < r.allocationCount; i++)
            {
                out.printf("    line %d  %-12s x %-6d at %s%n", r.allocationLine[i], codes.sku(r.allocationSku[i]),
                    r.allocationQuantity[i], codes.location(r.allocationLocation[i]));
            }
        }
        if (r.unfilledCount > 0)
        {
            final StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.unfilledCount; i++)
            {
                sb.append(i == 0 ? "" : ", ").append(r.unfilledLine[i]);
            }
            out.printf("  unfilled lines: %s%n", sb);
        }
        if (r.candidateCount > 0)
        {
            out.println("  candidates:");
            for (int i = 0; i < r.candidateCount; i++)
            {
                out.printf("    %-16s %-24s %s%n", codes.location(r.candidateLocation[i]), r.candidateReason[i],
                    r.candidateDistance[i] < 0 ? "-" : String.format("%,d m", r.candidateDistance[i]));
            }
        }
        if (r.orderState != null)
        {
            out.printf("  order state: %s%s%n", r.orderState,
                r.expiresAt > 0 ? ", hold expires " + JournalInput.time(r.expiresAt) : "");
        }
        final OutputEvents events = slot.events;
        for (int i = 0; i < events.count(); i++)
        {
            events.moveTo(i);
            if (events.kind() == EventKind.ORDER_CHANGED && events.reservationId() == orderId)
            {
                out.printf("  -> %s%n", events.orderState());
                lifecycle.add(events.orderState() + " (#" + slot.sequence + " " + slot.type + ")");
            }
            else if (events.kind() == EventKind.ALLOCATION_CHANGED && events.reservationId() == orderId)
            {
                out.printf("  holds %d of %s at %s%n", events.held(), codes.sku(events.sku()),
                    codes.location(events.location()));
            }
        }
    }
}

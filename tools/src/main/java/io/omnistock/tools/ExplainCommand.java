package io.omnistock.tools;

import io.omnistock.api.CommandType;
import io.omnistock.api.EventKind;
import io.omnistock.api.RoutingReason;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.JournalReplayer;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.command.OutputEvents;
import io.omnistock.core.command.RoutingOutcome;
import io.omnistock.core.command.RuleSetExplanations;
import io.omnistock.core.state.CommandProcessor;
import io.omnistock.core.state.EngineState;
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
 * candidates, and its lifecycle. The journal keeps one rule set's explanation per routing; to show
 * every rule set tried, the journal is replayed through the business logic and each routing
 * ({@code ROUTE_ORDER}, and the re-route of each {@code REJECT_ALLOCATION}) is decided again on the
 * state just before it, without journaling anything.
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
        final List<String> lifecycle = new ArrayList<>();
        final EngineConfig defaults = EngineConfig.builder().build();
        final EngineState state = new EngineState(
            defaults.expectedPositions(), defaults.expectedReservations(), defaults.idempotencyWindow());
        final int[] records = {0};
        final JournalReplayer replayer = new JournalReplayer(new CommandProcessor(state), (journaled, replayed) ->
        {
            codes.learn(journaled);
            if (!isAbout(journaled))
            {
                return;
            }
            if (records[0]++ == 0)
            {
                out.printf("order %d%n", orderId);
            }
            print(out, journaled, replayed, codes, lifecycle);
        });
        final long commands;
        try (JournalInput input = JournalInput.open(journal))
        {
            try
            {
                commands = replayer.replay(input.reader(), Long.MAX_VALUE, false);
            }
            catch (final RuntimeException e)
            {
                throw input.replayFailed(e, state.lastSequence());
            }
            input.endReached();
            if (commands == 0)
            {
                throw input.empty();
            }
        }
        if (records[0] == 0)
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
                    events.orderId() == orderId)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Every rule set the routing tried, as this build decides the command again on the replayed
     * state; says so when that differs from what the journal holds (a journal written by a build
     * that decided otherwise), since the rule sets then explain the re-routing, not the record.
     */
    private static void printRuleSets(final PrintWriter out, final CommandSlot journaled, final CommandSlot replayed,
        final Codes codes)
    {
        final RuleSetExplanations tried = replayed.ruleSets;
        if (tried.count() == 0)
        {
            return;
        }
        out.printf("  rule sets tried (routed again on the state before #%d):%n", journaled.sequence);
        for (int r = 0; r < tried.count(); r++)
        {
            out.printf("    %d. %s: %s%n", r + 1, tried.name(r), tried.routed(r) ? "routed" : "no route");
            for (int i = 0; i < tried.candidateCount(r); i++)
            {
                printCandidate(out, "       ", codes.location(tried.location(r, i)), tried.reason(r, i),
                    tried.distanceMeters(r, i));
            }
        }
        if (journaled.reason != replayed.reason || !sameAllocations(journaled.routing, replayed.routing))
        {
            out.printf("  note: routed again, this build gives %s%s, not the journaled outcome: the rule sets above " +
                "explain the routing again, not the journaled one%n", replayed.reason,
                replayed.routing.allocationCount > 0 ? " at " + allocatedAt(replayed.routing, codes) : "");
        }
    }

    private static boolean sameAllocations(final RoutingOutcome a, final RoutingOutcome b)
    {
        if (a.allocationCount != b.allocationCount)
        {
            return false;
        }
        for (int i = 0; i < a.allocationCount; i++)
        {
            if (a.allocationLine[i] != b.allocationLine[i] || a.allocationLocation[i] != b.allocationLocation[i] ||
                a.allocationSku[i] != b.allocationSku[i] || a.allocationQuantity[i] != b.allocationQuantity[i])
            {
                return false;
            }
        }
        return true;
    }

    private static String allocatedAt(final RoutingOutcome routing, final Codes codes)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < routing.allocationCount; i++)
        {
            sb.append(i == 0 ? "" : ", ").append("line ").append(routing.allocationLine[i]).append(' ')
                .append(codes.location(routing.allocationLocation[i]));
        }
        return sb.toString();
    }

    private static void printCandidate(final PrintWriter out, final String indent, final String location,
        final RoutingReason reason, final long distanceMeters)
    {
        out.printf("%s%-16s %-24s %s%n", indent, location, reason,
            distanceMeters < 0 ? "-" : String.format("%,d m", distanceMeters));
    }

    private void print(final PrintWriter out, final CommandSlot slot, final CommandSlot replayed, final Codes codes,
        final List<String> lifecycle)
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
                printCandidate(out, "    ", codes.location(r.candidateLocation[i]), r.candidateReason[i],
                    r.candidateDistance[i]);
            }
        }
        printRuleSets(out, slot, replayed, codes);
        if (r.orderState != null)
        {
            out.printf("  order state: %s%s%n", r.orderState,
                r.expiresAt > 0 ? ", hold expires " + JournalInput.time(r.expiresAt) : "");
        }
        final OutputEvents events = slot.events;
        for (int i = 0; i < events.count(); i++)
        {
            events.moveTo(i);
            if (events.kind() == EventKind.ORDER_CHANGED && events.orderId() == orderId)
            {
                out.printf("  -> %s%n", events.orderState());
                lifecycle.add(events.orderState() + " (#" + slot.sequence + " " + slot.type + ")");
            }
            else if (events.kind() == EventKind.ALLOCATION_CHANGED && events.orderId() == orderId)
            {
                out.printf("  holds %d of %s at %s%n", events.held(), codes.sku(events.sku()),
                    codes.location(events.location()));
            }
        }
    }
}

package io.omnistock.tools;

import io.omnistock.api.CommandType;
import io.omnistock.api.EventKind;
import io.omnistock.api.EventView;
import io.omnistock.api.RoutingReason;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.JournalReplayer;
import io.omnistock.core.journal.CommandFields;
import io.omnistock.core.journal.JournalRecord;
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
        final int[] records = {0};
        final JournalReplayer replayer = JournalReplayer.withFreshState(EngineConfig.builder().build(),
            (journaled, replayed) ->
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
                throw input.replayFailed(e, replayer.state().lastSequence());
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

    private boolean isAbout(final JournalRecord record)
    {
        if (ORDER_COMMANDS.contains(record.type()))
        {
            return record.command().orderId() == orderId;
        }
        if (record.type() == CommandType.EXPIRE_HOLDS)
        {
            for (int i = 0; i < record.eventCount(); i++)
            {
                final EventView events = record.event(i);
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
    private static void printRuleSets(final PrintWriter out, final JournalRecord journaled, final JournalRecord replayed,
        final Codes codes)
    {
        if (replayed.ruleSetCount() == 0)
        {
            return;
        }
        out.printf("  rule sets tried (routed again on the state before #%d):%n", journaled.sequence());
        for (int r = 0; r < replayed.ruleSetCount(); r++)
        {
            out.printf("    %d. %s: %s%n", r + 1, replayed.ruleSetName(r),
                replayed.ruleSetRouted(r) ? "routed" : "no route");
            for (int i = 0; i < replayed.ruleSetCandidateCount(r); i++)
            {
                printCandidate(out, "       ", codes.location(replayed.ruleSetCandidateLocation(r, i)),
                    replayed.ruleSetCandidateReason(r, i), replayed.ruleSetCandidateDistanceMeters(r, i));
            }
        }
        if (journaled.reason() != replayed.reason() || !sameAllocations(journaled, replayed))
        {
            out.printf("  note: routed again, this build gives %s%s, not the journaled outcome: the rule sets above " +
                "explain the routing again, not the journaled one%n", replayed.reason(),
                replayed.allocationCount() > 0 ? " at " + allocatedAt(replayed, codes) : "");
        }
    }

    private static boolean sameAllocations(final JournalRecord a, final JournalRecord b)
    {
        if (a.allocationCount() != b.allocationCount())
        {
            return false;
        }
        for (int i = 0; i < a.allocationCount(); i++)
        {
            if (a.allocationLine(i) != b.allocationLine(i) || a.allocationLocation(i) != b.allocationLocation(i) ||
                a.allocationSku(i) != b.allocationSku(i) || a.allocationQuantity(i) != b.allocationQuantity(i))
            {
                return false;
            }
        }
        return true;
    }

    private static String allocatedAt(final JournalRecord record, final Codes codes)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < record.allocationCount(); i++)
        {
            sb.append(i == 0 ? "" : ", ").append("line ").append(record.allocationLine(i)).append(' ')
                .append(codes.location(record.allocationLocation(i)));
        }
        return sb.toString();
    }

    private static void printCandidate(final PrintWriter out, final String indent, final String location,
        final RoutingReason reason, final long distanceMeters)
    {
        out.printf("%s%-16s %-24s %s%n", indent, location, reason,
            distanceMeters < 0 ? "-" : String.format("%,d m", distanceMeters));
    }

    private void print(final PrintWriter out, final JournalRecord record, final JournalRecord replayed, final Codes codes,
        final List<String> lifecycle)
    {
        out.printf("%n#%d  %s  %s  command %d  reason %s%n", record.sequence(), JournalInput.time(record.timestamp()),
            record.type(), record.commandId(), record.reason());
        if (record.originalReason() != null && record.originalReason() != record.reason())
        {
            out.printf("  original reason: %s%n", record.originalReason());
        }
        final CommandFields command = record.command();
        if (record.type() == CommandType.ROUTE_ORDER)
        {
            out.printf("  channel %s, %s, value %d, destination %.6f,%.6f%s%s%n", codes.channel(command.channel()),
                command.fulfilmentType(), command.orderValue(), command.latMicros() / 1e6, command.lonMicros() / 1e6,
                command.location() >= 0 ? ", pickup at " + codes.location(command.location()) : "",
                command.promiseAt() > 0 ? ", promised by " + JournalInput.time(command.promiseAt()) : "");
            for (int i = 0; i < command.lineCount(); i++)
            {
                out.printf("  line %d: %s x %d%n", i, codes.sku(command.lineSku(i)), command.lineQuantity(i));
            }
        }
        else if (record.type() == CommandType.FULFIL_ORDER || record.type() == CommandType.REJECT_ALLOCATION)
        {
            out.printf("  at location %s%n", codes.location(command.location()));
        }
        else if (record.type() == CommandType.EXTEND_ORDER)
        {
            out.printf("  by %d ms%n", command.quantity());
        }
        if (record.allocationCount() > 0)
        {
            out.println("  allocations:");
            for (int i = 0; i < record.allocationCount(); i++)
            {
                out.printf("    line %d  %-12s x %-6d at %s%n", record.allocationLine(i),
                    codes.sku(record.allocationSku(i)), record.allocationQuantity(i),
                    codes.location(record.allocationLocation(i)));
            }
        }
        if (record.unfilledLineCount() > 0)
        {
            final StringBuilder sb = new StringBuilder();
            for (int i = 0; i < record.unfilledLineCount(); i++)
            {
                sb.append(i == 0 ? "" : ", ").append(record.unfilledLine(i));
            }
            out.printf("  unfilled lines: %s%n", sb);
        }
        if (record.candidateCount() > 0)
        {
            out.println("  candidates:");
            for (int i = 0; i < record.candidateCount(); i++)
            {
                printCandidate(out, "    ", codes.location(record.candidateLocation(i)), record.candidateReason(i),
                    record.candidateDistanceMeters(i));
            }
        }
        printRuleSets(out, record, replayed, codes);
        if (record.orderState() != null)
        {
            out.printf("  order state: %s%s%n", record.orderState(),
                record.expiresAt() > 0 ? ", hold expires " + JournalInput.time(record.expiresAt()) : "");
        }
        for (int i = 0; i < record.eventCount(); i++)
        {
            final EventView events = record.event(i);
            if (events.kind() == EventKind.ORDER_CHANGED && events.orderId() == orderId)
            {
                out.printf("  -> %s%n", events.orderState());
                lifecycle.add(events.orderState() + " (#" + record.sequence() + " " + record.type() + ")");
            }
            else if (events.kind() == EventKind.ALLOCATION_CHANGED && events.orderId() == orderId)
            {
                out.printf("  holds %d of %s at %s%n", events.held(), codes.sku(events.sku()),
                    codes.location(events.location()));
            }
        }
    }
}

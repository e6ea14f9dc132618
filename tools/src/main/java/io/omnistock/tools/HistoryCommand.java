package io.omnistock.tools;

import io.omnistock.api.CommandType;
import io.omnistock.api.EventKind;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.command.OutputEvents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * Every journaled command that touched a SKU (optionally at one location), with the position after it.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = "List every journaled command that touched a SKU (at a location), with the position after it.")
final class HistoryCommand implements Callable<Integer>
{
    private static final String FORMAT = "%8s  %-24s  %-20s  %10s  %-22s  %-12s  %8s  %8s  %10s  %9s%n";

    @Spec
    CommandSpec spec;

    @Option(names = "--journal", required = true, paramLabel = "DIR", description = JournalInput.OPTION_DESCRIPTION)
    Path journal;

    @Option(names = "--sku", required = true, paramLabel = "CODE", description = "The SKU code.")
    String skuCode;

    @Option(names = "--location", paramLabel = "CODE", description = "Only this location (code).")
    String locationCode;

    @Option(names = "--from", paramLabel = "ISO", description = "Only commands at or after this time.")
    Instant from;

    @Option(names = "--to", paramLabel = "ISO", description = "Only commands before this time.")
    Instant to;

    @Override
    public Integer call()
    {
        if (from != null && to != null && !from.isBefore(to))
        {
            // --to is exclusive: such a range holds nothing, so it can only be a mistake.
            throw new ToolException(OmnistockCli.EXIT_USAGE,
                "--from " + from + " is not before --to " + to + ": the range is empty");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final Codes codes = new Codes();
        final CommandSlot slot = new CommandSlot();
        final long fromMillis = from == null ? Long.MIN_VALUE : from.toEpochMilli();
        final long toMillis = to == null ? Long.MAX_VALUE : to.toEpochMilli();
        int sku = -1;
        int location = -1;
        long commands = 0;
        int rows = 0;
        try (JournalInput input = JournalInput.open(journal))
        {
            while (input.next(slot))
            {
                commands++;
                codes.learn(slot);
                if (sku < 0)
                {
                    sku = codes.skuId(skuCode);
                }
                if (locationCode != null && location < 0)
                {
                    location = codes.locationId(locationCode);
                }
                if (sku < 0 || (locationCode != null && location < 0) ||
                    slot.timestamp < fromMillis || slot.timestamp >= toMillis || !touches(slot, sku, location))
                {
                    continue;
                }
                if (rows++ == 0)
                {
                    out.printf(FORMAT, "SEQ", "TIME", "COMMAND", "COMMAND-ID", "REASON", "LOCATION", "ON-HAND",
                        "RESERVED", "IN-TRANSIT", "AVAILABLE");
                }
                printRow(out, slot, codes, sku, location);
            }
            if (commands == 0)
            {
                throw input.empty();
            }
        }
        if (sku < 0)
        {
            throw new ToolException(OmnistockCli.EXIT_NOT_FOUND, "SKU " + skuCode + " is not defined in the journal");
        }
        if (locationCode != null && location < 0)
        {
            throw new ToolException(OmnistockCli.EXIT_NOT_FOUND,
                "location " + locationCode + " is not defined in the journal");
        }
        if (rows == 0)
        {
            out.println("no command touched " + skuCode + (locationCode == null ? "" : " at " + locationCode) +
                (from != null || to != null ? " in that time range" : ""));
        }
        out.flush();
        return 0;
    }

    /** Addressed to the SKU (at the location), or changed it there. */
    static boolean touches(final CommandSlot slot, final int sku, final int location)
    {
        if (slot.type == CommandType.DEFINE_SKU)
        {
            return slot.assignedId == sku && location < 0;
        }
        if (slot.sku == sku && (location < 0 || slot.location == location || slot.toLocation == location))
        {
            return true;
        }
        if (slot.type == CommandType.ROUTE_ORDER && location < 0)
        {
            for (int i = 0; i < slot.lineCount; i++)
            {
                if (slot.lineSku[i] == sku)
                {
                    return true;
                }
            }
        }
        final OutputEvents events = slot.events;
        for (int i = 0; i < events.count(); i++)
        {
            events.moveTo(i);
            if (events.sku() == sku && (location < 0 || events.location() == location) &&
                events.kind() != EventKind.SKU_DEFINED)
            {
                return true;
            }
        }
        return false;
    }

    private static void printRow(
        final PrintWriter out, final CommandSlot slot, final Codes codes, final int sku, final int location)
    {
        final String seq = Long.toString(slot.sequence);
        final String time = JournalInput.time(slot.timestamp);
        final String type = slot.type.name();
        final String id = Long.toString(slot.commandId);
        final String reason = slot.reason.name();
        boolean printed = false;
        final OutputEvents events = slot.events;
        for (int i = 0; i < events.count(); i++)
        {
            events.moveTo(i);
            if (events.kind() != EventKind.STOCK_CHANGED || events.sku() != sku ||
                (location >= 0 && events.location() != location))
            {
                continue;
            }
            out.printf(FORMAT, printed ? "" : seq, printed ? "" : time, printed ? "" : type, printed ? "" : id,
                printed ? "" : reason, codes.location(events.location()), events.onHand(), events.reserved(),
                events.inTransit(), events.available());
            printed = true;
        }
        if (!printed)
        {
            out.printf(FORMAT, seq, time, type, id, reason, codes.location(slot.location < 0 ? location : slot.location),
                "-", "-", "-", "-");
        }
    }
}

package io.omnistock.tools;

import io.omnistock.api.CommandType;
import io.omnistock.api.EventKind;
import io.omnistock.api.EventView;
import io.omnistock.core.journal.CommandFields;
import io.omnistock.core.journal.JournalRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Every journaled command that touched a SKU (optionally at one location), with the position after
 * it. A command can change one position several times (one EXPIRE_HOLDS releasing three holds at a
 * store); each change is a row, and the POSITION column says which row is the position after the
 * command ({@code after}) and which are steps on the way ({@code step 1/3}), so no reader takes the
 * first step for the command's result.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = "List every journaled command that touched a SKU (at a location), with the position after it.")
final class HistoryCommand implements Callable<Integer>
{
    private static final String FORMAT = "%8s  %-24s  %-20s  %20s  %-22s  %-12s  %-10s  %8s  %8s  %10s  %9s%n";

    /** Machine-readable columns; {@code position} is after, step or unchanged. */
    static final String[] COLUMNS = {"sequence", "timestamp", "command_type", "command_id", "reason", "location",
        "position", "change", "changes", "on_hand", "reserved", "in_transit", "available"};

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

    @Option(names = "--format", paramLabel = "csv|ndjson",
        description = "Machine-readable output instead of the table: csv (with a header row) or ndjson.")
    Rows.Format format;

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
        final long fromMillis = from == null ? Long.MIN_VALUE : from.toEpochMilli();
        final long toMillis = to == null ? Long.MAX_VALUE : to.toEpochMilli();
        final Rows machine = format == null ? null : new Rows(out, format, COLUMNS);
        int sku = -1;
        int location = -1;
        long commands = 0;
        int rows = 0;
        try (JournalInput input = JournalInput.open(journal))
        {
            for (JournalRecord record = input.next(); record != null; record = input.next())
            {
                commands++;
                codes.learn(record);
                if (sku < 0)
                {
                    sku = codes.skuId(skuCode);
                }
                if (locationCode != null && location < 0)
                {
                    location = codes.locationId(locationCode);
                }
                if (sku < 0 || (locationCode != null && location < 0) ||
                    record.timestamp() < fromMillis || record.timestamp() >= toMillis ||
                    !touches(record, sku, location))
                {
                    continue;
                }
                if (rows++ == 0 && machine == null)
                {
                    out.printf(FORMAT, "SEQ", "TIME", "COMMAND", "COMMAND-ID", "REASON", "LOCATION", "POSITION",
                        "ON-HAND", "RESERVED", "IN-TRANSIT", "AVAILABLE");
                }
                printRows(record, codes, sku, location, (values, position) ->
                {
                    if (machine == null)
                    {
                        out.printf(FORMAT, values[0], values[1], values[2], values[3], values[4], values[5], position,
                            dash(values[9]), dash(values[10]), dash(values[11]), dash(values[12]));
                    }
                    else
                    {
                        machine.add(values);
                    }
                });
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
        if (rows == 0 && machine == null)
        {
            out.println("no command touched " + skuCode + (locationCode == null ? "" : " at " + locationCode) +
                (from != null || to != null ? " in that time range" : ""));
        }
        out.flush();
        return 0;
    }

    /** Addressed to the SKU (at the location), or changed it there. */
    static boolean touches(final JournalRecord record, final int sku, final int location)
    {
        if (record.type() == CommandType.DEFINE_SKU)
        {
            return record.assignedId() == sku && location < 0;
        }
        final CommandFields command = record.command();
        if (command.sku() == sku && (location < 0 || command.location() == location || command.toLocation() == location))
        {
            return true;
        }
        if (record.type() == CommandType.ROUTE_ORDER && location < 0)
        {
            for (int i = 0; i < command.lineCount(); i++)
            {
                if (command.lineSku(i) == sku)
                {
                    return true;
                }
            }
        }
        for (int i = 0; i < record.eventCount(); i++)
        {
            final EventView events = record.event(i);
            if (events.sku() == sku && (location < 0 || events.location() == location) &&
                events.kind() != EventKind.SKU_DEFINED)
            {
                return true;
            }
        }
        return false;
    }

    /** Receives one row: the machine-readable values and the table's POSITION text. */
    private interface RowSink
    {
        void row(Object[] values, String position);
    }

    /**
     * One row per change the command made to the SKU's position at each location, in order; the last
     * change at a location is the position after the command there. A command that touched the SKU
     * without changing a position (a rejected one) is one row with no figures.
     */
    private static void printRows(
        final JournalRecord record, final Codes codes, final int sku, final int location, final RowSink sink)
    {
        final Map<Integer, Integer> changesAt = new LinkedHashMap<>();
        for (int i = 0; i < record.eventCount(); i++)
        {
            final EventView events = record.event(i);
            if (changes(events, sku, location))
            {
                changesAt.merge(events.location(), 1, Integer::sum);
            }
        }
        if (changesAt.isEmpty())
        {
            final int at = record.command().location();
            sink.row(new Object[] {record.sequence(), JournalInput.time(record.timestamp()), record.type().name(),
                record.commandId(), record.reason().name(), codes.location(at < 0 ? location : at), "unchanged", null,
                null, null, null, null, null}, "unchanged");
            return;
        }
        final Map<Integer, Integer> seen = new HashMap<>();
        for (int i = 0; i < record.eventCount(); i++)
        {
            final EventView events = record.event(i);
            if (!changes(events, sku, location))
            {
                continue;
            }
            final int of = changesAt.get(events.location());
            final int change = seen.merge(events.location(), 1, Integer::sum);
            final boolean after = change == of;
            sink.row(new Object[] {record.sequence(), JournalInput.time(record.timestamp()), record.type().name(),
                record.commandId(), record.reason().name(), codes.location(events.location()), after ? "after" : "step", change, of,
                events.onHand(), events.reserved(), events.inTransit(), events.available()},
                after ? "after" : "step " + change + "/" + of);
        }
    }

    private static boolean changes(final EventView events, final int sku, final int location)
    {
        return events.kind() == EventKind.STOCK_CHANGED && events.sku() == sku
            && (location < 0 || events.location() == location);
    }

    private static Object dash(final Object value)
    {
        return value == null ? "-" : value;
    }
}

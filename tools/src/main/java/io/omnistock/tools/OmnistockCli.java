package io.omnistock.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Audit tools over an omnistock journal. Exit codes: 0 done, 1 the order or SKU asked about is not
 * in the journal (or another failure), 2 usage, 3 the journal cannot be read or trusted.
 */
@Command(
    name = "omnistock",
    mixinStandardHelpOptions = true,
    version = "omnistock tools 0.1.0",
    description = "Audit tools over an omnistock journal.",
    subcommands = {ReplayCommand.class, ExplainCommand.class, HistoryCommand.class, ExportCommand.class,
        AtCommand.class, KpiCommand.class, ReplenishmentCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:done",
        "1:not found in the journal, or another failure",
        "2:usage error",
        "3:the journal is missing, empty, foreign or corrupt"})
public final class OmnistockCli implements Runnable
{
    public static final int EXIT_NOT_FOUND = 1;
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;
    public static final int EXIT_JOURNAL = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /**
     * @return the command line, ready to {@code execute}, writing to the given streams.
     */
    public static CommandLine commandLine(final PrintWriter out, final PrintWriter err)
    {
        final CommandLine cl = new CommandLine(new OmnistockCli());
        cl.registerConverter(Instant.class, OmnistockCli::parseInstant);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) ->
        {
            final PrintWriter w = commandLine.getErr();
            final int code;
            if (e instanceof ToolException te)
            {
                w.println("omnistock " + commandLine.getCommandName() + ": " + te.getMessage());
                code = te.exitCode();
            }
            else
            {
                w.println("omnistock " + commandLine.getCommandName() + ": " + e.getClass().getSimpleName() + ": " +
                    JournalInput.oneLine(e));
                code = EXIT_NOT_FOUND;
            }
            w.flush();
            commandLine.getOut().flush();
            return code;
        });
        return cl;
    }

    /**
     * Accepts an instant (2026-11-22T09:00:00Z), an offset date-time, or a date (midnight UTC),
     * within the engine's clock: epoch milliseconds in a long (a later or earlier one is a usage
     * error, not an arithmetic overflow in the middle of a command).
     */
    static Instant parseInstant(final String text)
    {
        final Instant instant = parseAnyInstant(text);
        try
        {
            instant.toEpochMilli();
        }
        catch (final ArithmeticException e)
        {
            throw new CommandLine.TypeConversionException("'" + text + "' is outside the engine's clock (" +
                Instant.ofEpochMilli(Long.MIN_VALUE) + " to " + Instant.ofEpochMilli(Long.MAX_VALUE) + ")");
        }
        return instant;
    }

    private static Instant parseAnyInstant(final String text)
    {
        try
        {
            return Instant.parse(text);
        }
        catch (final DateTimeParseException ignored)
        {
            // try the other forms
        }
        try
        {
            return OffsetDateTime.parse(text).toInstant();
        }
        catch (final DateTimeParseException ignored)
        {
            // try a date
        }
        try
        {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        catch (final DateTimeParseException e)
        {
            throw new CommandLine.TypeConversionException(
                "'" + text + "' is not an ISO-8601 instant (e.g. 2026-11-22T09:00:00Z) or date (2026-11-22)");
        }
    }

    public static void main(final String[] args)
    {
        final PrintWriter out = new PrintWriter(System.out, true);
        final PrintWriter err = new PrintWriter(System.err, true);
        final int code = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}

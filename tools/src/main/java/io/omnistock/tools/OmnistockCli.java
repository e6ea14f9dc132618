package io.omnistock.tools;

import io.omnistock.core.journal.DamagedTail;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Audit tools over an omnistock journal. Exit codes: 0 done, 1 the order or SKU asked about is not
 * in the journal (or another failure), 2 usage, 3 the journal cannot be read or trusted, 4 done over
 * the journal up to a damaged last document (a torn tail), which the tools report and leave alone.
 */
@Command(
    name = "omnistock",
    mixinStandardHelpOptions = true,
    version = "omnistock tools 0.1.0",
    description = "Audit tools over an omnistock journal, and a health probe of a running daemon.",
    subcommands = {ReplayCommand.class, ExplainCommand.class, HistoryCommand.class, ExportCommand.class,
        AtCommand.class, KpiCommand.class, ReplenishmentCommand.class, ForecastCommand.class, HealthCommand.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:done",
        "1:not found in the journal, or another failure",
        "2:usage error",
        "3:the journal is missing, empty, foreign or corrupt",
        "4:done, up to the journal's damaged last document (a torn tail, reported on stderr; the engine sets it " +
            "aside when it next starts)"})
public final class OmnistockCli implements Runnable
{
    public static final int EXIT_NOT_FOUND = 1;
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;
    public static final int EXIT_JOURNAL = 3;
    public static final int EXIT_TORN_TAIL = 4;

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
        cl.setExecutionStrategy(OmnistockCli::runReportingDamagedTail);
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
     * Runs the subcommand; one that read up to a damaged last journal document (a torn tail) and
     * otherwise succeeded says so on stderr and exits {@link #EXIT_TORN_TAIL}: its output is right
     * up to the tail, and the exit code says it stops short of what the file holds.
     */
    private static int runReportingDamagedTail(final CommandLine.ParseResult parsed)
    {
        JournalInput.damagedTailSeen();
        final int code = new CommandLine.RunLast().execute(parsed);
        final DamagedTail tail = JournalInput.damagedTailSeen();
        if (code != 0 || tail == null)
        {
            return code;
        }
        final CommandLine command = parsed.subcommand() != null ? parsed.subcommand().commandSpec().commandLine() :
            parsed.commandSpec().commandLine();
        final PrintWriter err = command.getErr();
        err.println("omnistock " + command.getCommandName() + ": read up to a torn journal tail: " + tail.describe() +
            ". The journal was not changed; the engine copies the file aside and sets the damaged document aside " +
            "when it next starts (docs/operations.md, Recovery)");
        err.flush();
        return EXIT_TORN_TAIL;
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

    /**
     * Runs the command line; a command that succeeded but whose output could not be written to
     * {@code out} (a closed pipe, a full disk) fails with exit code 1 and one line on {@code err}.
     */
    public static int execute(final PrintWriter out, final PrintWriter err, final String... args)
    {
        final CommandLine cl = commandLine(out, err);
        int code = cl.execute(args);
        if (code == 0 && out.checkError())
        {
            final CommandLine.ParseResult parsed = cl.getParseResult();
            final String name = parsed != null && parsed.subcommand() != null ?
                parsed.subcommand().commandSpec().name() : cl.getCommandName();
            err.println("omnistock " + name + ": " + stdoutFailure(out).getMessage());
            code = EXIT_NOT_FOUND;
        }
        err.flush();
        return code;
    }

    /**
     * @return the error for output that could not be written to standard output, with the
     *     operating system's reason when {@code out} is the process's stdout.
     */
    static ToolException stdoutFailure(final PrintWriter out)
    {
        final IOException why = out instanceof Stdout s ? s.failure() : null;
        return new ToolException(EXIT_NOT_FOUND, "cannot write to standard output" +
            (why == null || why.getMessage() == null ? "" : ": " + JournalInput.oneLine(why)));
    }

    /** The process's stdout, remembering why a write failed (PrintWriter only keeps a flag). */
    static final class Stdout extends PrintWriter
    {
        private final Recording stream;

        Stdout(final OutputStream stdout)
        {
            this(new Recording(stdout));
        }

        private Stdout(final Recording stream)
        {
            super(new BufferedWriter(new OutputStreamWriter(stream, Charset.defaultCharset()), 1 << 13), true);
            this.stream = stream;
        }

        static Stdout open()
        {
            return new Stdout(new FileOutputStream(FileDescriptor.out));
        }

        IOException failure()
        {
            return stream.failure;
        }

        private static final class Recording extends FilterOutputStream
        {
            private volatile IOException failure;

            Recording(final OutputStream out)
            {
                super(out);
            }

            @Override
            public void write(final byte[] b, final int off, final int len) throws IOException
            {
                try
                {
                    out.write(b, off, len);
                }
                catch (final IOException e)
                {
                    failure = e;
                    throw e;
                }
            }

            @Override
            public void flush() throws IOException
            {
                try
                {
                    out.flush();
                }
                catch (final IOException e)
                {
                    failure = e;
                    throw e;
                }
            }
        }
    }

    public static void main(final String[] args)
    {
        final PrintWriter out = Stdout.open();
        final PrintWriter err = new PrintWriter(System.err, true);
        final int code = execute(out, err, args);
        System.exit(code);
    }
}

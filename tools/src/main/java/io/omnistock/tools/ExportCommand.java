package io.omnistock.tools;

import io.omnistock.api.EventView;
import io.omnistock.core.journal.JournalRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * One row per output event, for a data warehouse: CSV with a header row, or NDJSON.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export one row per output event as CSV (with a header row) or NDJSON.")
final class ExportCommand implements Callable<Integer>
{
    /** The columns, in order; NDJSON uses the same names as keys. */
    static final String[] COLUMNS = {"sequence", "timestamp", "command_id", "command_type", "event_kind", "location",
        "sku", "reservation_or_order_id", "held", "on_hand", "reserved", "in_transit", "safety_stock", "available",
        "flags", "order_state", "alert"};

    @Spec
    CommandSpec spec;

    @Option(names = "--journal", required = true, paramLabel = "DIR", description = JournalInput.OPTION_DESCRIPTION)
    Path journal;

    @Option(names = "--format", required = true, paramLabel = "csv|ndjson", description = "csv or ndjson.")
    Rows.Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to this file (default: stdout).")
    Path outFile;

    @Override
    public Integer call() throws IOException
    {
        final Codes codes = new Codes();
        final Object[] row = new Object[COLUMNS.length];
        long commands = 0;
        long rows = 0;
        try (JournalInput input = JournalInput.open(journal);
             Writer w = outFile == null ? new NonClosing(spec.commandLine().getOut()) : open(outFile))
        {
            if (format == Rows.Format.csv)
            {
                w.write(String.join(",", COLUMNS));
                w.write('\n');
            }
            final StringBuilder line = new StringBuilder(256);
            for (JournalRecord record = input.next(); record != null; record = input.next())
            {
                commands++;
                codes.learn(record);
                for (int i = 0; i < record.eventCount(); i++)
                {
                    fill(row, record, record.event(i), codes);
                    line.setLength(0);
                    if (format == Rows.Format.csv)
                    {
                        Rows.csv(line, row);
                    }
                    else
                    {
                        Rows.json(line, COLUMNS, row);
                    }
                    w.append(line).append('\n');
                    rows++;
                }
            }
            if (commands == 0)
            {
                throw input.empty();
            }
        }
        catch (final UncheckedIOException e)
        {
            throw new ToolException(OmnistockCli.EXIT_NOT_FOUND, "cannot write: " + e.getCause().getMessage());
        }
        if (outFile != null)
        {
            spec.commandLine().getErr().printf("exported %d events of %d commands to %s%n", rows, commands, outFile);
            spec.commandLine().getErr().flush();
        }
        return 0;
    }

    private static Writer open(final Path file)
    {
        try
        {
            return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8),
                1 << 16);
        }
        catch (final IOException e)
        {
            final String why = e instanceof java.nio.file.NoSuchFileException ? "no such directory" :
                e instanceof java.nio.file.AccessDeniedException ? "permission denied" :
                e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null ? fse.getReason() :
                e.getMessage();
            throw new ToolException(OmnistockCli.EXIT_NOT_FOUND, "cannot write " + file + ": " + why);
        }
    }

    private static void fill(final Object[] row, final JournalRecord record, final EventView e, final Codes codes)
    {
        row[0] = record.sequence();
        row[1] = JournalInput.time(record.timestamp());
        row[2] = record.commandId();
        row[3] = record.type().name();
        row[4] = e.kind().name();
        row[5] = e.location() < 0 ? null : codes.location(e.location());
        row[6] = e.sku() < 0 ? null : codes.sku(e.sku());
        // Which columns a kind fills comes from the schema (ExportColumns is generated): empty (CSV)
        // or null (NDJSON) where a kind has nothing, never a made-up 0. A replenishment request's id
        // column is its source location, as its id word is.
        row[7] = ExportColumns.idWord(e);
        row[8] = ExportColumns.heldWord(e);
        final boolean position = ExportColumns.position(e.kind());
        row[9] = position ? e.onHand() : null;
        row[10] = position ? e.reserved() : null;
        row[11] = position ? e.inTransit() : null;
        row[12] = position ? e.safetyStock() : null;
        row[13] = position ? e.available() : null;
        row[14] = ExportColumns.flagsWord(e);
        row[15] = e.orderState() == null ? null : e.orderState().name();
        row[16] = e.alertKind() == null ? null : e.alertKind().name();
    }

    /**
     * Stdout stays open after the export. PrintWriter hides write errors behind a flag: it is checked
     * every {@link #CHECK_EVERY} characters and at the end, so a closed pipe stops the export with
     * exit code 1 instead of losing the rest in silence.
     */
    private static final class NonClosing extends Writer
    {
        private static final int CHECK_EVERY = 1 << 16;

        private final PrintWriter out;
        private int sinceCheck;

        NonClosing(final PrintWriter out)
        {
            this.out = out;
        }

        @Override
        public void write(final char[] buf, final int off, final int len)
        {
            out.write(buf, off, len);
            sinceCheck += len;
            if (sinceCheck >= CHECK_EVERY)
            {
                flush();
            }
        }

        @Override
        public void flush()
        {
            sinceCheck = 0;
            if (out.checkError()) // flushes
            {
                throw OmnistockCli.stdoutFailure(out);
            }
        }

        @Override
        public void close()
        {
            flush();
        }
    }
}

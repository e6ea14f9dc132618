package io.omnistock.tools;

import io.omnistock.api.StateView;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.JournalReplayer;
import io.omnistock.core.journal.JournalRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Rebuilds the engine state from the journal through the business logic, optionally checking that
 * every replayed record equals the journaled one byte for byte.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Rebuild the state by replaying every journaled command through the business logic.")
final class ReplayCommand implements Callable<Integer>
{
    /** Commands applied between progress checks. */
    private static final long CHUNK = 4_096;
    private static final long PROGRESS_NANOS = 250_000_000L;
    /** A replay that ends within this time shows no progress at all. */
    private static final long FIRST_PROGRESS_NANOS = 1_000_000_000L;

    @Spec
    CommandSpec spec;

    @Option(names = "--journal", required = true, paramLabel = "DIR", description = JournalInput.OPTION_DESCRIPTION)
    Path journal;

    @Option(names = "--to", paramLabel = "SEQ|TIME",
        description = "Stop after this sequence, or after the last command stamped at or before this time "
            + "(an instant, an offset date-time or a date); default: the end.")
    String to;

    @Option(names = "--verify", description = "Check every replayed record against the journal, byte for byte.")
    boolean verify;

    @Option(names = "--no-progress", description = "Do not show progress on stderr.")
    boolean noProgress;

    /** For tests: show progress from the start and at every chunk. */
    @Option(names = "--progress-every-chunk", hidden = true)
    boolean progressEveryChunk;

    @Override
    public Integer call()
    {
        final long toSequence = to == null ? Long.MAX_VALUE : toSequence(to);
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final JournalReplayer replayer = JournalReplayer.withFreshState(EngineConfig.builder().build(), null);
        final StateView state = replayer.state();
        long start = System.nanoTime();
        long applied = 0;
        boolean progressShown = false;
        final Path journalRead;
        try (JournalInput input = JournalInput.open(journal))
        {
            journalRead = input.dir();
            start = System.nanoTime();
            long nextProgress = progressEveryChunk ? start : start + FIRST_PROGRESS_NANOS;
            while (true)
            {
                final long target = Math.min(toSequence, state.lastSequence() + CHUNK);
                final long n;
                try
                {
                    n = replayer.replay(input.reader(), target, verify);
                }
                catch (final RuntimeException e)
                {
                    endProgress(err, progressShown);
                    throw input.replayFailed(e, state.lastSequence());
                }
                applied += n;
                if (n == 0)
                {
                    input.endReached();
                    break;
                }
                if (state.lastSequence() >= toSequence)
                {
                    break;
                }
                final long now = System.nanoTime();
                if (!noProgress && now >= nextProgress)
                {
                    err.print("\r" + progressLine(applied, now - start, input.progress()));
                    err.flush();
                    progressShown = true;
                    nextProgress = progressEveryChunk ? now : now + PROGRESS_NANOS;
                }
            }
            endProgress(err, progressShown);
            if (applied == 0)
            {
                throw input.empty();
            }
        }
        final long elapsed = System.nanoTime() - start;
        out.printf("journal:          %s%n", journalRead);
        out.printf("commands replayed: %d%n", applied);
        out.printf("last sequence:    %d%n", state.lastSequence());
        out.printf("last engine time: %s%n", JournalInput.time(replayer.lastTimestamp()));
        out.printf("state checksum:   %016x%n", replayer.stateChecksum());
        out.printf("verified:         %s%n", verify ? "yes, every record byte for byte" : "no (use --verify)");
        out.printf("logic version:    %d%n", state.logicVersion());
        // Which format each stretch of the journal is in, and which rules decided it.
        for (final JournalReplayer.Range range : replayer.ranges())
        {
            out.printf("  sequences %d-%d: journal format %d, logic version %d%n", range.fromSequence(),
                range.toSequence(), range.formatVersion(), range.logicVersion());
        }
        out.printf("elapsed:          %.3f s (%,.0f commands/s)%n", elapsed / 1e9, rate(applied, elapsed));
        out.flush();
        return 0;
    }

    /** A sequence as given, or the last sequence stamped at or before a time (one pass to find it). */
    private long toSequence(final String text)
    {
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit))
        {
            final long sequence;
            try
            {
                sequence = Long.parseLong(text);
            }
            catch (final NumberFormatException e)
            {
                // Only all digits reach here, so the one way to fail is a number beyond a long.
                throw new ToolException(OmnistockCli.EXIT_USAGE, "--to " + text + " is beyond the largest sequence, " +
                    Long.MAX_VALUE);
            }
            if (sequence < 1)
            {
                throw new ToolException(OmnistockCli.EXIT_USAGE, "--to must be a sequence of 1 or more");
            }
            return sequence;
        }
        final long until;
        try
        {
            until = OmnistockCli.parseInstant(text).toEpochMilli();
        }
        catch (final picocli.CommandLine.TypeConversionException e)
        {
            throw new ToolException(OmnistockCli.EXIT_USAGE, "--to: " + e.getMessage());
        }
        long last = 0;
        try (JournalInput input = JournalInput.open(journal))
        {
            for (JournalRecord record = input.next(); record != null && record.timestamp() <= until; record = input.next())
            {
                last = record.sequence();
            }
        }
        if (last == 0)
        {
            throw new ToolException(OmnistockCli.EXIT_NOT_FOUND, "no journaled command is stamped at or before " + text);
        }
        return last;
    }

    private static void endProgress(final PrintWriter err, final boolean shown)
    {
        if (shown)
        {
            err.print("\r\033[K");
            err.flush();
        }
    }

    static String progressLine(final long applied, final long elapsedNanos, final double fraction)
    {
        final double rate = rate(applied, elapsedNanos);
        final StringBuilder sb = new StringBuilder()
            .append(String.format("replaying: %,d commands, %,.0f/s", applied, rate));
        if (fraction > 0 && fraction < 1)
        {
            final double etaSeconds = elapsedNanos / 1e9 * (1 - fraction) / fraction;
            sb.append(String.format(", %.0f%%, ETA %s", fraction * 100, duration(etaSeconds)));
        }
        return sb.toString();
    }

    private static double rate(final long count, final long nanos)
    {
        return nanos <= 0 ? 0 : count * 1e9 / nanos;
    }

    private static String duration(final double seconds)
    {
        final long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60) :
            s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}

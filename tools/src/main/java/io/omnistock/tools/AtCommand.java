package io.omnistock.tools;

import io.omnistock.api.StateView;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.JournalReplayer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * Point in time: the state as it was at an engine time, rebuilt by replaying every command
 * stamped at or before it. {@code at --journal DIR --time T availability --sku CODE}.
 */
@Command(name = "at", mixinStandardHelpOptions = true, subcommands = AtCommand.Availability.class,
    description = "Answer a question about the state as it was at an engine time.")
final class AtCommand
{
    @Option(names = "--journal", required = true, paramLabel = "DIR", description = JournalInput.OPTION_DESCRIPTION)
    Path journal;

    @Option(names = "--time", required = true, paramLabel = "TIME",
        description = "Engine time: an instant (2026-11-22T09:00:00Z), an offset date-time, or a date.")
    Instant time;

    /** A replayer holding the state after every command stamped at or before {@link #time}. */
    JournalReplayer replayToTime()
    {
        final long until = time.toEpochMilli();
        // The replayer decides each command under the logic version in force at its sequence, as
        // the engine did; a state stepped through by hand would decide them all under the newest.
        final JournalReplayer replayer = JournalReplayer.withFreshState(EngineConfig.builder().build(), null);
        try (JournalInput input = JournalInput.open(journal))
        {
            try
            {
                replayer.replay(input.reader(), Long.MAX_VALUE, until, false);
            }
            catch (final RuntimeException e)
            {
                throw input.replayFailed(e, replayer.state().lastSequence());
            }
            // Reading stopped before a damaged last document, if it reached the end at all.
            input.endReached();
            if (replayer.highestSequenceSeen() == 0)
            {
                throw input.empty();
            }
        }
        return replayer;
    }

    /** @return the id of the location defined with {@code code}, or -1. */
    static int locationId(final StateView state, final String code)
    {
        for (int l = 0; l < state.locationCount(); l++)
        {
            if (state.locationCode(l).equals(code))
            {
                return l;
            }
        }
        return -1;
    }

    /** @return the id of the SKU defined with {@code code}, or -1. */
    static int skuId(final StateView state, final String code)
    {
        for (int s = 0; s < state.skuCount(); s++)
        {
            if (state.skuCode(s).equals(code))
            {
                return s;
            }
        }
        return -1;
    }

    @Command(name = "availability", mixinStandardHelpOptions = true,
        description = "Available-to-promise of a SKU, per location and in total, as it was.")
    static final class Availability implements Callable<Integer>
    {
        @ParentCommand
        AtCommand at;

        @Spec
        CommandSpec spec;

        @Option(names = "--sku", required = true, paramLabel = "CODE", description = "The SKU code.")
        String sku;

        @Option(names = "--location", paramLabel = "CODE", description = "Only this location.")
        String location;

        @Option(names = "--format", paramLabel = "csv|ndjson",
            description = "Machine-readable output instead of the table: csv (with a header row) or ndjson.")
        Rows.Format format;

        /**
         * Machine-readable columns: a {@code location} row per position, then (without
         * {@code --location}) a {@code tier} row per tier and a {@code network} row with the
         * available-to-promise sums.
         */
        static final String[] COLUMNS = {"sku", "time", "after_sequence", "engine_time", "scope", "location", "tier",
            "on_hand", "reserved", "in_transit", "safety_stock", "available"};

        @Override
        public Integer call()
        {
            final JournalReplayer replayer = at.replayToTime();
            final StateView state = replayer.state();
            final PrintWriter out = spec.commandLine().getOut();
            final int skuId = skuId(state, sku);
            if (skuId < 0)
            {
                throw new ToolException(OmnistockCli.EXIT_NOT_FOUND, "no SKU " + sku + " was defined by " + at.time);
            }
            final int only = location == null ? -1 : locationId(state, location);
            if (location != null && only < 0)
            {
                throw new ToolException(OmnistockCli.EXIT_NOT_FOUND,
                    "no location " + location + " was defined by " + at.time);
            }
            final Rows machine = format == null ? null : new Rows(out, format, COLUMNS);
            final String time = at.time.toString();
            final String engineTime = JournalInput.time(replayer.lastTimestamp());
            if (machine == null)
            {
                out.printf("%s at %s (after sequence %d, engine time %s)%n", sku, time, state.lastSequence(), engineTime);
                out.printf("%-16s %-16s %12s %12s %12s %12s %12s%n", "location", "tier", "on hand", "reserved",
                    "in transit", "safety", "available");
            }
            for (int l = 0; l < state.locationCount(); l++)
            {
                if ((only >= 0 && l != only) || !state.positionStocked(l, skuId))
                {
                    continue;
                }
                final String code = state.locationCode(l);
                final Tier tier = state.locationTier(l);
                if (machine == null)
                {
                    out.printf("%-16s %-16s %,12d %,12d %,12d %,12d %,12d%n", code, tier, state.onHand(l, skuId),
                        state.reserved(l, skuId), state.inTransit(l, skuId), state.safetyStock(l, skuId),
                        state.available(l, skuId));
                }
                else
                {
                    machine.add(sku, time, state.lastSequence(), engineTime, "location", code, tier.name(),
                        state.onHand(l, skuId), state.reserved(l, skuId), state.inTransit(l, skuId),
                        state.safetyStock(l, skuId), state.available(l, skuId));
                }
            }
            if (only < 0)
            {
                long total = 0;
                final StringBuilder tiers = new StringBuilder();
                for (final Tier tier : Tier.values())
                {
                    final long sum = state.tierAvailable(skuId, tier);
                    total += sum;
                    tiers.append(tiers.length() == 0 ? "" : ", ").append(tier).append(' ').append(String.format("%,d", sum));
                    if (machine != null)
                    {
                        machine.add(sku, time, state.lastSequence(), engineTime, "tier", null, tier.name(), null, null,
                            null, null, sum);
                    }
                }
                if (machine == null)
                {
                    out.printf("network available: %,d (%s)%n", total, tiers);
                }
                else
                {
                    machine.add(sku, time, state.lastSequence(), engineTime, "network", null, null, null, null, null,
                        null, total);
                }
            }
            out.flush();
            return 0;
        }
    }
}

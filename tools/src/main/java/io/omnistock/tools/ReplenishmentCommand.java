package io.omnistock.tools;

import io.omnistock.api.AlertKind;
import io.omnistock.api.StateView;
import io.omnistock.api.Tier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The replenishment query: open requests and raised alerts, as of the end of the journal (or a
 * time), filterable by location, tier and SKU.
 */
@Command(name = "replenishment", mixinStandardHelpOptions = true,
    description = "Open replenishment requests and raised stock alerts, filterable by location, tier and SKU.")
final class ReplenishmentCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--journal", required = true, paramLabel = "DIR", description = JournalInput.OPTION_DESCRIPTION)
    Path journal;

    @Option(names = "--time", paramLabel = "TIME", description = "As it was at this engine time (default: the end).")
    Instant time;

    @Option(names = "--location", paramLabel = "CODE", description = "Only this location.")
    String location;

    @Option(names = "--tier", paramLabel = "TIER", description = "Only this tier: ${COMPLETION-CANDIDATES}.")
    Tier tier;

    @Option(names = "--sku", paramLabel = "CODE", description = "Only this SKU.")
    String sku;

    @Override
    public Integer call()
    {
        final AtCommand at = new AtCommand();
        at.journal = journal;
        at.time = time == null ? Instant.ofEpochMilli(Long.MAX_VALUE) : time;
        final StateView state = at.replayToTime().state();
        final int onlyLocation = location == null ? -1 : AtCommand.locationId(state, location);
        final int onlySku = sku == null ? -1 : AtCommand.skuId(state, sku);
        if ((location != null && onlyLocation < 0) || (sku != null && onlySku < 0))
        {
            throw new ToolException(OmnistockCli.EXIT_NOT_FOUND,
                "no " + (location != null && onlyLocation < 0 ? "location " + location : "SKU " + sku) + " in the journal");
        }
        final PrintWriter out = spec.commandLine().getOut();
        out.printf("%-16s %-16s %-16s %10s %-16s %10s %10s  %s%n", "location", "tier", "sku", "request", "from",
            "available", "in transit", "alerts");
        int rows = 0;
        for (int e = 0; e < state.replenishedPositionCount(); e++)
        {
            final int l = state.replenishedLocation(e);
            final int s = state.replenishedSku(e);
            final List<String> alerts = new ArrayList<>();
            for (final AlertKind alert : AlertKind.values())
            {
                if (state.alertActive(l, s, alert))
                {
                    alerts.add(alert.name());
                }
            }
            final long request = state.openReplenishmentRequest(l, s);
            if ((onlyLocation >= 0 && l != onlyLocation) || (onlySku >= 0 && s != onlySku) ||
                (tier != null && state.locationTier(l) != tier) || (request == 0 && alerts.isEmpty()))
            {
                continue;
            }
            final int source = state.replenishmentRequestSource(l, s);
            final String from = request == 0 ? "-" : source < 0 ? "supplier" : state.locationCode(source);
            out.printf("%-16s %-16s %-16s %,10d %-16s %,10d %,10d  %s%n", state.locationCode(l),
                state.locationTier(l), state.skuCode(s), request, from, state.available(l, s), state.inTransit(l, s),
                String.join(" ", alerts));
            rows++;
        }
        out.printf("%d position(s) with an open request or a raised alert%n", rows);
        out.flush();
        return 0;
    }
}

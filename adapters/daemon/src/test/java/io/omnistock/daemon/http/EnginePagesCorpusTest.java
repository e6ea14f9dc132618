package io.omnistock.daemon.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.omnistock.api.Capabilities;
import io.omnistock.api.Command;
import io.omnistock.api.Commands;
import io.omnistock.api.StateView;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The engine-backed listings' JSON ({@link EnginePages}: locations, SKUs, channels with their
 * quotas, transfers, positions by SKU, location and tier, for an admin and a channel key) over a
 * fixed scenario, page after page at two limits, compared byte for byte with
 * {@code engine-pages-corpus.txt}. The corpus was written by the pages as they read
 * {@code EngineState} directly, before they moved to {@link StateView} (issue 17): clients read
 * these bytes. {@code -Dpages.corpus.record=true} rewrites it (only for a deliberate change).
 */
class EnginePagesCorpusTest
{
    private static final Path CORPUS = Path.of("src", "test", "resources", "engine-pages-corpus.txt");

    @FunctionalInterface
    private interface Page
    {
        long page(StateView view, long after, int limit, ArrayNode items);
    }

    @Test
    void pagesAnswerTheRecordedBytes() throws Exception
    {
        final StringBuilder out = new StringBuilder();
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().build()))
        {
            long id = 1;
            final List<Command> commands = new ArrayList<>();
            for (int l = 0; l < 12; l++)
            {
                commands.add(Commands.defineLocation(id++, "L" + l, l % 3 == 0 ? Tier.WAREHOUSE : Tier.STORE,
                    31_000_000 + l * 1000, 121_000_000, Capabilities.ALL));
            }
            for (int s = 0; s < 9; s++)
            {
                commands.add(Commands.defineSku(id++, "S" + s, s % 2 == 0 ? StockUnit.PIECE : StockUnit.GRAM));
            }
            commands.add(Commands.defineChannel(id++, "app", 900_000));
            commands.add(Commands.defineChannel(id++, "web", 600_000));
            commands.add(Commands.defineChannel(id++, "pos", 60_000));
            for (int i = 0; i < 40; i++)
            {
                commands.add(Commands.receive(id++, (i * 7) % 12, (i * 5) % 9, 10 + i));
            }
            commands.add(Commands.receive(id++, 0, 0, 100));
            commands.add(Commands.receive(id++, 0, 5, 100));
            commands.add(Commands.receive(id++, 3, 0, 100));
            commands.add(Commands.receive(id++, 1, 0, 100));
            commands.add(Commands.setSafetyStock(id++, 1, 0, 3));
            commands.add(Commands.reserve(id++, 5001, 1, 0, 4));
            commands.add(Commands.setChannelEligibility(id++, 2, 1, false));
            commands.add(Commands.setChannelQuota(id++, 0, 3, 40, -1));
            commands.add(Commands.setChannelQuota(id++, 0, 1, -1, 25));
            commands.add(Commands.setChannelQuota(id++, 1, 2, 7, 50));
            commands.add(Commands.setChannelQuota(id++, 0, 5, -1, -1));
            commands.add(Commands.createTransfer(id++, 700, 0, 1, 0, 2));
            commands.add(Commands.createTransfer(id++, 701, 0, 4, 5, 1));
            commands.add(Commands.createTransfer(id++, 702, 3, 1, 0, 1));
            commands.add(Commands.shipTransfer(id++, 701, 1_900_000_000_000L));
            commands.add(Commands.cancelTransfer(id++, 700));
            commands.add(Commands.createTransfer(id++, 703, 3, 4, 0, 5));
            commands.add(Commands.createTransfer(id++, 704, 0, 2, 0, 5));
            for (final Command c : commands)
            {
                // The outcomes are part of the corpus: a refusal here would change the scenario.
                out.append(engine.submit(c).get(10, TimeUnit.SECONDS).reason()).append('\n');
            }
            final List<Page> pages = List.of(
                (s, a, l, i) -> EnginePages.locations(s, null, a, l, i),
                (s, a, l, i) -> EnginePages.locations(s, Tier.STORE, a, l, i),
                EnginePages::skus,
                (s, a, l, i) -> EnginePages.channels(s, -1, a, l, i),
                (s, a, l, i) -> EnginePages.channels(s, 1, a, l, i),
                (s, a, l, i) -> EnginePages.transfers(s, -1, a, l, i),
                (s, a, l, i) -> EnginePages.transfers(s, 1, a, l, i),
                (s, a, l, i) -> EnginePages.positionsOfSku(s, 0, null, new EnginePages.Viewer(-1), a, l, i),
                (s, a, l, i) -> EnginePages.positionsOfSku(s, 0, Tier.STORE, new EnginePages.Viewer(1), a, l, i),
                (s, a, l, i) -> EnginePages.positionsAt(s, 1, new EnginePages.Viewer(-1), a, l, i),
                (s, a, l, i) -> EnginePages.positionsAt(s, 2, new EnginePages.Viewer(1), a, l, i),
                (s, a, l, i) -> EnginePages.positionsOfTier(s, Tier.STORE, new EnginePages.Viewer(-1), a, l, i),
                (s, a, l, i) -> EnginePages.positionsOfTier(s, Tier.WAREHOUSE, new EnginePages.Viewer(0), a, l, i));
            for (final Page p : pages)
            {
                for (final int limit : new int[] {3, 500})
                {
                    long after = -1;
                    do
                    {
                        final ArrayNode items = Json.MAPPER.createArrayNode();
                        final long from = after;
                        final long[] next = new long[1];
                        engine.<Void>query(s ->
                        {
                            next[0] = p.page(s, from, limit, items);
                            return null;
                        }).get(10, TimeUnit.SECONDS);
                        out.append(limit).append(' ').append(from).append(" -> ").append(next[0]).append(' ')
                            .append(items).append('\n');
                        after = next[0];
                    }
                    while (after >= 0);
                }
            }
        }
        if (Boolean.getBoolean("pages.corpus.record"))
        {
            Files.writeString(CORPUS, out);
        }
        assertEquals(Files.readString(CORPUS), out.toString());
    }
}

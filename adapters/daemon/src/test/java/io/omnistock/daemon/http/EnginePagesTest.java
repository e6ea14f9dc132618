package io.omnistock.daemon.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.omnistock.api.Capabilities;
import io.omnistock.api.Command;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StateView;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pages over the engine's state: every position once, in id order, a page never looking at more
 * than {@link EnginePages#MAX_SCAN} ids; and how long a page of the largest size holds the writer
 * (the figure docs/daemon.md quotes: printed, not asserted, as it depends on the machine).
 */
class EnginePagesTest
{
    private static final int LOCATIONS = 2_000;
    private static final int SKUS = 6_000;

    @Test
    void pagesCoverEveryPositionOnceAndHoldTheWriterBriefly() throws Exception
    {
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().expectedPositions(16_384).build()))
        {
            final List<CompletableFuture<?>> sent = new ArrayList<>();
            long id = 1;
            for (int l = 0; l < LOCATIONS; l++)
            {
                // Odd ids are stores, even ones warehouses.
                sent.add(submit(engine, Commands.defineLocation(id++, "L" + l, l % 2 == 1 ? Tier.STORE : Tier.WAREHOUSE,
                    31_000_000 + l, 121_000_000, Capabilities.ALL)));
            }
            for (int s = 0; s < SKUS; s++)
            {
                sent.add(submit(engine, Commands.defineSku(id++, "S" + s, StockUnit.PIECE)));
            }
            for (int l = 0; l < LOCATIONS; l++)
            {
                sent.add(submit(engine, Commands.receive(id++, l, 0, 10)));
            }
            for (int s = 1; s < SKUS; s++)
            {
                sent.add(submit(engine, Commands.receive(id++, 0, s, 10)));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            final EnginePages.Viewer admin = new EnginePages.Viewer(-1);
            assertEquals(LOCATIONS, walk(engine, (s, after, items) ->
                EnginePages.positionsOfSku(s, 0, null, admin, after, Paging.MAX_LIMIT, items)).size());
            assertEquals(LOCATIONS / 2, walk(engine, (s, after, items) ->
                EnginePages.positionsOfSku(s, 0, Tier.STORE, admin, after, Paging.MAX_LIMIT, items)).size());
            assertEquals(SKUS, walk(engine, (s, after, items) ->
                EnginePages.positionsAt(s, 0, admin, after, Paging.MAX_LIMIT, items)).size());
            assertEquals(LOCATIONS / 2, walk(engine, (s, after, items) ->
                EnginePages.positionsOfTier(s, Tier.STORE, admin, after, Paging.MAX_LIMIT, items)).size());
            assertEquals(LOCATIONS, walk(engine, (s, after, items) ->
                EnginePages.locations(s, null, after, Paging.MAX_LIMIT, items)).size());
            assertEquals(SKUS, walk(engine, (s, after, items) -> EnginePages.skus(s, after, Paging.MAX_LIMIT, items)).size());

            // A page that finds little still stops after MAX_SCAN ids: location 1 holds SKU 0 only.
            final long[] next = new long[1];
            final ArrayNode none = Json.MAPPER.createArrayNode();
            read(engine, s -> next[0] = EnginePages.positionsAt(s, 1, admin, -1, 10, none));
            assertEquals(1, none.size(), "SKU 0, then nothing in the rest of the ids looked at");
            assertEquals(EnginePages.MAX_SCAN - 1, next[0], "the last id looked at");

            // The writer's pause per page of 500 positions, JSON included.
            final long[] nanos = new long[200];
            for (int round = 0; round < nanos.length; round++)
            {
                final int r = round;
                read(engine, s ->
                {
                    final long start = System.nanoTime();
                    EnginePages.positionsAt(s, 0, admin, (r * 500L) % SKUS - 1, Paging.MAX_LIMIT,
                        Json.MAPPER.createArrayNode());
                    nanos[r] = System.nanoTime() - start;
                });
            }
            final long[] measured = Arrays.copyOfRange(nanos, 100, 200);
            Arrays.sort(measured);
            System.out.printf("writer hold per page of %d positions: median %d us, p99 %d us, max %d us%n",
                Paging.MAX_LIMIT, measured[50] / 1000, measured[98] / 1000, measured[99] / 1000);
        }
    }

    @FunctionalInterface
    private interface Read
    {
        long page(StateView view, long after, ArrayNode items);
    }

    /** @return every item, page after page; none twice. */
    private static List<String> walk(final OmnistockEngine engine, final Read read) throws Exception
    {
        final List<String> all = new ArrayList<>();
        long after = -1;
        do
        {
            final ArrayNode items = Json.MAPPER.createArrayNode();
            final long from = after;
            final long[] next = new long[1];
            read(engine, s -> next[0] = read.page(s, from, items));
            assertTrue(items.size() <= Paging.MAX_LIMIT);
            items.forEach(i -> all.add(i.toString()));
            after = next[0];
        }
        while (after >= 0);
        final Set<String> distinct = new HashSet<>(all);
        assertEquals(all.size(), distinct.size(), "an item twice");
        return all;
    }

    /** Reads as the daemon does: a query on the engine's thread. */
    private static void read(final OmnistockEngine engine, final java.util.function.Consumer<StateView> reader)
        throws Exception
    {
        engine.<Void>query(view ->
        {
            reader.accept(view);
            return null;
        }).get(10, TimeUnit.SECONDS);
    }

    private static CompletableFuture<?> submit(final OmnistockEngine engine, final Command command)
    {
        return engine.submit(command).thenAccept(r -> assertEquals(ReasonCode.OK, r.reason(), r.toString()));
    }
}

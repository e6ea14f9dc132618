package io.omnistock.daemon.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnistock.api.Tier;
import io.omnistock.core.catalog.LocationTable;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.stock.StockLedger;

import java.util.function.IntPredicate;

/**
 * Pages of what only the engine's state holds (definitions and positions), read on the engine's
 * writer thread between two commands. Each page looks at no more than {@link #MAX_SCAN} ids, so
 * the writer's pause is bounded whatever the filter (docs/daemon.md gives the measured figure);
 * a page that stops at the bound says where to go on. Ids only grow (locations, SKUs, channels and
 * positions are never removed), so a page continues after the last id looked at: stable while
 * writes go on.
 */
final class EnginePages
{
    /** Ids looked at per page at most. */
    static final int MAX_SCAN = 4096;

    private EnginePages()
    {
    }

    /** What a channel key may see of positions: {@code channel} -1 for a key bound to none. */
    record Viewer(int channel)
    {
        boolean bound()
        {
            return channel >= 0;
        }
    }

    /**
     * Ids after {@code after} up to {@code end}, each given to {@code add} (which says whether it
     * added an item), until {@code limit} items or {@link #MAX_SCAN} ids.
     *
     * @return the id to continue after, or -1 when nothing follows.
     */
    static long scan(final long after, final int end, final int limit, final IdSink add)
    {
        int added = 0;
        int scanned = 0;
        for (long id = after + 1; id < end; id++)
        {
            if (added == limit || scanned == MAX_SCAN)
            {
                return id - 1;
            }
            scanned++;
            if (add.add((int)id))
            {
                added++;
            }
        }
        return -1;
    }

    @FunctionalInterface
    interface IdSink
    {
        boolean add(int id);
    }

    static long locations(final EngineState state, final Tier tier, final long after, final int limit, final ArrayNode items)
    {
        final LocationTable l = state.locations();
        return scan(after, l.count(), limit, id ->
        {
            if (tier != null && l.tier(id) != tier)
            {
                return false;
            }
            CatalogRoutes.location(state.view(), id, items.addObject());
            return true;
        });
    }

    static long skus(final EngineState state, final long after, final int limit, final ArrayNode items)
    {
        return scan(after, state.skus().count(), limit, id ->
        {
            items.addObject().put("code", state.skus().code(id)).put("id", id)
                .put("unit", Enums.wire(state.skus().unit(id)));
            return true;
        });
    }

    static long channels(final EngineState state, final int only, final long after, final int limit, final ArrayNode items)
    {
        final java.util.Map<Integer, com.fasterxml.jackson.databind.node.ObjectNode> shown = new java.util.HashMap<>();
        final long next = scan(after, state.channels().count(), limit, id ->
        {
            if (only >= 0 && id != only)
            {
                return false;
            }
            shown.put(id, items.addObject().put("code", state.channels().code(id)).put("id", id)
                .put("holdTtlSeconds", state.channels().holdTtlMillis(id) / 1000));
            return true;
        });
        // One pass over the quota table for the whole page.
        ChannelQuotaReader.addTo(state, shown);
        return next;
    }

    /**
     * Open transfers, optionally from or to one location, in the order of the engine's entries: an
     * open transfer keeps its entry, so the order is stable while the daemon runs (a restart may
     * renumber entries: a cursor is for one run).
     */
    static long transfers(final EngineState state, final int location, final long after, final int limit,
        final ArrayNode items)
    {
        final io.omnistock.core.transfer.TransferBook book = state.transfers();
        final StockLedger ledger = state.ledger();
        return scan(after, book.entryLimit(), limit, e ->
        {
            if (book.openAt(e) < 0 || location >= 0 && ledger.location(book.fromSlot(e)) != location &&
                ledger.location(book.toSlot(e)) != location)
            {
                return false;
            }
            StockRoutes.transfer(state.view(), book.openAt(e), items.addObject());
            return true;
        });
    }

    /** One SKU across locations (of {@code tier}, if given): "stock at stores near me" in one call. */
    static long positionsOfSku(final EngineState state, final int sku, final Tier tier, final Viewer viewer,
        final long after, final int limit, final ArrayNode items)
    {
        final LocationTable l = state.locations();
        return scan(after, l.count(), limit, location -> (tier == null || l.tier(location) == tier) &&
            position(state, state.ledger().find(location, sku), viewer, items));
    }

    static long positionsAt(final EngineState state, final int location, final Viewer viewer, final long after,
        final int limit, final ArrayNode items)
    {
        return scan(after, state.skus().count(), limit, sku ->
            position(state, state.ledger().find(location, sku), viewer, items));
    }

    /** Every position at locations of {@code tier}, in the order they were first touched. */
    static long positionsOfTier(final EngineState state, final Tier tier, final Viewer viewer, final long after,
        final int limit, final ArrayNode items)
    {
        final StockLedger ledger = state.ledger();
        final IntPredicate ofTier = slot -> state.locations().tier(ledger.location(slot)) == tier;
        return scan(after, ledger.size(), limit, slot -> ofTier.test(slot) && position(state, slot, viewer, items));
    }

    /**
     * A channel key sees what it may be promised, not the network's books: the available figure of
     * locations that serve its channel, no on hand, reserved, in transit or safety stock.
     *
     * @return whether an item was added.
     */
    private static boolean position(final EngineState state, final int slot, final Viewer viewer, final ArrayNode items)
    {
        if (slot < 0)
        {
            return false;
        }
        final StockLedger ledger = state.ledger();
        final int location = ledger.location(slot);
        if (viewer.bound() && !state.reserves().servesChannel(location, viewer.channel()))
        {
            return false;
        }
        final ObjectNode p = items.addObject().put("location", state.locations().code(location))
            .put("sku", state.skus().code(ledger.sku(slot)));
        if (!viewer.bound())
        {
            p.put("onHand", ledger.onHand(slot)).put("reserved", ledger.reserved(slot))
                .put("inTransit", ledger.inTransit(slot)).put("safetyStock", ledger.safetyStock(slot));
        }
        p.put("available", ledger.available(slot));
        return true;
    }
}

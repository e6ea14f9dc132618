package io.omnistock.daemon.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnistock.api.OpenTransfer;
import io.omnistock.api.StateView;
import io.omnistock.api.Tier;

/**
 * Pages of what only the engine's state holds (definitions and positions), read through its
 * {@link StateView} on the engine's writer thread between two commands. Each page looks at no more
 * than {@link #MAX_SCAN} ids, so the writer's pause is bounded whatever the filter (docs/daemon.md
 * gives the measured figure); a page that stops at the bound says where to go on. Ids only grow (locations, SKUs, channels and
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

    static long locations(final StateView view, final Tier tier, final long after, final int limit, final ArrayNode items)
    {
        return scan(after, view.locationCount(), limit, id ->
        {
            if (tier != null && view.locationTier(id) != tier)
            {
                return false;
            }
            CatalogRoutes.location(view, id, items.addObject());
            return true;
        });
    }

    static long skus(final StateView view, final long after, final int limit, final ArrayNode items)
    {
        return scan(after, view.skuCount(), limit, id ->
        {
            items.addObject().put("code", view.skuCode(id)).put("id", id).put("unit", Enums.wire(view.skuUnit(id)));
            return true;
        });
    }

    static long channels(final StateView view, final int only, final long after, final int limit, final ArrayNode items)
    {
        final java.util.Map<Integer, ObjectNode> shown = new java.util.HashMap<>();
        final long next = scan(after, view.channelCount(), limit, id ->
        {
            if (only >= 0 && id != only)
            {
                return false;
            }
            shown.put(id, items.addObject().put("code", view.channelCode(id)).put("id", id)
                .put("holdTtlSeconds", view.channelHoldTtlMillis(id) / 1000));
            return true;
        });
        // One pass over the quota table for the whole page.
        ChannelQuotaReader.addTo(view, shown);
        return next;
    }

    /**
     * Open transfers, optionally from or to one location, in the order of the engine's transfer
     * slots: an open transfer keeps its slot, so the order is stable while the daemon runs (a restart
     * may renumber slots: a cursor is for one run).
     */
    static long transfers(final StateView view, final int location, final long after, final int limit,
        final ArrayNode items)
    {
        return scan(after, view.transferSlotCount(), limit, slot ->
        {
            final long transferId = view.transferIdAt(slot);
            if (transferId < 0)
            {
                return false;
            }
            final OpenTransfer t = view.openTransfer(transferId);
            if (location >= 0 && t.fromLocation() != location && t.toLocation() != location)
            {
                return false;
            }
            StockRoutes.transfer(view, transferId, items.addObject());
            return true;
        });
    }

    /** One SKU across locations (of {@code tier}, if given): "stock at stores near me" in one call. */
    static long positionsOfSku(final StateView view, final int sku, final Tier tier, final Viewer viewer,
        final long after, final int limit, final ArrayNode items)
    {
        return scan(after, view.locationCount(), limit, location -> (tier == null || view.locationTier(location) == tier) &&
            position(view, location, sku, viewer, items));
    }

    static long positionsAt(final StateView view, final int location, final Viewer viewer, final long after,
        final int limit, final ArrayNode items)
    {
        return scan(after, view.skuCount(), limit, sku -> position(view, location, sku, viewer, items));
    }

    /** Every position at locations of {@code tier}, in the order they were first touched. */
    static long positionsOfTier(final StateView view, final Tier tier, final Viewer viewer, final long after,
        final int limit, final ArrayNode items)
    {
        return scan(after, view.positionCount(), limit, i -> view.locationTier(view.positionLocation(i)) == tier &&
            position(view, view.positionLocation(i), view.positionSku(i), viewer, items));
    }

    /**
     * A channel key sees what it may be promised, not the network's books: the available figure of
     * locations that serve its channel, no on hand, reserved, in transit or safety stock. A position
     * never stocked is not listed.
     *
     * @return whether an item was added.
     */
    private static boolean position(final StateView view, final int location, final int sku, final Viewer viewer,
        final ArrayNode items)
    {
        if (!view.positionStocked(location, sku) || viewer.bound() && !view.servesChannel(location, viewer.channel()))
        {
            return false;
        }
        final ObjectNode p = items.addObject().put("location", view.locationCode(location)).put("sku", view.skuCode(sku));
        if (!viewer.bound())
        {
            p.put("onHand", view.onHand(location, sku)).put("reserved", view.reserved(location, sku))
                .put("inTransit", view.inTransit(location, sku)).put("safetyStock", view.safetyStock(location, sku));
        }
        p.put("available", view.available(location, sku));
        return true;
    }
}

package io.omnistock.core.replenishment;

import io.omnistock.api.ReplenishmentKind;
import io.omnistock.core.catalog.Geo;
import io.omnistock.core.catalog.LocationTable;
import io.omnistock.core.command.OutputEvents;
import io.omnistock.core.stock.StockLedger;

import static io.omnistock.core.replenishment.ReplenishmentRules.NONE;

/**
 * A supply break: a position ran out and its source needs more than a day. Finds the nearest other
 * location with stock to spare above its own reorder level, so the plans can move it across.
 */
final class LateralSuggestion
{
    private final ReplenishmentEntries entries;
    private final PolicyDefaults defaults;
    private final ReplenishmentRules rules;
    private final StockLedger ledger;
    private final LocationTable locations;

    LateralSuggestion(
        final ReplenishmentEntries entries, final PolicyDefaults defaults, final ReplenishmentRules rules,
        final StockLedger ledger, final LocationTable locations)
    {
        this.entries = entries;
        this.defaults = defaults;
        this.rules = rules;
        this.ledger = ledger;
        this.locations = locations;
    }

    /**
     * Suggests the nearest other location holding the SKU above its own reorder level (not the
     * {@code source} itself), for {@code need} units at most.
     */
    void suggest(final int location, final int source, final int sku, final long need, final OutputEvents events)
    {
        final int lat = locations.latMicros(location);
        final int lon = locations.lonMicros(location);
        final double scale = Geo.longitudeScale(lat);
        int best = -1;
        long bestMeters = Long.MAX_VALUE;
        long bestSurplus = 0;
        for (int i = 0; i < ledger.holderCount(sku); i++)
        {
            final int holder = ledger.holderSlot(sku, i);
            final int other = ledger.location(holder);
            final long reorder = other == location || other == source ? Long.MAX_VALUE : reorderLevelAt(holder, other);
            final long surplus = reorder == Long.MAX_VALUE ? 0 : ledger.available(holder) - Math.max(0, reorder);
            if (surplus <= 0)
            {
                continue;
            }
            final long meters = Geo.distanceMeters(lat, lon, locations.latMicros(other), locations.lonMicros(other),
                scale);
            // Holder lists are in no particular order: (distance, id) decides, a total order.
            if (meters < bestMeters || (meters == bestMeters && other < best))
            {
                best = other;
                bestMeters = meters;
                bestSurplus = surplus;
            }
        }
        if (best >= 0)
        {
            events.addLateralSuggestion(location, sku, best, Math.min(need, bestSurplus));
        }
    }

    /**
     * @return the position's reorder level as last worked out, or its default's before any demand
     *     was seen there; {@link Long#MAX_VALUE} when no policy manages it (nothing known to spare).
     */
    private long reorderLevelAt(final int slot, final int location)
    {
        final int e = entries.entryOf(slot);
        if (e >= 0)
        {
            return entries.data[e * ReplenishmentEntries.STRIDE + ReplenishmentEntries.REORDER_LEVEL];
        }
        final int rule = defaults.ruleFor(location);
        if (rule == NONE)
        {
            return Long.MAX_VALUE;
        }
        return rules.kind(rule) == ReplenishmentKind.MIN_MAX ? rules.reorder(rule) : ReplenishmentEntries.NEVER;
    }
}

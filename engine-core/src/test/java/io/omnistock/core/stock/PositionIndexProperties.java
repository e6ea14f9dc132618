package io.omnistock.core.stock;

import io.omnistock.core.catalog.CatalogListener;
import io.omnistock.core.catalog.LocationTable;
import io.omnistock.core.catalog.SkuCatalog;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ledger's {@link PositionIndex} finds every position it was given and no other, whatever the
 * order positions come in and however often a location's region grows; a network loaded location
 * by location reuses the regions its locations leave behind.
 */
class PositionIndexProperties
{
    private static final CatalogListener NONE = new CatalogListener()
    {
        @Override
        public void locationDefined(final int location)
        {
        }

        @Override
        public void skuDefined(final int sku)
        {
        }
    };

    @Property(tries = 200)
    void findsEveryPositionCreatedAndNoOther(
        @ForAll @Size(max = 3_000) final List<@IntRange(max = 40) Integer> locations,
        @ForAll @Size(max = 3_000) final List<@IntRange(max = 400) Integer> skus,
        @ForAll @IntRange(max = 5_000) final int expectedPositions)
    {
        final StockLedger ledger = ledger(expectedPositions);
        final Map<Long, Integer> model = new HashMap<>();
        final int n = Math.min(locations.size(), skus.size());
        for (int i = 0; i < n; i++)
        {
            final int location = locations.get(i);
            final int sku = skus.get(i);
            final int slot = ledger.findOrCreate(location, sku);
            final Integer known = model.putIfAbsent(key(location, sku), slot);
            assertEquals(known == null ? model.size() - 1 : known, slot, "a new position takes the next slot; a known one keeps its own");
        }
        for (int location = -1; location <= 42; location++)
        {
            for (int sku = -1; sku <= 401; sku++)
            {
                final Integer slot = model.get(key(location, sku));
                assertEquals(slot == null ? -1 : slot, ledger.find(location, sku), location + "/" + sku);
            }
        }
        assertEquals(-1, ledger.find(1 << 20, 0), "a location far past any known");
        assertEquals(model.size(), ledger.size());
    }

    @Test
    void aNetworkLoadedLocationByLocationReusesTheRegionsItsLocationsLeave()
    {
        final int locations = 300;
        final int skus = 1_000;
        final long[] keys = new long[locations * skus];
        final PositionIndex index = new PositionIndex(slot -> keys[slot], 0);
        for (int slot = 0; slot < keys.length; slot++)
        {
            keys[slot] = key(slot / skus, slot % skus);
            assertEquals(-1, index.findOrInsert(keys[slot], slot));
        }
        for (int slot = 0; slot < keys.length; slot++)
        {
            assertEquals(slot, index.find(keys[slot]));
        }
        // 1,000 positions end in a region of 2,048 entries (at most 0.7 full); the smaller ones each
        // location outgrew (16 to 1,024 entries, 2,032 in all) are taken by the next location's
        // growth, so one set of them is left, not one per location: 616,433 entries in use, in an
        // array grown by doubling to 2^20. Without reuse: 1,224,000 entries, in 2^21.
        final long arrayBytes = index.footprintBytes() - 3L * Integer.BYTES * 512;
        assertEquals((1L << 20) * Integer.BYTES, arrayBytes, "entries array, in bytes");
    }

    private static StockLedger ledger(final int expectedPositions)
    {
        return new StockLedger(new LocationTable(NONE), new SkuCatalog(NONE), expectedPositions);
    }

    private static long key(final int location, final int sku)
    {
        return ((long)location << 32) | (sku & 0xFFFF_FFFFL);
    }
}

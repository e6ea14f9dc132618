package io.omnistock.core.catalog;

/**
 * Told of each location and SKU the catalog gains, by a command or from a snapshot, so the
 * domains that size their state by them (the ledger by SKU, replenishment by location) grow
 * without the catalog depending on them.
 */
public interface CatalogListener
{
    void locationDefined(int location);

    void skuDefined(int sku);
}

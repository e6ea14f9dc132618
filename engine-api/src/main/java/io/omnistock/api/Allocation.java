package io.omnistock.api;

/**
 * Stock of one order line held (or proposed) at one location.
 *
 * @param line     0-based order line.
 * @param location location id.
 * @param sku      SKU id.
 * @param quantity quantity held.
 */
public record Allocation(int line, int location, int sku, long quantity)
{
}

package io.omnistock.api;

/**
 * One line of an order: a SKU and a quantity in its base unit.
 *
 * @param sku      SKU id.
 * @param quantity positive quantity.
 */
public record OrderLine(int sku, long quantity)
{
}

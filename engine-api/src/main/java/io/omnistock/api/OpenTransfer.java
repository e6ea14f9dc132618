package io.omnistock.api;

/**
 * A copy of one open transfer, as {@link StateView#openTransfer(long)} found it. The engine keeps
 * open transfers only: a received or cancelled one is gone.
 *
 * @param transferId   the client's id of the transfer.
 * @param fromLocation location id the stock leaves.
 * @param toLocation   location id the stock goes to.
 * @param sku          SKU id.
 * @param quantity     quantity, in the SKU's unit.
 * @param shipped      {@code true} once shipped (in transit), {@code false} while only created.
 * @param etaMillis    expected arrival (engine epoch ms) once shipped; 0 before.
 * @param fromRequest  whether it was made from a replenishment request.
 */
public record OpenTransfer(
    long transferId, int fromLocation, int toLocation, int sku, long quantity, boolean shipped, long etaMillis,
    boolean fromRequest)
{
}

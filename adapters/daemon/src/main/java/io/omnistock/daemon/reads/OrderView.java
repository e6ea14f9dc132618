package io.omnistock.daemon.reads;

/**
 * What a listing's filter may ask of an order: the read model answers it from its compact entries
 * under its lock, so a page builds an {@link OrderRecord} only for the orders it returns.
 */
public interface OrderView
{
    /** @return the engine's order id (channel in the high bits, see OrderIds). */
    long engineId();

    /** @return the journal time of the ROUTE_ORDER that created it. */
    long createdAtMillis();

    /** @return an {@code OrderState} name, or {@code REJECTED}. */
    String state();

    /** @return whether it ever held stock at {@code location}. */
    boolean touches(int location);
}

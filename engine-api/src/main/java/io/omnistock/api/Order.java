package io.omnistock.api;

import java.util.List;

/**
 * An order to route and reserve, for the convenient submission path ({@link Commands#routeOrder}).
 *
 * @param orderId         the client's order id: the key of the hold, unique while the order is open.
 * @param channel         channel id (defined with {@link CommandWriter#defineChannel}).
 * @param type            fulfilment type.
 * @param latMicros       destination latitude, micro-degrees (ignored for PICKUP).
 * @param lonMicros       destination longitude, micro-degrees (ignored for PICKUP).
 * @param pickupLocation  the pickup store for PICKUP (and SCHEDULED pickup), else -1.
 * @param orderValue      order value in minor currency units (for high-value priority).
 * @param promiseAt       epoch ms by which the customer was promised delivery or pickup, or 0.
 * @param flags           {@link #ALLOW_PARTIAL}, {@link #ALLOW_ALTERNATIVE_PICKUP}.
 * @param lines           1 to {@link Limits#MAX_ORDER_LINES} lines, each SKU at most once.
 */
public record Order(
    long orderId, int channel, FulfilmentType type, int latMicros, int lonMicros, int pickupLocation,
    long orderValue, long promiseAt, int flags, List<OrderLine> lines)
{
    /** Reserve what can be reserved when the whole order cannot; the result lists unfilled lines. */
    public static final int ALLOW_PARTIAL = 1;
    /** For PICKUP: another nearby pickup store may serve the order when the named one cannot. */
    public static final int ALLOW_ALTERNATIVE_PICKUP = 1 << 1;
    /** Every defined flag. */
    public static final int ALL_FLAGS = ALLOW_PARTIAL | ALLOW_ALTERNATIVE_PICKUP;

    public Order
    {
        lines = List.copyOf(lines);
    }

    /**
     * Describes this order into a command slot.
     */
    public void writeTo(final long commandId, final CommandWriter writer, final boolean reserve)
    {
        if (reserve)
        {
            writer.routeOrder(commandId, orderId, channel, type, latMicros, lonMicros, pickupLocation, orderValue,
                promiseAt, flags);
        }
        else
        {
            writer.queryPromise(commandId, channel, type, latMicros, lonMicros, pickupLocation, orderValue,
                promiseAt, flags);
        }
        for (final OrderLine line : lines)
        {
            writer.addLine(line.sku(), line.quantity());
        }
    }
}

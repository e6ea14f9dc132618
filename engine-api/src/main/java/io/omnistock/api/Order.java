package io.omnistock.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An order to route and reserve, for the convenient submission path ({@link Commands#routeOrder}).
 * Build one with {@link #builder}, which names each field and says which one is wrong; the record's
 * positional constructor is for code that already holds the engine's units.
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

    /**
     * Copies the lines, so the order does not change with the caller's list.
     *
     * @param orderId        see {@link #orderId()}.
     * @param channel        see {@link #channel()}.
     * @param type           see {@link #type()}.
     * @param latMicros      see {@link #latMicros()}.
     * @param lonMicros      see {@link #lonMicros()}.
     * @param pickupLocation see {@link #pickupLocation()}.
     * @param orderValue     see {@link #orderValue()}.
     * @param promiseAt      see {@link #promiseAt()}.
     * @param flags          see {@link #flags()}.
     * @param lines          see {@link #lines()}.
     */
    public Order
    {
        lines = List.copyOf(lines);
    }

    /**
     * Describes this order into a command slot.
     *
     * @param commandId idempotency key, non-zero.
     * @param writer    the slot's writer.
     * @param reserve   {@code true} for ROUTE_ORDER (route and hold), {@code false} for QUERY_PROMISE (route only).
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

    /**
     * @param orderId the client's order id, non-zero.
     * @param channel the channel id.
     * @param type    how the order is fulfilled.
     * @return a builder for an order of these.
     */
    public static Builder builder(final long orderId, final int channel, final FulfilmentType type)
    {
        return new Builder(orderId, channel, type);
    }

    /**
     * Named, typed setters for an {@link Order}. Each checks what it can check alone and throws an
     * {@link IllegalArgumentException} naming the field; {@link #build()} checks the whole. The engine
     * still validates every order (and answers a {@link ReasonCode}); the builder catches a client's
     * mistakes before they travel.
     */
    public static final class Builder
    {
        private final long orderId;
        private final int channel;
        private final FulfilmentType type;
        private int latMicros;
        private int lonMicros;
        private boolean destinationSet;
        private int pickupLocation = -1;
        private long orderValue;
        private long promiseAt;
        private int flags;
        private final List<OrderLine> lines = new ArrayList<>();

        private Builder(final long orderId, final int channel, final FulfilmentType type)
        {
            if (orderId == 0)
            {
                throw new IllegalArgumentException("orderId: 0 is not an order id");
            }
            if (channel < 0)
            {
                throw new IllegalArgumentException("channel: " + channel + " is not a channel id");
            }
            this.orderId = orderId;
            this.channel = channel;
            this.type = Objects.requireNonNull(type, "type");
        }

        /**
         * Where a delivery goes, in degrees (WGS 84).
         *
         * @param latitude  -90 to 90.
         * @param longitude -180 to 180.
         * @return this.
         */
        public Builder destination(final double latitude, final double longitude)
        {
            if (!(Math.abs(latitude) <= 90.0))
            {
                throw new IllegalArgumentException("destination latitude: " + latitude + " is not within -90..90 degrees");
            }
            if (!(Math.abs(longitude) <= 180.0))
            {
                throw new IllegalArgumentException("destination longitude: " + longitude +
                    " is not within -180..180 degrees");
            }
            latMicros = (int)Math.round(latitude * 1_000_000);
            lonMicros = (int)Math.round(longitude * 1_000_000);
            destinationSet = true;
            return this;
        }

        /**
         * @param location the pickup store (for PICKUP, and SCHEDULED pickup), a location id.
         * @return this.
         */
        public Builder pickupAt(final int location)
        {
            if (location < 0)
            {
                throw new IllegalArgumentException("pickupAt: " + location + " is not a location id");
            }
            pickupLocation = location;
            return this;
        }

        /**
         * @param minorUnits the order's value in minor currency units (fen, cents), for high-value priority.
         * @return this.
         */
        public Builder orderValue(final long minorUnits)
        {
            if (minorUnits < 0)
            {
                throw new IllegalArgumentException("orderValue: " + minorUnits + " is negative");
            }
            orderValue = minorUnits;
            return this;
        }

        /**
         * @param promisedBy when the customer was promised delivery or pickup.
         * @return this.
         */
        public Builder promisedBy(final Instant promisedBy)
        {
            final long millis = promisedBy.toEpochMilli();
            if (millis <= 0)
            {
                throw new IllegalArgumentException("promisedBy: " + promisedBy + " is not after the epoch");
            }
            promiseAt = millis;
            return this;
        }

        /**
         * Reserve what can be reserved when the whole order cannot ({@link #ALLOW_PARTIAL}).
         *
         * @return this.
         */
        public Builder allowPartial()
        {
            flags |= ALLOW_PARTIAL;
            return this;
        }

        /**
         * Another nearby pickup store may serve it ({@link #ALLOW_ALTERNATIVE_PICKUP}).
         *
         * @return this.
         */
        public Builder allowAlternativePickup()
        {
            flags |= ALLOW_ALTERNATIVE_PICKUP;
            return this;
        }

        /**
         * @param sku      a SKU id.
         * @param quantity how many, in the SKU's unit; positive.
         * @return this.
         */
        public Builder line(final int sku, final long quantity)
        {
            if (sku < 0)
            {
                throw new IllegalArgumentException("line " + (lines.size() + 1) + " sku: " + sku + " is not a SKU id");
            }
            if (quantity <= 0)
            {
                throw new IllegalArgumentException("line " + (lines.size() + 1) + " quantity: " + quantity +
                    " is not positive");
            }
            lines.add(new OrderLine(sku, quantity));
            return this;
        }

        /**
         * @return the order.
         * @throws IllegalArgumentException naming what is missing or inconsistent.
         */
        public Order build()
        {
            if (lines.isEmpty())
            {
                throw new IllegalArgumentException("lines: an order needs at least one line");
            }
            if (lines.size() > Limits.MAX_ORDER_LINES)
            {
                throw new IllegalArgumentException("lines: " + lines.size() + " is more than " + Limits.MAX_ORDER_LINES);
            }
            final Set<Integer> skus = new HashSet<>();
            for (final OrderLine line : lines)
            {
                if (!skus.add(line.sku()))
                {
                    throw new IllegalArgumentException("lines: SKU " + line.sku() + " is on more than one line");
                }
            }
            if (type == FulfilmentType.PICKUP && pickupLocation < 0)
            {
                throw new IllegalArgumentException("pickupAt: a PICKUP order needs its pickup store");
            }
            if (type != FulfilmentType.PICKUP && pickupLocation < 0 && !destinationSet)
            {
                throw new IllegalArgumentException("destination: a " + type + " order needs where it goes");
            }
            return new Order(orderId, channel, type, latMicros, lonMicros, pickupLocation, orderValue, promiseAt, flags,
                lines);
        }
    }
}

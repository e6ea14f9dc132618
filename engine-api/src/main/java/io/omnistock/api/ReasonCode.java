package io.omnistock.api;

/**
 * The outcome of a command: {@link #OK} or the specific reason it was rejected. A rejected command
 * changes no stock, and is journaled with its reason like any other. Codes are stable: they are
 * journaled and returned to clients.
 */
public enum ReasonCode
{
    OK(0, "accepted"),

    // Identity and idempotency
    INVALID_COMMAND_ID(100, "command id must be non-zero"),
    DUPLICATE_COMMAND(101, "a command with this id was already processed; see the original reason"),
    INVALID_RESERVATION_ID(102, "reservation id must be non-zero"),
    DUPLICATE_RESERVATION(103, "a reservation with this id is already open"),
    UNKNOWN_RESERVATION(104, "no open reservation has this id"),
    INVALID_ORDER_ID(105, "order id must be non-zero"),
    DUPLICATE_ORDER(106, "an order with this id is already open"),
    UNKNOWN_ORDER(107, "no open order has this id"),

    // References
    UNKNOWN_LOCATION(200, "no location has this id"),
    UNKNOWN_SKU(201, "no SKU has this id"),
    SAME_LOCATION(202, "source and destination must be different locations"),
    UNKNOWN_CHANNEL(203, "no channel has this id"),

    // Definitions
    CODE_EMPTY(300, "code must not be empty"),
    CODE_TOO_LONG(301, "code exceeds the maximum encoded length"),
    CODE_INVALID(310, "code is not valid Unicode text (it contains an unpaired surrogate)"),
    DUPLICATE_LOCATION(302, "a location with this code already exists"),
    DUPLICATE_SKU(303, "a SKU with this code already exists"),
    INVALID_TIER(304, "tier is missing or unknown"),
    INVALID_UNIT(305, "stock unit is missing or unknown"),
    INVALID_COORDINATES(306, "latitude must be within +-90 degrees and longitude within +-180 degrees"),
    INVALID_CAPABILITIES(307, "capabilities contain unknown flags"),
    TOO_MANY_LOCATIONS(308, "the location limit is reached"),
    TOO_MANY_SKUS(309, "the SKU limit is reached"),
    DUPLICATE_CHANNEL(311, "a channel with this code already exists"),
    INVALID_HOLD_TTL(312, "hold time-to-live must be between one second and seven days"),
    TOO_MANY_CHANNELS(313, "the channel limit is reached"),

    // Quantities
    INVALID_QUANTITY(400, "quantity must be positive"),
    NEGATIVE_QUANTITY(401, "quantity must not be negative"),
    ZERO_ADJUSTMENT(402, "an adjustment delta must not be zero"),
    QUANTITY_TOO_LARGE(403, "quantity exceeds the per-command maximum"),
    QUANTITY_OVERFLOW(404, "the resulting position would exceed the per-position maximum"),
    INVALID_ADJUSTMENT_REASON(405, "adjustment reason is missing or unknown"),

    // Stock rules
    INSUFFICIENT_STOCK(500, "not enough available-to-promise stock at this location"),
    RELEASE_EXCEEDS_HELD(501, "quantity exceeds what the reservation holds"),
    ADJUSTMENT_BELOW_RESERVED(502, "adjustment would leave less on hand than is reserved"),
    TRANSFER_EXCEEDS_FREE_STOCK(503, "transfer exceeds on hand not held by reservations"),
    RECEIPT_EXCEEDS_IN_TRANSIT(504, "transfer receipt exceeds the stock in transit to this location"),

    // Orders and routing
    INVALID_FULFILMENT_TYPE(600, "fulfilment type is missing or unknown"),
    NO_LINES(601, "an order needs at least one line"),
    TOO_MANY_LINES(602, "the order has more lines than the engine accepts"),
    DUPLICATE_LINE_SKU(603, "each SKU may appear on one line of an order only"),
    INVALID_DESTINATION(604, "destination latitude or longitude is out of range"),
    PICKUP_STORE_REQUIRED(605, "a pickup order must name a known pickup location"),
    INVALID_ORDER_FLAGS(606, "order flags contain unknown bits"),
    NO_ROUTE(607, "no location, or combination within the policy's split limit, can fill the order"),
    ORDER_NOT_HELD(608, "the order is not an unpaid hold, or its hold has run out"),
    ORDER_NOT_CONFIRMED(609, "only a confirmed (paid) order can be fulfilled"),
    NOTHING_ALLOCATED_HERE(610, "the order holds nothing at this location"),
    INVALID_EXTENSION(611, "extension must be positive and at most seven days"),
    CHANNEL_QUOTA_EXCEEDED(612, "the channel's quota on a SKU of this order would be exceeded"),
    INVALID_QUOTA(613, "quota units must be -1 or non-negative, and percent -1 or 0 to 100"),
    INVALID_LOCATION_SETTINGS(614, "orders per hour must be non-negative, priority 0 to 255, pick time 0 to 10080 minutes"),
    INVALID_POLICY(615, "the routing policy is invalid (missing rule sets or a parameter out of range)"),
    INVALID_PROMISE_TIME(616, "the promise time must be after 1970-01-01T00:00:00Z (epoch milliseconds), or 0 for none"),

    // Replenishment
    INVALID_REPLENISHMENT_POLICY(700, "need 0 <= reorder point < order-up-to, pack size >= 1, minimum order >= 0, lead time 0 to 8760 h, slow-mover days 0 to 3650"),
    NO_OPEN_REQUEST(701, "the position has no open replenishment request"),
    INVALID_TRANSFER_ID(702, "transfer id must be non-zero"),
    DUPLICATE_TRANSFER(703, "a transfer with this id is open"),
    UNKNOWN_TRANSFER(704, "no open transfer has this id"),
    TRANSFER_NOT_CREATED(705, "the transfer has already shipped"),
    TRANSFER_NOT_SHIPPED(706, "the transfer has not shipped yet"),
    INVALID_ETA(707, "the ETA must not be before the transfer ships"),
    DISCREPANCY_REASON_REQUIRED(708, "a short or over receipt needs a reason"),
    INVALID_COVER_DAYS(709, "days of cover need 1 <= reorder days < order-up-to days <= overstock days <= 3650"),
    INVALID_SERVICE_LEVEL(710, "a dynamic policy needs a service level of 5000 to 9999 basis points and 1 to 3650 cycle days"),
    INVALID_DEFAULT_SOURCE(711, "a tier's default policy takes its source from the network or the supplier, not one location"),
    REQUEST_FROM_SUPPLIER(712, "the request's source is the supplier: it is closed by receiving the supplier's goods"),
    REQUEST_ALREADY_TRANSFERRED(713, "the request already has a transfer order that has not shipped"),

    // Engine
    UNKNOWN_COMMAND(900, "command type is missing or unknown"),
    RING_FULL(901, "the command ring is full; retry later"),
    ENGINE_HALTED(902, "the engine halted after a journal failure and accepts no commands"),
    JOURNAL_FAILED(903, "the command was applied but could not be journaled; the engine halted"),
    UNKNOWN_LOGIC_VERSION(904, "this build does not know that logic version"),
    LOGIC_DOWNGRADE(905, "the logic version can only move forward"),
    // Ordinals are part of the journal and snapshot formats (the idempotency window keeps them):
    // new reasons go here, at the end, whatever their group.
    /** Since logic version 2; logic version 1 accepted a negative order value. */
    INVALID_ORDER_VALUE(617, "the order value must not be negative"),
    /**
     * Since logic version 3: a command whose id is in the idempotency window under another
     * request's fingerprint (see {@link CommandWriter#fingerprint}); nothing is applied.
     */
    IDEMPOTENCY_KEY_REUSED(108, "this command id was used for a different request; nothing was applied");

    private static final ReasonCode[] BY_ORDINAL = values();
    private static final ReasonCode[] BY_CODE = new ReasonCode[1000];

    static
    {
        for (final ReasonCode reason : BY_ORDINAL)
        {
            BY_CODE[reason.code] = reason;
        }
    }

    private final int code;
    private final String message;

    ReasonCode(final int code, final String message)
    {
        this.code = code;
        this.message = message;
    }

    /**
     * @return the stable numeric code, for wire formats and logs.
     */
    public int code()
    {
        return code;
    }

    /**
     * @return a human-readable explanation.
     */
    public String message()
    {
        return message;
    }

    /**
     * @return whether this is {@link #OK}.
     */
    public boolean accepted()
    {
        return this == OK;
    }

    /**
     * @param ordinal the ordinal as journaled.
     * @return the reason, or {@code null} if out of range.
     */
    public static ReasonCode fromOrdinal(final int ordinal)
    {
        return ordinal >= 0 && ordinal < BY_ORDINAL.length ? BY_ORDINAL[ordinal] : null;
    }

    /**
     * @param code a numeric code from {@link #code()}.
     * @return the reason, or {@code null} if no reason has this code.
     */
    public static ReasonCode fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}

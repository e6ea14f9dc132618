package io.omnistock.api;

/**
 * The outcome of a command: {@link #OK} or the specific reason it was rejected. A rejected command
 * changes no stock, and is journaled with its reason like any other. Codes are stable: they are
 * journaled and returned to clients.
 */
public enum ReasonCode
{
    /** Code 0: accepted. */
    OK(0, "accepted"),

    // Identity and idempotency
    /** Code 100: command id must be non-zero. */
    INVALID_COMMAND_ID(100, "command id must be non-zero"),
    /** Code 101: a command with this id was already processed; see the original reason. */
    DUPLICATE_COMMAND(101, "a command with this id was already processed; see the original reason"),
    /** Code 102: reservation id must be non-zero. */
    INVALID_RESERVATION_ID(102, "reservation id must be non-zero"),
    /** Code 103: a reservation with this id is already open. */
    DUPLICATE_RESERVATION(103, "a reservation with this id is already open"),
    /** Code 104: no open reservation has this id. */
    UNKNOWN_RESERVATION(104, "no open reservation has this id"),
    /** Code 105: order id must be non-zero. */
    INVALID_ORDER_ID(105, "order id must be non-zero"),
    /** Code 106: an order with this id is already open. */
    DUPLICATE_ORDER(106, "an order with this id is already open"),
    /** Code 107: no open order has this id. */
    UNKNOWN_ORDER(107, "no open order has this id"),

    // References
    /** Code 200: no location has this id. */
    UNKNOWN_LOCATION(200, "no location has this id"),
    /** Code 201: no SKU has this id. */
    UNKNOWN_SKU(201, "no SKU has this id"),
    /** Code 202: source and destination must be different locations. */
    SAME_LOCATION(202, "source and destination must be different locations"),
    /** Code 203: no channel has this id. */
    UNKNOWN_CHANNEL(203, "no channel has this id"),

    // Definitions
    /** Code 300: code must not be empty. */
    CODE_EMPTY(300, "code must not be empty"),
    /** Code 301: code exceeds the maximum encoded length. */
    CODE_TOO_LONG(301, "code exceeds the maximum encoded length"),
    /** Code 310: code is not valid Unicode text (it contains an unpaired surrogate). */
    CODE_INVALID(310, "code is not valid Unicode text (it contains an unpaired surrogate)"),
    /** Code 302: a location with this code already exists. */
    DUPLICATE_LOCATION(302, "a location with this code already exists"),
    /** Code 303: a SKU with this code already exists. */
    DUPLICATE_SKU(303, "a SKU with this code already exists"),
    /** Code 304: tier is missing or unknown. */
    INVALID_TIER(304, "tier is missing or unknown"),
    /** Code 305: stock unit is missing or unknown. */
    INVALID_UNIT(305, "stock unit is missing or unknown"),
    /** Code 306: latitude must be within +-90 degrees and longitude within +-180 degrees. */
    INVALID_COORDINATES(306, "latitude must be within +-90 degrees and longitude within +-180 degrees"),
    /** Code 307: capabilities contain unknown flags. */
    INVALID_CAPABILITIES(307, "capabilities contain unknown flags"),
    /** Code 308: the location limit is reached. */
    TOO_MANY_LOCATIONS(308, "the location limit is reached"),
    /** Code 309: the SKU limit is reached. */
    TOO_MANY_SKUS(309, "the SKU limit is reached"),
    /** Code 311: a channel with this code already exists. */
    DUPLICATE_CHANNEL(311, "a channel with this code already exists"),
    /** Code 312: hold time-to-live must be between one second and seven days. */
    INVALID_HOLD_TTL(312, "hold time-to-live must be between one second and seven days"),
    /** Code 313: the channel limit is reached. */
    TOO_MANY_CHANNELS(313, "the channel limit is reached"),

    // Quantities
    /** Code 400: quantity must be positive. */
    INVALID_QUANTITY(400, "quantity must be positive"),
    /** Code 401: quantity must not be negative. */
    NEGATIVE_QUANTITY(401, "quantity must not be negative"),
    /** Code 402: an adjustment delta must not be zero. */
    ZERO_ADJUSTMENT(402, "an adjustment delta must not be zero"),
    /** Code 403: quantity exceeds the per-command maximum. */
    QUANTITY_TOO_LARGE(403, "quantity exceeds the per-command maximum"),
    /** Code 404: the resulting position would exceed the per-position maximum. */
    QUANTITY_OVERFLOW(404, "the resulting position would exceed the per-position maximum"),
    /** Code 405: adjustment reason is missing or unknown. */
    INVALID_ADJUSTMENT_REASON(405, "adjustment reason is missing or unknown"),

    // Stock rules
    /** Code 500: not enough available-to-promise stock at this location. */
    INSUFFICIENT_STOCK(500, "not enough available-to-promise stock at this location"),
    /** Code 501: quantity exceeds what the reservation holds. */
    RELEASE_EXCEEDS_HELD(501, "quantity exceeds what the reservation holds"),
    /** Code 502: adjustment would leave less on hand than is reserved. */
    ADJUSTMENT_BELOW_RESERVED(502, "adjustment would leave less on hand than is reserved"),
    /** Code 503: transfer exceeds on hand not held by reservations. */
    TRANSFER_EXCEEDS_FREE_STOCK(503, "transfer exceeds on hand not held by reservations"),
    /** Code 504: transfer receipt exceeds the stock in transit to this location. */
    RECEIPT_EXCEEDS_IN_TRANSIT(504, "transfer receipt exceeds the stock in transit to this location"),

    // Orders and routing
    /** Code 600: fulfilment type is missing or unknown. */
    INVALID_FULFILMENT_TYPE(600, "fulfilment type is missing or unknown"),
    /** Code 601: an order needs at least one line. */
    NO_LINES(601, "an order needs at least one line"),
    /** Code 602: the order has more lines than the engine accepts. */
    TOO_MANY_LINES(602, "the order has more lines than the engine accepts"),
    /** Code 603: each SKU may appear on one line of an order only. */
    DUPLICATE_LINE_SKU(603, "each SKU may appear on one line of an order only"),
    /** Code 604: destination latitude or longitude is out of range. */
    INVALID_DESTINATION(604, "destination latitude or longitude is out of range"),
    /** Code 605: a pickup order must name a known pickup location. */
    PICKUP_STORE_REQUIRED(605, "a pickup order must name a known pickup location"),
    /** Code 606: order flags contain unknown bits. */
    INVALID_ORDER_FLAGS(606, "order flags contain unknown bits"),
    /** Code 607: no location, or combination within the policy's split limit, can fill the order. */
    NO_ROUTE(607, "no location, or combination within the policy's split limit, can fill the order"),
    /** Code 608: the order is not an unpaid hold, or its hold has run out. */
    ORDER_NOT_HELD(608, "the order is not an unpaid hold, or its hold has run out"),
    /** Code 609: only a confirmed (paid) order can be fulfilled. */
    ORDER_NOT_CONFIRMED(609, "only a confirmed (paid) order can be fulfilled"),
    /** Code 610: the order holds nothing at this location. */
    NOTHING_ALLOCATED_HERE(610, "the order holds nothing at this location"),
    /** Code 611: extension must be positive and at most seven days. */
    INVALID_EXTENSION(611, "extension must be positive and at most seven days"),
    /** Code 612: the channel's quota on a SKU of this order would be exceeded. */
    CHANNEL_QUOTA_EXCEEDED(612, "the channel's quota on a SKU of this order would be exceeded"),
    /** Code 613: quota units must be -1 or non-negative, and percent -1 or 0 to 100. */
    INVALID_QUOTA(613, "quota units must be -1 or non-negative, and percent -1 or 0 to 100"),
    /** Code 614: orders per hour must be non-negative, priority 0 to 255, pick time 0 to 10080 minutes. */
    INVALID_LOCATION_SETTINGS(614, "orders per hour must be non-negative, priority 0 to 255, pick time 0 to 10080 minutes"),
    /** Code 615: the routing policy is invalid (missing rule sets or a parameter out of range). */
    INVALID_POLICY(615, "the routing policy is invalid (missing rule sets or a parameter out of range)"),
    /** Code 616: the promise time must be after 1970-01-01T00:00:00Z (epoch milliseconds), or 0 for none. */
    INVALID_PROMISE_TIME(616, "the promise time must be after 1970-01-01T00:00:00Z (epoch milliseconds), or 0 for none"),

    // Replenishment
    /** Code 700: need 0 &lt;= reorder point &lt; order-up-to, pack size &gt;= 1, minimum order &gt;= 0, lead time 0 to 8760 h, slow-mover days 0 to 3650. */
    INVALID_REPLENISHMENT_POLICY(700, "need 0 <= reorder point < order-up-to, pack size >= 1, minimum order >= 0, lead time 0 to 8760 h, slow-mover days 0 to 3650"),
    /** Code 701: the position has no open replenishment request. */
    NO_OPEN_REQUEST(701, "the position has no open replenishment request"),
    /** Code 702: transfer id must be non-zero. */
    INVALID_TRANSFER_ID(702, "transfer id must be non-zero"),
    /** Code 703: a transfer with this id is open. */
    DUPLICATE_TRANSFER(703, "a transfer with this id is open"),
    /** Code 704: no open transfer has this id. */
    UNKNOWN_TRANSFER(704, "no open transfer has this id"),
    /** Code 705: the transfer has already shipped. */
    TRANSFER_NOT_CREATED(705, "the transfer has already shipped"),
    /** Code 706: the transfer has not shipped yet. */
    TRANSFER_NOT_SHIPPED(706, "the transfer has not shipped yet"),
    /** Code 707: the ETA must not be before the transfer ships. */
    INVALID_ETA(707, "the ETA must not be before the transfer ships"),
    /** Code 708: a short or over receipt needs a reason. */
    DISCREPANCY_REASON_REQUIRED(708, "a short or over receipt needs a reason"),
    /** Code 709: days of cover need 1 &lt;= reorder days &lt; order-up-to days &lt;= overstock days &lt;= 3650. */
    INVALID_COVER_DAYS(709, "days of cover need 1 <= reorder days < order-up-to days <= overstock days <= 3650"),
    /** Code 710: a dynamic policy needs a service level of 5000 to 9999 basis points and 1 to 3650 cycle days. */
    INVALID_SERVICE_LEVEL(710, "a dynamic policy needs a service level of 5000 to 9999 basis points and 1 to 3650 cycle days"),
    /** Code 711: a tier's default policy takes its source from the network or the supplier, not one location. */
    INVALID_DEFAULT_SOURCE(711, "a tier's default policy takes its source from the network or the supplier, not one location"),
    /** Code 712: the request's source is the supplier: it is closed by receiving the supplier's goods. */
    REQUEST_FROM_SUPPLIER(712, "the request's source is the supplier: it is closed by receiving the supplier's goods"),
    /** Code 713: the request already has a transfer order that has not shipped. */
    REQUEST_ALREADY_TRANSFERRED(713, "the request already has a transfer order that has not shipped"),

    // Engine
    /** Code 900: command type is missing or unknown. */
    UNKNOWN_COMMAND(900, "command type is missing or unknown"),
    /** Code 901: the command ring is full; retry later. */
    RING_FULL(901, "the command ring is full; retry later"),
    /** Code 902: the engine halted after a journal failure and accepts no commands. */
    ENGINE_HALTED(902, "the engine halted after a journal failure and accepts no commands"),
    /** Code 903: the command was applied but could not be journaled; the engine halted. */
    JOURNAL_FAILED(903, "the command was applied but could not be journaled; the engine halted"),
    /** Code 904: this build does not know that logic version. */
    UNKNOWN_LOGIC_VERSION(904, "this build does not know that logic version"),
    /** Code 905: the logic version can only move forward. */
    LOGIC_DOWNGRADE(905, "the logic version can only move forward"),
    // Ordinals are part of the journal and snapshot formats (the idempotency window keeps them):
    // new reasons go here, at the end, whatever their group.
    /** Code 617: the order value must not be negative. Since logic version 2; logic version 1 accepted one. */
    INVALID_ORDER_VALUE(617, "the order value must not be negative"),
    /**
     * Code 108. Since logic version 3: a command whose id is in the idempotency window under another
     * request's fingerprint (see {@link CommandWriter#fingerprint}); nothing is applied.
     */
    IDEMPOTENCY_KEY_REUSED(108, "this command id was used for a different request; nothing was applied"),
    /**
     * Code 906. Answered by the cluster client, never decided by the engine: no cluster leader was reachable
     * within the configured time. The outcome is unknown (a leader that lost its quorum may
     * already have appended the command): retry with the same command id.
     */
    NO_LEADER(906, "no cluster leader within the configured time; outcome unknown, retry with the same command id"),
    /**
     * Code 907. A replicated engine's answer to an ingress message it cannot decode (truncated, oversize, a
     * bad count or version, a record that fails its checksum, a type a client may not send):
     * nothing in the message was applied, on any member.
     */
    MALFORMED_MESSAGE(907, "the message could not be decoded; nothing in it was applied"),
    /**
     * Code 505. A compare-and-set of on hand ({@link CommandWriter#compareAndSetOnHand}) found on hand
     * changed since the caller read it: nothing was applied; the result carries the current on hand.
     */
    ON_HAND_CHANGED(505, "on hand is no longer the value compared against; nothing was applied (the result carries the current on hand)"),
    /**
     * Code 314. A reservation's external reference is longer than
     * {@link Limits#MAX_EXTERNAL_REFERENCE_BYTES} bytes of UTF-8, or not valid Unicode text.
     */
    INVALID_EXTERNAL_REFERENCE(314, "the external reference is at most 128 bytes of UTF-8 and valid Unicode text"),
    /**
     * Code 315. A reservation's metadata is longer than {@link Limits#MAX_METADATA_BYTES} bytes of
     * UTF-8, or not valid Unicode text (over HTTP also: not a JSON object).
     */
    INVALID_METADATA(315, "metadata is a JSON object of at most 1024 bytes of UTF-8"),
    /** Code 800: an API key has (or had: a revoked key's name stays taken) this name. */
    API_KEY_NAME_TAKEN(800, "an API key has, or had, this name; a revoked key's name stays taken"),
    /** Code 801: no API key has this name. */
    UNKNOWN_API_KEY(801, "no API key has this name"),
    /** Code 802: the API key is revoked already. */
    API_KEY_REVOKED(802, "the API key is revoked already"),
    /** Code 803: the key's digest is all zeros, or another key's. */
    INVALID_API_KEY_DIGEST(803, "the key's SHA-256 digest is all zeros, or another key's"),
    /** Code 804: a key needs at least one scope, and only scopes this build knows ({@link ApiKeyScopes}). */
    INVALID_API_KEY_SCOPES(804, "a key needs at least one scope, and only scopes this build knows"),
    /** Code 805: the expiry must be 0 (never) or a time after the command's. */
    INVALID_API_KEY_EXPIRY(805, "the expiry must be 0 (never) or later than now"),
    /** Code 806: a webhook subscription's id must be non-zero. */
    INVALID_WEBHOOK_ID(806, "a webhook subscription's id must be non-zero"),
    /** Code 807: a webhook subscription with this id exists. */
    DUPLICATE_WEBHOOK(807, "a webhook subscription with this id exists"),
    /** Code 808: no webhook subscription has this id. */
    UNKNOWN_WEBHOOK(808, "no webhook subscription has this id"),
    /** Code 809: the URL must be http or https, at most {@link Limits#MAX_WEBHOOK_URL_BYTES} bytes of UTF-8. */
    INVALID_WEBHOOK_URL(809, "the URL must be http:// or https://, at most 2048 bytes of UTF-8"),
    /** Code 810: a subscription needs at least one event kind, and only kinds this build knows. */
    INVALID_WEBHOOK_KINDS(810, "a subscription needs at least one event kind, and only kinds this build knows"),
    /** Code 811: the signing secret must not be all zeros. */
    INVALID_WEBHOOK_SECRET(811, "the signing secret must not be all zeros"),
    /** Code 812: there are {@link Limits#MAX_WEBHOOKS} webhook subscriptions already. */
    TOO_MANY_WEBHOOKS(812, "there are as many webhook subscriptions as the engine keeps"),
    /** Code 813: the delivered position is behind the subscription's recorded one, or past the journal. */
    INVALID_WEBHOOK_CURSOR(813, "the delivered position is behind the recorded one, or past this command"),
    /** Code 820: a unit price or cost must be 0 to {@link Limits#MAX_COMMAND_QUANTITY} minor units. */
    INVALID_PRICE(820, "a unit price or cost must be 0 to 2^40 minor currency units"),
    /** Code 821: a category number must be 0 (none) or positive. */
    INVALID_CATEGORY(821, "a category number must be 0 (none) or positive"),
    /** Code 822: a promotion's id must be non-zero. */
    INVALID_PROMOTION_ID(822, "a promotion's id must be non-zero"),
    /** Code 823: no promotion has this id. */
    UNKNOWN_PROMOTION(823, "no promotion has this id"),
    /** Code 824: a promotion names a SKU or a category (a positive number), not both and not neither. */
    INVALID_PROMOTION_TARGET(824, "a promotion names a SKU or a category, not both and not neither"),
    /** Code 825: a promotion's days must be UTC epoch days from 0 to {@link Limits#MAX_EPOCH_DAY}. */
    INVALID_PROMOTION_DAYS(825, "a promotion's days must be UTC epoch days from 0 (1970-01-01) to 2932896 (9999-12-31)"),
    /** Code 826: a promotion's end day is before its start day. */
    PROMOTION_END_BEFORE_START(826, "the promotion's end day is before its start day"),
    /** Code 827: a promotion's uplift must not be negative. */
    NEGATIVE_UPLIFT(827, "a promotion's uplift must be 0 or more basis points"),
    /** Code 828: a promotion's uplift is above {@link Limits#MAX_UPLIFT_BASIS_POINTS}. */
    UPLIFT_TOO_LARGE(828, "a promotion's uplift must be at most 1,000,000 basis points (100 times)"),
    /** Code 829: there are {@link Limits#MAX_PROMOTIONS} promotions already. */
    TOO_MANY_PROMOTIONS(829, "there are as many promotions as the engine keeps"),
    /** Code 830: an override's demand must be -1 or 0 and more, its levels 0 to max with min at most max. */
    INVALID_FORECAST_OVERRIDE(830, "an override's daily demand must be -1 (none) or 0 and more, and 0 <= minLevel <= maxLevel"),
    /** Code 831: an override must expire after the command. */
    INVALID_OVERRIDE_EXPIRY(831, "an override must expire after the command's time"),
    /** Code 832: a sale's amount must be 0 to {@link Limits#MAX_COMMAND_QUANTITY} minor units. */
    INVALID_SALE_AMOUNT(832, "a sale's amount must be 0 to 2^40 minor currency units"),
    /**
     * Code 908. A replicated engine's answer to an ingress message holding a command newer than the cluster's
     * logic version: the replicated state is at an older logic version than the command's
     * {@link CommandType#firstLogicVersion()}. Nothing in the message was applied, on any member; the
     * members log the command and both versions. Raise the logic version ({@code UPGRADE_LOGIC}) once
     * every member runs a build that knows the command, then send it again.
     */
    LOGIC_TOO_OLD_FOR_COMMAND(908, "the cluster's logic version is older than the first one that accepts this command; " +
        "nothing in the message was applied (raise the logic version once every member runs a build that knows it)");

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

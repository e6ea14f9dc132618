package io.omnistock.api;

/**
 * Hard limits the engine enforces. Exceeding one gets a specific {@link ReasonCode}, never a clamp.
 */
public final class Limits
{
    /** Maximum UTF-8 encoded length of a location or SKU code, in bytes. */
    public static final int MAX_CODE_BYTES = 64;

    /**
     * Maximum UTF-8 encoded length of a stand-alone reservation's external reference, in bytes. A
     * constant, not a setting: the engine decides by it, and replay must decide the same.
     */
    public static final int MAX_EXTERNAL_REFERENCE_BYTES = 128;

    /**
     * Maximum UTF-8 encoded length of a stand-alone reservation's metadata, in bytes (1 KiB): it is
     * journaled with the reservation, so it is kept small. A constant for the same reason as
     * {@link #MAX_EXTERNAL_REFERENCE_BYTES}.
     */
    public static final int MAX_METADATA_BYTES = 1024;

    /** Most bytes of UTF-8 in a webhook subscription's URL. */
    public static final int MAX_WEBHOOK_URL_BYTES = 2048;

    /** Most webhook subscriptions. */
    public static final int MAX_WEBHOOKS = 1024;

    /** Most promotions in the calendar (issue 23): the forecast job reads them all for every run. */
    public static final int MAX_PROMOTIONS = 65_536;

    /** Highest promotion uplift, in basis points: 100 times the demand without it. */
    public static final long MAX_UPLIFT_BASIS_POINTS = 1_000_000;

    /** Highest UTC epoch day a promotion may name: 9999-12-31. */
    public static final int MAX_EPOCH_DAY = 2_932_896;

    /** Maximum quantity in one command, in the SKU's base unit (2^40, about 1.1 x 10^12). */
    public static final long MAX_COMMAND_QUANTITY = 1L << 40;

    /**
     * Maximum magnitude of any quantity field of one position (2^46, about 7 x 10^13). With at
     * most {@link #MAX_LOCATIONS} locations, per-SKU network sums cannot overflow a {@code long}.
     */
    public static final long MAX_POSITION_QUANTITY = 1L << 46;

    /** Maximum number of locations in one engine. */
    public static final int MAX_LOCATIONS = 1 << 16;

    /** Maximum number of SKUs in one engine. */
    public static final int MAX_SKUS = 1 << 26;

    /** Coordinates are fixed-point micro-degrees: 31.230416 degrees is 31230416. */
    public static final int MAX_LATITUDE_MICROS = 90_000_000;

    /** See {@link #MAX_LATITUDE_MICROS}. */
    public static final int MAX_LONGITUDE_MICROS = 180_000_000;

    /** Maximum lines in one order. */
    public static final int MAX_ORDER_LINES = 64;

    /** Longest hold time-to-live and hold extension: seven days. */
    public static final long MAX_HOLD_MILLIS = 7L * 24 * 60 * 60 * 1000;

    /** Shortest hold time-to-live: one second. */
    public static final long MIN_HOLD_MILLIS = 1000;

    /** Maximum number of channels in one engine. */
    public static final int MAX_CHANNELS = 1 << 12;

    /** Most locations one order may be split across under any policy. */
    public static final int MAX_SPLITS = 4;

    /** Most qualifying locations a rule set may consider. */
    public static final int MAX_ROUTING_CANDIDATES = 256;

    /** Most rule sets per fulfilment type. */
    public static final int MAX_RULE_SETS = 8;

    /** Highest configurable location priority (0 is the most preferred). */
    public static final int MAX_NODE_PRIORITY = 255;

    private Limits()
    {
    }
}

package io.omnistock.api;

/**
 * Bit flags for what a location can do. Combine with {@code |}; the engine rejects unknown bits.
 */
public final class Capabilities
{
    /** Ships regular parcels (1-3 days). */
    public static final int SHIPS_PARCELS = 1;
    /** Hands orders to instant-delivery couriers (within 30 minutes). */
    public static final int INSTANT_DELIVERY = 1 << 1;
    /** Customers collect orders here (by QR or verification code). */
    public static final int PICKUP = 1 << 2;
    /** Sells over the counter through POS or self-checkout. */
    public static final int OVER_THE_COUNTER = 1 << 3;

    /** Every defined flag. */
    public static final int ALL = SHIPS_PARCELS | INSTANT_DELIVERY | PICKUP | OVER_THE_COUNTER;

    private Capabilities()
    {
    }

    /**
     * @param capabilities a set of flags.
     * @param flag         the flag to test.
     * @return whether every bit of {@code flag} is set.
     */
    public static boolean has(final int capabilities, final int flag)
    {
        return (capabilities & flag) == flag;
    }
}

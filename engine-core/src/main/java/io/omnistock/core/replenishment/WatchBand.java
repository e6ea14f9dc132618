package io.omnistock.core.replenishment;

/**
 * The encoding of a position's <em>watch</em>, the word a quiet check leaves in the ledger (see
 * {@link Replenishment}): a tag (bits 0-5), the lowest quiet projected stock (6-18) and the highest
 * quiet on hand (19-31). A level is a 13-bit floating-point code, an 8-bit mantissa shifted by a
 * 5-bit exponent, rounded inward so the band is never wider than the truth.
 */
final class WatchBand
{
    static final int TAG_MASK = (1 << 6) - 1;
    private static final int LEVEL_MASK = (1 << 13) - 1;
    private static final int LOW_EDGE_SHIFT = 6;
    private static final int HIGH_EDGE_SHIFT = 19;
    /** The top code means no limit. */
    private static final int NO_LIMIT = LEVEL_MASK;
    private static final int LARGEST_CODE = 31 << 8 | 254;
    private static final long LARGEST_CODED = 254L << 31;

    private WatchBand()
    {
    }

    /** @return the watch for these levels under {@code tag}, or 0 when a level is beyond the codes. */
    static int encode(final int tag, final long reorderLevel, final long overLevel)
    {
        if (reorderLevel >= LARGEST_CODED || overLevel < 0)
        {
            return 0;
        }
        return tag | levelAtLeast(Math.max(0, reorderLevel + 1)) << LOW_EDGE_SHIFT |
            levelAtMost(overLevel) << HIGH_EDGE_SHIFT;
    }

    /** @return whether the quantities sit inside the watch's band: a full check would change nothing. */
    static boolean inside(final int watch, final long available, final long inTransit, final long onHand)
    {
        return available > 0 &&
            available + inTransit >= level((watch >>> LOW_EDGE_SHIFT) & LEVEL_MASK) &&
            onHand <= level(watch >>> HIGH_EDGE_SHIFT);
    }

    /** @return the code of the smallest level at least {@code units} (0 to {@link #LARGEST_CODED}). */
    static int levelAtLeast(final long units)
    {
        int exponent = Math.max(0, Long.SIZE - Long.numberOfLeadingZeros(units) - 8);
        long mantissa = (units + (1L << exponent) - 1) >>> exponent;
        if (mantissa > 0xFF)
        {
            // Rounding up carried into a ninth bit: 256 << e is 128 << (e + 1).
            mantissa >>>= 1;
            exponent++;
        }
        return exponent << 8 | (int)mantissa;
    }

    /** @return the code of the largest level at most {@code units} (at least 0); {@link Long#MAX_VALUE} is no limit. */
    static int levelAtMost(final long units)
    {
        if (units == Long.MAX_VALUE)
        {
            return NO_LIMIT;
        }
        if (units >= LARGEST_CODED)
        {
            return LARGEST_CODE;
        }
        final int exponent = Math.max(0, Long.SIZE - Long.numberOfLeadingZeros(units) - 8);
        return exponent << 8 | (int)(units >>> exponent);
    }

    static long level(final int code)
    {
        return code == NO_LIMIT ? Long.MAX_VALUE : (long)(code & 0xFF) << (code >>> 8);
    }
}

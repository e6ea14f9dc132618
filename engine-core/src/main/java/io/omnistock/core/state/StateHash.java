package io.omnistock.core.state;

/**
 * 64-bit mixing for state checksums. Collections are hashed as a sum of per-element hashes so the
 * checksum depends on what the state holds, not on internal layout (hash-table order differs
 * between a live engine and one restored from a snapshot, while the state is the same).
 */
public final class StateHash
{
    private StateHash()
    {
    }

    /** SplitMix64's finaliser: a fast bijective mix with full avalanche. */
    public static long mix(long z)
    {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Order-dependent combination of an element's fields. */
    public static long combine(final long hash, final long value)
    {
        return mix(hash * 31 + value);
    }
}

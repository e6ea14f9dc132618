package io.omnistock.api;

/**
 * A 64-bit hash whose values are part of omnistock's persisted data, so they never change from one
 * release to the next: the engine's state checksums (a live engine, one restored from a snapshot
 * and one replayed from the journal compare them) are sums of it, and ids derived with it are
 * journaled (the daemon's forecast job submits its commands under ids {@link #combine combined}
 * from the journal prefix it planned from, so a repeated plan is answered as a duplicate). Public
 * so that code outside the engine derives such values with the same function instead of a copy;
 * changing it would break the checksums and ids already written.
 *
 * <p>Not cryptographic: it spreads values, it does not hide them.
 */
public final class StableHash
{
    private StableHash()
    {
    }

    /**
     * SplitMix64's finaliser (Steele, Lea and Flood, 2014): a bijective mix of a long with full
     * avalanche; {@code mix(0)} is 0.
     *
     * @param z the value to mix.
     * @return its mix.
     */
    public static long mix(long z)
    {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Order-dependent combination: {@code mix(hash * 31 + value)}, in long arithmetic (overflow
     * wraps). Fold a tuple's fields in one by one: {@code combine(combine(tag, a), b)}.
     *
     * @param hash  the hash so far (a tag to start with).
     * @param value the next field.
     * @return the hash with the field folded in.
     */
    public static long combine(final long hash, final long value)
    {
        return mix(hash * 31 + value);
    }
}

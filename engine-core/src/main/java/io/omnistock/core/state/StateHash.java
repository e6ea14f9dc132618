package io.omnistock.core.state;

import io.omnistock.api.StableHash;

/**
 * 64-bit mixing for state checksums. Collections are hashed as a sum of per-element hashes so the
 * checksum depends on what the state holds, not on internal layout (hash-table order differs
 * between a live engine and one restored from a snapshot, while the state is the same). The
 * function is engine-api's {@link StableHash}, whose values never change (checksums are compared
 * across snapshots and replays); this class keeps the state's many callers' name for it.
 */
public final class StateHash
{
    private StateHash()
    {
    }

    /** {@link StableHash#mix}. */
    public static long mix(final long z)
    {
        return StableHash.mix(z);
    }

    /** Order-dependent combination of an element's fields: {@link StableHash#combine}. */
    public static long combine(final long hash, final long value)
    {
        return StableHash.combine(hash, value);
    }
}

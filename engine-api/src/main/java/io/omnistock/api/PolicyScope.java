package io.omnistock.api;

/**
 * What a {@link CommandType#SET_REPLENISHMENT_RULE} sets a policy for, as its journaled
 * {@code policyScope} field carries it (one byte of the record: these values are part of the journal
 * format and never change). The writers {@link CommandWriter#setPositionPolicy},
 * {@link CommandWriter#setLocationPolicy} and {@link CommandWriter#setTierPolicy} choose it; a
 * journal reader (the daemon's forecast job) reads it back to tell the three apart. The engine
 * refuses any other value with {@link ReasonCode#INVALID_REPLENISHMENT_POLICY}.
 */
public final class PolicyScope
{
    /** A position's own policy: the record's location and SKU. */
    public static final int POSITION = 0;
    /** The default of every position at the record's location without a policy of its own. */
    public static final int LOCATION = 1;
    /** The default of every position in the record's tier without a position or location policy. */
    public static final int TIER = 2;

    private PolicyScope()
    {
    }
}

package io.omnistock.api;

/**
 * Bit flags for what an API key may do, as {@link CommandType#PUT_API_KEY} carries them. Combine
 * with {@code |}; the engine rejects a key with none, or with a bit this build does not know. The
 * daemon's scopes of the same names (docs/daemon.md, "API keys").
 */
public final class ApiKeyScopes
{
    /** Route, reserve, query and manage the key's own channel's orders; promise queries. */
    public static final int ORDERS = 1;
    /** Read availability and positions. */
    public static final int AVAILABILITY = 1 << 1;
    /** Stock movements, bulk loads, transfers, POS ingest and count sessions. */
    public static final int STOCK = 1 << 2;
    /** Read replenishment requests and alerts; cancel requests. */
    public static final int REPLENISHMENT = 1 << 3;
    /** Subscribe to the event streams. */
    public static final int EVENTS = 1 << 4;
    /** Definitions, policies, API keys, snapshots; and any channel's orders. */
    public static final int ADMIN = 1 << 5;

    /** Every defined flag. */
    public static final int ALL = ORDERS | AVAILABILITY | STOCK | REPLENISHMENT | EVENTS | ADMIN;

    private ApiKeyScopes()
    {
    }
}

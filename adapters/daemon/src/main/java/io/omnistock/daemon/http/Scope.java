package io.omnistock.daemon.http;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What an API key may do. A channel-bound key acts for its channel only. */
public enum Scope
{
    /** Route, reserve, query and manage the key's own channel's orders; promise queries. */
    ORDERS,
    /** Read availability and positions. */
    AVAILABILITY,
    /** Stock movements, bulk loads, transfers, POS ingest and count sessions. */
    STOCK,
    /** Read replenishment requests and alerts; cancel requests. */
    REPLENISHMENT,
    /** Subscribe to the event streams. */
    EVENTS,
    /** Definitions, policies, API keys, snapshots; and any channel's orders. */
    ADMIN;

    public String wireName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the bad scope. */
    public static Set<Scope> parse(final Iterable<String> names)
    {
        final Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (final String name : names)
        {
            try
            {
                // The rule of every enum-like field (Enums): case aside, the name exactly; "orders " is not one.
                scopes.add(valueOf(Enums.constant(name)));
            }
            catch (final IllegalArgumentException e)
            {
                throw new IllegalArgumentException("unknown scope '" + name + "'; scopes are orders, availability, " +
                    "stock, replenishment, events, admin");
            }
        }
        return scopes;
    }
}

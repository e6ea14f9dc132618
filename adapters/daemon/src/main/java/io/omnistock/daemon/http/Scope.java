package io.omnistock.daemon.http;

import io.omnistock.api.ApiKeyScopes;

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

    /** @return this scope's bit in a replicated key ({@link io.omnistock.api.ApiKeyScopes}). */
    public int bit()
    {
        return switch (this)
        {
            case ORDERS -> ApiKeyScopes.ORDERS;
            case AVAILABILITY -> ApiKeyScopes.AVAILABILITY;
            case STOCK -> ApiKeyScopes.STOCK;
            case REPLENISHMENT -> ApiKeyScopes.REPLENISHMENT;
            case EVENTS -> ApiKeyScopes.EVENTS;
            case ADMIN -> ApiKeyScopes.ADMIN;
        };
    }

    /** @return the bits of {@code scopes}. */
    public static int bits(final Set<Scope> scopes)
    {
        int bits = 0;
        for (final Scope s : scopes)
        {
            bits |= s.bit();
        }
        return bits;
    }

    /** @return the scopes of {@code bits}. */
    public static Set<Scope> ofBits(final int bits)
    {
        final Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (final Scope s : values())
        {
            if ((bits & s.bit()) != 0)
            {
                scopes.add(s);
            }
        }
        return scopes;
    }

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

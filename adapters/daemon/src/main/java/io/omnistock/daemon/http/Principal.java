package io.omnistock.daemon.http;

import java.util.Set;

/**
 * Who is calling: an API key's name, its scopes and, for a channel key, the channel it acts for.
 *
 * @param name    the key's name (never the key itself).
 * @param channel the channel code, or null for a key bound to no channel.
 * @param scopes  what it may do.
 * @param expiresAtMillis when the key stops working (epoch ms), or 0 for never.
 */
public record Principal(String name, String channel, Set<Scope> scopes, long expiresAtMillis)
{
    public Principal
    {
        scopes = Set.copyOf(scopes);
    }

    /** A key that never expires. */
    public Principal(final String name, final String channel, final Set<Scope> scopes)
    {
        this(name, channel, scopes, 0);
    }

    /**
     * @return whether the key is expired at {@code nowMillis}: the daemon's wall clock at the
     *     request, as any authentication's; the cluster decided only whether the expiry was valid.
     */
    public boolean expired(final long nowMillis)
    {
        return expiresAtMillis != 0 && nowMillis >= expiresAtMillis;
    }

    /**
     * The scopes a key bound to a channel may use: its channel's orders, reservations, availability
     * and events. The network's stock (movements, transfers, counts), replenishment and
     * administration are for keys bound to no channel (docs/daemon.md, "What a channel key sees"):
     * a channel key given more, in a keys file written by hand, does not get it.
     */
    public static final Set<Scope> CHANNEL_SCOPES = Set.of(Scope.ORDERS, Scope.AVAILABILITY, Scope.EVENTS);

    public boolean has(final Scope scope)
    {
        if (channel != null && !CHANNEL_SCOPES.contains(scope))
        {
            return false;
        }
        return scopes.contains(scope) || scopes.contains(Scope.ADMIN);
    }

    public void require(final Scope scope)
    {
        if (!has(scope) && channel != null && scopes.contains(scope))
        {
            throw new ApiError(403, "FORBIDDEN", "the API key '" + name + "' is bound to channel '" + channel +
                "': the '" + scope.wireName() + "' scope is for keys bound to no channel");
        }
        if (!has(scope))
        {
            throw new ApiError(403, "FORBIDDEN", "the API key '" + name + "' lacks the '" + scope.wireName() +
                "' scope");
        }
    }
}

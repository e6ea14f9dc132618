package io.omnistock.daemon.http;

import java.util.Set;

/**
 * Who is calling: an API key's name, its scopes and, for a channel key, the channel it acts for.
 *
 * @param name    the key's name (never the key itself).
 * @param channel the channel code, or null for a key bound to no channel.
 * @param scopes  what it may do.
 */
public record Principal(String name, String channel, Set<Scope> scopes)
{
    public Principal
    {
        scopes = Set.copyOf(scopes);
    }

    public boolean has(final Scope scope)
    {
        return scopes.contains(scope) || scopes.contains(Scope.ADMIN);
    }

    public void require(final Scope scope)
    {
        if (!has(scope))
        {
            throw new ApiError(403, "FORBIDDEN", "the API key '" + name + "' lacks the '" + scope.wireName() +
                "' scope");
        }
    }
}

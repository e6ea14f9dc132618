package io.omnistock.core.apikey;

import io.omnistock.api.ApiKeyScopes;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.catalog.CatalogHandlers;
import io.omnistock.core.catalog.ChannelTable;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.state.ApiKeyCommands;

import static io.omnistock.api.ReasonCode.*;

/**
 * {@code PUT_API_KEY} and {@code REVOKE_API_KEY}: decided from the command and the state alone,
 * like every command, so every member of a cluster keeps the same keys.
 */
public final class ApiKeyHandlers implements ApiKeyCommands
{
    private final ApiKeyTable keys;
    private final ChannelTable channels;
    private final CatalogHandlers catalog;

    public ApiKeyHandlers(final ApiKeyTable keys, final ChannelTable channels, final CatalogHandlers catalog)
    {
        this.keys = keys;
        this.channels = channels;
        this.catalog = catalog;
    }

    /** The digest's words travel in reservationId, orderId, orderUpTo and packSize; scopes in capabilities. */
    public ReasonCode putApiKey(final CommandSlot c)
    {
        // A key's name is a code: the same text rules as a location's or channel's.
        final ReasonCode codeCheck = catalog.checkCode(c.code);
        if (codeCheck != OK)
        {
            return codeCheck;
        }
        if (keys.byName(c.code) != null)
        {
            return API_KEY_NAME_TAKEN;
        }
        final ApiKeyTable.Digest digest = new ApiKeyTable.Digest(c.reservationId, c.orderId, c.orderUpTo, c.packSize);
        // Another key's digest, even a revoked one's, would let one text act under two names, or bring a revoked key back.
        if (digest.zero() || keys.byDigest(digest) != null)
        {
            return INVALID_API_KEY_DIGEST;
        }
        if (c.capabilities == 0 || (c.capabilities & ~ApiKeyScopes.ALL) != 0)
        {
            return INVALID_API_KEY_SCOPES;
        }
        if (c.channel != -1 && (c.channel < 0 || c.channel >= channels.count()))
        {
            return UNKNOWN_CHANNEL;
        }
        if (c.quantity != 0 && c.quantity <= c.timestamp)
        {
            return INVALID_API_KEY_EXPIRY;
        }
        keys.put(new ApiKeyTable.ApiKey(c.code, digest, c.capabilities, c.channel, c.quantity, false));
        return OK;
    }

    public ReasonCode revokeApiKey(final CommandSlot c)
    {
        final ApiKeyTable.ApiKey key = c.code == null ? null : keys.byName(c.code);
        if (key == null)
        {
            return UNKNOWN_API_KEY;
        }
        if (key.revoked())
        {
            return API_KEY_REVOKED;
        }
        keys.put(new ApiKeyTable.ApiKey(key.name(), key.digest(), key.scopes(), key.channel(), key.expiresAtMillis(), true));
        return OK;
    }
}

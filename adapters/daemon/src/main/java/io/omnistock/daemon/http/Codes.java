package io.omnistock.daemon.http;

import io.omnistock.api.InventoryEngine;
import io.omnistock.api.ReasonCode;

/** Location, SKU and channel codes to engine ids; an unknown code is a 404 naming it. */
public final class Codes
{
    private final InventoryEngine engine;

    public Codes(final InventoryEngine engine)
    {
        this.engine = engine;
    }

    public int location(final String code, final String field)
    {
        final int id = engine.locationId(Fields.requiredText(code, field));
        if (id < 0)
        {
            throw ApiError.of(ReasonCode.UNKNOWN_LOCATION, "'" + code + "'");
        }
        return id;
    }

    public int sku(final String code, final String field)
    {
        final int id = engine.skuId(Fields.requiredText(code, field));
        if (id < 0)
        {
            throw ApiError.of(ReasonCode.UNKNOWN_SKU, "'" + code + "'");
        }
        return id;
    }

    public int channel(final String code, final String field)
    {
        final int id = engine.channelId(Fields.requiredText(code, field));
        if (id < 0)
        {
            throw ApiError.of(ReasonCode.UNKNOWN_CHANNEL, "'" + code + "'");
        }
        return id;
    }

    /**
     * The channel a call acts for: a channel key's own; a key bound to no channel (admin) names one.
     */
    public int actingChannel(final Principal principal, final String requested)
    {
        if (principal.channel() != null)
        {
            if (requested != null && !requested.equals(principal.channel()))
            {
                throw new ApiError(403, "FORBIDDEN", "the API key '" + principal.name() + "' acts for channel '" +
                    principal.channel() + "' only");
            }
            return channel(principal.channel(), "channel");
        }
        if (requested == null)
        {
            throw ApiError.badRequest("MISSING_FIELD", "'channel' is required with a key bound to no channel");
        }
        return channel(requested, "channel");
    }
}

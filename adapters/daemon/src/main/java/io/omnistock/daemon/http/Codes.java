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
        return known(engine.locationId(Fields.requiredText(code, field)), ReasonCode.UNKNOWN_LOCATION, code);
    }

    public int sku(final String code, final String field)
    {
        return known(engine.skuId(Fields.requiredText(code, field)), ReasonCode.UNKNOWN_SKU, code);
    }

    public int channel(final String code, final String field)
    {
        return known(engine.channelId(Fields.requiredText(code, field)), ReasonCode.UNKNOWN_CHANNEL, code);
    }

    private static int known(final int id, final ReasonCode unknown, final String code)
    {
        if (id < 0)
        {
            throw ApiError.of(unknown, "'" + code + "'");
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

    /**
     * The channel whose view of availability a call gets: a channel key's own; a key bound to no
     * channel may name one, or gets the network's (-1).
     */
    public int viewingChannel(final Principal principal, final String requested)
    {
        if (principal.channel() == null && requested == null)
        {
            return -1;
        }
        return actingChannel(principal, requested);
    }
}

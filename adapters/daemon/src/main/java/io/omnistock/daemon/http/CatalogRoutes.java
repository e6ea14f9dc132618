package io.omnistock.daemon.http;

import io.omnistock.api.Capabilities;
import io.omnistock.api.Commands;
import io.omnistock.api.Limits;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;

import java.util.List;

/** Locations, SKUs and channels: the network the engine serves (admin scope). */
public final class CatalogRoutes
{
    private final Writes writes;

    public CatalogRoutes(final Writes writes)
    {
        this.writes = writes;
    }

    public void register(final HttpApi api)
    {
        api.route("POST", "/v1/locations", Scope.ADMIN, call ->
        {
            final Bodies.DefineLocation b = call.json(Bodies.DefineLocation.class);
            final Tier tier = Enums.parse(Tier.class, b.tier(), "tier", ReasonCode.INVALID_TIER);
            final int lat = Fields.micros(Fields.required(b.lat(), "lat"), "lat");
            final int lon = Fields.micros(Fields.required(b.lon(), "lon"), "lon");
            final int capabilities = capabilities(b.capabilities());
            return writes.command(call, id -> Commands.defineLocation(id, b.code(), tier, lat, lon, capabilities));
        });
        api.route("POST", "/v1/skus", Scope.ADMIN, call ->
        {
            final Bodies.DefineSku b = call.json(Bodies.DefineSku.class);
            final StockUnit unit = b.unit() == null ? StockUnit.PIECE :
                Enums.parse(StockUnit.class, b.unit(), "unit", ReasonCode.INVALID_UNIT);
            return writes.command(call, id -> Commands.defineSku(id, b.code(), unit));
        });
        api.route("POST", "/v1/channels", Scope.ADMIN, call ->
        {
            final Bodies.DefineChannel b = call.json(Bodies.DefineChannel.class);
            final long ttlSeconds = Fields.required(b.holdTtlSeconds(), "holdTtlSeconds");
            if (ttlSeconds < 0 || ttlSeconds > Limits.MAX_HOLD_MILLIS / 1000)
            {
                throw ApiError.of(ReasonCode.INVALID_HOLD_TTL, "holdTtlSeconds " + ttlSeconds);
            }
            return writes.command(call, id -> Commands.defineChannel(id, b.code(), ttlSeconds * 1000));
        });
    }

    /** Capability names; none given means all four. */
    private static int capabilities(final List<String> names)
    {
        if (names == null)
        {
            return Capabilities.ALL;
        }
        int flags = 0;
        for (final String name : names)
        {
            flags |= switch (name == null ? "" : name)
            {
                case "ships-parcels" -> Capabilities.SHIPS_PARCELS;
                case "instant-delivery" -> Capabilities.INSTANT_DELIVERY;
                case "pickup" -> Capabilities.PICKUP;
                case "over-the-counter" -> Capabilities.OVER_THE_COUNTER;
                default -> throw ApiError.of(ReasonCode.INVALID_CAPABILITIES, "'" + name + "'; capabilities are " +
                    "ships-parcels, instant-delivery, pickup, over-the-counter");
            };
        }
        return flags;
    }
}

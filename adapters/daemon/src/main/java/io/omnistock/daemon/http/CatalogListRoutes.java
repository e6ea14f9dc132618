package io.omnistock.daemon.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnistock.api.StateView;
import io.omnistock.api.Tier;

/**
 * {@code GET /v1/locations}, {@code /v1/skus}, {@code /v1/channels}, {@code /v1/positions} and
 * {@code /v1/transfers}:
 * cursor pages over the engine's state, each a bounded read on the writer ({@link EnginePages}).
 */
public final class CatalogListRoutes
{
    private final Codes codes;
    private final StateReader engine;

    public CatalogListRoutes(final Codes codes, final StateReader engine)
    {
        this.codes = codes;
        this.engine = engine;
    }

    /** A page's work on the engine's state view: fills the items, returns where to go on (-1: the end). */
    @FunctionalInterface
    private interface PageRead
    {
        long read(StateView view, long after, int limit, ArrayNode items);
    }

    public void register(final HttpApi api)
    {
        api.route("GET", "/v1/locations", Scope.AVAILABILITY, call ->
        {
            final Tier tier = tier(call);
            return page(call, "locations", "tier=" + tier, (s, after, limit, items) ->
                EnginePages.locations(s, tier, after, limit, items));
        });
        api.route("GET", "/v1/skus", Scope.AVAILABILITY, call -> page(call, "skus", "", EnginePages::skus));
        api.route("GET", "/v1/channels", Scope.AVAILABILITY, call ->
        {
            // A channel key lists its own channel only, as it reads its own only.
            final int only = call.principal().channel() == null ? -1 : codes.actingChannel(call.principal(), null);
            return page(call, "channels", "only=" + only, (s, after, limit, items) ->
                EnginePages.channels(s, only, after, limit, items));
        });
        api.route("GET", "/v1/transfers", Scope.STOCK, call ->
        {
            final String locationText = call.query("location");
            final int location = locationText == null ? -1 : codes.location(locationText, "location");
            return page(call, "transfers", "location=" + location, (s, after, limit, items) ->
                EnginePages.transfers(s, location, after, limit, items));
        });
        api.route("GET", "/v1/positions", Scope.AVAILABILITY, call ->
        {
            final String skuText = call.query("sku");
            final String locationText = call.query("location");
            final Tier tier = tier(call);
            final EnginePages.Viewer viewer = new EnginePages.Viewer(call.principal().channel() == null ? -1 :
                codes.actingChannel(call.principal(), null));
            if (skuText != null && locationText != null || locationText != null && tier != null)
            {
                throw ApiError.badRequest("INVALID_FIELD", "list positions by 'sku' (optionally with 'tier'), by " +
                    "'location' or by 'tier': one of them");
            }
            if (skuText != null)
            {
                final int sku = codes.sku(skuText, "sku");
                return page(call, "positions", "sku=" + sku + ",tier=" + tier, (s, after, limit, items) ->
                    EnginePages.positionsOfSku(s, sku, tier, viewer, after, limit, items));
            }
            if (locationText != null)
            {
                final int location = codes.location(locationText, "location");
                return page(call, "positions", "location=" + location, (s, after, limit, items) ->
                    EnginePages.positionsAt(s, location, viewer, after, limit, items));
            }
            if (tier == null)
            {
                throw ApiError.badRequest("MISSING_FIELD", "list positions by 'sku', 'location' or 'tier'");
            }
            return page(call, "positions", "tier=" + tier, (s, after, limit, items) ->
                EnginePages.positionsOfTier(s, tier, viewer, after, limit, items));
        });
    }

    /** A filter's tier: a bad one is a bad request (400), as every bad filter value is. */
    private static Tier tier(final Call call)
    {
        final String text = call.query("tier");
        if (text == null)
        {
            return null;
        }
        try
        {
            return Tier.valueOf(Enums.constant(text));
        }
        catch (final IllegalArgumentException e)
        {
            throw ApiError.badRequest("INVALID_FIELD", "'tier' must be one of " + java.util.Arrays.stream(Tier.values())
                .map(Enums::wire).collect(java.util.stream.Collectors.joining(", ")) + ", got '" + text + "'");
        }
    }

    private Reply page(final Call call, final String listing, final String filters, final PageRead read) throws Exception
    {
        final Paging paging = Paging.of(call, listing, filters, -1);
        final ObjectNode json = Json.object();
        final ArrayNode items = json.putArray("items");
        final long[] next = new long[1];
        engine.read(view -> next[0] = read.read(view, paging.after(), paging.limit(), items))
            .get(30, java.util.concurrent.TimeUnit.SECONDS);
        return Reply.ok(paging.page(next[0], json));
    }
}

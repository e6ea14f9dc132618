package io.omnistock.daemon.http;

import io.omnistock.api.Capabilities;
import io.omnistock.api.Commands;
import io.omnistock.api.Limits;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StateView;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Locations, SKUs and channels: the network the engine serves, its routing settings (admin) and reads. */
public final class CatalogRoutes
{
    private final Writes writes;
    private final Codes codes;
    private final StateReader engine;

    public CatalogRoutes(final Writes writes, final Codes codes, final StateReader engine)
    {
        this.writes = writes;
        this.codes = codes;
        this.engine = engine;
    }

    /**
     * Locations and SKUs are named by code in URL paths, where Undertow leaves an encoded slash
     * undecoded: a code with '/' could be defined here but never addressed.
     */
    private static String addressable(final String code)
    {
        if (code.indexOf('/') >= 0)
        {
            throw ApiError.badRequest("INVALID_FIELD", "'code' cannot contain '/': locations and SKUs are named by " +
                "code in URL paths");
        }
        return code;
    }

    public void register(final HttpApi api)
    {
        api.route("POST", "/v1/locations", Scope.ADMIN, call ->
        {
            final Bodies.DefineLocation b = call.json(Bodies.DefineLocation.class);
            // Absent is a malformed request; an empty code is left to the engine (CODE_EMPTY).
            final String code = addressable(Fields.required(b.code(), "code"));
            if (code.equals("network") || code.equals("supplier"))
            {
                throw ApiError.badRequest("INVALID_FIELD", "'network' and 'supplier' name replenishment sources " +
                    "(POST /v1/locations/{location}/source): a location cannot be called that");
            }
            final Tier tier = Enums.parse(Tier.class, b.tier(), "tier", ReasonCode.INVALID_TIER);
            final int lat = Fields.micros(Fields.required(b.lat(), "lat"), "lat");
            final int lon = Fields.micros(Fields.required(b.lon(), "lon"), "lon");
            final int capabilities = capabilities(b.capabilities());
            return Created.at(call, Created.path("/v1/locations/", code),
                writes.command(call, id -> Commands.defineLocation(id, code, tier, lat, lon, capabilities)));
        });
        api.route("POST", "/v1/skus", Scope.ADMIN, call ->
        {
            final Bodies.DefineSku b = call.json(Bodies.DefineSku.class);
            final String code = addressable(Fields.required(b.code(), "code"));
            final StockUnit unit = b.unit() == null ? StockUnit.PIECE :
                Enums.parse(StockUnit.class, b.unit(), "unit", ReasonCode.INVALID_UNIT);
            return Created.at(call, Created.path("/v1/skus/", code), writes.command(call, id -> Commands.defineSku(id, code, unit)));
        });
        api.route("POST", "/v1/channels", Scope.ADMIN, call ->
        {
            final Bodies.DefineChannel b = call.json(Bodies.DefineChannel.class);
            final String code = Fields.required(b.code(), "code");
            final long ttlSeconds = Fields.required(b.holdTtlSeconds(), "holdTtlSeconds");
            if (ttlSeconds < 0 || ttlSeconds > Limits.MAX_HOLD_MILLIS / 1000)
            {
                throw ApiError.of(ReasonCode.INVALID_HOLD_TTL, "holdTtlSeconds " + ttlSeconds);
            }
            return Created.at(call, Created.path("/v1/channels/", code),
                writes.command(call, id -> Commands.defineChannel(id, code, ttlSeconds * 1000)));
        });
        registerReadsAndSettings(api);
    }

    private void registerReadsAndSettings(final HttpApi api)
    {
        api.route("GET", "/v1/locations/{location}", Scope.AVAILABILITY, call ->
        {
            final int id = codes.location(call.path("location"), "location");
            final ObjectNode json = Json.object();
            read(view -> location(view, id, json));
            return Reply.ok(json);
        });
        api.route("GET", "/v1/skus/{sku}", Scope.AVAILABILITY, call ->
        {
            final int id = codes.sku(call.path("sku"), "sku");
            final ObjectNode json = Json.object();
            read(view -> json.put("code", view.skuCode(id)).put("id", id)
                .put("unit", Enums.wire(view.skuUnit(id))));
            return Reply.ok(json);
        });
        api.route("GET", "/v1/channels/{channel}", Scope.AVAILABILITY, call ->
        {
            // A channel key reads its own channel only (403 for another), as it acts for it only.
            final int id = codes.actingChannel(call.principal(), call.path("channel"));
            final ObjectNode json = Json.object();
            engine.read(view ->
            {
                json.put("code", view.channelCode(id)).put("id", id)
                    .put("holdTtlSeconds", view.channelHoldTtlMillis(id) / 1000);
                final com.fasterxml.jackson.databind.node.ArrayNode ineligible = json.putArray("ineligibleLocations");
                for (int l = 0; l < view.locationCount(); l++)
                {
                    if (!view.servesChannel(l, id))
                    {
                        ineligible.add(view.locationCode(l));
                    }
                }
                ChannelQuotaReader.addTo(view, java.util.Map.of(id, json));
            }).get(30, TimeUnit.SECONDS);
            return Reply.ok(json);
        });
        api.route("POST", "/v1/locations/{location}/settings", Scope.ADMIN, call ->
        {
            final int location = codes.location(call.path("location"), "location");
            final Bodies.LocationSettings b = call.json(Bodies.LocationSettings.class);
            // The command sets all three: an omitted one would silently become 0, not stay as it was.
            final int perHour = Fields.required(b.ordersPerHour(), "ordersPerHour");
            final int priority = Fields.required(b.priority(), "priority");
            final int pickPack = Fields.required(b.pickPackMinutes(), "pickPackMinutes");
            return writes.command(call, id -> Commands.configureLocation(id, location, perHour, priority, pickPack));
        });
        api.route("POST", "/v1/channels/{channel}/quotas", Scope.ADMIN, call ->
        {
            final int channel = codes.channel(call.path("channel"), "channel");
            final Bodies.ChannelQuota b = call.json(Bodies.ChannelQuota.class);
            final int sku = codes.sku(b.sku(), "sku");
            final long units = b.maxUnits() == null ? -1 : b.maxUnits();
            final int percent = b.maxPercent() == null ? -1 : b.maxPercent();
            return writes.command(call, id -> Commands.setChannelQuota(id, channel, sku, units, percent));
        });
        api.route("POST", "/v1/channels/{channel}/eligibility", Scope.ADMIN, call ->
        {
            final int channel = codes.channel(call.path("channel"), "channel");
            final Bodies.ChannelEligibility b = call.json(Bodies.ChannelEligibility.class);
            final int location = codes.location(b.location(), "location");
            final boolean eligible = Fields.required(b.eligible(), "eligible");
            return writes.command(call, id -> Commands.setChannelEligibility(id, location, channel, eligible));
        });
    }

    /** A location's definition and routing settings, as its read and the listing give them. */
    static void location(final StateView view, final int id, final ObjectNode json)
    {
        json.put("code", view.locationCode(id)).put("id", id).put("tier", Enums.wire(view.locationTier(id)))
            .put("lat", view.locationLatMicros(id) / 1e6).put("lon", view.locationLonMicros(id) / 1e6)
            .put("ordersPerHour", view.locationOrdersPerHour(id)).put("priority", view.locationPriority(id))
            .put("pickPackMinutes", view.locationPickPackMinutes(id));
        CapabilityNames.names(view.locationCapabilities(id), json.putArray("capabilities"));
    }

    private void read(final java.util.function.Consumer<StateView> reader) throws Exception
    {
        read(engine, reader);
    }

    /**
     * Runs {@code reader} on the engine's thread and waits for it. A reader only copies out: an
     * unknown id is found out there and refused here, after it ran.
     */
    static void read(final StateReader engine, final java.util.function.Consumer<StateView> reader)
        throws Exception
    {
        engine.read(reader).get(30, TimeUnit.SECONDS);
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
            final Integer flag = CapabilityNames.flag(name);
            if (flag == null)
            {
                throw ApiError.of(ReasonCode.INVALID_CAPABILITIES, "'" + name + "'; capabilities are " +
                    CapabilityNames.all());
            }
            flags |= flag;
        }
        return flags;
    }
}

package io.omnistock.daemon.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnistock.api.AlertKind;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ReplenishmentKind;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.StateView;
import io.omnistock.api.Tier;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Replenishment policies (admin), the live query of open requests and alerts, and closing requests. */
public final class ReplenishmentRoutes
{
    private final Writes writes;
    private final Codes codes;
    private final StateReader engine;

    public ReplenishmentRoutes(final Writes writes, final Codes codes, final StateReader engine)
    {
        this.writes = writes;
        this.codes = codes;
        this.engine = engine;
    }

    public void register(final HttpApi api)
    {
        api.route("POST", "/v1/replenishment/policies", Scope.ADMIN, call ->
        {
            final Bodies.ReplenishmentPolicy b = call.json(Bodies.ReplenishmentPolicy.class);
            final ReplenishmentPolicy policy = Boolean.TRUE.equals(b.remove()) ? null : policy(b);
            if (b.tier() != null)
            {
                if (b.location() != null || b.sku() != null)
                {
                    throw ApiError.badRequest("INVALID_FIELD", "a tier default names no location or SKU");
                }
                final Tier tier = Enums.parse(Tier.class, b.tier(), "tier", ReasonCode.INVALID_TIER);
                return writes.command(call, id -> Commands.setTierPolicy(id, tier, policy));
            }
            final int location = codes.location(b.location(), "location");
            if (b.sku() == null)
            {
                return writes.command(call, id -> Commands.setLocationPolicy(id, location, policy));
            }
            final int sku = codes.sku(b.sku(), "sku");
            return writes.command(call, id -> Commands.setPositionPolicy(id, location, sku, policy));
        });
        api.route("POST", "/v1/locations/{location}/source", Scope.ADMIN, call ->
        {
            final int location = codes.location(call.path("location"), "location");
            final int source = source(Fields.requiredText(call.json(Bodies.Source.class).source(), "source"));
            return writes.command(call, id -> Commands.setLocationSource(id, location, source));
        });
        api.route("POST", "/v1/replenishment/transfer", Scope.STOCK, call ->
        {
            final Bodies.RequestTransfer b = call.json(Bodies.RequestTransfer.class);
            final int location = codes.location(b.location(), "location");
            final int sku = codes.sku(b.sku(), "sku");
            final long transferId = Fields.required(b.transferId(), "transferId");
            return writes.command(call, id -> Commands.transferFromRequest(id, transferId, location, sku));
        });
        api.route("GET", "/v1/replenishment", Scope.REPLENISHMENT, call ->
        {
            final int location = call.query("location") == null ? -1 : codes.location(call.query("location"), "location");
            final int sku = call.query("sku") == null ? -1 : codes.sku(call.query("sku"), "sku");
            final Tier tier = call.query("tier") == null ? null :
                Enums.parse(Tier.class, call.query("tier"), "tier", ReasonCode.INVALID_TIER);
            final ObjectNode body = Json.object();
            final ArrayNode positions = body.putArray("positions");
            try
            {
                engine.read(view -> board(view, location, sku, tier, positions)).get(30, TimeUnit.SECONDS);
            }
            catch (final ExecutionException | java.util.concurrent.TimeoutException e)
            {
                throw new ApiError(503, "ENGINE_TIMEOUT", "the replenishment board could not be read: " + e);
            }
            return Reply.ok(body);
        });
        api.route("POST", "/v1/replenishment/cancel", Scope.REPLENISHMENT, call ->
        {
            final Bodies.Position b = call.json(Bodies.Position.class);
            final int location = codes.location(b.location(), "location");
            final int sku = codes.sku(b.sku(), "sku");
            return writes.command(call, id -> Commands.cancelReplenishment(id, location, sku));
        });
    }

    private ReplenishmentPolicy policy(final Bodies.ReplenishmentPolicy b)
    {
        final ReplenishmentKind kind = Enums.parse(ReplenishmentKind.class, b.kind(), "kind",
            ReasonCode.INVALID_REPLENISHMENT_POLICY);
        return new ReplenishmentPolicy(kind, Fields.required(b.reorderLevel(), "reorderLevel"),
            Fields.required(b.orderUpToLevel(), "orderUpToLevel"), b.overstockLevel() == null ? 0 : b.overstockLevel(),
            b.packSize() == null ? 1 : b.packSize(), b.minOrderQuantity() == null ? 0 : b.minOrderQuantity(),
            b.source() == null ? ReplenishmentPolicy.NETWORK : source(b.source()),
            b.leadTimeHours() == null ? 0 : b.leadTimeHours(), b.slowMoverDays() == null ? 0 : b.slowMoverDays());
    }

    /** "network", "supplier" or a location code. */
    private int source(final String code)
    {
        return switch (code)
        {
            case "network" -> ReplenishmentPolicy.NETWORK;
            case "supplier" -> ReplenishmentPolicy.SUPPLIER;
            default -> codes.location(code, "source");
        };
    }

    /** Runs on the engine's thread: a scan of the positions with a policy, copying out what is open. */
    private static void board(
        final StateView view, final int location, final int sku, final Tier tier, final ArrayNode out)
    {
        for (int i = 0; i < view.replenishedPositionCount(); i++)
        {
            final int l = view.replenishedLocation(i);
            final int s = view.replenishedSku(i);
            if ((location >= 0 && l != location) || (sku >= 0 && s != sku) ||
                (tier != null && view.locationTier(l) != tier))
            {
                continue;
            }
            final long request = view.openReplenishmentRequest(l, s);
            final ArrayNode alerts = Json.MAPPER.createArrayNode();
            for (final AlertKind alert : AlertKind.values())
            {
                if (view.alertActive(l, s, alert))
                {
                    alerts.add(alert.name());
                }
            }
            if (request == 0 && alerts.isEmpty())
            {
                continue;
            }
            final ObjectNode p = out.addObject()
                .put("location", view.locationCode(l))
                .put("tier", Enums.wire(view.locationTier(l)))
                .put("sku", view.skuCode(s))
                .put("available", view.available(l, s))
                .put("inTransit", view.inTransit(l, s));
            if (request != 0)
            {
                final int source = view.replenishmentRequestSource(l, s);
                p.putObject("request").put("quantity", request)
                    .put("source", source < 0 ? "supplier" : view.locationCode(source));
            }
            p.set("alerts", alerts);
        }
    }
}

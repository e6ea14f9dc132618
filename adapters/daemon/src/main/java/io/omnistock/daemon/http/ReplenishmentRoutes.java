package io.omnistock.daemon.http;

import io.omnistock.api.Commands;

/** Replenishment policies (admin) and closing open requests. */
public final class ReplenishmentRoutes
{
    private final Writes writes;
    private final Codes codes;

    public ReplenishmentRoutes(final Writes writes, final Codes codes)
    {
        this.writes = writes;
        this.codes = codes;
    }

    public void register(final HttpApi api)
    {
        api.route("POST", "/v1/replenishment/policies", Scope.ADMIN, call ->
        {
            final Bodies.ReplenishmentPolicy b = call.json(Bodies.ReplenishmentPolicy.class);
            final int location = codes.location(b.location(), "location");
            final int sku = codes.sku(b.sku(), "sku");
            final String sourceCode = Fields.requiredText(b.source(), "source");
            final int source = sourceCode.equals("supplier") ? -1 : codes.location(sourceCode, "source");
            final long reorderPoint = Fields.required(b.reorderPoint(), "reorderPoint");
            final long orderUpTo = Fields.required(b.orderUpTo(), "orderUpTo");
            final long pack = b.packSize() == null ? 1 : b.packSize();
            final long moq = b.minOrderQuantity() == null ? 0 : b.minOrderQuantity();
            final int lead = Fields.required(b.leadTimeHours(), "leadTimeHours");
            return writes.command(call, id -> Commands.setReplenishmentPolicy(id, location, sku, reorderPoint, orderUpTo,
                pack, moq, source, lead));
        });
        api.route("POST", "/v1/replenishment/cancel", Scope.REPLENISHMENT, call ->
        {
            final Bodies.Position b = call.json(Bodies.Position.class);
            final int location = codes.location(b.location(), "location");
            final int sku = codes.sku(b.sku(), "sku");
            return writes.command(call, id -> Commands.cancelReplenishment(id, location, sku));
        });
    }
}

package io.omnistock.daemon.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnistock.api.AdjustmentReason;
import io.omnistock.api.Command;
import io.omnistock.api.Commands;
import io.omnistock.api.OpenTransfer;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StateView;


/** Stock movements, positions, availability and transfer orders. */
public final class StockRoutes
{
    private final Writes writes;
    private final Codes codes;
    private final StateReader engine;

    public StockRoutes(final Writes writes, final Codes codes, final StateReader engine)
    {
        this.writes = writes;
        this.codes = codes;
        this.engine = engine;
    }

    public void register(final HttpApi api, final Idempotency idempotency, final long bulkBodyLimit)
    {
        new BulkLoad(writes.engine(), idempotency).register(api, bulkBodyLimit);
        api.writeRoute("POST", "/v1/movements", Scope.STOCK, Bodies.Movement.class, (call, b) ->
        {
            final int location = codes.location(b.location(), "location");
            final int sku = codes.sku(b.sku(), "sku");
            final long quantity = Fields.required(b.quantity(), "quantity");
            final String type = Enums.wire(Fields.requiredText(b.type(), "type"));
            if (!type.equals("adjust") && b.reason() != null)
            {
                throw ApiError.badRequest("INVALID_FIELD", "'reason' applies to adjust movements only");
            }
            final java.util.function.LongFunction<Command> command = switch (type)
            {
                case "receive" -> id -> Commands.receive(id, location, sku, quantity);
                case "adjust" ->
                {
                    final AdjustmentReason reason = Enums.parse(AdjustmentReason.class, b.reason(), "reason",
                        ReasonCode.INVALID_ADJUSTMENT_REASON);
                    yield id -> Commands.adjust(id, location, sku, quantity, reason);
                }
                case "stocktake" -> id -> Commands.stocktake(id, location, sku, quantity);
                case "sale" -> id -> Commands.sale(id, location, sku, quantity);
                case "return" -> id -> Commands.returnToStock(id, location, sku, quantity);
                case "safety-stock" -> id -> Commands.setSafetyStock(id, location, sku, quantity);
                case "protected-stock" -> id -> Commands.setProtectedStock(id, location, sku, quantity);
                case "walk-in-reserve" -> id -> Commands.setWalkInReserve(id, location, sku, quantity);
                default -> throw ApiError.badRequest("INVALID_FIELD", "'type' must be receive, adjust, stocktake, " +
                    "sale, return, safety-stock, protected-stock or walk-in-reserve, got '" + b.type() + "'");
            };
            return writes.command(call, command);
        });
        // Compare-and-set of on hand; a write route, so also an element kind of POST /v1/batch.
        api.writeRoute("POST", "/v1/positions/{location}/{sku}/on-hand", Scope.STOCK, OnHandSet.class, (call, b) ->
        {
            final int location = codes.location(call.path("location"), "location");
            final int sku = codes.sku(call.path("sku"), "sku");
            final long quantity = Fields.required(b.quantity(), "quantity");
            final long compareQuantity = Fields.required(b.compareQuantity(), "compareQuantity");
            final AdjustmentReason reason = Enums.parse(AdjustmentReason.class, b.reason(), "reason",
                ReasonCode.INVALID_ADJUSTMENT_REASON);
            return writes.command(call, id -> Commands.compareAndSetOnHand(id, location, sku, compareQuantity, quantity,
                reason));
        });
        api.ioRoute("GET", "/v1/positions/{location}/{sku}", Scope.AVAILABILITY, call ->
        {
            final int location = codes.location(call.path("location"), "location");
            final int sku = codes.sku(call.path("sku"), "sku");
            if (call.principal().channel() == null)
            {
                return writes.query(call, Commands.queryPosition(1, location, sku));
            }
            return channelPosition(call, location, sku);
        });
        api.ioRoute("GET", "/v1/availability/{sku}", Scope.AVAILABILITY, call ->
        {
            final int sku = codes.sku(call.path("sku"), "sku");
            // A channel key always sees what its own channel may still promise.
            final int channel = codes.viewingChannel(call.principal(), call.query("channel"));
            final Command query = channel < 0 ? Commands.queryAvailability(1, sku) :
                w -> w.queryChannelAvailability(1, channel, sku);
            return writes.query(call, query);
        });

        api.route("POST", "/v1/transfers", Scope.STOCK, call ->
        {
            final Bodies.Transfer b = call.json(Bodies.Transfer.class);
            final long transferId = Fields.required(b.transferId(), "transferId");
            final int from = codes.location(b.from(), "from");
            final int to = codes.location(b.to(), "to");
            final int sku = codes.sku(b.sku(), "sku");
            final long quantity = Fields.required(b.quantity(), "quantity");
            return Created.at(call, "/v1/transfers/" + transferId,
                writes.command(call, id -> Commands.createTransfer(id, transferId, from, to, sku, quantity)));
        });
        api.route("GET", "/v1/transfers/{id}", Scope.STOCK, call ->
        {
            final long transferId = Fields.parseLong(call.path("id"), "id");
            final ObjectNode json = Json.object();
            CatalogRoutes.read(engine, view ->
            {
                if (view.openTransfer(transferId) != null)
                {
                    transfer(view, transferId, json);
                }
            });
            if (json.isEmpty())
            {
                // The engine keeps open transfers only: a received or cancelled one is gone.
                throw ApiError.of(ReasonCode.UNKNOWN_TRANSFER, "transfer " + transferId);
            }
            return Reply.ok(json);
        });
        api.route("POST", "/v1/transfers/{id}/ship", Scope.STOCK, call ->
        {
            final long transferId = Fields.parseLong(call.path("id"), "id");
            final Bodies.Ship b = call.json(Bodies.Ship.class);
            final long eta = Fields.instantMillis(Fields.requiredText(b.eta(), "eta"), "eta");
            return writes.command(call, id -> Commands.shipTransfer(id, transferId, eta));
        });
        api.route("POST", "/v1/transfers/{id}/receive", Scope.STOCK, call ->
        {
            final long transferId = Fields.parseLong(call.path("id"), "id");
            final Bodies.Receipt b = call.json(Bodies.Receipt.class);
            final long quantity = Fields.required(b.quantity(), "quantity");
            final AdjustmentReason reason = b.reason() == null ? null :
                Enums.parse(AdjustmentReason.class, b.reason(), "reason", ReasonCode.INVALID_ADJUSTMENT_REASON);
            return writes.command(call, id -> Commands.receiveTransfer(id, transferId, quantity, reason));
        });
        api.route("POST", "/v1/transfers/{id}/cancel", Scope.STOCK, call ->
        {
            final long transferId = Fields.parseLong(call.path("id"), "id");
            return writes.command(call, id -> Commands.cancelTransfer(id, transferId));
        });
    }

    /** The body of a compare-and-set of on hand, in Shopify's words (inventorySetQuantities). */
    record OnHandSet(Long quantity, Long compareQuantity, String reason)
    {
    }

    /** An open transfer, as its read and the listing give it ({@code view.openTransfer(transferId)} not null). */
    static void transfer(final StateView view, final long transferId, final ObjectNode json)
    {
        final OpenTransfer t = view.openTransfer(transferId);
        json.put("transferId", transferId)
            .put("from", view.locationCode(t.fromLocation()))
            .put("to", view.locationCode(t.toLocation()))
            .put("sku", view.skuCode(t.sku()))
            .put("quantity", t.quantity())
            .put("state", t.shipped() ? "SHIPPED" : "CREATED")
            .put("fromRequest", t.fromRequest());
        if (t.shipped())
        {
            json.put("eta", IsoInstant.of(t.etaMillis()));
        }
    }

    /**
     * A channel key's view of one position, as the position listing gives it (docs/daemon.md, "What a
     * channel key sees"): only at a location that serves its channel (else 403), and only what it may
     * be promised there ({@code available}), not the network's books. Checked on the engine's thread,
     * then queried through the ring; neither hop holds the I/O thread.
     */
    private Reply channelPosition(final Call call, final int location, final int sku)
    {
        final int channel = codes.actingChannel(call.principal(), null);
        final boolean[] serves = new boolean[1];
        return Reply.later(engine.read(view -> serves[0] = view.servesChannel(location, channel))
            .thenComposeAsync(read ->
            {
                if (!serves[0])
                {
                    throw new ApiError(403, "FORBIDDEN", "location '" + call.path("location") + "' does not serve " +
                        "channel '" + call.principal().channel() + "': its stock is not the channel's to see");
                }
                return writes.submit(call, Commands.queryPosition(1, location, sku));
            }, call.executor())
            .thenApply(result -> writes.answer(result, true, 200, false)));
    }
}

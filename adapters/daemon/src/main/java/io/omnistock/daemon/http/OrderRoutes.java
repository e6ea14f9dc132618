package io.omnistock.daemon.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.ReasonCode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Route-and-reserve and the order lifecycle. A channel key acts on its own channel's orders only:
 * order numbers are per channel ({@link OrderIds}).
 */
public final class OrderRoutes
{
    /**
     * The names of each line's fields, for a refusal's message, made once: spelled per line, three
     * strings on every order that was not refused, they were about 110 of the 2,400 bytes the I/O
     * threads allocated per order on batches of 256 (async-profiler, docs/benchmarks.md run 57).
     */
    private static final String[] LINE = lineFields("");
    private static final String[] LINE_SKU = lineFields(".sku");
    private static final String[] LINE_QUANTITY = lineFields(".quantity");

    private final Writes writes;
    private final Codes codes;
    /** Closed orders and every order's history, from the journal. */
    private final OrderListRoutes reads;

    public OrderRoutes(final Writes writes, final Codes codes, final OrderListRoutes reads)
    {
        this.writes = writes;
        this.codes = codes;
        this.reads = reads;
    }

    public void register(final HttpApi api)
    {
        api.writeRoute("POST", "/v1/orders", Scope.ORDERS, Bodies.Order.class, (call, b) ->
        {
            final int channel = codes.actingChannel(call.principal(), b.channel());
            final long orderId = OrderIds.engineId(channel, Fields.required(b.orderId(), "orderId"));
            final Order order = order(b, orderId, channel);
            // Candidates (every location considered, and why it lost) on request: ?explain=true.
            final boolean explain = "true".equals(call.query("explain"));
            // A routed order is a creation (201); a refused one is its error (NO_ROUTE is 409), not a creation.
            Created.nameOfChannel(call, "/v1/orders/", b.orderId(), call.principal(), b.channel());
            return writes.command(call, id -> Commands.routeOrder(id, order), result ->
                // A retry after a restart: answer with the order as it stands.
                result.reason() == ReasonCode.DUPLICATE_COMMAND && result.originalReason() == ReasonCode.OK ?
                    Reply.later(current(call, result, orderId)) : writes.answer(result, explain, 201));
        });
        api.ioRoute("POST", "/v1/promise", Scope.ORDERS, call ->
        {
            final Bodies.Order b = call.json(Bodies.Order.class);
            if (b.orderId() != null)
            {
                throw ApiError.badRequest("INVALID_FIELD", "a promise query takes no 'orderId'");
            }
            final int channel = codes.actingChannel(call.principal(), b.channel());
            return writes.query(call, Commands.queryPromise(1, order(b, 0, channel)));
        });
        api.ioRoute("GET", "/v1/orders/{orderId}", Scope.ORDERS, call ->
        {
            // The engine holds open orders; a closed one is answered from the journal's read model.
            final long orderId = orderId(call);
            return Reply.later(writes.submit(call, Commands.queryOrder(1, orderId))
                .thenCompose(result -> reads.answer(call, orderId, result, writes)));
        });
        api.writeRoute("POST", "/v1/orders/{orderId}/confirm", Scope.ORDERS, call ->
        {
            final long orderId = orderId(call);
            return writes.command(call, id -> Commands.confirmOrder(id, orderId));
        });
        api.writeRoute("POST", "/v1/orders/{orderId}/cancel", Scope.ORDERS, call ->
        {
            final long orderId = orderId(call);
            return writes.command(call, id -> Commands.cancelOrder(id, orderId));
        });
        api.writeRoute("POST", "/v1/orders/{orderId}/extend", Scope.ORDERS, call ->
        {
            final long orderId = orderId(call);
            final long seconds = Fields.required(call.json(Bodies.Extend.class).seconds(), "seconds");
            if (seconds <= 0 || seconds > io.omnistock.api.Limits.MAX_HOLD_MILLIS / 1000)
            {
                throw ApiError.of(ReasonCode.INVALID_EXTENSION, "seconds " + seconds);
            }
            return writes.command(call, id -> Commands.extendOrder(id, orderId, seconds * 1000));
        });
        api.writeRoute("POST", "/v1/orders/{orderId}/fulfil", Scope.ORDERS, call ->
        {
            final long orderId = orderId(call);
            final int location = codes.location(call.json(Bodies.AtLocation.class).location(), "location");
            return writes.command(call, id -> Commands.fulfilOrder(id, orderId, location));
        });
        api.writeRoute("POST", "/v1/orders/{orderId}/reject", Scope.ORDERS, call ->
        {
            final long orderId = orderId(call);
            final int location = codes.location(call.json(Bodies.AtLocation.class).location(), "location");
            return writes.command(call, id -> Commands.rejectAllocation(id, orderId, location));
        });
    }

    private long orderId(final Call call)
    {
        final int channel = codes.actingChannel(call.principal(), call.query("channel"));
        return OrderIds.engineId(channel, Fields.parseLong(call.path("orderId"), "orderId"));
    }

    private CompletableFuture<Reply> current(final Call call, final CommandResult duplicate, final long orderId)
    {
        return writes.submit(call, Commands.queryOrder(1, orderId)).thenApply(now ->
        {
            final ObjectNode json = writes.json(duplicate);
            if (now.reason() == ReasonCode.OK)
            {
                final ObjectNode order = writes.json(now);
                for (final String field : List.of("state", "expiresAt", "allocations"))
                {
                    if (order.has(field))
                    {
                        json.set(field, order.get(field));
                    }
                }
            }
            // The engine recognised a retry: not the key's first response, but its status (a creation's 201).
            return Reply.of(201, json).asReplay();
        });
    }

    private static String[] lineFields(final String field)
    {
        final String[] names = new String[io.omnistock.api.Limits.MAX_ORDER_LINES];
        for (int i = 0; i < names.length; i++)
        {
            names[i] = "lines[" + i + "]" + field;
        }
        return names;
    }

    private Order order(final Bodies.Order b, final long orderId, final int channel)
    {
        final FulfilmentType type = Enums.parse(FulfilmentType.class, b.type(), "type",
            ReasonCode.INVALID_FULFILMENT_TYPE);
        final int lat = b.lat() == null ? 0 : Fields.micros(b.lat(), "lat");
        final int lon = b.lon() == null ? 0 : Fields.micros(b.lon(), "lon");
        if ((b.lat() == null) != (b.lon() == null) || (b.lat() == null && type != FulfilmentType.PICKUP))
        {
            throw ApiError.badRequest("MISSING_FIELD", "'lat' and 'lon' (the delivery address) are required" +
                (type == FulfilmentType.PICKUP ? " together" : ""));
        }
        final int pickup = b.pickupLocation() == null ? -1 : codes.location(b.pickupLocation(), "pickupLocation");
        final long promiseAt = b.promiseAt() == null ? 0 : Fields.instantMillis(b.promiseAt(), "promiseAt");
        if (b.promiseAt() != null && promiseAt <= 0)
        {
            // The engine reads 0 as "no promise": the epoch itself must not silently mean that.
            throw ApiError.of(ReasonCode.INVALID_PROMISE_TIME, "got '" + b.promiseAt() + "'");
        }
        final int flags = (Boolean.TRUE.equals(b.allowPartial()) ? Order.ALLOW_PARTIAL : 0) |
            (Boolean.TRUE.equals(b.allowAlternativePickup()) ? Order.ALLOW_ALTERNATIVE_PICKUP : 0);
        final List<Bodies.Line> lines = Fields.required(b.lines(), "lines");
        if (lines.size() > io.omnistock.api.Limits.MAX_ORDER_LINES)
        {
            throw ApiError.of(ReasonCode.TOO_MANY_LINES, lines.size() + " lines");
        }
        final List<OrderLine> orderLines = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++)
        {
            final Bodies.Line line = Fields.required(lines.get(i), LINE[i]);
            orderLines.add(new OrderLine(codes.sku(line.sku(), LINE_SKU[i]), Fields.required(line.quantity(), LINE_QUANTITY[i])));
        }
        return new Order(orderId, channel, type, lat, lon, pickup, b.value() == null ? 0 : b.value(), promiseAt, flags,
            orderLines);
    }
}

package io.omnistock.daemon.http;

import io.omnistock.api.Commands;

/**
 * Stand-alone reservations (the engine's RESERVE, RELEASE, FULFIL): stock held at a named location
 * outside any order, as Medusa's reservation items. Reservation numbers are per channel, as order
 * numbers are ({@link OrderIds#reservationId}): a channel key acts on its own channel's
 * reservations only, another channel's number is simply not one of its reservations (404).
 */
public final class ReservationRoutes
{
    private final Writes writes;
    private final Codes codes;

    public ReservationRoutes(final Writes writes, final Codes codes)
    {
        this.writes = writes;
        this.codes = codes;
    }

    /** Bodies of the reservation endpoints. */
    record Reserve(Long reservationId, String channel, String location, String sku, Long quantity)
    {
    }

    record Quantity(Long quantity)
    {
    }

    public void register(final HttpApi api)
    {
        api.writeRoute("POST", "/v1/reservations", Scope.ORDERS, call ->
        {
            final Reserve b = call.json(Reserve.class);
            final int channel = codes.actingChannel(call.principal(), b.channel());
            final long reservationId = OrderIds.reservationId(channel, Fields.required(b.reservationId(),
                "reservationId"));
            final int location = codes.location(b.location(), "location");
            final int sku = codes.sku(b.sku(), "sku");
            final long quantity = Fields.required(b.quantity(), "quantity");
            return writes.creation(call, Created.ofChannel("/v1/reservations/", b.reservationId(), call.principal(),
                b.channel()), id -> Commands.reserve(id, reservationId, location, sku, quantity));
        });
        api.writeRoute("POST", "/v1/reservations/{reservationId}/release", Scope.ORDERS, call ->
        {
            final long reservationId = reservationId(call);
            final long quantity = Fields.required(call.json(Quantity.class).quantity(), "quantity");
            return writes.command(call, id -> Commands.release(id, reservationId, quantity));
        });
        api.writeRoute("POST", "/v1/reservations/{reservationId}/fulfil", Scope.ORDERS, call ->
        {
            final long reservationId = reservationId(call);
            final long quantity = Fields.required(call.json(Quantity.class).quantity(), "quantity");
            return writes.command(call, id -> Commands.fulfil(id, reservationId, quantity));
        });
    }

    private long reservationId(final Call call)
    {
        final int channel = codes.actingChannel(call.principal(), call.query("channel"));
        return OrderIds.reservationId(channel, Fields.parseLong(call.path("reservationId"), "reservationId"));
    }
}

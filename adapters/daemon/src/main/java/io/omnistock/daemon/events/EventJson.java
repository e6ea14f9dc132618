package io.omnistock.daemon.events;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.omnistock.api.EventKind;
import io.omnistock.api.EventView;
import io.omnistock.api.InventoryEngine;
import com.fasterxml.jackson.databind.JsonNode;
import io.omnistock.api.CommandType;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.daemon.http.OrderIds;
import io.omnistock.daemon.http.ReservationRoutes;

import java.time.Instant;

/**
 * One output event as a JSON object, with codes for ids. Written by hand: it runs per event. Public
 * for the webhooks, which send the same objects the event stream does.
 */
public final class EventJson
{
    private final InventoryEngine engine;

    public EventJson(final InventoryEngine engine)
    {
        this.engine = engine;
    }

    /** @param record the journal record whose event {@code e} is. */
    public void write(final StringBuilder out, final CommandSlot record, final EventView e)
    {
        out.append("{\"sequence\":").append(record.sequence)
            .append(",\"time\":\"").append(Instant.ofEpochMilli(record.timestamp)).append('"')
            .append(",\"kind\":\"").append(e.kind().name()).append('"')
            .append(",\"commandId\":\"").append(Long.toUnsignedString(record.commandId)).append('"');
        if (e.location() >= 0)
        {
            text(out, "location", engine.locationCode(e.location()));
        }
        if (e.sku() >= 0)
        {
            text(out, "sku", engine.skuCode(e.sku()));
        }
        switch (e.kind())
        {
            case STOCK_CHANGED -> position(out, e);
            case REPLENISHMENT_REQUESTED ->
            {
                position(out, e);
                number(out, "quantity", e.quantity());
                if (e.sourceLocation() >= 0)
                {
                    text(out, "source", engine.locationCode(e.sourceLocation()));
                }
                else
                {
                    text(out, "source", "supplier");
                }
            }
            case RESERVATION_CHANGED ->
            {
                number(out, "reservationId", OrderIds.number(e.reservationId()));
                text(out, "channel", engine.channelCode(OrderIds.channel(e.reservationId())));
                number(out, "held", e.held());
                if (record.type == CommandType.RESERVE)
                {
                    // The opening event carries what the RESERVE journaled (format 5); later ones name
                    // the reservation, which GET /v1/reservations/{id} serves with its reference and metadata.
                    reservationTags(out, record);
                }
            }
            case ORDER_CHANGED ->
            {
                order(out, e.orderId());
                text(out, "state", e.orderState().name());
            }
            case ALLOCATION_CHANGED ->
            {
                order(out, e.orderId());
                number(out, "held", e.held());
            }
            case ALERT -> text(out, "alert", e.alertKind().name());
            case TRANSFER_CHANGED ->
            {
                number(out, "transferId", e.transferId());
                number(out, "quantity", e.quantity());
                text(out, "state", transferState(e.transferState()));
            }
            case CHANNEL_DEFINED -> text(out, "channel", engine.channelCode(e.channelId()));
            case LATERAL_TRANSFER_SUGGESTED ->
            {
                text(out, "from", engine.locationCode(e.sourceLocation()));
                number(out, "quantity", e.quantity());
            }
            default ->
            {
                // Definitions and closings carry no more than location and SKU.
            }
        }
        out.append('}');
    }

    private static void reservationTags(final StringBuilder out, final CommandSlot record)
    {
        if (record.externalReference != null)
        {
            text(out, "externalReference", record.externalReference);
        }
        final JsonNode metadata = ReservationRoutes.metadataJson(record.metadata);
        if (metadata != null)
        {
            out.append(",\"metadata\":").append(metadata);
        }
    }

    private void order(final StringBuilder out, final long engineOrderId)
    {
        number(out, "orderId", OrderIds.number(engineOrderId));
        text(out, "channel", engine.channelCode(OrderIds.channel(engineOrderId)));
    }

    private static void position(final StringBuilder out, final EventView e)
    {
        number(out, "onHand", e.onHand());
        number(out, "reserved", e.reserved());
        number(out, "inTransit", e.inTransit());
        number(out, "safetyStock", e.safetyStock());
        number(out, "available", e.available());
        if ((e.flags() & EventView.FLAG_NEGATIVE_ON_HAND) != 0)
        {
            out.append(",\"negativeOnHand\":true");
        }
        if ((e.flags() & EventView.FLAG_SHORTFALL) != 0)
        {
            out.append(",\"shortfall\":true");
        }
    }

    private static String transferState(final int state)
    {
        return switch (state)
        {
            case EventView.TRANSFER_CREATED -> "CREATED";
            case EventView.TRANSFER_SHIPPED -> "SHIPPED";
            case EventView.TRANSFER_RECEIVED -> "RECEIVED";
            case EventView.TRANSFER_CANCELLED -> "CANCELLED";
            default -> "UNKNOWN";
        };
    }

    private static void number(final StringBuilder out, final String name, final long value)
    {
        out.append(",\"").append(name).append("\":").append(value);
    }

    private static void text(final StringBuilder out, final String name, final String value)
    {
        out.append(",\"").append(name).append("\":");
        quote(out, value);
    }

    /** Codes are UTF-8 text from clients: escaped as JSON strings. */
    static void quote(final StringBuilder out, final String value)
    {
        if (value == null)
        {
            out.append("null");
            return;
        }
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, out);
        out.append('"');
    }

    /** @return whether events of {@code kind} belong to one channel (their id carries it, see OrderIds). */
    public static boolean isChannelEvent(final EventKind kind)
    {
        return kind == EventKind.ORDER_CHANGED || kind == EventKind.ALLOCATION_CHANGED ||
            kind == EventKind.RESERVATION_CHANGED;
    }

    /** @return the engine id of a channel event's order or reservation, which names its channel. */
    public static long channelScopedId(final EventView e)
    {
        return e.kind() == EventKind.RESERVATION_CHANGED ? e.reservationId() : e.orderId();
    }
}

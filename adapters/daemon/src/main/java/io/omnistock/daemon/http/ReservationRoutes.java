package io.omnistock.daemon.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnistock.api.Commands;
import io.omnistock.api.InventoryEngine;
import io.omnistock.api.Limits;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CodeText;
import io.omnistock.daemon.reads.OpenReservations;
import io.omnistock.daemon.reads.ReservationRecord;


/**
 * Stand-alone reservations (the engine's RESERVE, RELEASE, FULFIL): stock held at a named location
 * outside any order, as Medusa's reservation items, with the caller's external reference and
 * metadata. Reservation numbers are per channel, as order numbers are ({@link OrderIds#reservationId}):
 * a channel key acts on its own channel's reservations only, another channel's number is simply not
 * one of its reservations (404). A reservation is read back from the journal-fed
 * {@link OpenReservations}: the engine keeps no reference or metadata.
 */
public final class ReservationRoutes
{
    private final Writes writes;
    private final Codes codes;
    private final OpenReservations reads;
    private final ReadModelWait wait;

    /** @param wait what a read waits for: the model to reach the engine's last write. */
    public ReservationRoutes(final Writes writes, final Codes codes, final OpenReservations reads,
        final ReadModelWait wait)
    {
        this.writes = writes;
        this.codes = codes;
        this.reads = reads;
        this.wait = wait;
    }

    /** Bodies of the reservation endpoints. */
    record Reserve(Long reservationId, String channel, String location, String sku, Long quantity,
        String externalReference, JsonNode metadata)
    {
    }

    record Quantity(Long quantity)
    {
    }

    public void register(final HttpApi api)
    {
        api.writeRoute("POST", "/v1/reservations", Scope.ORDERS, Reserve.class, (call, b) ->
        {
            final int channel = codes.actingChannel(call.principal(), b.channel());
            final long reservationId = OrderIds.reservationId(channel, Fields.required(b.reservationId(),
                "reservationId"));
            final int location = codes.location(b.location(), "location");
            final int sku = codes.sku(b.sku(), "sku");
            final long quantity = Fields.required(b.quantity(), "quantity");
            final String reference = externalReference(b.externalReference());
            final String metadata = metadata(b.metadata());
            Created.nameOfChannel(call, "/v1/reservations/", b.reservationId(), call.principal(), b.channel());
            if (reference == null && metadata == null)
            {
                return writes.creation(call, id -> Commands.reserve(id, reservationId, location, sku, quantity));
            }
            return writes.creation(call, id -> Commands.reserveWithReference(id, reservationId, location, sku,
                quantity, reference, metadata));
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
        api.route("GET", "/v1/reservations/{reservationId}", Scope.ORDERS, call ->
        {
            final long reservationId = reservationId(call);
            return Reply.later(wait.caughtUp(call).thenApplyAsync(applied ->
            {
                final ReservationRecord r = reads.find(reservationId);
                if (r == null)
                {
                    // Closed reservations (nothing held) are gone, as from the engine's book.
                    throw ApiError.of(ReasonCode.UNKNOWN_RESERVATION, "reservation " + call.path("reservationId"));
                }
                return Reply.ok(json(writes.engine(), r));
            }, call.executor()));
        });
    }

    /** An open reservation as GET answers it. */
    static ObjectNode json(final InventoryEngine engine, final ReservationRecord r)
    {
        final ObjectNode json = Json.object()
            .put("reservationId", OrderIds.number(r.engineId()))
            .put("channel", engine.channelCode(OrderIds.channel(r.engineId())))
            .put("location", engine.locationCode(r.location()))
            .put("sku", engine.skuCode(r.sku()))
            .put("held", r.held());
        if (r.externalReference() != null)
        {
            json.put("externalReference", r.externalReference());
        }
        final JsonNode metadata = metadataJson(r.metadata());
        if (metadata != null)
        {
            json.set("metadata", metadata);
        }
        return json;
    }

    /**
     * @return journaled metadata as JSON: the object the daemon journaled; text the daemon did not
     *     write (an embedder's, through the same journal) as a JSON string; null for none.
     */
    public static JsonNode metadataJson(final String metadata)
    {
        if (metadata == null)
        {
            return null;
        }
        try
        {
            final JsonNode parsed = Json.MAPPER.readTree(metadata);
            if (parsed != null && parsed.isObject())
            {
                return parsed;
            }
        }
        catch (final JsonProcessingException notJson)
        {
            // Falls through: served as the text it is.
        }
        return Json.MAPPER.getNodeFactory().textNode(metadata);
    }

    /** @return the reference, checked against the engine's limit here so bad input is a 400 with nothing sent. */
    private static String externalReference(final String reference)
    {
        if (!CodeText.fits(reference, Limits.MAX_EXTERNAL_REFERENCE_BYTES))
        {
            throw ApiError.of(ReasonCode.INVALID_EXTERNAL_REFERENCE, "'externalReference' must be valid Unicode text " +
                "of at most " + Limits.MAX_EXTERNAL_REFERENCE_BYTES + " bytes of UTF-8");
        }
        return reference;
    }

    /** @return the metadata object as compact JSON text, what is journaled and checked against the limit. */
    private static String metadata(final JsonNode metadata)
    {
        if (metadata == null || metadata.isNull())
        {
            return null;
        }
        if (!metadata.isObject())
        {
            throw ApiError.of(ReasonCode.INVALID_METADATA, "'metadata' must be a JSON object, got " +
                metadata.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        final String text;
        try
        {
            text = Json.MAPPER.writeValueAsString(metadata);
        }
        catch (final JsonProcessingException e)
        {
            throw ApiError.of(ReasonCode.INVALID_METADATA, "'metadata' cannot be written as JSON");
        }
        if (!CodeText.fits(text, Limits.MAX_METADATA_BYTES))
        {
            throw ApiError.of(ReasonCode.INVALID_METADATA, "'metadata' must be at most " + Limits.MAX_METADATA_BYTES +
                " bytes of UTF-8 as compact JSON, and valid Unicode text");
        }
        return text;
    }

    private long reservationId(final Call call)
    {
        final int channel = codes.actingChannel(call.principal(), call.query("channel"));
        return OrderIds.reservationId(channel, Fields.parseLong(call.path("reservationId"), "reservationId"));
    }
}

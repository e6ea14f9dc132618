package io.omnistock.daemon.events;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import io.omnistock.api.CommandType;
import io.omnistock.api.EventView;
import io.omnistock.api.InventoryEngine;
import io.omnistock.core.journal.JournalRecord;
import io.omnistock.daemon.http.OrderIds;
import io.omnistock.daemon.http.ReservationRoutes;
import io.omnistock.daemon.json.EventJsonLayout;
import io.omnistock.daemon.json.EventJsonSink;

import java.time.Instant;

/**
 * One output event as a JSON object, with codes for ids: its members are the schema's
 * ({@link EventJsonLayout}, generated), written here into a {@link StringBuilder}, with the hooks that
 * need more than fields. It runs per event: nothing is allocated beyond what the builder grows. Public for
 * the webhooks, which send the same objects the event stream does.
 */
public final class EventJson implements EventJsonSink<StringBuilder>
{
    private final InventoryEngine engine;

    public EventJson(final InventoryEngine engine)
    {
        this.engine = engine;
    }

    /** @param record the journal record whose event {@code e} is. */
    public void write(final StringBuilder out, final JournalRecord record, final EventView e)
    {
        out.append('{');
        EventJsonLayout.write(out, record, e, this);
        out.append('}');
    }

    @Override
    public void head(final StringBuilder out, final JournalRecord record, final EventView e)
    {
        out.append("\"sequence\":").append(record.sequence())
            .append(",\"time\":\"").append(Instant.ofEpochMilli(record.timestamp())).append('"')
            .append(",\"kind\":\"").append(e.kind().name()).append('"')
            .append(",\"commandId\":\"").append(Long.toUnsignedString(record.commandId())).append('"');
    }

    @Override
    public void reservationTags(final StringBuilder out, final JournalRecord record, final EventView e)
    {
        // The opening event carries what the RESERVE journaled (format 5); later ones name the
        // reservation, which GET /v1/reservations/{id} serves with its reference and metadata.
        if (record.type() != CommandType.RESERVE)
        {
            return;
        }
        if (record.command().externalReference() != null)
        {
            text(out, "externalReference", record.command().externalReference());
        }
        final JsonNode metadata = ReservationRoutes.metadataJson(record.command().metadata());
        if (metadata != null)
        {
            out.append(",\"metadata\":").append(metadata);
        }
    }

    @Override
    public void transferState(final StringBuilder out, final JournalRecord record, final EventView e)
    {
        text(out, "state", switch (e.transferState())
        {
            case EventView.TRANSFER_CREATED -> "CREATED";
            case EventView.TRANSFER_SHIPPED -> "SHIPPED";
            case EventView.TRANSFER_RECEIVED -> "RECEIVED";
            case EventView.TRANSFER_CANCELLED -> "CANCELLED";
            default -> "UNKNOWN";
        });
    }

    @Override
    public void number(final StringBuilder out, final String name, final long value)
    {
        out.append(",\"").append(name).append("\":").append(value);
    }

    @Override
    public void text(final StringBuilder out, final String name, final String value)
    {
        out.append(",\"").append(name).append("\":");
        quote(out, value);
    }

    @Override
    public void flag(final StringBuilder out, final String name)
    {
        out.append(",\"").append(name).append("\":true");
    }

    @Override
    public void locationCode(final StringBuilder out, final String name, final int id)
    {
        text(out, name, engine.locationCode(id));
    }

    @Override
    public void skuCode(final StringBuilder out, final String name, final int id)
    {
        text(out, name, engine.skuCode(id));
    }

    @Override
    public void channelCode(final StringBuilder out, final String name, final int id)
    {
        text(out, name, engine.channelCode(id));
    }

    @Override
    public void channelNumber(final StringBuilder out, final String name, final long engineId)
    {
        number(out, name, OrderIds.number(engineId));
        channelCode(out, "channel", OrderIds.channel(engineId));
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
}

package io.omnistock.daemon.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.omnistock.api.Allocation;
import io.omnistock.api.Candidate;
import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandType;
import io.omnistock.api.InventoryEngine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.RuleSetExplanation;
import io.omnistock.api.Tier;

import java.io.IOException;

/** Engine results as JSON, with codes instead of internal ids. */
final class ResultJson
{
    private final InventoryEngine engine;

    ResultJson(final InventoryEngine engine)
    {
        this.engine = engine;
    }

    /**
     * The engine's result as a JSON object, written straight into {@code g}: no tree per answer.
     * Building an {@code ObjectNode} and then serialising it took 6% of the I/O threads' CPU
     * samples on single orders (JFR, flash sale, 64 connections).
     *
     * @param candidates whether to list every location considered and why it lost (routing's explanation).
     * @param books      whether a position shows the network's books (on hand, reserved, in transit, safety
     *     stock) besides what may be promised, and availability its figures by tier: not for a key bound
     *     to a channel (docs/daemon.md).
     */
    void write(final JsonGenerator g, final CommandResult r, final boolean candidates, final boolean books)
        throws IOException
    {
        g.writeStartObject();
        final boolean replayed = r.reason() == ReasonCode.DUPLICATE_COMMAND;
        final ReasonCode outcome = replayed ? r.originalReason() : r.reason();
        g.writeStringField("reason", outcome.name());
        g.writeNumberField("reasonCode", outcome.code());
        if (outcome != ReasonCode.OK)
        {
            g.writeStringField("message", outcome.message());
        }
        if (replayed)
        {
            // A retry the engine recognised: the first outcome stands; the figures below are as of now.
            g.writeBooleanField("replayed", true);
        }
        g.writeStringField("commandId", Long.toUnsignedString(r.commandId()));
        if (r.type().journaled() && r.sequence() > 0)
        {
            g.writeNumberField("sequence", r.sequence());
        }
        if (r.timestamp() > 0)
        {
            g.writeStringField("timestamp", IsoInstant.of(r.timestamp()));
        }
        if (r.assignedId() >= 0 && outcome == ReasonCode.OK &&
            (r.type() == CommandType.DEFINE_LOCATION || r.type() == CommandType.DEFINE_SKU ||
             r.type() == CommandType.DEFINE_CHANNEL))
        {
            g.writeNumberField("id", r.assignedId());
        }
        if (r.type() == CommandType.SET_ROUTING_POLICY && outcome == ReasonCode.OK && !replayed)
        {
            // The engine's count of policies set: what GET /v1/routing/policy then reports.
            g.writeNumberField("version", r.assignedId());
        }
        if (r.location() >= 0 && r.sku() >= 0)
        {
            g.writeObjectFieldStart("position");
            g.writeStringField("location", engine.locationCode(r.location()));
            g.writeStringField("sku", engine.skuCode(r.sku()));
            if (books)
            {
                g.writeNumberField("onHand", r.onHand());
                g.writeNumberField("reserved", r.reserved());
                g.writeNumberField("inTransit", r.inTransit());
                g.writeNumberField("safetyStock", r.safetyStock());
            }
            g.writeNumberField("available", r.available());
            g.writeEndObject();
        }
        if (r.type() == CommandType.RESERVE || r.type() == CommandType.RELEASE || r.type() == CommandType.FULFIL)
        {
            // The channel's own number, as orders: the engine id carries the channel (OrderIds).
            g.writeNumberField("reservationId", OrderIds.number(r.reservationId()));
            g.writeStringField("channel", engine.channelCode(OrderIds.channel(r.reservationId())));
            g.writeNumberField("held", r.held());
        }
        if (r.orderId() > 0)
        {
            g.writeNumberField("orderId", OrderIds.number(r.orderId()));
            g.writeStringField("channel", engine.channelCode(OrderIds.channel(r.orderId())));
        }
        if (r.orderState() != null)
        {
            g.writeStringField("state", r.orderState().name());
            if (r.expiresAt() > 0)
            {
                g.writeStringField("expiresAt", IsoInstant.of(r.expiresAt()));
            }
        }
        if (!r.allocations().isEmpty())
        {
            g.writeArrayFieldStart("allocations");
            for (final Allocation a : r.allocations())
            {
                g.writeStartObject();
                g.writeNumberField("line", a.line());
                g.writeStringField("location", engine.locationCode(a.location()));
                g.writeStringField("sku", engine.skuCode(a.sku()));
                g.writeNumberField("quantity", a.quantity());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (!r.unfilledLines().isEmpty())
        {
            g.writeArrayFieldStart("unfilledLines");
            for (final int line : r.unfilledLines())
            {
                g.writeNumber(line);
            }
            g.writeEndArray();
        }
        if (candidates && !r.candidates().isEmpty())
        {
            g.writeArrayFieldStart("candidates");
            for (final Candidate c : r.candidates())
            {
                g.writeStartObject();
                g.writeStringField("location", engine.locationCode(c.location()));
                g.writeStringField("outcome", c.reason().name());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (candidates && !r.ruleSets().isEmpty())
        {
            // Every rule set tried, in order: why the earlier ones did not route, not only what the last saw.
            g.writeArrayFieldStart("ruleSets");
            for (final RuleSetExplanation ruleSet : r.ruleSets())
            {
                g.writeStartObject();
                g.writeStringField("name", ruleSet.name());
                g.writeBooleanField("routed", ruleSet.routed());
                g.writeArrayFieldStart("candidates");
                for (final Candidate c : ruleSet.candidates())
                {
                    g.writeStartObject();
                    g.writeStringField("location", engine.locationCode(c.location()));
                    g.writeStringField("outcome", c.reason().name());
                    g.writeNumberField("distanceMeters", c.distanceMeters());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (r.type() == CommandType.QUERY_AVAILABILITY && outcome == ReasonCode.OK)
        {
            g.writeStringField("sku", engine.skuCode(r.sku()));
            g.writeNumberField("network", r.networkAvailable());
            if (books)
            {
                // The network's figure by tier: for a channel's view "network" is its quota-capped figure, and
                // the tiers, neither capped nor for it, stay with keys bound to no channel.
                g.writeObjectFieldStart("tiers");
                for (final Tier tier : Tier.values())
                {
                    g.writeNumberField(Enums.wire(tier), r.tierAvailable(tier));
                }
                g.writeEndObject();
            }
        }
        g.writeEndObject();
    }
}

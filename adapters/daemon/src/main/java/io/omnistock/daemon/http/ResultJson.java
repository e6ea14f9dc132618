package io.omnistock.daemon.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnistock.api.Allocation;
import io.omnistock.api.Candidate;
import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandType;
import io.omnistock.api.InventoryEngine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.RuleSetExplanation;
import io.omnistock.api.Tier;

import java.time.Instant;

/** Engine results as JSON, with codes instead of internal ids. */
final class ResultJson
{
    private final InventoryEngine engine;

    ResultJson(final InventoryEngine engine)
    {
        this.engine = engine;
    }

    ObjectNode of(final CommandResult r)
    {
        return of(r, true);
    }

    /** @param candidates whether to list every location considered and why it lost (routing's explanation). */
    ObjectNode of(final CommandResult r, final boolean candidates)
    {
        final ObjectNode json = Json.object();
        final boolean replayed = r.reason() == ReasonCode.DUPLICATE_COMMAND;
        final ReasonCode outcome = replayed ? r.originalReason() : r.reason();
        json.put("reason", outcome.name());
        json.put("reasonCode", outcome.code());
        if (outcome != ReasonCode.OK)
        {
            json.put("message", outcome.message());
        }
        if (replayed)
        {
            // A retry the engine recognised: the first outcome stands; the figures below are as of now.
            json.put("replayed", true);
        }
        json.put("commandId", Long.toUnsignedString(r.commandId()));
        if (r.type().journaled() && r.sequence() > 0)
        {
            json.put("sequence", r.sequence());
        }
        if (r.timestamp() > 0)
        {
            json.put("timestamp", Instant.ofEpochMilli(r.timestamp()).toString());
        }
        if (r.assignedId() >= 0 && outcome == ReasonCode.OK &&
            (r.type() == CommandType.DEFINE_LOCATION || r.type() == CommandType.DEFINE_SKU ||
             r.type() == CommandType.DEFINE_CHANNEL))
        {
            json.put("id", r.assignedId());
        }
        if (r.type() == CommandType.SET_ROUTING_POLICY && outcome == ReasonCode.OK && !replayed)
        {
            // The engine's count of policies set: what GET /v1/routing/policy then reports.
            json.put("version", r.assignedId());
        }
        if (r.location() >= 0 && r.sku() >= 0)
        {
            final ObjectNode p = json.putObject("position");
            p.put("location", engine.locationCode(r.location()));
            p.put("sku", engine.skuCode(r.sku()));
            p.put("onHand", r.onHand());
            p.put("reserved", r.reserved());
            p.put("inTransit", r.inTransit());
            p.put("safetyStock", r.safetyStock());
            p.put("available", r.available());
        }
        if (r.type() == CommandType.RESERVE || r.type() == CommandType.RELEASE || r.type() == CommandType.FULFIL)
        {
            // The channel's own number, as orders: the engine id carries the channel (OrderIds).
            json.put("reservationId", OrderIds.number(r.reservationId()));
            json.put("channel", engine.channelCode(OrderIds.channel(r.reservationId())));
            json.put("held", r.held());
        }
        if (r.orderId() > 0)
        {
            json.put("orderId", OrderIds.number(r.orderId()));
            json.put("channel", engine.channelCode(OrderIds.channel(r.orderId())));
        }
        if (r.orderState() != null)
        {
            json.put("state", r.orderState().name());
            if (r.expiresAt() > 0)
            {
                json.put("expiresAt", Instant.ofEpochMilli(r.expiresAt()).toString());
            }
        }
        if (!r.allocations().isEmpty())
        {
            final ArrayNode allocations = json.putArray("allocations");
            for (final Allocation a : r.allocations())
            {
                allocations.addObject()
                    .put("line", a.line())
                    .put("location", engine.locationCode(a.location()))
                    .put("sku", engine.skuCode(a.sku()))
                    .put("quantity", a.quantity());
            }
        }
        if (!r.unfilledLines().isEmpty())
        {
            final ArrayNode unfilled = json.putArray("unfilledLines");
            r.unfilledLines().forEach(unfilled::add);
        }
        if (candidates && !r.candidates().isEmpty())
        {
            final ArrayNode considered = json.putArray("candidates");
            for (final Candidate c : r.candidates())
            {
                considered.addObject()
                    .put("location", engine.locationCode(c.location()))
                    .put("outcome", c.reason().name());
            }
        }
        if (candidates && !r.ruleSets().isEmpty())
        {
            // Every rule set tried, in order: why the earlier ones did not route, not only what the last saw.
            final ArrayNode tried = json.putArray("ruleSets");
            for (final RuleSetExplanation ruleSet : r.ruleSets())
            {
                final ObjectNode entry = tried.addObject().put("name", ruleSet.name()).put("routed", ruleSet.routed());
                final ArrayNode verdicts = entry.putArray("candidates");
                for (final Candidate c : ruleSet.candidates())
                {
                    verdicts.addObject()
                        .put("location", engine.locationCode(c.location()))
                        .put("outcome", c.reason().name())
                        .put("distanceMeters", c.distanceMeters());
                }
            }
        }
        if (r.type() == CommandType.QUERY_AVAILABILITY && outcome == ReasonCode.OK)
        {
            json.put("sku", engine.skuCode(r.sku()));
            json.put("network", r.networkAvailable());
            final ObjectNode tiers = json.putObject("tiers");
            for (final Tier tier : Tier.values())
            {
                tiers.put(Enums.wire(tier), r.tierAvailable(tier));
            }
        }
        return json;
    }
}

package io.omnistock.daemon.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.omnistock.api.Allocation;
import io.omnistock.api.Candidate;
import io.omnistock.api.CommandResult;
import io.omnistock.api.InventoryEngine;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.RoutingReason;
import io.omnistock.api.RuleSetExplanation;
import io.omnistock.api.Tier;
import io.omnistock.daemon.json.ResultJsonLayout;
import io.omnistock.daemon.json.ResultJsonSink;

import java.io.IOException;

/**
 * Engine results as JSON, with codes instead of internal ids: the members are the schema's
 * ({@link ResultJsonLayout}, generated), written here straight into a Jackson generator (no tree per
 * answer: building an {@code ObjectNode} and then serialising it took 6% of the I/O threads' CPU samples on
 * single orders, JFR, flash sale, 64 connections), with the hooks that need more than fields.
 */
final class ResultJson
{
    /** By whether candidates are shown, then whether the books are: stateless, so shared by every thread. */
    private final Sink[][] sinks = new Sink[2][2];

    ResultJson(final InventoryEngine engine)
    {
        for (int candidates = 0; candidates < 2; candidates++)
        {
            for (int books = 0; books < 2; books++)
            {
                sinks[candidates][books] = new Sink(engine, candidates == 1, books == 1);
            }
        }
    }

    /**
     * The engine's result as a JSON object, written into {@code g}.
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
        ResultJsonLayout.write(g, r, sinks[candidates ? 1 : 0][books ? 1 : 0]);
        g.writeEndObject();
    }

    /*
     * The answer's text values that need no escaping are written without Jackson's escaping pass:
     * enum names pre-encoded once, times and command ids as ASCII digits straight into the output.
     * Escaping them (UTF8JsonGenerator._writeStringSegment) was 43% of encoding an answer on batches
     * of 256 orders (async-profiler, docs/benchmarks.md run 49). Every result is encoded by a
     * UTF8JsonGenerator (Writes.encode), which copies raw UTF-8 text as it is.
     */
    private static final SerializedString[] REASON_NAMES = names(ReasonCode.values());
    private static final SerializedString[] STATE_NAMES = names(OrderState.values());
    private static final SerializedString[] ROUTING_NAMES = names(RoutingReason.values());
    /** Per I/O thread: the digits of a time or a command id (the sinks are shared by every thread). */
    private static final ThreadLocal<byte[]> TEXT = ThreadLocal.withInitial(() -> new byte[IsoInstant.LONGEST]);

    private static SerializedString[] names(final Enum<?>[] values)
    {
        final SerializedString[] names = new SerializedString[values.length];
        for (final Enum<?> value : values)
        {
            names[value.ordinal()] = new SerializedString(value.name());
        }
        return names;
    }

    /** Writes {@code name}: the time as {@link IsoInstant} (and {@code Instant.toString()}) writes it. */
    static void instant(final JsonGenerator g, final String name, final long epochMillis) throws IOException
    {
        g.writeFieldName(name);
        final byte[] text = TEXT.get();
        final int length = IsoInstant.write(epochMillis, text);
        if (length < 0)
        {
            g.writeString(IsoInstant.of(epochMillis));
            return;
        }
        g.writeRawUTF8String(text, 0, length);
    }

    /** Writes {@code name}: {@code value} as unsigned decimal text, as {@code Long.toUnsignedString} does. */
    static void unsignedText(final JsonGenerator g, final String name, final long value) throws IOException
    {
        g.writeFieldName(name);
        final byte[] text = TEXT.get();
        // 2^64 - 1 has 20 digits: the top one from an unsigned halving, the rest signed.
        long rest = value >= 0 ? value : (value >>> 1) / 5;
        int at = text.length;
        if (value < 0)
        {
            text[--at] = (byte)('0' + (value - rest * 10));
        }
        do
        {
            text[--at] = (byte)('0' + rest % 10);
            rest /= 10;
        }
        while (rest != 0);
        g.writeRawUTF8String(text, at, text.length - at);
    }

    /** @return the outcome a result reports: for a retry the engine recognised, the first one's. */
    private static ReasonCode outcome(final CommandResult r)
    {
        return replayed(r) ? r.originalReason() : r.reason();
    }

    private static boolean replayed(final CommandResult r)
    {
        return r.reason() == ReasonCode.DUPLICATE_COMMAND;
    }

    private static final class Sink implements ResultJsonSink<JsonGenerator>
    {
        private final InventoryEngine engine;
        private final boolean candidates;
        private final boolean books;

        Sink(final InventoryEngine engine, final boolean candidates, final boolean books)
        {
            this.engine = engine;
            this.candidates = candidates;
            this.books = books;
        }

        @Override
        public void outcome(final JsonGenerator g, final CommandResult r) throws IOException
        {
            final ReasonCode outcome = ResultJson.outcome(r);
            g.writeFieldName("reason");
            g.writeString(REASON_NAMES[outcome.ordinal()]);
            g.writeNumberField("reasonCode", outcome.code());
            if (outcome != ReasonCode.OK)
            {
                g.writeStringField("message", outcome.message());
            }
            if (replayed(r))
            {
                // A retry the engine recognised: the first outcome stands; the figures below are as of now.
                g.writeBooleanField("replayed", true);
            }
            unsignedText(g, "commandId", r.commandId());
            if (r.type().journaled() && r.sequence() > 0)
            {
                g.writeNumberField("sequence", r.sequence());
            }
            if (r.timestamp() > 0)
            {
                instant(g, "timestamp", r.timestamp());
            }
        }

        @Override
        public void definedId(final JsonGenerator g, final CommandResult r) throws IOException
        {
            if (r.assignedId() >= 0 && ResultJson.outcome(r) == ReasonCode.OK)
            {
                g.writeNumberField("id", r.assignedId());
            }
        }

        @Override
        public void policyVersion(final JsonGenerator g, final CommandResult r) throws IOException
        {
            if (ResultJson.outcome(r) == ReasonCode.OK && !replayed(r))
            {
                // The engine's count of policies set: what GET /v1/routing/policy then reports.
                g.writeNumberField("version", r.assignedId());
            }
        }

        @Override
        public void position(final JsonGenerator g, final CommandResult r) throws IOException
        {
            if (r.location() < 0 || r.sku() < 0)
            {
                return;
            }
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

        @Override
        public void order(final JsonGenerator g, final CommandResult r) throws IOException
        {
            if (r.orderId() > 0)
            {
                channelNumber(g, "orderId", r.orderId());
            }
            if (r.orderState() != null)
            {
                g.writeFieldName("state");
                g.writeString(STATE_NAMES[r.orderState().ordinal()]);
                if (r.expiresAt() > 0)
                {
                    instant(g, "expiresAt", r.expiresAt());
                }
            }
        }

        @Override
        public void routing(final JsonGenerator g, final CommandResult r) throws IOException
        {
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
                    g.writeFieldName("outcome");
                    g.writeString(ROUTING_NAMES[c.reason().ordinal()]);
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
                        g.writeFieldName("outcome");
                        g.writeString(ROUTING_NAMES[c.reason().ordinal()]);
                        g.writeNumberField("distanceMeters", c.distanceMeters());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
        }

        @Override
        public void availability(final JsonGenerator g, final CommandResult r) throws IOException
        {
            if (ResultJson.outcome(r) != ReasonCode.OK)
            {
                return;
            }
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

        @Override
        public void number(final JsonGenerator g, final String name, final long value) throws IOException
        {
            g.writeNumberField(name, value);
        }

        @Override
        public void text(final JsonGenerator g, final String name, final String value) throws IOException
        {
            g.writeStringField(name, value);
        }

        @Override
        public void flag(final JsonGenerator g, final String name) throws IOException
        {
            g.writeBooleanField(name, true);
        }

        @Override
        public void locationCode(final JsonGenerator g, final String name, final int id) throws IOException
        {
            g.writeStringField(name, engine.locationCode(id));
        }

        @Override
        public void skuCode(final JsonGenerator g, final String name, final int id) throws IOException
        {
            g.writeStringField(name, engine.skuCode(id));
        }

        @Override
        public void channelCode(final JsonGenerator g, final String name, final int id) throws IOException
        {
            g.writeStringField(name, engine.channelCode(id));
        }

        @Override
        public void channelNumber(final JsonGenerator g, final String name, final long engineId) throws IOException
        {
            // The channel's own number, as orders: the engine id carries the channel (OrderIds).
            g.writeNumberField(name, OrderIds.number(engineId));
            channelCode(g, "channel", OrderIds.channel(engineId));
        }
    }
}

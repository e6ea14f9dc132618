package io.omnistock.daemon.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
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

import static io.omnistock.daemon.http.CodeTexts.quoted;

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
        final CodeTexts codes = new CodeTexts(engine);
        for (int candidates = 0; candidates < 2; candidates++)
        {
            for (int books = 0; books < 2; books++)
            {
                sinks[candidates][books] = new Sink(codes, candidates == 1, books == 1);
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
    /*
     * The hot members' names, quoted once: writing a name from a String runs Jackson's escaping pass over it
     * (UTF8JsonGenerator._writeStringSegment), as a code does; see CodeTexts.
     */
    private static final SerializedString REASON = quoted("reason");
    private static final SerializedString REASON_CODE = quoted("reasonCode");
    private static final SerializedString MESSAGE = quoted("message");
    private static final SerializedString COMMAND_ID = quoted("commandId");
    private static final SerializedString SEQUENCE = quoted("sequence");
    private static final SerializedString TIMESTAMP = quoted("timestamp");
    private static final SerializedString POSITION = quoted("position");
    private static final SerializedString LOCATION = quoted("location");
    private static final SerializedString SKU = quoted("sku");
    private static final SerializedString ON_HAND = quoted("onHand");
    private static final SerializedString RESERVED = quoted("reserved");
    private static final SerializedString IN_TRANSIT = quoted("inTransit");
    private static final SerializedString SAFETY_STOCK = quoted("safetyStock");
    private static final SerializedString AVAILABLE = quoted("available");
    private static final SerializedString ORDER_ID = quoted("orderId");
    private static final SerializedString STATE = quoted("state");
    private static final SerializedString EXPIRES_AT = quoted("expiresAt");
    private static final SerializedString ALLOCATIONS = quoted("allocations");
    private static final SerializedString LINE = quoted("line");
    private static final SerializedString QUANTITY = quoted("quantity");
    private static final SerializedString CHANNEL = quoted("channel");

    /**
     * @return scratch for the digits of a time or a command id: the one of the {@link AnswerBytes}
     *     {@code g} writes into, as every result is encoded (Writes.encode); the sinks are shared by
     *     every thread.
     */
    private static byte[] digits(final JsonGenerator g)
    {
        return ((AnswerBytes)g.getOutputTarget()).digits;
    }

    private static SerializedString[] names(final Enum<?>[] values)
    {
        final SerializedString[] names = new SerializedString[values.length];
        for (final Enum<?> value : values)
        {
            names[value.ordinal()] = quoted(value.name());
        }
        return names;
    }

    /** Writes a code's text, or null for an id with none (as writing the null String did). */
    private static void code(final JsonGenerator g, final SerializableString code) throws IOException
    {
        if (code == null)
        {
            g.writeNull();
            return;
        }
        g.writeString(code);
    }

    /** Writes {@code name}: the time as {@link IsoInstant} (and {@code Instant.toString()}) writes it. */
    static void instant(final JsonGenerator g, final SerializableString name, final long epochMillis) throws IOException
    {
        g.writeFieldName(name);
        final byte[] text = digits(g);
        final int length = IsoInstant.write(epochMillis, text);
        if (length < 0)
        {
            g.writeString(IsoInstant.of(epochMillis));
            return;
        }
        g.writeRawUTF8String(text, 0, length);
    }

    /** Writes {@code name}: {@code value} as unsigned decimal text, as {@code Long.toUnsignedString} does. */
    static void unsignedText(final JsonGenerator g, final SerializableString name, final long value) throws IOException
    {
        g.writeFieldName(name);
        final byte[] text = digits(g);
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
        private final CodeTexts codes;
        private final boolean candidates;
        private final boolean books;

        Sink(final CodeTexts codes, final boolean candidates, final boolean books)
        {
            this.codes = codes;
            this.candidates = candidates;
            this.books = books;
        }

        @Override
        public void outcome(final JsonGenerator g, final CommandResult r) throws IOException
        {
            final ReasonCode outcome = ResultJson.outcome(r);
            g.writeFieldName(REASON);
            g.writeString(REASON_NAMES[outcome.ordinal()]);
            g.writeFieldName(REASON_CODE);
            g.writeNumber(outcome.code());
            if (outcome != ReasonCode.OK)
            {
                g.writeFieldName(MESSAGE);
                g.writeString(outcome.message());
            }
            if (replayed(r))
            {
                // A retry the engine recognised: the first outcome stands; the figures below are as of now.
                g.writeBooleanField("replayed", true);
            }
            unsignedText(g, COMMAND_ID, r.commandId());
            if (r.type().journaled() && r.sequence() > 0)
            {
                g.writeFieldName(SEQUENCE);
                g.writeNumber(r.sequence());
            }
            if (r.timestamp() > 0)
            {
                instant(g, TIMESTAMP, r.timestamp());
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
            g.writeFieldName(POSITION);
            g.writeStartObject();
            g.writeFieldName(LOCATION);
            code(g, codes.location(r.location()));
            g.writeFieldName(SKU);
            code(g, codes.sku(r.sku()));
            if (books)
            {
                g.writeFieldName(ON_HAND);
                g.writeNumber(r.onHand());
                g.writeFieldName(RESERVED);
                g.writeNumber(r.reserved());
                g.writeFieldName(IN_TRANSIT);
                g.writeNumber(r.inTransit());
                g.writeFieldName(SAFETY_STOCK);
                g.writeNumber(r.safetyStock());
            }
            g.writeFieldName(AVAILABLE);
            g.writeNumber(r.available());
            g.writeEndObject();
        }

        @Override
        public void order(final JsonGenerator g, final CommandResult r) throws IOException
        {
            if (r.orderId() > 0)
            {
                channelNumber(g, ORDER_ID, r.orderId());
            }
            if (r.orderState() != null)
            {
                g.writeFieldName(STATE);
                g.writeString(STATE_NAMES[r.orderState().ordinal()]);
                if (r.expiresAt() > 0)
                {
                    instant(g, EXPIRES_AT, r.expiresAt());
                }
            }
        }

        @Override
        public void routing(final JsonGenerator g, final CommandResult r) throws IOException
        {
            if (!r.allocations().isEmpty())
            {
                g.writeFieldName(ALLOCATIONS);
                g.writeStartArray();
                for (final Allocation a : r.allocations())
                {
                    g.writeStartObject();
                    g.writeFieldName(LINE);
                    g.writeNumber(a.line());
                    g.writeFieldName(LOCATION);
                    code(g, codes.location(a.location()));
                    g.writeFieldName(SKU);
                    code(g, codes.sku(a.sku()));
                    g.writeFieldName(QUANTITY);
                    g.writeNumber(a.quantity());
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
                    g.writeFieldName(LOCATION);
                    code(g, codes.location(c.location()));
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
                        g.writeFieldName(LOCATION);
                    code(g, codes.location(c.location()));
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
            g.writeFieldName(SKU);
            code(g, codes.sku(r.sku()));
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
            g.writeFieldName(name);
            code(g, codes.location(id));
        }

        @Override
        public void skuCode(final JsonGenerator g, final String name, final int id) throws IOException
        {
            g.writeFieldName(name);
            code(g, codes.sku(id));
        }

        @Override
        public void channelCode(final JsonGenerator g, final String name, final int id) throws IOException
        {
            g.writeFieldName(name);
            code(g, codes.channel(id));
        }

        @Override
        public void channelNumber(final JsonGenerator g, final String name, final long engineId) throws IOException
        {
            g.writeFieldName(name);
            channelNumber(g, engineId);
        }

        private void channelNumber(final JsonGenerator g, final SerializableString name, final long engineId)
            throws IOException
        {
            g.writeFieldName(name);
            channelNumber(g, engineId);
        }

        /** The channel's own number, as orders, then its channel: the engine id carries the channel (OrderIds). */
        private void channelNumber(final JsonGenerator g, final long engineId) throws IOException
        {
            g.writeNumber(OrderIds.number(engineId));
            g.writeFieldName(CHANNEL);
            code(g, codes.channel(OrderIds.channel(engineId)));
        }
    }
}

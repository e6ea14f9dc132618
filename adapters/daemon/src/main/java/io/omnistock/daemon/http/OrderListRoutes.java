package io.omnistock.daemon.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnistock.api.CommandResult;
import io.omnistock.api.InventoryEngine;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.daemon.reads.OrderHistory;
import io.omnistock.daemon.reads.OrderRecord;
import io.omnistock.daemon.reads.OrderView;

import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * Orders as the journal-fed read model ({@link OrderHistory}) holds them: {@code GET /v1/orders}
 * (a filtered, cursor-paginated listing) and the closed orders {@code GET /v1/orders/{id}} answers
 * once the engine has let them go. Nothing here runs on the engine's writer.
 *
 * <p>Each answer first waits for the model to catch up ({@link ReadModelWait}), so a client reads
 * its own writes.
 */
public final class OrderListRoutes
{
    /** Orders looked at per page at most: a narrow filter answers a short page and a cursor, not a long scan. */
    static final int MAX_SCAN = 20_000;
    private static final Set<String> STATES = states();

    private final OrderHistory history;
    private final InventoryEngine engine;
    private final Codes codes;
    private final ReadModelWait wait;

    public OrderListRoutes(final OrderHistory history, final InventoryEngine engine, final ReadModelWait wait)
    {
        this.history = history;
        this.engine = engine;
        this.codes = new Codes(engine);
        this.wait = wait;
    }

    private static Set<String> states()
    {
        final Set<String> names = new HashSet<>();
        for (final OrderState s : OrderState.values())
        {
            names.add(s.name());
        }
        names.add("REJECTED");
        return Set.copyOf(names);
    }

    public void register(final HttpApi api)
    {
        api.route("GET", "/v1/orders", Scope.ORDERS, call ->
        {
            final Filter filter = filter(call);
            final Paging paging = Paging.of(call, "orders", filter.canonical(), 0);
            return Reply.later(wait.caughtUp(call).thenApplyAsync(applied ->
            {
                final OrderHistory.Page<OrderRecord> page = history.page(paging.after(), filter, paging.limit(), MAX_SCAN);
                final ObjectNode json = Json.object();
                final ArrayNode items = json.putArray("items");
                page.items().forEach(o -> items.add(json(o)));
                return Reply.ok(paging.page(page.next(), json));
            }, call.executor()));
        });
    }

    /**
     * The answer to {@code GET /v1/orders/{id}} given the engine's: an open order as the engine
     * has it, with its history added; a closed one from the read model; else the engine's 404.
     */
    CompletionStage<Reply> answer(final Call call, final long engineId, final CommandResult engineAnswer,
        final Writes writes)
    {
        if (engineAnswer.reason() == ReasonCode.OK)
        {
            final ObjectNode json = writes.json(engineAnswer);
            final OrderRecord record = history.find(engineId);
            // Only a model that has caught up adds history: an open order's answer never waits for it.
            if (record != null && wait.caughtUpNow())
            {
                json.put("createdAt", Instant.ofEpochMilli(record.createdAtMillis()).toString());
                json.set("history", steps(record));
            }
            return CompletableFuture.completedFuture(Reply.ok(json));
        }
        if (engineAnswer.reason() != ReasonCode.UNKNOWN_ORDER)
        {
            return CompletableFuture.completedFuture(writes.answer(engineAnswer));
        }
        // Sampled now, after the engine's answer: a close the engine had applied is then waited for.
        return wait.caughtUp(call).thenApplyAsync(applied ->
        {
            final OrderRecord record = history.find(engineId);
            return record == null ? writes.answer(engineAnswer) : Reply.ok(json(record));
        }, call.executor());
    }

    private Filter filter(final Call call)
    {
        final String channelText = call.query("channel");
        // A channel key lists its own channel's orders only, named or not; another's is 403.
        final int channel = call.principal().channel() != null || channelText != null ?
            codes.actingChannel(call.principal(), channelText) : -1;
        final String locationText = call.query("location");
        final int location = locationText == null ? -1 : codes.location(locationText, "location");
        final Set<String> states = new java.util.TreeSet<>();
        final String stateText = call.query("state");
        if (stateText != null)
        {
            for (final String s : stateText.split(",", -1))
            {
                final String name = Enums.constant(s.trim());
                if (!STATES.contains(name))
                {
                    throw ApiError.badRequest("INVALID_FIELD", "'state' takes held, confirmed, fulfilled, cancelled, " +
                        "expired, rejected (comma-separated), got '" + s + "'");
                }
                states.add(name);
            }
        }
        final String fromText = call.query("from");
        final String toText = call.query("to");
        final long from = fromText == null ? Long.MIN_VALUE : Fields.instantMillis(fromText, "from");
        final long to = toText == null ? Long.MAX_VALUE : Fields.instantMillis(toText, "to");
        if (from >= to)
        {
            throw ApiError.badRequest("INVALID_FIELD", "'from' must be before 'to'");
        }
        return new Filter(channel, location, Set.copyOf(states), from, to);
    }

    /** @param from creation time, inclusive; @param to creation time, exclusive. */
    private record Filter(int channel, int location, Set<String> states, long from, long to)
        implements Predicate<OrderView>
    {
        @Override
        public boolean test(final OrderView o)
        {
            return (channel < 0 || OrderIds.channel(o.engineId()) == channel) &&
                (location < 0 || o.touches(location)) &&
                (states.isEmpty() || states.contains(o.state())) &&
                o.createdAtMillis() >= from && o.createdAtMillis() < to;
        }

        String canonical()
        {
            return channel + "|" + location + "|" + new java.util.TreeSet<>(states) + "|" + from + "|" + to;
        }
    }

    ObjectNode json(final OrderRecord o)
    {
        final ObjectNode json = Json.object();
        json.put("orderId", OrderIds.number(o.engineId()));
        json.put("channel", engine.channelCode(OrderIds.channel(o.engineId())));
        json.put("state", o.state());
        if (o.type() != null)
        {
            json.put("type", Enums.wire(o.type()));
        }
        json.put("createdAt", Instant.ofEpochMilli(o.createdAtMillis()).toString());
        if (o.closed())
        {
            json.put("closedAt", Instant.ofEpochMilli(o.closedAtMillis()).toString());
        }
        if (o.rejection() != null)
        {
            json.putObject("rejection").put("code", o.rejection().name()).put("reasonCode", o.rejection().code())
                .put("message", o.rejection().message());
        }
        if (o.expiresAtMillis() > 0 && !o.closed())
        {
            json.put("expiresAt", Instant.ofEpochMilli(o.expiresAtMillis()).toString());
        }
        final ArrayNode lines = json.putArray("lines");
        for (int i = 0; i < o.lines().size(); i++)
        {
            lines.addObject().put("line", i).put("sku", engine.skuCode(o.lines().get(i).sku()))
                .put("quantity", o.lines().get(i).quantity());
        }
        final ArrayNode allocations = json.putArray("allocations");
        for (final OrderRecord.Allocation a : o.allocations())
        {
            allocations.addObject().put("location", engine.locationCode(a.location()))
                .put("sku", engine.skuCode(a.sku())).put("quantity", a.quantity()).put("held", a.held());
        }
        if (!o.candidates().isEmpty())
        {
            final ArrayNode candidates = json.putArray("candidates");
            for (final OrderRecord.Candidate c : o.candidates())
            {
                candidates.addObject().put("location", engine.locationCode(c.location()))
                    .put("outcome", c.reason() == null ? "UNKNOWN" : c.reason().name())
                    .put("distanceMeters", c.distanceMeters());
            }
        }
        json.set("history", steps(o));
        if (o.stepsDropped() > 0)
        {
            json.put("historyDropped", o.stepsDropped());
        }
        return json;
    }

    private ArrayNode steps(final OrderRecord o)
    {
        final ArrayNode steps = Json.MAPPER.createArrayNode();
        for (final OrderRecord.Step s : o.steps())
        {
            final ObjectNode step = steps.addObject().put("sequence", s.sequence())
                .put("time", Instant.ofEpochMilli(s.timeMillis()).toString())
                .put("command", s.command() == null ? "UNKNOWN" : s.command().name())
                .put("state", s.state());
            if (s.location() >= 0)
            {
                step.put("location", engine.locationCode(s.location()));
            }
            final ArrayNode held = step.putArray("allocations");
            for (final OrderRecord.Change c : s.changes())
            {
                held.addObject().put("location", engine.locationCode(c.location())).put("sku", engine.skuCode(c.sku()))
                    .put("held", c.heldAfter());
            }
        }
        return steps;
    }
}

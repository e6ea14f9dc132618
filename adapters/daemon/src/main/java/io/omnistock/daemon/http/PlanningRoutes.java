package io.omnistock.daemon.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnistock.api.Commands;
import io.omnistock.api.StateView;
import io.omnistock.core.planning.PlanningData;
import io.omnistock.core.state.EngineState;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The forecast master data (issue 23, docs/replenishment.md "Forecasting"): SKU prices, the
 * promotion calendar and planner overrides, written as journaled commands and read back from the
 * engine's state between two commands. Dates are calendar days (UTC), uplifts shares (0.5: +50%),
 * daily demand in the SKU's unit; the engine refuses what is out of range with its reason.
 */
public final class PlanningRoutes
{
    /** Body of POST /v1/skus/{sku}/price. */
    record Price(Long unitPrice, Long unitCost, Integer category)
    {
    }

    /**
     * Body of POST /v1/promotions: a SKU or a category; {@code uplift} a number (0.5: +50%) or
     * {@value #LEARNED}, the uplift learned from the series' past promotions.
     */
    record Promotion(Long promotionId, String sku, Integer category, String location, String channel, String start,
        String end, JsonNode uplift)
    {
    }

    /** The uplift that asks the forecast to learn it (PUT_LEARNED_PROMOTION). */
    static final String LEARNED = "learned";

    /** Body of POST /v1/forecast/overrides. */
    record Override(String location, String sku, Double dailyDemand, Long minLevel, Long maxLevel, String expiresAt,
        Boolean remove)
    {
    }

    private final Writes writes;
    private final Codes codes;
    private final StateReader engine;

    public PlanningRoutes(final Writes writes, final Codes codes, final StateReader engine)
    {
        this.writes = writes;
        this.codes = codes;
        this.engine = engine;
    }

    public void register(final HttpApi api)
    {
        api.route("POST", "/v1/skus/{sku}/price", Scope.ADMIN, call ->
        {
            final int sku = codes.sku(call.path("sku"), "sku");
            final Price b = call.json(Price.class);
            // The command sets all three: an omitted one is none (0), as the docs say.
            final long price = Fields.required(b.unitPrice(), "unitPrice");
            final long cost = b.unitCost() == null ? 0 : b.unitCost();
            final int category = b.category() == null ? 0 : b.category();
            return writes.command(call, id -> Commands.setSkuPrice(id, sku, price, cost, category));
        });
        api.route("GET", "/v1/skus/{sku}/price", Scope.REPLENISHMENT, call ->
        {
            final int sku = codes.sku(call.path("sku"), "sku");
            final ObjectNode json = Json.object();
            read(state -> json.put("sku", state.view().skuCode(sku)).put("unitPrice", state.planning().unitPrice(sku))
                .put("unitCost", state.planning().unitCost(sku)).put("category", state.planning().category(sku)));
            return Reply.ok(json);
        });
        api.route("POST", "/v1/promotions", Scope.REPLENISHMENT, call ->
        {
            final Promotion b = call.json(Promotion.class);
            final long promotionId = Fields.required(b.promotionId(), "promotionId");
            if ((b.sku() == null) == (b.category() == null))
            {
                throw ApiError.badRequest("INVALID_FIELD", "a promotion names a 'sku' or a 'category', not both");
            }
            final int sku = b.sku() == null ? -1 : codes.sku(b.sku(), "sku");
            final int category = b.category() == null ? 0 : b.category();
            final int location = b.location() == null ? -1 : codes.location(b.location(), "location");
            final int channel = b.channel() == null ? -1 : codes.channel(b.channel(), "channel");
            final int start = epochDay(b.start(), "start");
            final int end = epochDay(b.end(), "end");
            final JsonNode uplift = b.uplift();
            if (uplift != null && uplift.isTextual() && LEARNED.equals(uplift.textValue()))
            {
                return writes.command(call, id -> Commands.putLearnedPromotion(id, promotionId, sku, category, location,
                    channel, start, end));
            }
            if (uplift == null || uplift.isNull())
            {
                throw ApiError.badRequest("MISSING_FIELD", "'uplift' is required: a share (0.5: +50%) or \"" + LEARNED +
                    "\"");
            }
            if (!uplift.isNumber())
            {
                throw ApiError.badRequest("INVALID_FIELD", "'uplift' must be a share (0.5: +50%) or \"" + LEARNED +
                    "\", got " + uplift);
            }
            final long upliftBasisPoints = scaled(uplift.doubleValue(), 10_000, "uplift");
            return writes.command(call, id -> Commands.putPromotion(id, promotionId, sku, category, location, channel,
                start, end, upliftBasisPoints));
        });
        api.route("GET", "/v1/promotions", Scope.REPLENISHMENT, call ->
        {
            final ObjectNode json = Json.object();
            final ArrayNode list = json.putArray("promotions");
            read(state ->
            {
                for (int row = 0; row < state.planning().promotionCount(); row++)
                {
                    promotion(state, row, list.addObject());
                }
            });
            return Reply.ok(json);
        });
        api.route("GET", "/v1/promotions/{id}", Scope.REPLENISHMENT, call ->
        {
            final long promotionId = Fields.parseLong(call.path("id"), "id");
            final ObjectNode json = Json.object();
            read(state ->
            {
                final int row = state.planning().promotionRow(promotionId);
                if (row >= 0)
                {
                    promotion(state, row, json);
                }
            });
            if (json.isEmpty())
            {
                throw ApiError.of(io.omnistock.api.ReasonCode.UNKNOWN_PROMOTION, "'" + promotionId + "'");
            }
            return Reply.ok(json);
        });
        api.route("DELETE", "/v1/promotions/{id}", Scope.REPLENISHMENT, call ->
        {
            final long promotionId = Fields.parseLong(call.path("id"), "id");
            return writes.command(call, id -> Commands.deletePromotion(id, promotionId));
        });
        api.route("POST", "/v1/forecast/overrides", Scope.REPLENISHMENT, call ->
        {
            final Override b = call.json(Override.class);
            final int location = codes.location(b.location(), "location");
            final int sku = codes.sku(b.sku(), "sku");
            if (Boolean.TRUE.equals(b.remove()))
            {
                return writes.command(call, id -> Commands.putForecastOverride(id, location, sku, -1, 0, 0, 0));
            }
            if (b.dailyDemand() == null && b.maxLevel() == null)
            {
                throw ApiError.badRequest("MISSING_FIELD", "an override needs 'dailyDemand', 'maxLevel' or both " +
                    "('remove': true hands the position back to the model)");
            }
            // -1 is the command's "none": a negative demand goes to the engine as one it refuses.
            final long demandMilli = b.dailyDemand() == null ? -1 :
                b.dailyDemand() < 0 ? -2 : scaled(b.dailyDemand(), 1_000, "dailyDemand");
            final long max = b.maxLevel() == null ? 0 : b.maxLevel();
            final long min = b.minLevel() == null ? 0 : b.minLevel();
            final long expiresAt = Fields.instantMillis(Fields.required(b.expiresAt(), "expiresAt"), "expiresAt");
            return writes.command(call, id -> Commands.putForecastOverride(id, location, sku, demandMilli, min, max,
                expiresAt));
        });
        api.route("GET", "/v1/forecast/overrides", Scope.REPLENISHMENT, call ->
        {
            final int location = call.query("location") == null ? -1 : codes.location(call.query("location"), "location");
            final int sku = call.query("sku") == null ? -1 : codes.sku(call.query("sku"), "sku");
            final ObjectNode json = Json.object();
            final ArrayNode list = json.putArray("overrides");
            read(state -> overrides(state, location, sku, list));
            return Reply.ok(json);
        });
    }

    private void read(final Consumer<EngineState> reader) throws Exception
    {
        try
        {
            engine.readState(reader).get(30, TimeUnit.SECONDS);
        }
        catch (final java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e)
        {
            throw new ApiError(503, "ENGINE_TIMEOUT", "the forecast master data could not be read: " + e);
        }
    }

    /** Runs on the engine's thread. */
    private static void promotion(final EngineState state, final int row, final ObjectNode json)
    {
        final PlanningData data = state.planning();
        final StateView view = state.view();
        json.put("promotionId", data.promotionId(row));
        if (data.promotionSku(row) >= 0)
        {
            json.put("sku", view.skuCode(data.promotionSku(row)));
        }
        else
        {
            json.put("category", data.promotionCategory(row));
        }
        if (data.promotionLocation(row) >= 0)
        {
            json.put("location", view.locationCode(data.promotionLocation(row)));
        }
        if (data.promotionChannel(row) >= 0)
        {
            json.put("channel", view.channelCode(data.promotionChannel(row)));
        }
        json.put("start", LocalDate.ofEpochDay(data.promotionStartDay(row)).toString())
            .put("end", LocalDate.ofEpochDay(data.promotionEndDay(row)).toString());
        if (data.promotionLearnsUplift(row))
        {
            json.put("uplift", LEARNED);
        }
        else
        {
            json.put("uplift", data.promotionUpliftBasisPoints(row) / 10_000.0);
        }
    }

    /** Runs on the engine's thread; an expired override is listed with "expired": true until replaced. */
    private static void overrides(final EngineState state, final int location, final int sku, final ArrayNode out)
    {
        final PlanningData data = state.planning();
        final StateView view = state.view();
        for (int row = 0; row < data.overrideCount(); row++)
        {
            if ((location >= 0 && data.overrideLocation(row) != location) || (sku >= 0 && data.overrideSku(row) != sku))
            {
                continue;
            }
            final ObjectNode o = out.addObject().put("location", view.locationCode(data.overrideLocation(row)))
                .put("sku", view.skuCode(data.overrideSku(row)));
            if (data.overrideDailyDemandMilli(row) >= 0)
            {
                o.put("dailyDemand", data.overrideDailyDemandMilli(row) / 1_000.0);
            }
            if (data.overrideMaxLevel(row) > 0)
            {
                o.put("minLevel", data.overrideMinLevel(row)).put("maxLevel", data.overrideMaxLevel(row));
            }
            o.put("expiresAt", IsoInstant.of(data.overrideExpiresAt(row)))
                .put("expired", data.overrideExpiresAt(row) <= state.lastTimestamp());
        }
    }

    /** A calendar day (2026-11-11) as a UTC epoch day; the engine checks the range. */
    private static int epochDay(final String date, final String field)
    {
        try
        {
            return Math.toIntExact(LocalDate.parse(Fields.requiredText(date, field)).toEpochDay());
        }
        catch (final DateTimeException | ArithmeticException e)
        {
            throw ApiError.badRequest("INVALID_FIELD", "'" + field + "' must be a date such as 2026-11-11, got '" +
                date + "'");
        }
    }

    /** A decimal in whole units of 1/scale (an uplift in basis points, a demand in thousandths). */
    private static long scaled(final double value, final int scale, final String field)
    {
        if (!Double.isFinite(value) || Math.abs(value) > 1e12)
        {
            throw ApiError.badRequest("INVALID_FIELD", "'" + field + "' must be a finite number");
        }
        return Math.round(value * scale);
    }
}

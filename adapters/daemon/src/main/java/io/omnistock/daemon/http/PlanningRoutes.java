package io.omnistock.daemon.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnistock.api.Commands;
import io.omnistock.api.ForecastOverride;
import io.omnistock.api.StateView;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The forecast master data (issue 23, docs/replenishment.md "Forecasting"): SKU prices, the
 * promotion calendar and planner overrides, written as journaled commands and read back from the
 * engine's {@link StateView} between two commands. Dates are calendar days (UTC), uplifts shares (0.5: +50%),
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
            read(view -> json.put("sku", view.skuCode(sku)).put("unitPrice", view.skuUnitPrice(sku))
                .put("unitCost", view.skuUnitCost(sku)).put("category", view.skuCategory(sku)));
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
            read(view ->
            {
                for (int row = 0; row < view.promotionCount(); row++)
                {
                    promotion(view, view.promotionAt(row), list.addObject());
                }
            });
            return Reply.ok(json);
        });
        api.route("GET", "/v1/promotions/{id}", Scope.REPLENISHMENT, call ->
        {
            final long promotionId = Fields.parseLong(call.path("id"), "id");
            final ObjectNode json = Json.object();
            read(view ->
            {
                final io.omnistock.api.Promotion promotion = view.promotion(promotionId);
                if (promotion != null)
                {
                    promotion(view, promotion, json);
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
            read(view -> overrides(view, location, sku, list));
            return Reply.ok(json);
        });
    }

    private void read(final Consumer<StateView> reader) throws Exception
    {
        try
        {
            engine.read(reader).get(30, TimeUnit.SECONDS);
        }
        catch (final java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e)
        {
            throw new ApiError(503, "ENGINE_TIMEOUT", "the forecast master data could not be read: " + e);
        }
    }

    /** Runs on the engine's thread. */
    private static void promotion(final StateView view, final io.omnistock.api.Promotion p, final ObjectNode json)
    {
        json.put("promotionId", p.promotionId());
        if (p.sku() >= 0)
        {
            json.put("sku", view.skuCode(p.sku()));
        }
        else
        {
            json.put("category", p.category());
        }
        if (p.location() >= 0)
        {
            json.put("location", view.locationCode(p.location()));
        }
        if (p.channel() >= 0)
        {
            json.put("channel", view.channelCode(p.channel()));
        }
        json.put("start", LocalDate.ofEpochDay(p.startDay()).toString())
            .put("end", LocalDate.ofEpochDay(p.endDay()).toString());
        if (p.learnsUplift())
        {
            json.put("uplift", LEARNED);
        }
        else
        {
            json.put("uplift", p.upliftBasisPoints() / 10_000.0);
        }
    }

    /** Runs on the engine's thread; an expired override is listed with "expired": true until replaced. */
    private static void overrides(final StateView view, final int location, final int sku, final ArrayNode out)
    {
        for (int row = 0; row < view.forecastOverrideCount(); row++)
        {
            final ForecastOverride o = view.forecastOverrideAt(row);
            if ((location >= 0 && o.location() != location) || (sku >= 0 && o.sku() != sku))
            {
                continue;
            }
            final ObjectNode json = out.addObject().put("location", view.locationCode(o.location()))
                .put("sku", view.skuCode(o.sku()));
            if (o.dailyDemandMilli() >= 0)
            {
                json.put("dailyDemand", o.dailyDemandMilli() / 1_000.0);
            }
            if (o.maxLevel() > 0)
            {
                json.put("minLevel", o.minLevel()).put("maxLevel", o.maxLevel());
            }
            json.put("expiresAt", IsoInstant.of(o.expiresAtMillis()))
                .put("expired", o.expiresAtMillis() <= view.lastTimestamp());
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

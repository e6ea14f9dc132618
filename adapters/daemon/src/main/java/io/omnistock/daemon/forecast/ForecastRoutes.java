package io.omnistock.daemon.forecast;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnistock.api.InventoryEngine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.Tier;
import io.omnistock.daemon.http.ApiError;
import io.omnistock.daemon.http.Codes;
import io.omnistock.daemon.http.Enums;
import io.omnistock.daemon.http.HttpApi;
import io.omnistock.daemon.http.Json;
import io.omnistock.daemon.http.Reply;
import io.omnistock.daemon.http.Scope;

import java.util.List;

/**
 * The forecast job's last run, read-only: forecasts with intervals and the levels they set, and the
 * ABC/XYZ classes, per position. Served from memory: nothing is computed per request.
 */
public final class ForecastRoutes
{
    private final ForecastJob job;
    private final Codes codes;
    private final InventoryEngine engine;

    public ForecastRoutes(final ForecastJob job, final Codes codes, final InventoryEngine engine)
    {
        this.job = job;
        this.codes = codes;
        this.engine = engine;
    }

    public void register(final HttpApi api)
    {
        api.route("GET", "/v1/forecasts", Scope.REPLENISHMENT, call ->
        {
            final int location = call.query("location") == null ? -1 : codes.location(call.query("location"), "location");
            final int sku = call.query("sku") == null ? -1 : codes.sku(call.query("sku"), "sku");
            final ForecastJob.Run run = last();
            final ObjectNode json = header(run);
            final ArrayNode list = json.putArray("forecasts");
            for (final ForecastPlan.PositionForecast p : run.plan().positions())
            {
                if ((location >= 0 && p.location() != location) || (sku >= 0 && p.sku() != sku))
                {
                    continue;
                }
                final ObjectNode f = position(list.addObject(), p).put("model", p.model()).put("basis", p.basis().name())
                    .put("reorderLevel", p.reorderLevel()).put("orderUpTo", p.orderUpTo())
                    .put("safetyStock", p.safetyStock()).put("leadTimeDemand", p.leadTimeDemand())
                    .put("coverage", p.coverage());
                days(f, run, p.mean(), p.lower(), p.upper());
            }
            return Reply.ok(json);
        });
        api.route("GET", "/v1/forecasts/network", Scope.REPLENISHMENT, call ->
        {
            final int sku = call.query("sku") == null ? -1 : codes.sku(call.query("sku"), "sku");
            final Tier tier = call.query("tier") == null ? null :
                Enums.parse(Tier.class, call.query("tier"), "tier", ReasonCode.INVALID_TIER);
            final ForecastJob.Run run = last();
            final ObjectNode json = header(run);
            if (tier != null)
            {
                json.put("tier", Enums.wire(tier));
            }
            final ArrayNode list = json.putArray("forecasts");
            final List<ForecastPlan.NetworkForecast> sums = tier == null ? run.plan().network() :
                run.plan().tiers().getOrDefault(tier, List.of());
            for (final ForecastPlan.NetworkForecast n : sums)
            {
                if (sku >= 0 && n.sku() != sku)
                {
                    continue;
                }
                final ObjectNode f = list.addObject().put("sku", engine.skuCode(n.sku())).put("positions", n.positions())
                    .put("coverage", ForecastPlan.COVERAGE);
                days(f, run, n.mean(), n.lower(), n.upper());
            }
            return Reply.ok(json);
        });
        api.route("GET", "/v1/forecast/classes", Scope.REPLENISHMENT, call ->
        {
            final int location = call.query("location") == null ? -1 : codes.location(call.query("location"), "location");
            final ForecastJob.Run run = last();
            final ObjectNode json = header(run);
            final ArrayNode list = json.putArray("classes");
            for (final ForecastPlan.PositionForecast p : run.plan().positions())
            {
                if (location < 0 || p.location() == location)
                {
                    position(list.addObject(), p).put("abc", String.valueOf(p.abc())).put("xyz", String.valueOf(p.xyz()));
                }
            }
            return Reply.ok(json);
        });
    }

    private static void days(final ObjectNode f, final ForecastJob.Run run, final double[] mean, final double[] lower,
        final double[] upper)
    {
        final ArrayNode days = f.putArray("days");
        for (int k = 0; k < mean.length; k++)
        {
            days.addObject().put("date", run.plan().firstDay().plusDays(k).toString()).put("mean", mean[k])
                .put("lower", lower[k]).put("upper", upper[k]);
        }
    }

    private ForecastJob.Run last()
    {
        final ForecastJob.Run run = job.last();
        if (run == null)
        {
            throw new ApiError(503, "NO_FORECAST", job.settings().enabled() ? "the forecast job has not run yet" :
                "the forecast job is off (forecast.interval-seconds is 0)");
        }
        return run;
    }

    private static ObjectNode header(final ForecastJob.Run run)
    {
        final ObjectNode json = Json.object().put("sequence", run.plan().sequence());
        if (run.plan().firstDay() != null)
        {
            json.put("firstDay", run.plan().firstDay().toString());
        }
        return json;
    }

    private ObjectNode position(final ObjectNode o, final ForecastPlan.PositionForecast p)
    {
        return o.put("location", engine.locationCode(p.location())).put("sku", engine.skuCode(p.sku()));
    }
}

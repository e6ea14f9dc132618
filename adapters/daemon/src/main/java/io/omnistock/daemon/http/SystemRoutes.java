package io.omnistock.daemon.http;

import io.omnistock.api.InventoryEngine;
import io.omnistock.daemon.metrics.DaemonMetrics;
import io.undertow.util.Headers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.BooleanSupplier;

/** Liveness, readiness, metrics and the OpenAPI document. */
public final class SystemRoutes
{
    private final InventoryEngine engine;
    private final BooleanSupplier ready;
    private final DaemonMetrics metrics;

    public SystemRoutes(final InventoryEngine engine, final BooleanSupplier ready, final DaemonMetrics metrics)
    {
        this.engine = engine;
        this.ready = ready;
        this.metrics = metrics;
    }

    public void register(final HttpApi api)
    {
        api.route("GET", "/health", null, call -> engine.halted() ?
            HttpApi.error(503, "ENGINE_HALTED", "the engine stopped after a journal failure; see the log") :
            Reply.ok(Json.object().put("status", "UP")));
        api.route("GET", "/ready", null, call ->
        {
            if (engine.halted())
            {
                return HttpApi.error(503, "ENGINE_HALTED", "the engine stopped after a journal failure");
            }
            return ready.getAsBoolean() ? Reply.ok(Json.object().put("status", "READY")) :
                HttpApi.error(503, "NOT_READY", "starting or shutting down");
        });
        api.metricsRoute("/metrics", call ->
        {
            call.exchange().getResponseHeaders().put(Headers.CONTENT_TYPE, DaemonMetrics.CONTENT_TYPE);
            try (OutputStream out = call.exchange().getOutputStream())
            {
                metrics.write(out);
            }
            return Reply.HANDLED;
        });
        api.route("GET", "/openapi.yaml", null, call ->
        {
            call.exchange().getResponseHeaders().put(Headers.CONTENT_TYPE, "application/yaml");
            try (InputStream in = SystemRoutes.class.getResourceAsStream("/io/omnistock/daemon/openapi.yaml");
                 OutputStream out = call.exchange().getOutputStream())
            {
                if (in == null)
                {
                    throw new IOException("openapi.yaml is missing from the build");
                }
                in.transferTo(out);
            }
            return Reply.HANDLED;
        });
    }
}

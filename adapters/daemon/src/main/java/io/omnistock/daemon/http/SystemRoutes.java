package io.omnistock.daemon.http;

import io.omnistock.api.InventoryEngine;
import io.omnistock.daemon.metrics.DaemonMetrics;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    private final java.util.function.Supplier<ObjectNode> cluster;

    /**
     * @param cluster the member's figures (cluster mode), shown by /health and /ready; or null.
     */
    public SystemRoutes(final InventoryEngine engine, final BooleanSupplier ready, final DaemonMetrics metrics,
        final java.util.function.Supplier<ObjectNode> cluster)
    {
        this.engine = engine;
        this.ready = ready;
        this.metrics = metrics;
        this.cluster = cluster;
    }

    /** @return {@code reply} with the member's figures under "cluster" (cluster mode). */
    private Reply withCluster(final Reply reply)
    {
        if (cluster != null)
        {
            ((ObjectNode)reply.json()).set("cluster", cluster.get());
        }
        return reply;
    }

    public void register(final HttpApi api)
    {
        api.route("GET", "/health", null, call -> engine.halted() ?
            HttpApi.error(503, "ENGINE_HALTED", "the engine stopped after a journal failure; see the log") :
            withCluster(Reply.ok(Json.object().put("status", "UP"))));
        api.route("GET", "/ready", null, call ->
        {
            if (engine.halted())
            {
                return HttpApi.error(503, "ENGINE_HALTED", "the engine stopped after a journal failure");
            }
            return withCluster(ready.getAsBoolean() ? Reply.ok(Json.object().put("status", "READY")) :
                HttpApi.error(503, "NOT_READY", cluster == null ? "starting or shutting down" :
                    "starting, shutting down, no cluster leader known, or this member has not caught up"));
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

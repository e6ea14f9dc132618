package io.omnistock.daemon.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnistock.core.RecoveryProgress;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.nio.ByteBuffer;

/**
 * What the listener answers while the engine recovers from its journal, before the API is served:
 * the process is alive ({@code /health} 200) but not ready ({@code /ready} 503 with the replay's
 * progress), and every other call is 503 RECOVERING with Retry-After, writes included (there is no
 * engine to take them yet). An orchestrator's liveness probe so leaves a long recovery alone.
 */
final class RecoveryGate implements HttpHandler
{
    private final RecoveryProgress progress;

    RecoveryGate(final RecoveryProgress progress)
    {
        this.progress = progress;
    }

    @Override
    public void handleRequest(final HttpServerExchange exchange) throws JsonProcessingException
    {
        final String path = exchange.getRequestPath();
        final ObjectNode body;
        final int status;
        if (path.equals("/health"))
        {
            status = 200;
            body = Json.object().put("status", "UP");
            body.set("recovery", progress());
        }
        else
        {
            status = 503;
            body = (ObjectNode)HttpApi.error(503, path.equals("/ready") ? "NOT_READY" : "RECOVERING",
                "recovering the journal: " + progress.replayedCommands() + " commands replayed, at sequence " +
                    progress.sequence() + " of " + progress.targetSequence() + "; retry after Retry-After").json();
            body.set("recovery", progress());
        }
        exchange.setStatusCode(status);
        if (status == 503)
        {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(ByteBuffer.wrap(Json.MAPPER.writeValueAsBytes(body)));
    }

    private ObjectNode progress()
    {
        return Json.object().put("state", "recovering").put("snapshotSequence", progress.snapshotSequence())
            .put("sequence", progress.sequence()).put("targetSequence", progress.targetSequence())
            .put("replayedCommands", progress.replayedCommands());
    }
}

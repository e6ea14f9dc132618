package io.omnistock.daemon.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** API keys and snapshots (admin scope). */
public final class AdminRoutes
{
    private final ApiKeys keys;
    private final Writes writes;
    private final Codes codes;

    public AdminRoutes(final ApiKeys keys, final Writes writes, final Codes codes)
    {
        this.keys = keys;
        this.writes = writes;
        this.codes = codes;
    }

    public void register(final HttpApi api)
    {
        api.route("POST", "/v1/admin/keys", Scope.ADMIN, call ->
        {
            final Bodies.ApiKey b = call.json(Bodies.ApiKey.class);
            if (b.channel() != null)
            {
                codes.channel(b.channel(), "channel");
            }
            final Set<Scope> scopes;
            try
            {
                scopes = Scope.parse(Fields.requiredElements(Fields.required(b.scopes(), "scopes"), "scopes"));
            }
            catch (final IllegalArgumentException e)
            {
                throw ApiError.badRequest("INVALID_FIELD", e.getMessage());
            }
            if (scopes.isEmpty())
            {
                throw ApiError.badRequest("INVALID_FIELD", "'scopes' needs at least one scope");
            }
            if (b.channel() != null && !Principal.CHANNEL_SCOPES.containsAll(scopes))
            {
                throw ApiError.badRequest("INVALID_FIELD", "a key bound to a channel takes only the scopes orders, " +
                    "availability and events; the network's stock, replenishment and administration are for keys " +
                    "bound to no channel");
            }
            final String key;
            try
            {
                key = keys.add(Fields.required(b.name(), "name"), b.channel(), scopes);
            }
            catch (final IllegalArgumentException e)
            {
                throw ApiError.badRequest("INVALID_KEY_NAME", e.getMessage());
            }
            catch (final IllegalStateException e)
            {
                throw new ApiError(409, "DUPLICATE_KEY_NAME", e.getMessage());
            }
            final ObjectNode json = Json.object().put("name", b.name()).put("key", key);
            json.put("note", "the key is shown once; only its SHA-256 is stored");
            return Created.at(call, Created.path("/v1/admin/keys/", b.name()), Reply.of(201, json));
        });
        api.route("GET", "/v1/admin/keys", Scope.ADMIN, call ->
        {
            final ObjectNode json = Json.object();
            final ArrayNode list = json.putArray("keys");
            keys.list().stream().sorted(Comparator.comparing(Principal::name)).forEach(p ->
            {
                final ObjectNode k = list.addObject().put("name", p.name()).put("channel", p.channel());
                final ArrayNode s = k.putArray("scopes");
                p.scopes().stream().map(Scope::wireName).sorted().forEach(s::add);
            });
            return Reply.ok(json);
        });
        api.route("DELETE", "/v1/admin/keys/{name}", Scope.ADMIN, call ->
        {
            if (!keys.remove(call.path("name")))
            {
                throw new ApiError(404, "UNKNOWN_KEY", "no API key named '" + call.path("name") + "'");
            }
            return Reply.ok(Json.object().put("removed", call.path("name")));
        });
        api.route("POST", "/v1/admin/snapshot", Scope.ADMIN, call ->
        {
            try
            {
                final long sequence = writes.engine().snapshot().get(60, TimeUnit.SECONDS);
                return Reply.ok(Json.object().put("sequence", sequence));
            }
            catch (final ExecutionException e)
            {
                if (e.getCause() instanceof IllegalStateException refused)
                {
                    // Cluster mode: this member does not lead, or another cluster action is under way.
                    throw new ApiError(409, "SNAPSHOT_REFUSED", refused.getMessage());
                }
                throw new ApiError(503, "SNAPSHOT_FAILED", "snapshot failed: " + e.getCause().getMessage());
            }
        });
    }
}

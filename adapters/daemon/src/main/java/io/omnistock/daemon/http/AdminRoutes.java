package io.omnistock.daemon.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnistock.api.ReasonCode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** API keys and snapshots (admin scope). */
public final class AdminRoutes
{
    /** The longest {@code ttlSeconds} taken: a century, far from overflowing epoch milliseconds. */
    static final long MAX_TTL_SECONDS = 100L * 366 * 86_400;

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
            final long expiresAtMillis = expiresAtMillis(b, System.currentTimeMillis());
            final String key;
            try
            {
                key = keys.add(Fields.required(b.name(), "name"), b.channel(), scopes, expiresAtMillis);
            }
            catch (final IllegalArgumentException e)
            {
                throw ApiError.badRequest("INVALID_KEY_NAME", e.getMessage());
            }
            catch (final IllegalStateException e)
            {
                throw new ApiError(409, "DUPLICATE_KEY_NAME", e.getMessage());
            }
            final ObjectNode json = Json.object().put("name", b.name()).put("key", key)
                .put("expiresAt", expiresAtMillis == 0 ? null : IsoInstant.of(expiresAtMillis));
            json.put("note", "the key is shown once; only its SHA-256 is stored");
            return Created.at(call, Created.path("/v1/admin/keys/", b.name()), Reply.of(201, json));
        });
        api.route("GET", "/v1/admin/keys", Scope.ADMIN, call ->
        {
            final ObjectNode json = Json.object();
            final ArrayNode list = json.putArray("keys");
            final long nowMillis = System.currentTimeMillis();
            keys.list().stream().sorted(Comparator.comparing(Principal::name)).forEach(p -> describe(list.addObject(), p,
                nowMillis));
            return Reply.ok(json);
        });
        api.route("GET", "/v1/admin/keys/{name}", Scope.ADMIN, call ->
        {
            final Principal p = keys.list().stream().filter(k -> k.name().equals(call.path("name"))).findFirst()
                .orElseThrow(() -> new ApiError(404, "UNKNOWN_KEY", "no API key named '" + call.path("name") + "'"));
            return Reply.ok(describe(Json.object(), p, System.currentTimeMillis()));
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

    /** A key as the listing and the read show it: no digest; {@code expired} by the daemon's clock now. */
    private static ObjectNode describe(final ObjectNode k, final Principal p, final long nowMillis)
    {
        k.put("name", p.name()).put("channel", p.channel());
        final ArrayNode s = k.putArray("scopes");
        p.scopes().stream().map(Scope::wireName).sorted().forEach(s::add);
        k.put("expiresAt", p.expiresAtMillis() == 0 ? null : IsoInstant.of(p.expiresAtMillis()));
        k.put("expired", p.expired(nowMillis));
        return k;
    }

    /**
     * @return the requested expiry (epoch ms), or 0 for a key that never expires: {@code expiresAt}
     *     (an ISO-8601 instant) or {@code ttlSeconds} from {@code nowMillis}, one of them at most,
     *     after {@code nowMillis}.
     */
    static long expiresAtMillis(final Bodies.ApiKey b, final long nowMillis)
    {
        final String code = ReasonCode.INVALID_API_KEY_EXPIRY.name();
        if (b.expiresAt() != null && b.ttlSeconds() != null)
        {
            throw ApiError.badRequest(code, "give 'expiresAt' or 'ttlSeconds', not both");
        }
        if (b.ttlSeconds() != null)
        {
            if (b.ttlSeconds() < 1 || b.ttlSeconds() > MAX_TTL_SECONDS)
            {
                throw ApiError.badRequest(code, "'ttlSeconds' must be 1 to " + MAX_TTL_SECONDS + ", got " +
                    b.ttlSeconds());
            }
            return nowMillis + b.ttlSeconds() * 1_000;
        }
        if (b.expiresAt() == null)
        {
            return 0;
        }
        final long millis;
        try
        {
            millis = Instant.parse(b.expiresAt()).toEpochMilli();
        }
        catch (final DateTimeParseException | ArithmeticException e)
        {
            throw ApiError.badRequest(code, "'expiresAt' must be an ISO-8601 instant such as 2027-01-31T00:00:00Z, " +
                "got '" + b.expiresAt() + "'");
        }
        if (millis <= nowMillis)
        {
            throw ApiError.badRequest(code, "'expiresAt' " + b.expiresAt() + " is not in the future");
        }
        if (millis > nowMillis + MAX_TTL_SECONDS * 1_000)
        {
            throw ApiError.badRequest(code, "'expiresAt' " + b.expiresAt() + " is more than a century ahead");
        }
        return millis;
    }
}

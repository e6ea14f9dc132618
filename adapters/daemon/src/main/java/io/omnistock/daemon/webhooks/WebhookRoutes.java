package io.omnistock.daemon.webhooks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnistock.api.EventKind;
import io.omnistock.daemon.http.ApiError;
import io.omnistock.daemon.http.Call;
import io.omnistock.daemon.http.Codes;
import io.omnistock.daemon.http.HttpApi;
import io.omnistock.daemon.http.Json;
import io.omnistock.daemon.http.Reply;
import io.omnistock.daemon.http.Scope;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code /v1/admin/webhooks}: create, list, read, delete subscriptions and rotate their secrets
 * (admin scope). Every refusal comes before anything changes.
 */
public final class WebhookRoutes
{
    /** Longest overlap a rotation may ask for. */
    private static final long MAX_OVERLAP_SECONDS = 30L * 86_400;

    private final Webhooks hooks;
    private final Codes codes;

    public WebhookRoutes(final Webhooks hooks, final Codes codes)
    {
        this.hooks = hooks;
        this.codes = codes;
    }

    record Create(String url, List<String> kinds, String channel)
    {
    }

    record Rotate(Long overlapSeconds)
    {
    }

    public void register(final HttpApi api)
    {
        api.route("POST", "/v1/admin/webhooks", Scope.ADMIN, call ->
        {
            final Create b = call.json(Create.class);
            if (b.url() == null || b.url().isEmpty())
            {
                throw ApiError.badRequest("MISSING_FIELD", "'url' is required");
            }
            final Set<EventKind> kinds = kinds(b.kinds());
            final int channelId = b.channel() == null ? -1 : codes.channel(b.channel(), "channel");
            final URI url;
            try
            {
                url = hooks.checkTarget(b.url());
            }
            catch (final TargetGuard.Refused refused)
            {
                throw ApiError.badRequest(refused.code(), refused.getMessage());
            }
            final Subscription s;
            try
            {
                s = hooks.create(url, kinds, b.channel(), channelId);
            }
            catch (final IllegalStateException full)
            {
                throw new ApiError(409, "TOO_MANY_WEBHOOKS", full.getMessage());
            }
            final ObjectNode json = json(hooks.get(s.id()));
            json.put("secret", s.secret());
            json.put("note", "the secret is shown here and on rotation only");
            return io.omnistock.daemon.http.Created.at(call, "/v1/admin/webhooks/" + s.id(), Reply.of(201, json));
        });
        api.route("GET", "/v1/admin/webhooks", Scope.ADMIN, call ->
        {
            final ObjectNode json = Json.object();
            final ArrayNode list = json.putArray("webhooks");
            hooks.list().forEach(s -> list.add(json(s)));
            return Reply.ok(json);
        });
        api.route("GET", "/v1/admin/webhooks/{id}", Scope.ADMIN, call -> Reply.ok(json(known(call))));
        api.route("DELETE", "/v1/admin/webhooks/{id}", Scope.ADMIN, call ->
        {
            final String id = known(call).subscription().id();
            hooks.delete(id);
            return Reply.ok(Json.object().put("removed", id));
        });
        api.route("POST", "/v1/admin/webhooks/{id}/rotate-secret", Scope.ADMIN, call ->
        {
            known(call);
            final Duration overlap = overlap(call);
            final Subscription s = hooks.rotate(call.path("id"), overlap);
            if (s == null)
            {
                throw unknown(call);
            }
            final ObjectNode json = json(hooks.get(s.id()));
            json.put("secret", s.secret());
            return Reply.ok(json);
        });
    }

    private Webhooks.Status known(final Call call)
    {
        final Webhooks.Status s = hooks.get(call.path("id"));
        if (s == null)
        {
            throw unknown(call);
        }
        return s;
    }

    private static ApiError unknown(final Call call)
    {
        return new ApiError(404, "UNKNOWN_WEBHOOK", "no webhook subscription '" + call.path("id") + "'");
    }

    private Duration overlap(final Call call) throws IOException
    {
        if (call.body().length == 0)
        {
            return hooks.defaultRotationOverlap();
        }
        final Long seconds = call.json(Rotate.class).overlapSeconds();
        if (seconds == null)
        {
            return hooks.defaultRotationOverlap();
        }
        if (seconds < 0 || seconds > MAX_OVERLAP_SECONDS)
        {
            throw ApiError.badRequest("INVALID_FIELD", "'overlapSeconds' must be between 0 and " + MAX_OVERLAP_SECONDS +
                ", got " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    private static Set<EventKind> kinds(final List<String> names)
    {
        if (names == null)
        {
            throw ApiError.badRequest("MISSING_FIELD", "'kinds' is required: the event kinds to deliver");
        }
        if (names.isEmpty())
        {
            throw ApiError.badRequest("INVALID_FIELD", "'kinds' needs at least one event kind");
        }
        final Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        for (int i = 0; i < names.size(); i++)
        {
            final String name = names.get(i);
            if (name == null)
            {
                throw ApiError.badRequest("MISSING_FIELD", "'kinds[" + i + "]' is required");
            }
            try
            {
                // As the event stream's 'kinds' filter reads them: any case, '-' for '_'.
                kinds.add(EventKind.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
            }
            catch (final IllegalArgumentException e)
            {
                throw ApiError.badRequest("INVALID_FIELD", "unknown event kind '" + name + "' in 'kinds'; kinds are " +
                    Arrays.stream(EventKind.values()).map(Enum::name).collect(Collectors.joining(", ")));
            }
        }
        return kinds;
    }

    private static ObjectNode json(final Webhooks.Status status)
    {
        final Subscription s = status.subscription();
        final ObjectNode json = Json.object().put("id", s.id()).put("url", s.url().toString());
        final ArrayNode kinds = json.putArray("kinds");
        s.kinds().stream().map(Enum::name).sorted().forEach(kinds::add);
        json.put("channel", s.channel());
        json.put("createdAt", Instant.ofEpochMilli(s.createdAtMillis()).toString());
        if (s.previousSecret() != null && System.currentTimeMillis() < s.previousSecretUntilMillis())
        {
            json.put("previousSecretValidUntil", Instant.ofEpochMilli(s.previousSecretUntilMillis()).toString());
        }
        json.put("cursor", status.cursor()).put("lag", status.lag()).put("delivered", status.delivered())
            .put("failed", status.failed()).put("lastError", status.lastError());
        return json;
    }
}

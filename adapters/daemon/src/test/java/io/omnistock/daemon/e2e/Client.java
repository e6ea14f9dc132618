package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A JSON client of the channel API over the JDK's HTTP client, with one API key. */
final class Client
{
    static final ObjectMapper JSON = new ObjectMapper();

    private final DaemonProcess daemon;
    private final String key;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final boolean contract;

    Client(final DaemonProcess daemon, final String key)
    {
        this(daemon, key, false);
    }

    private Client(final DaemonProcess daemon, final String key, final boolean contract)
    {
        this.daemon = daemon;
        this.key = key;
        this.contract = contract;
    }

    /** @return this client, checking every response it receives against docs/openapi.yaml ({@link Contract}). */
    Client checkingContract()
    {
        return new Client(daemon, key, true);
    }

    /** A response: status and parsed body. */
    record Response(int status, JsonNode body, HttpResponse<String> raw)
    {
        String code()
        {
            return body.path("error").path("code").asText(null);
        }
    }

    Response get(final String path) throws IOException, InterruptedException
    {
        return send(base(path).GET().build());
    }

    Response post(final String path, final String json) throws IOException, InterruptedException
    {
        return post(path, json, null);
    }

    Response post(final String path, final String json, final String idempotencyKey)
        throws IOException, InterruptedException
    {
        final HttpRequest.Builder b = base(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null)
        {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return send(b.build());
    }

    Response send(final HttpRequest request) throws IOException, InterruptedException
    {
        final HttpResponse<String> raw = http.send(request, HttpResponse.BodyHandlers.ofString());
        final String body = raw.body();
        final JsonNode json = body.isEmpty() || !raw.headers().firstValue("Content-Type").orElse("")
            .startsWith("application/json") ? JSON.createObjectNode() : JSON.readTree(body);
        final Response response = new Response(raw.statusCode(), json, raw);
        if (contract)
        {
            Contract.check(request.method(), request.uri().getRawPath(), response);
        }
        return response;
    }

    HttpRequest.Builder base(final String path)
    {
        final HttpRequest.Builder b = HttpRequest.newBuilder(daemon.uri(path)).timeout(Duration.ofSeconds(30));
        if (key != null)
        {
            b.header("Authorization", "Bearer " + key);
        }
        return b;
    }

    HttpClient http()
    {
        return http;
    }

    /** @return every item of a cursor-paginated listing, page after page (each page must be 200). */
    java.util.List<JsonNode> allPages(final String path) throws IOException, InterruptedException
    {
        final java.util.List<JsonNode> items = new java.util.ArrayList<>();
        String cursor = null;
        do
        {
            final Response page = get(path + (path.contains("?") ? "&" : "?") + (cursor == null ? "" : "cursor=" + cursor));
            if (page.status() != 200)
            {
                throw new AssertionError("GET " + path + " -> " + page.status() + " " + page.body());
            }
            page.body().get("items").forEach(items::add);
            cursor = page.body().path("nextCursor").asText(null);
        }
        while (cursor != null);
        return items;
    }

    /** Posts and insists on 200/201. */
    JsonNode ok(final String path, final String json) throws IOException, InterruptedException
    {
        final Response r = post(path, json);
        if (r.status() != 200 && r.status() != 201)
        {
            throw new AssertionError("POST " + path + " " + json + " -> " + r.status() + " " + r.body());
        }
        return r.body();
    }
}

package io.omnistock.daemon.events;

import io.omnistock.api.InventoryEngine;
import io.omnistock.daemon.http.Call;
import io.omnistock.daemon.http.Codes;
import io.omnistock.daemon.http.HttpApi;
import io.omnistock.daemon.http.Reply;
import io.omnistock.daemon.http.Scope;
import io.undertow.util.Headers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /v1/availability-feed} for channels and {@code GET /v1/stores/{location}/levels} for
 * shelf labels and staff tablets, as Server-Sent Events (see {@link Feeds}).
 */
public final class FeedRoutes
{
    private static final long HEARTBEAT_SECONDS = 15;

    private final Feeds feeds;
    private final Codes codes;
    private final AtomicInteger subscribers;

    public FeedRoutes(final Feeds feeds, final InventoryEngine engine, final AtomicInteger subscribers)
    {
        this.feeds = feeds;
        this.codes = new Codes(engine);
        this.subscribers = subscribers;
    }

    public void register(final HttpApi api)
    {
        api.stream("/v1/availability-feed", Scope.AVAILABILITY, call ->
        {
            final int channel = codes.viewingChannel(call.principal(), call.query("channel"));
            return serve(call, new FeedSubscriber(channel, skus(call), -1));
        });
        api.stream("/v1/stores/{location}/levels", Scope.AVAILABILITY, call ->
        {
            final int store = codes.location(call.path("location"), "location");
            if (call.principal().channel() != null)
            {
                // Shelf labels and staff tablets read a store's books (on hand); a channel sees what it
                // may be promised (the availability feed), not the network's books.
                throw new io.omnistock.daemon.http.ApiError(403, "FORBIDDEN", "a store's levels (on hand) are not " +
                    "for a key bound to a channel; its view of stock is /v1/availability-feed");
            }
            return serve(call, new FeedSubscriber(-1, skus(call), store));
        });
    }

    private Set<Integer> skus(final Call call)
    {
        final Set<Integer> skus = new HashSet<>();
        final String list = call.query("skus");
        if (list != null)
        {
            for (final String code : list.split(","))
            {
                skus.add(codes.sku(code.trim(), "skus"));
            }
        }
        return skus;
    }

    private Reply serve(final Call call, final FeedSubscriber subscriber) throws IOException
    {
        final var exchange = call.exchange();
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        feeds.subscribe(subscriber);
        subscribers.incrementAndGet();
        try (OutputStream out = exchange.getOutputStream())
        {
            out.write(": omnistock feed\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            long idleSeconds = 0;
            while (!subscriber.overflowed() && !feeds.closed())
            {
                final String event = subscriber.queue().poll(1, TimeUnit.SECONDS);
                if (!call.keyValid())
                {
                    // The key was revoked: the feed ends at once.
                    break;
                }
                if (event == null && ++idleSeconds < HEARTBEAT_SECONDS)
                {
                    continue;
                }
                idleSeconds = 0;
                out.write((event == null ? ": keepalive\n\n" : event).getBytes(StandardCharsets.UTF_8));
                if (subscriber.queue().isEmpty())
                {
                    out.flush();
                }
            }
        }
        catch (final IOException | InterruptedException gone)
        {
            // Client gone, or shutdown.
        }
        finally
        {
            feeds.unsubscribe(subscriber);
            subscribers.decrementAndGet();
        }
        return Reply.HANDLED;
    }
}

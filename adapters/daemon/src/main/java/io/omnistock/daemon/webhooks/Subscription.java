package io.omnistock.daemon.webhooks;

import io.omnistock.api.EventKind;
import io.omnistock.api.EventView;
import io.omnistock.daemon.json.EventJsonLayout;
import io.omnistock.daemon.http.OrderIds;

import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * A webhook subscription: where to send which events, and the secrets to sign them with.
 *
 * @param channel                    the channel code whose order, allocation and reservation events
 *                                   it gets (other channels' are left out), or null for every channel's.
 * @param channelId                  the engine's id of {@code channel}, or -1.
 * @param previousSecret             the secret before the last rotation, or null.
 * @param previousSecretUntilMillis  until when deliveries are signed with {@code previousSecret} too.
 */
public record Subscription(String id, URI url, Set<EventKind> kinds, String channel, int channelId, String secret,
    String previousSecret, long previousSecretUntilMillis, long createdAtMillis)
{
    public Subscription
    {
        kinds = Set.copyOf(kinds);
    }

    /** @return whether it wants {@code e}: a kind it names, and for a channel subscription its channel's. */
    public boolean accepts(final EventView e)
    {
        return kinds.contains(e.kind()) && (channel == null || !EventJsonLayout.isChannelEvent(e.kind()) ||
            OrderIds.channel(EventJsonLayout.channelScopedId(e)) == channelId);
    }

    /** @return the secrets a delivery at {@code nowMillis} is signed with: the current one, then the previous one while valid. */
    public List<String> secrets(final long nowMillis)
    {
        return previousSecret != null && nowMillis < previousSecretUntilMillis ? List.of(secret, previousSecret) :
            List.of(secret);
    }

    /** @return this with {@code newSecret}, the current one still valid until {@code untilMillis}. */
    public Subscription rotated(final String newSecret, final long untilMillis)
    {
        return new Subscription(id, url, kinds, channel, channelId, newSecret, untilMillis > 0 ? secret : null,
            untilMillis, createdAtMillis);
    }
}

package io.omnistock.daemon.webhooks;

import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.EventKind;
import io.omnistock.api.ReasonCode;
import io.omnistock.cluster.ClusterMember;
import io.omnistock.core.webhook.WebhookTable;
import io.omnistock.daemon.http.ClusterDecisions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Cluster mode's webhook subscriptions (docs/cluster.md, "Replicated webhooks"): the replica's
 * {@link WebhookTable}, changed by commands through the cluster, so every member has every
 * subscription, its secret and the position its deliveries were last recorded received up to.
 * {@link Webhooks} runs the same delivery loops as in embedded mode; only the leader's send.
 */
final class ReplicatedWebhooks
{
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedWebhooks.class);
    private static final String ID_PREFIX = "wh_";
    private static final String SECRET_PREFIX = "whsec_";

    private final ClusterMember member;
    private final Duration timeout;
    /** The delivered position last proposed per subscription, so a tick does not propose it again. */
    private final Map<Long, Long> proposed = new ConcurrentHashMap<>();

    ReplicatedWebhooks(final ClusterMember member, final Duration timeout)
    {
        this.member = member;
        this.timeout = timeout;
    }

    /** @param allowed whether a URL may be a target under this member's settings. */
    WebhookMigration migration(final java.util.function.Predicate<String> allowed)
    {
        return new WebhookMigration(member, timeout, allowed);
    }

    WebhookTable table()
    {
        return member.webhooks();
    }

    /** @return the subscription as the API and the delivery loop see it. */
    Subscription subscription(final WebhookTable.Webhook w)
    {
        final Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        for (final EventKind k : EventKind.values())
        {
            if ((w.kinds() & (1 << k.ordinal())) != 0)
            {
                kinds.add(k);
            }
        }
        return new Subscription(idText(w.id()), URI.create(w.url()), kinds, w.channel() < 0 ? null :
            member.channelCode(w.channel()), w.channel(), secretText(w.secret()),
            w.previous().none() ? null : secretText(w.previous()), w.previousUntilMillis(), w.createdAtMillis());
    }

    void create(final Subscription s) throws IOException
    {
        final WebhookTable.Secret secret = secret(s.secret());
        int kinds = 0;
        for (final EventKind k : s.kinds())
        {
            kinds |= 1 << k.ordinal();
        }
        decided(Commands.putWebhook(commandId(), id(s.id()), s.url().toString(), kinds, s.channelId(), secret.w0(),
            secret.w1(), secret.w2()));
    }

    /** @return whether it existed. */
    boolean delete(final String id) throws IOException
    {
        return decided(Commands.deleteWebhook(commandId(), id(id))) == ReasonCode.OK;
    }

    /** @return whether it existed. */
    boolean rotate(final String id, final String newSecret, final long previousUntilMillis) throws IOException
    {
        final WebhookTable.Secret secret = secret(newSecret);
        return decided(Commands.rotateWebhookSecret(commandId(), id(id), secret.w0(), secret.w1(), secret.w2(),
            previousUntilMillis)) == ReasonCode.OK;
    }

    /** @return the position recorded for the subscription, or -1 if the table has none of it. */
    long recorded(final String id)
    {
        final WebhookTable.Webhook w = member.webhooks().byId(id(id));
        return w == null ? -1 : w.delivered();
    }

    /**
     * Records, without waiting, that the subscription's deliveries were received up to {@code sent},
     * unless that is recorded or proposed already. A proposal lost in an election is made again on
     * a later tick; one overtaken by a newer leader's is refused (behind the recorded position).
     */
    void delivered(final String id, final long sent)
    {
        final long key = id(id);
        final WebhookTable.Webhook w = member.webhooks().byId(key);
        if (w == null || sent <= w.delivered() || sent <= proposed.getOrDefault(key, -1L))
        {
            return;
        }
        proposed.put(key, sent);
        member.submit(Commands.webhookDelivered(commandId(), key, sent)).whenComplete((r, e) ->
        {
            if (e != null || r.reason() != ReasonCode.OK)
            {
                proposed.remove(key, sent);
                LOG.debug("webhook {}: delivered position {} not recorded ({})", id, sent, e != null ? e : r.reason());
            }
        });
    }

    /** Submits and waits until this replica applied it, so the caller reads the change at once. */
    private ReasonCode decided(final Command command)
    {
        final CommandResult r = ClusterDecisions.decide(member, command, timeout);
        if (r.reason() != ReasonCode.OK && r.reason() != ReasonCode.UNKNOWN_WEBHOOK)
        {
            throw new IllegalStateException("the cluster refused the change: " + r.reason() + " (" +
                r.reason().message() + ")");
        }
        return r.reason();
    }

    private static long commandId()
    {
        long id;
        do
        {
            id = ThreadLocalRandom.current().nextLong();
        }
        while (id == 0);
        return id;
    }

    static String idText(final long id)
    {
        return ID_PREFIX + HexFormat.of().toHexDigits(id);
    }

    static long id(final String text)
    {
        if (!text.startsWith(ID_PREFIX) || text.length() != ID_PREFIX.length() + 16)
        {
            return 0;
        }
        try
        {
            return HexFormat.fromHexDigitsToLong(text, ID_PREFIX.length(), text.length());
        }
        catch (final IllegalArgumentException e)
        {
            return 0;
        }
    }

    static String secretText(final WebhookTable.Secret s)
    {
        final HexFormat hex = HexFormat.of();
        return SECRET_PREFIX + hex.toHexDigits(s.w0()) + hex.toHexDigits(s.w1()) + hex.toHexDigits(s.w2());
    }

    static WebhookTable.Secret secret(final String text)
    {
        final ByteBuffer b = ByteBuffer.wrap(HexFormat.of().parseHex(text, SECRET_PREFIX.length(), text.length()));
        return new WebhookTable.Secret(b.getLong(), b.getLong(), b.getLong());
    }
}

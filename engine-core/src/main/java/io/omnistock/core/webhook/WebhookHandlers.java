package io.omnistock.core.webhook;

import io.omnistock.api.EventKind;
import io.omnistock.api.Limits;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.catalog.ChannelTable;
import io.omnistock.core.command.CodeText;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.state.WebhookCommands;

import java.nio.charset.StandardCharsets;

import static io.omnistock.api.ReasonCode.*;

/**
 * The webhook subscription commands: decided from the command and the state alone. Whether a URL
 * may be a target (private addresses, DNS) is the daemon's check before it proposes one: it
 * depends on the network, which a replicated decision must not.
 */
public final class WebhookHandlers implements WebhookCommands
{
    /** Every event kind this build knows, as bits. */
    static final int KNOWN_KINDS = (1 << EventKind.values().length) - 1;

    private final WebhookTable webhooks;
    private final ChannelTable channels;

    public WebhookHandlers(final WebhookTable webhooks, final ChannelTable channels)
    {
        this.webhooks = webhooks;
        this.channels = channels;
    }

    /** Id in reservationId, URL in text, kinds in capabilities, secret in orderId, orderUpTo and packSize. */
    public ReasonCode putWebhook(final CommandSlot c)
    {
        if (c.reservationId == 0)
        {
            return INVALID_WEBHOOK_ID;
        }
        if (webhooks.byId(c.reservationId) != null)
        {
            return DUPLICATE_WEBHOOK;
        }
        if (!validUrl(c.text))
        {
            return INVALID_WEBHOOK_URL;
        }
        if (c.capabilities == 0 || (c.capabilities & ~KNOWN_KINDS) != 0)
        {
            return INVALID_WEBHOOK_KINDS;
        }
        if (c.channel != -1 && (c.channel < 0 || c.channel >= channels.count()))
        {
            return UNKNOWN_CHANNEL;
        }
        final WebhookTable.Secret secret = new WebhookTable.Secret(c.orderId, c.orderUpTo, c.packSize);
        if (secret.none())
        {
            return INVALID_WEBHOOK_SECRET;
        }
        if (webhooks.count() >= Limits.MAX_WEBHOOKS)
        {
            return TOO_MANY_WEBHOOKS;
        }
        // Deliveries start after this command: the events before it are not the subscriber's.
        webhooks.put(new WebhookTable.Webhook(c.reservationId, c.text, c.capabilities, c.channel, secret,
            WebhookTable.Secret.NONE, 0, c.timestamp, c.sequence));
        return OK;
    }

    public ReasonCode deleteWebhook(final CommandSlot c)
    {
        if (webhooks.byId(c.reservationId) == null)
        {
            return UNKNOWN_WEBHOOK;
        }
        webhooks.remove(c.reservationId);
        return OK;
    }

    /** New secret in orderId, orderUpTo and packSize; until when the current one still signs in quantity. */
    public ReasonCode rotateWebhookSecret(final CommandSlot c)
    {
        final WebhookTable.Webhook w = webhooks.byId(c.reservationId);
        if (w == null)
        {
            return UNKNOWN_WEBHOOK;
        }
        final WebhookTable.Secret secret = new WebhookTable.Secret(c.orderId, c.orderUpTo, c.packSize);
        if (secret.none())
        {
            return INVALID_WEBHOOK_SECRET;
        }
        final boolean overlap = c.quantity > c.timestamp;
        webhooks.put(new WebhookTable.Webhook(w.id(), w.url(), w.kinds(), w.channel(), secret,
            overlap ? w.secret() : WebhookTable.Secret.NONE, overlap ? c.quantity : 0, w.createdAtMillis(), w.delivered()));
        return OK;
    }

    /** The delivered sequence in quantity: forward only, and never past this command. */
    public ReasonCode webhookDelivered(final CommandSlot c)
    {
        final WebhookTable.Webhook w = webhooks.byId(c.reservationId);
        if (w == null)
        {
            return UNKNOWN_WEBHOOK;
        }
        if (c.quantity < w.delivered() || c.quantity >= c.sequence)
        {
            return INVALID_WEBHOOK_CURSOR;
        }
        webhooks.put(new WebhookTable.Webhook(w.id(), w.url(), w.kinds(), w.channel(), w.secret(), w.previous(),
            w.previousUntilMillis(), w.createdAtMillis(), c.quantity));
        return OK;
    }

    private static boolean validUrl(final String url)
    {
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://")))
        {
            return false;
        }
        final byte[] utf8 = url.getBytes(StandardCharsets.UTF_8);
        return utf8.length <= Limits.MAX_WEBHOOK_URL_BYTES && CodeText.survivesUtf8(url, utf8);
    }
}

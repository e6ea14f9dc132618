package io.omnistock.daemon.webhooks;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * A member's first start in cluster mode with an embedded-mode {@code webhooks.json}
 * (docs/cluster.md, "Replicated webhooks"): each subscription is proposed once, with its id and
 * secret, so its receiver goes on verifying signatures unchanged. As {@code api-keys.conf}'s keys
 * are: under a command id derived from the subscription's content, so members holding the same
 * file apply it once; an id taken with other content is logged and skipped;
 * {@code webhooks.json.proposed} records that it was done.
 *
 * <p>The embedded cursor is not carried over: it counts the embedded journal's sequences, which the
 * cluster's journal does not continue. A subscription gets every event the cluster commits after
 * its proposal (at least once from there); what the embedded daemon had not delivered when it
 * stopped stays in its journal (drain it first: lag 0 in {@code GET /v1/admin/webhooks}).
 */
final class WebhookMigration
{
    static final String PROPOSED_MARKER = WebhookStore.FILE + ".proposed";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookMigration.class);
    private static final byte[] ROTATION = "rotation".getBytes(StandardCharsets.UTF_8);

    private final ClusterMember member;
    private final Duration timeout;
    /** Whether a URL may be a target under this member's settings (webhooks.allow-targets). */
    private final Predicate<String> allowed;

    WebhookMigration(final ClusterMember member, final Duration timeout, final Predicate<String> allowed)
    {
        this.member = member;
        this.timeout = timeout;
        this.allowed = allowed;
    }

    /** Proposes the file's subscriptions unless done before. Blocks until the cluster decided each. */
    void proposeOnce(final Path dataDir) throws IOException, InterruptedException
    {
        final WebhookStore store = new WebhookStore(dataDir);
        final Path marker = dataDir.resolve(PROPOSED_MARKER);
        if (!Files.exists(store.file()) || Files.exists(marker))
        {
            return;
        }
        for (final WebhookStore.Stored s : store.read())
        {
            propose(s);
        }
        Files.writeString(marker, "the subscriptions of " + WebhookStore.FILE + " were proposed to the cluster; they " +
            "are now in its replicated table\n", StandardCharsets.UTF_8);
    }

    private void propose(final WebhookStore.Stored s) throws InterruptedException
    {
        final long id = ReplicatedWebhooks.id(s.id());
        final int kinds = kinds(s.kinds());
        final int channel = s.channel() == null ? -1 : member.channelId(s.channel());
        final String refusal = id == 0 ? "its id is not of the form wh_ and 16 hex digits" :
            kinds == 0 ? "it names no event kind this build knows" :
            channel < 0 && s.channel() != null ? "its channel '" + s.channel() + "' is not defined in the cluster" :
            !validSecret(s.secret()) || (s.previousSecret() != null && !validSecret(s.previousSecret())) ?
                "its secret is not whsec_ and 48 hex digits" :
            !allowed.test(s.url()) ? "its URL " + s.url() + " may not be a target (webhooks.allow-targets)" : null;
        if (refusal != null)
        {
            LOG.warn("webhook {} of {} not proposed: {}", s.id(), WebhookStore.FILE, refusal);
            return;
        }
        // A rotation under way is carried as it is: the previous secret first, then the rotation to
        // the current one with the same end of overlap, so receivers not switched yet keep verifying.
        final boolean rotating = s.previousSecret() != null && s.previousSecretUntilMillis() > System.currentTimeMillis();
        final WebhookTable.Secret first = ReplicatedWebhooks.secret(rotating ? s.previousSecret() : s.secret());
        final long commandId = ClusterDecisions.derivedId(content(s));
        final CommandResult put = ClusterDecisions.untilDecided(member, Commands.putWebhook(commandId, id, s.url(), kinds,
            channel, first.w0(), first.w1(), first.w2()), timeout);
        if (!applied(put))
        {
            final WebhookTable.Webhook there = member.webhooks().byId(id);
            LOG.warn("webhook {} of {} not taken by the cluster: {}{}", s.id(), WebhookStore.FILE, put.originalReason(),
                there == null ? "" : " (a subscription with that id is there already, to " + there.url() +
                    "; this one is skipped)");
            return;
        }
        if (rotating)
        {
            final WebhookTable.Secret current = ReplicatedWebhooks.secret(s.secret());
            final CommandResult rotated = ClusterDecisions.untilDecided(member, Commands.rotateWebhookSecret(
                ClusterDecisions.derivedId(content(s), ROTATION), id, current.w0(), current.w1(), current.w2(), s.previousSecretUntilMillis()), timeout);
            if (!applied(rotated))
            {
                LOG.warn("webhook {} of {}: its rotation to the current secret was not taken ({}); rotate it again",
                    s.id(), WebhookStore.FILE, rotated.originalReason());
            }
        }
        LOG.info("webhook {} of {} proposed to the cluster ({}): it gets the events the cluster commits after it; " +
            "its embedded cursor {} counted the embedded journal's sequences and is not carried over", s.id(),
            WebhookStore.FILE, put.reason() == ReasonCode.OK ? "applied" :
                "applied already, from another member's proposal of the same", s.cursor());
    }

    /** OK now, or OK when another member (or this one, before a crash) proposed the same under the same id. */
    private static boolean applied(final CommandResult r)
    {
        return r.reason() == ReasonCode.OK || r.originalReason() == ReasonCode.OK;
    }

    private static int kinds(final List<String> names)
    {
        int bits = 0;
        for (final String name : names)
        {
            try
            {
                bits |= 1 << EventKind.valueOf(name).ordinal();
            }
            catch (final IllegalArgumentException e)
            {
                return 0;
            }
        }
        return bits;
    }

    private static boolean validSecret(final String text)
    {
        return text != null && text.matches("whsec_[0-9a-fA-F]{48}");
    }

    /** Everything proposed, so the same subscription gets the same id on every member and another one does not. */
    private static byte[] content(final WebhookStore.Stored s)
    {
        return String.join("\u0000", "webhook", s.id(), s.url(), String.join(",", s.kinds().stream().sorted().toList()),
            String.valueOf(s.channel()), s.secret(), String.valueOf(s.previousSecret()),
            Long.toString(s.previousSecretUntilMillis())).getBytes(StandardCharsets.UTF_8);
    }
}

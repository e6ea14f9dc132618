package io.omnistock.core.webhook;

import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.snapshot.SnapshotStore;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.ProcessorHarness;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The webhook subscription commands: acceptance, rotation, the delivered position, rejections, snapshots. */
class WebhookHandlersTest
{
    private final ProcessorHarness h = new ProcessorHarness();

    @Test
    void aSubscriptionIsCreatedRotatedAdvancedAndDeleted()
    {
        final int mall = h.channel("MALL", 900_000);
        final CommandResult put = h.run(Commands.putWebhook(h.id(), 7, "https://r.example/h", 0b101, mall, 1, 2, 3));
        assertEquals(ReasonCode.OK, put.reason());
        final WebhookTable.Webhook created = h.state.webhooks().byId(7);
        assertEquals(new WebhookTable.Webhook(7, "https://r.example/h", 0b101, mall, new WebhookTable.Secret(1, 2, 3),
            WebhookTable.Secret.NONE, 0, h.now, put.sequence()), created, "deliveries start after the creating command");

        assertEquals(ReasonCode.OK, h.run(Commands.rotateWebhookSecret(h.id(), 7, 4, 5, 6, h.now + 60_000)).reason());
        WebhookTable.Webhook w = h.state.webhooks().byId(7);
        assertEquals(new WebhookTable.Secret(4, 5, 6), w.secret());
        assertEquals(new WebhookTable.Secret(1, 2, 3), w.previous(), "the old secret signs during the overlap");
        assertEquals(h.now + 60_000, w.previousUntilMillis());
        assertEquals(ReasonCode.OK, h.run(Commands.rotateWebhookSecret(h.id(), 7, 8, 9, 10, 0)).reason());
        assertEquals(WebhookTable.Secret.NONE, h.state.webhooks().byId(7).previous(), "no overlap: no previous secret");

        final long at = h.run(Commands.receive(h.id(), 0, 0, 1)).sequence();
        assertEquals(ReasonCode.OK, h.run(Commands.webhookDelivered(h.id(), 7, at - 1)).reason());
        assertEquals(at - 1, h.state.webhooks().byId(7).delivered());
        assertEquals(ReasonCode.INVALID_WEBHOOK_CURSOR, h.run(Commands.webhookDelivered(h.id(), 7, at - 2)).reason(),
            "behind the recorded position (a stale leader's)");
        assertEquals(ReasonCode.INVALID_WEBHOOK_CURSOR, h.run(Commands.webhookDelivered(h.id(), 7, 1L << 40)).reason(),
            "past the journal");

        assertEquals(ReasonCode.OK, h.run(Commands.deleteWebhook(h.id(), 7)).reason());
        assertNull(h.state.webhooks().byId(7));
        assertEquals(ReasonCode.UNKNOWN_WEBHOOK, h.run(Commands.deleteWebhook(h.id(), 7)).reason());
    }

    @Test
    void everyRejectionHasItsReasonAndChangesNothing()
    {
        assertEquals(ReasonCode.OK, h.run(Commands.putWebhook(h.id(), 1, "http://r/", 1, -1, 1, 0, 0)).reason());
        final long before = h.state.webhooks().checksum();
        assertEquals(ReasonCode.INVALID_WEBHOOK_ID, h.run(Commands.putWebhook(h.id(), 0, "http://r/", 1, -1, 1, 0, 0)).reason());
        assertEquals(ReasonCode.DUPLICATE_WEBHOOK, h.run(Commands.putWebhook(h.id(), 1, "http://r/", 1, -1, 1, 0, 0)).reason());
        for (final String url : new String[] {null, "", "ftp://r/", "https://r/\ud800", "https://r/" + "x".repeat(2048)})
        {
            assertEquals(ReasonCode.INVALID_WEBHOOK_URL, h.run(Commands.putWebhook(h.id(), 2, url, 1, -1, 1, 0, 0)).reason(),
                String.valueOf(url));
        }
        assertEquals(ReasonCode.INVALID_WEBHOOK_KINDS, h.run(Commands.putWebhook(h.id(), 2, "http://r/", 0, -1, 1, 0, 0)).reason());
        assertEquals(ReasonCode.INVALID_WEBHOOK_KINDS,
            h.run(Commands.putWebhook(h.id(), 2, "http://r/", WebhookHandlers.KNOWN_KINDS + 1, -1, 1, 0, 0)).reason());
        assertEquals(ReasonCode.UNKNOWN_CHANNEL, h.run(Commands.putWebhook(h.id(), 2, "http://r/", 1, 5, 1, 0, 0)).reason());
        assertEquals(ReasonCode.INVALID_WEBHOOK_SECRET, h.run(Commands.putWebhook(h.id(), 2, "http://r/", 1, -1, 0, 0, 0)).reason());
        assertEquals(ReasonCode.INVALID_WEBHOOK_SECRET, h.run(Commands.rotateWebhookSecret(h.id(), 1, 0, 0, 0, 0)).reason());
        assertEquals(ReasonCode.UNKNOWN_WEBHOOK, h.run(Commands.rotateWebhookSecret(h.id(), 9, 1, 1, 1, 0)).reason());
        assertEquals(ReasonCode.UNKNOWN_WEBHOOK, h.run(Commands.webhookDelivered(h.id(), 9, 1)).reason());
        assertEquals(before, h.state.webhooks().checksum(), "no rejection changed the table");
        assertEquals(1, h.state.webhooks().count());
    }

    @Test
    void theTableIsInTheChecksumAndSurvivesASnapshot() throws IOException
    {
        final long empty = new ProcessorHarness().state.checksum();
        assertEquals(empty, h.state.checksum(), "an empty table adds nothing");
        h.run(Commands.putWebhook(h.id(), 3, "https://r/\u4e0a", 0x7FF, -1, -1, 2, 3));
        h.run(Commands.putWebhook(h.id(), 2, "http://r/2", 1, -1, 4, 5, 6));
        h.run(Commands.rotateWebhookSecret(h.id(), 2, 7, 8, 9, h.now + 1_000));
        final long with = h.state.checksum();
        h.run(Commands.webhookDelivered(h.id(), 3, h.state.lastSequence()));
        assertNotEquals(with, h.state.checksum(), "the delivered position is state");

        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        h.state.writeTo(new DataOutputStream(bytes));
        final EngineState loaded = new EngineState(64, 16, 1024);
        loaded.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), SnapshotStore.FORMAT_VERSION);
        assertEquals(h.state.checksum(), loaded.checksum());
        assertEquals(List.copyOf(h.state.webhooks().webhooks()), List.copyOf(loaded.webhooks().webhooks()));
    }
}

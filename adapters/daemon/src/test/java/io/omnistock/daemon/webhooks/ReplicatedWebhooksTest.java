package io.omnistock.daemon.webhooks;

import io.omnistock.core.webhook.WebhookTable;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The API's subscription ids and secrets against the words the replicated commands carry. */
class ReplicatedWebhooksTest
{
    @Test
    void idsAndSecretsRoundTripThroughTheirWords()
    {
        for (final long id : new long[] {1, -1, Long.MIN_VALUE, 0x0123_4567_89AB_CDEFL})
        {
            final String text = ReplicatedWebhooks.idText(id);
            assertEquals(19, text.length(), text);
            assertEquals(id, ReplicatedWebhooks.id(text));
        }
        // What a subscription id from the embedded store or the API looks like, and what it cannot be.
        assertEquals(0x00ff00ff00ff00ffL, ReplicatedWebhooks.id("wh_00ff00ff00ff00ff"));
        assertEquals(0, ReplicatedWebhooks.id("wh_00ff"));
        assertEquals(0, ReplicatedWebhooks.id("xx_00ff00ff00ff00ff"));
        assertEquals(0, ReplicatedWebhooks.id("wh_00ff00ff00ff00fg"));

        final String secret = "whsec_" + "00112233445566778899aabbccddeeff0123456789abcdef";
        final WebhookTable.Secret words = ReplicatedWebhooks.secret(secret);
        assertEquals(new WebhookTable.Secret(0x0011223344556677L, 0x8899aabbccddeeffL, 0x0123456789abcdefL), words);
        assertEquals(secret, ReplicatedWebhooks.secretText(words));
    }
}

package io.omnistock.daemon.webhooks;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The delivery signature: HMAC-SHA256 over "timestamp.body", checked against values openssl computed. */
class WebhookSignerTest
{
    private static final byte[] BODY = "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8);
    private static final long T = 1_700_000_000L;
    /** printf '%s' '1700000000.{"id":"1"}' | openssl dgst -sha256 -hmac whsec_test */
    private static final String NEW = "11bf4466ea17c3df3fd743af0b435368e16b7a05eb8eced85e8c4670767bdec5";
    /** The same with -hmac whsec_old. */
    private static final String OLD = "5657f21db071c80b6ff8af05b3676468d4c81b0d846b2385229eb74705ac6a30";

    @Test
    void signsTimestampDotBodyWithEachSecret()
    {
        assertEquals("t=" + T + ",v1=" + NEW, WebhookSigner.header(T, BODY, List.of("whsec_test")));
        assertEquals("t=" + T + ",v1=" + NEW + ",v1=" + OLD, WebhookSigner.header(T, BODY, List.of("whsec_test", "whsec_old")));
    }

    @Test
    void aReceiverAcceptsEitherSecretDuringTheOverlap()
    {
        final String header = WebhookSigner.header(T, BODY, List.of("whsec_test", "whsec_old"));
        assertTrue(WebhookSigner.verify(header, BODY, "whsec_test", T, 300));
        assertTrue(WebhookSigner.verify(header, BODY, "whsec_old", T + 300, 300));
        assertFalse(WebhookSigner.verify(header, BODY, "whsec_other", T, 300));
    }

    @Test
    void refusesATamperedBodyAReplayedOrForgedTimestampAndGarbage()
    {
        final String header = WebhookSigner.header(T, BODY, List.of("whsec_test"));
        assertFalse(WebhookSigner.verify(header, "{\"id\":\"2\"}".getBytes(StandardCharsets.UTF_8), "whsec_test", T, 300));
        assertFalse(WebhookSigner.verify(header, BODY, "whsec_test", T + 301, 300), "too old: a replay");
        // A new timestamp on an old signature: the timestamp is signed, so it does not verify.
        assertFalse(WebhookSigner.verify("t=" + (T + 10) + ",v1=" + NEW, BODY, "whsec_test", T + 10, 300));
        assertFalse(WebhookSigner.verify("v1=" + NEW, BODY, "whsec_test", T, 300), "no timestamp");
        assertFalse(WebhookSigner.verify("t=x,v1=" + NEW, BODY, "whsec_test", T, 300));
        assertFalse(WebhookSigner.verify("garbage", BODY, "whsec_test", T, 300));
        assertFalse(WebhookSigner.verify(null, BODY, "whsec_test", T, 300));
    }
}

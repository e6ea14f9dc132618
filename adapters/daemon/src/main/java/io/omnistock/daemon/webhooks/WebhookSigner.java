package io.omnistock.daemon.webhooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * The signature of a webhook delivery, in the manner of Stripe's: HMAC-SHA256, keyed with the
 * subscription's secret, over {@code timestamp + "." + body}; sent as
 * {@code Omnistock-Signature: t=TIMESTAMP,v1=HEX[,v1=HEX]}, one {@code v1} per valid secret (two
 * while a rotated-out secret is still valid). The timestamp is inside the signed text, so a receiver
 * that refuses old timestamps refuses replays of captured deliveries.
 */
public final class WebhookSigner
{
    public static final String HEADER = "Omnistock-Signature";
    private static final String SCHEME = "v1";

    private WebhookSigner()
    {
    }

    /** @return the header value for {@code body} sent at {@code epochSeconds}, one {@code v1} per secret. */
    public static String header(final long epochSeconds, final byte[] body, final List<String> secrets)
    {
        final StringBuilder out = new StringBuilder("t=").append(epochSeconds);
        for (final String secret : secrets)
        {
            out.append(',').append(SCHEME).append('=').append(HexFormat.of().formatHex(mac(secret, epochSeconds, body)));
        }
        return out.toString();
    }

    /**
     * What a receiver does: the header's timestamp is within {@code toleranceSeconds} of
     * {@code nowEpochSeconds} and one of its {@code v1} signatures is {@code secret}'s over the body.
     */
    public static boolean verify(final String header, final byte[] body, final String secret, final long nowEpochSeconds,
        final long toleranceSeconds)
    {
        if (header == null)
        {
            return false;
        }
        long timestamp = -1;
        final java.util.List<String> signatures = new java.util.ArrayList<>();
        for (final String part : header.split(","))
        {
            final int eq = part.indexOf('=');
            if (eq <= 0)
            {
                return false;
            }
            final String name = part.substring(0, eq).trim();
            final String value = part.substring(eq + 1).trim();
            if (name.equals("t"))
            {
                try
                {
                    timestamp = Long.parseLong(value);
                }
                catch (final NumberFormatException e)
                {
                    return false;
                }
            }
            else if (name.equals(SCHEME))
            {
                signatures.add(value);
            }
        }
        if (timestamp < 0 || Math.abs(nowEpochSeconds - timestamp) > toleranceSeconds)
        {
            return false;
        }
        final byte[] expected = HexFormat.of().formatHex(mac(secret, timestamp, body)).getBytes(StandardCharsets.US_ASCII);
        boolean found = false;
        for (final String signature : signatures)
        {
            // Constant time, so the comparison does not tell an attacker how much of a guess was right.
            found |= MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
        }
        return found;
    }

    private static byte[] mac(final String secret, final long epochSeconds, final byte[] body)
    {
        try
        {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        }
        catch (final GeneralSecurityException e)
        {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}

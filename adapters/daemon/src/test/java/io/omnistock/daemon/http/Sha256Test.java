package io.omnistock.daemon.http;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A thread's reused SHA-256 digests exactly what the JDK's digest does over the same bytes, use after use. */
class Sha256Test
{
    @Test
    void aThreadsDigestReusedAndFedTextAndFieldsEqualsAFreshDigestOfTheBytes() throws Exception
    {
        final SplittableRandom random = new SplittableRandom(11);
        final String[] texts = {"", "shop", "key-1", "caf\u00e9", "\u65e5\u672c", "x".repeat(300), "\ud83d\ude00 y"};
        for (int i = 0; i < 2_000; i++)
        {
            final String a = texts[random.nextInt(texts.length)] + random.nextInt(1000);
            final String b = texts[random.nextInt(texts.length)];
            final byte[] body = new byte[random.nextInt(64)];
            random.nextBytes(body);
            if (random.nextBoolean())
            {
                // A use left unfinished (its request failed): the next use starts clean.
                Sha256.ofThisThread().text("left over");
            }
            final Sha256 sha = Sha256.ofThisThread().text(a).update((byte)'\n').field(b);
            sha.body(body, 0, body.length);
            final MessageDigest expected = MessageDigest.getInstance("SHA-256");
            expected.update(a.getBytes(StandardCharsets.UTF_8));
            expected.update((byte)'\n');
            final byte[] bBytes = b.getBytes(StandardCharsets.UTF_8);
            expected.update(ByteBuffer.allocate(4).putInt(bBytes.length).array());
            expected.update(bBytes);
            expected.update(body);
            final ByteBuffer digest = ByteBuffer.wrap(expected.digest());
            if (random.nextBoolean())
            {
                assertEquals(digest.getLong(0), sha.finish64(), a + " / " + b);
            }
            else
            {
                assertEquals(new Idempotency.Fingerprint(digest.getLong(0), digest.getLong(8)), sha.finish128(), a + " / " + b);
            }
        }
    }
}

package io.omnistock.daemon.http;

import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A SHA-256 with the scratch its inputs and output are spelled into, for {@link Idempotency}'s
 * command ids and fingerprints: text as UTF-8 (ASCII without a copy of the string's bytes), a field
 * as its length then its bytes, the result read as big-endian longs.
 *
 * <p>Each I/O thread reuses one ({@link #ofThisThread}) for the digests it begins and finishes
 * within one call: a keyed write's command id, then its request's fingerprint. A fresh digest per
 * use, cloned from a prototype, with a new byte array per string and per result, was 14% of the
 * bytes the I/O threads allocated on batches of 256 keyed orders (about 560 of 3,980 bytes per
 * order; async-profiler, docs/benchmarks.md run 57). A digest fed over time (a streamed body, read
 * by a worker) takes a fresh one ({@link #Sha256()}).
 */
final class Sha256 implements Call.BodyDigest
{
    private static final VarHandle LONG_BIG_ENDIAN = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_BIG_ENDIAN = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final int DIGEST_BYTES = 32;
    /** Never updated: only cloned, since looking the algorithm up among the providers per digest was 5% of the I/O threads' CPU samples (run 46). */
    private static final MessageDigest PROTOTYPE = lookUp();
    private static final ThreadLocal<Sha256> THREADS = ThreadLocal.withInitial(Sha256::new);

    private final MessageDigest digest = copyOfPrototype();
    private final byte[] result = new byte[DIGEST_BYTES];
    private final byte[] length = new byte[Integer.BYTES];
    /** A string's UTF-8, grown for a longer one (keys are at most 255 characters). */
    private byte[] text = new byte[256];

    /** A fresh digest, for input fed over time. */
    Sha256()
    {
    }

    /**
     * @return the calling thread's digest, reset: for a digest begun and finished within one call,
     *     with no other use of it on this thread in between.
     */
    static Sha256 ofThisThread()
    {
        final Sha256 sha = THREADS.get();
        sha.digest.reset();
        return sha;
    }

    /** Feeds {@code value}'s UTF-8 bytes. */
    Sha256 text(final String value)
    {
        digest.update(text, 0, utf8(value));
        return this;
    }

    /** Feeds one byte. */
    Sha256 update(final byte value)
    {
        digest.update(value);
        return this;
    }

    /** Feeds {@code value}'s UTF-8 length, big-endian in 4 bytes, then its bytes: no field's text can pass for another's. */
    Sha256 field(final String value)
    {
        final int count = utf8(value);
        INT_BIG_ENDIAN.set(length, 0, count);
        digest.update(length);
        digest.update(text, 0, count);
        return this;
    }

    @Override
    public void body(final byte[] bytes, final int offset, final int count)
    {
        digest.update(bytes, offset, count);
    }

    /** @return {@code in}, with every byte read from it going through this digest. */
    InputStream digesting(final InputStream in)
    {
        return new DigestInputStream(in, digest);
    }

    /** @return the digest's first 64 bits, big-endian; the digest is reset. */
    long finish64()
    {
        finish();
        return (long)LONG_BIG_ENDIAN.get(result, 0);
    }

    /** @return the digest's first 128 bits; the digest is reset. */
    Idempotency.Fingerprint finish128()
    {
        finish();
        return new Idempotency.Fingerprint((long)LONG_BIG_ENDIAN.get(result, 0), (long)LONG_BIG_ENDIAN.get(result, Long.BYTES));
    }

    private void finish()
    {
        try
        {
            digest.digest(result, 0, DIGEST_BYTES);
        }
        catch (final java.security.DigestException e)
        {
            throw new IllegalStateException("a 32-byte buffer too small for a SHA-256", e);
        }
    }

    /** @return the length of {@code value}'s UTF-8, written into {@link #text}. */
    private int utf8(final String value)
    {
        final int chars = value.length();
        if (text.length < chars)
        {
            text = new byte[Math.max(chars, 2 * text.length)];
        }
        for (int i = 0; i < chars; i++)
        {
            final char c = value.charAt(i);
            if (c >= 0x80)
            {
                // Rare (keys are ASCII; a caller's name may not be): the JDK's encoder, a copy.
                final byte[] encoded = value.getBytes(StandardCharsets.UTF_8);
                if (text.length < encoded.length)
                {
                    text = new byte[encoded.length];
                }
                System.arraycopy(encoded, 0, text, 0, encoded.length);
                return encoded.length;
            }
            text[i] = (byte)c;
        }
        return chars;
    }

    private static MessageDigest copyOfPrototype()
    {
        try
        {
            return (MessageDigest)PROTOTYPE.clone();
        }
        catch (final CloneNotSupportedException e)
        {
            return lookUp();
        }
    }

    private static MessageDigest lookUp()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

package io.omnistock.daemon.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idempotency keys. A key becomes the engine command id (64 bits of SHA-256 over the API key's
 * name and the key), so the engine itself refuses to apply a retried write twice, across restarts
 * too. The first response to each key is also kept here, so a retry gets it back byte for byte;
 * after a restart (or once evicted) the engine's answer stands in: the first outcome, marked
 * {@code "replayed": true}.
 */
public final class Idempotency
{
    public static final String HEADER = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 255;

    private final int capacity;
    private final ConcurrentHashMap<Long, Response> responses = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> order = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    /** A remembered first response and what request it answered. */
    public record Response(String fingerprint, int status, byte[] body)
    {
    }

    public Idempotency(final int capacity)
    {
        this.capacity = capacity;
    }

    /**
     * @param key the Idempotency-Key header, or null (the write then gets a fresh random id).
     * @return the engine command id for this write.
     */
    public long commandId(final Principal principal, final String key)
    {
        if (key == null)
        {
            // Any unpredictable, unrepeated id will do: it is never a secret, so no SecureRandom cost.
            long id;
            do
            {
                id = ThreadLocalRandom.current().nextLong();
            }
            while (id == 0);
            return id;
        }
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 0x20 && c < 0x7F))
        {
            throw ApiError.badRequest("INVALID_IDEMPOTENCY_KEY",
                "Idempotency-Key must be 1 to 255 printable ASCII characters without spaces");
        }
        return nonZero(sha256Long(principal.name() + '\n' + key));
    }

    /**
     * @return a distinct command id for the i-th command of a multi-command write. The SplitMix64
     *     finaliser is a bijection, so one write's ids never collide with each other; it is cheap
     *     enough for a million-line load.
     */
    public static long derive(final long commandId, final long i)
    {
        long z = commandId + (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return nonZero(z ^ (z >>> 31));
    }

    public Response find(final long commandId)
    {
        return responses.get(commandId);
    }

    public void remember(final long commandId, final Response response)
    {
        if (capacity == 0 || responses.putIfAbsent(commandId, response) != null)
        {
            return;
        }
        order.add(commandId);
        if (size.incrementAndGet() > capacity)
        {
            final Long oldest = order.poll();
            if (oldest != null)
            {
                responses.remove(oldest);
                size.decrementAndGet();
            }
        }
    }

    static String fingerprint(final String method, final String path, final byte[] body)
    {
        final MessageDigest sha = sha256();
        sha.update((method + ' ' + path + '\n').getBytes(StandardCharsets.UTF_8));
        sha.update(body);
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    private static long sha256Long(final String text)
    {
        final byte[] d = sha256().digest(text.getBytes(StandardCharsets.UTF_8));
        long v = 0;
        for (int i = 0; i < 8; i++)
        {
            v = (v << 8) | (d[i] & 0xFF);
        }
        return v;
    }

    private static long nonZero(final long id)
    {
        return id == 0 ? 1 : id;
    }

    private static MessageDigest sha256()
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

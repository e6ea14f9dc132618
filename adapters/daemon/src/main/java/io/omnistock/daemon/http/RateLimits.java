package io.omnistock.daemon.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests per second per API key ({@code http.rate-limit-per-second}, {@code http.rate-limit-burst}):
 * a token bucket per key name, kept as one instant (the generic cell rate algorithm): the bucket
 * holds {@code (now - instant) / nanosPerToken} tokens, at most the burst, and taking one moves the
 * instant on by {@code nanosPerToken}. So taking a token is one compare-and-set and allocates
 * nothing. A bucket is made at a key's first request and kept (one per key name: bounded by the keys).
 *
 * <p>Requests without a key (health, readiness, metrics) are not counted; a batch is one request.
 */
final class RateLimits
{
    /** A bucket's answer to a request over the limit: {@code Retry-After} is 1 s, as a token comes within it. */
    static final String RETRY_AFTER_SECONDS = "1";

    private final long nanosPerToken;
    private final long burstNanos;
    private final ConcurrentHashMap<String, AtomicLong> buckets = new ConcurrentHashMap<>();

    /**
     * @param perSecond tokens added per second, at least 1 (so a refused request may retry within 1 s).
     * @param burst     tokens a full bucket holds: requests a quiet key may send at once.
     */
    RateLimits(final int perSecond, final int burst)
    {
        if (perSecond < 1 || burst < 1)
        {
            throw new IllegalArgumentException("rate " + perSecond + "/s and burst " + burst + " must be at least 1");
        }
        this.nanosPerToken = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.burstNanos = nanosPerToken * burst;
    }

    /** @throws ApiError 429 RATE_LIMITED when the key's bucket is empty. */
    void take(final Principal principal)
    {
        take(principal.name(), System.nanoTime());
    }

    /** @return whether {@code key} may send a request at {@code nowNanos}; takes its token if so. */
    boolean tryTake(final String key, final long nowNanos)
    {
        AtomicLong instant = buckets.get(key);
        if (instant == null)
        {
            // A new key starts with a full bucket.
            instant = buckets.computeIfAbsent(key, k -> new AtomicLong(nowNanos - burstNanos));
        }
        while (true)
        {
            final long was = instant.get();
            // A bucket idle for long holds the burst, no more.
            final long next = Math.max(was, nowNanos - burstNanos) + nanosPerToken;
            if (next - nowNanos > 0)
            {
                return false;
            }
            if (instant.compareAndSet(was, next))
            {
                return true;
            }
        }
    }

    private void take(final String key, final long nowNanos)
    {
        if (!tryTake(key, nowNanos))
        {
            throw new ApiError(429, "RATE_LIMITED", "the API key '" + key + "' sent more than its rate limit " +
                "(http.rate-limit-per-second, http.rate-limit-burst); retry after the Retry-After seconds");
        }
    }
}

package io.omnistock.daemon.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimitsTest
{
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aQuietKeyMaySendItsBurstThenOneRequestPerTokenTime()
    {
        final RateLimits limits = new RateLimits(10, 3);
        final long t = 5 * SECOND;
        assertTrue(limits.tryTake("k", t));
        assertTrue(limits.tryTake("k", t));
        assertTrue(limits.tryTake("k", t));
        assertFalse(limits.tryTake("k", t), "the burst is spent");
        assertFalse(limits.tryTake("k", t + SECOND / 10 - 1), "a token takes 100 ms at 10/s");
        assertTrue(limits.tryTake("k", t + SECOND / 10));
        assertFalse(limits.tryTake("k", t + SECOND / 10));
    }

    @Test
    void aBucketHoldsNoMoreThanTheBurstHoweverLongTheKeyWasQuiet()
    {
        final RateLimits limits = new RateLimits(1, 2);
        assertTrue(limits.tryTake("k", 0));
        final long later = 3_600 * SECOND;
        assertTrue(limits.tryTake("k", later));
        assertTrue(limits.tryTake("k", later));
        assertFalse(limits.tryTake("k", later), "an hour's quiet fills the bucket to 2, not 3,600");
    }

    @Test
    void eachKeyHasItsOwnBucket()
    {
        final RateLimits limits = new RateLimits(1, 1);
        assertTrue(limits.tryTake("a", 0));
        assertFalse(limits.tryTake("a", 0));
        assertTrue(limits.tryTake("b", 0));
    }

    @Test
    void aRateOrBurstBelowOneIsRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> new RateLimits(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new RateLimits(1, 0));
    }
}

package io.omnistock.daemon.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The expiry a key creation asks for: {@code expiresAt} or {@code ttlSeconds}, in the future, or none. */
class AdminRoutesExpiryTest
{
    private static final long NOW = 1_800_000_000_000L;

    private static Bodies.ApiKey body(final String expiresAt, final Long ttlSeconds)
    {
        return new Bodies.ApiKey("k", null, List.of("orders"), expiresAt, ttlSeconds);
    }

    @Test
    void takesAnInstantATtlOrNeither()
    {
        assertEquals(0, AdminRoutes.expiresAtMillis(body(null, null), NOW), "never expires");
        assertEquals(NOW + 90_000, AdminRoutes.expiresAtMillis(body(null, 90L), NOW));
        assertEquals(java.time.Instant.parse("2027-01-31T00:00:00.250Z").toEpochMilli(),
            AdminRoutes.expiresAtMillis(body("2027-01-31T00:00:00.250Z", null), NOW));
    }

    @Test
    void refusesEachBadExpiryWithItsReason()
    {
        for (final Bodies.ApiKey bad : List.of(body("2027-01-31", null), body("tomorrow", null), body("", null),
            body(java.time.Instant.ofEpochMilli(NOW).toString(), null), body("2020-01-01T00:00:00Z", null),
            body("+99999-01-01T00:00:00Z", null), body(null, 0L), body(null, -5L),
            body(null, AdminRoutes.MAX_TTL_SECONDS + 1), body("2027-01-31T00:00:00Z", 60L)))
        {
            final ApiError e = assertThrows(ApiError.class, () -> AdminRoutes.expiresAtMillis(bad, NOW), bad.toString());
            assertEquals(400, e.status());
            assertEquals("INVALID_API_KEY_EXPIRY", e.code(), bad.toString());
            assertTrue(!e.getMessage().isEmpty());
        }
    }
}

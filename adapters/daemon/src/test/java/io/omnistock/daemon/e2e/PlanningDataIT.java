package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 23's forecast master data over HTTP against the real daemon: a SKU's price, the promotion
 * calendar and planner overrides written, read back, still there after a restart (journal replay),
 * and bad input refused with its reason and nothing changed. Every response is checked against
 * docs/openapi.yaml.
 */
class PlanningDataIT
{
    @TempDir
    Path dir;

    @Test
    void masterDataIsWrittenReadAndSurvivesARestart() throws Exception
    {
        final Path data = dir.resolve("data");
        final String expiresAt = java.time.Instant.now().plusSeconds(86_400).toString();
        try (DaemonProcess daemon = new DaemonProcess(data).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey()).checkingContract();
            admin.ok("/v1/locations", "{\"code\":\"ST1\",\"tier\":\"store\",\"lat\":31.21,\"lon\":121.41}");
            admin.ok("/v1/skus", "{\"code\":\"MILK-1L\",\"unit\":\"piece\"}");
            admin.ok("/v1/channels", "{\"code\":\"app\",\"holdTtlSeconds\":900}");

            admin.ok("/v1/skus/MILK-1L/price", "{\"unitPrice\":1299,\"unitCost\":800,\"category\":3}");
            admin.ok("/v1/promotions", "{\"promotionId\":11,\"sku\":\"MILK-1L\",\"location\":\"ST1\",\"channel\":\"app\"," +
                "\"start\":\"2026-11-09\",\"end\":\"2026-11-11\",\"uplift\":0.5}");
            admin.ok("/v1/promotions", "{\"promotionId\":12,\"category\":3,\"start\":\"2026-06-18\",\"end\":\"2026-06-18\"," +
                "\"uplift\":1.25}");
            admin.ok("/v1/promotions", "{\"promotionId\":14,\"sku\":\"MILK-1L\",\"channel\":\"app\"," +
                "\"start\":\"2026-12-12\",\"end\":\"2026-12-13\",\"uplift\":\"learned\"}");
            admin.ok("/v1/forecast/overrides", "{\"location\":\"ST1\",\"sku\":\"MILK-1L\",\"dailyDemand\":12.5," +
                "\"minLevel\":20,\"maxLevel\":60,\"expiresAt\":\"" + expiresAt + "\"}");
            assertWritten(admin, expiresAt);

            // Bad input: the reason, and nothing changed.
            refused(admin, "/v1/promotions", "{\"promotionId\":11,\"sku\":\"MILK-1L\",\"start\":\"2026-11-11\"," +
                "\"end\":\"2026-11-09\",\"uplift\":0.5}", 422, "PROMOTION_END_BEFORE_START");
            refused(admin, "/v1/promotions", "{\"promotionId\":11,\"sku\":\"MILK-1L\",\"start\":\"2026-11-09\"," +
                "\"end\":\"2026-11-11\",\"uplift\":-0.1}", 422, "NEGATIVE_UPLIFT");
            refused(admin, "/v1/promotions", "{\"promotionId\":14,\"sku\":\"MILK-1L\",\"start\":\"2026-12-13\"," +
                "\"end\":\"2026-12-12\",\"uplift\":\"learned\"}", 422, "PROMOTION_END_BEFORE_START");
            refused(admin, "/v1/promotions", "{\"promotionId\":14,\"sku\":\"MILK-1L\",\"start\":\"2026-12-12\"," +
                "\"end\":\"2026-12-13\",\"uplift\":\"lots\"}", 400, "INVALID_FIELD");
            refused(admin, "/v1/promotions", "{\"promotionId\":14,\"sku\":\"MILK-1L\",\"start\":\"2026-12-12\"," +
                "\"end\":\"2026-12-13\"}", 400, "MISSING_FIELD");
            refused(admin, "/v1/promotions", "{\"promotionId\":13,\"sku\":\"NOPE\",\"start\":\"2026-11-09\"," +
                "\"end\":\"2026-11-11\",\"uplift\":0.1}", 404, "UNKNOWN_SKU");
            refused(admin, "/v1/promotions", "{\"promotionId\":13,\"sku\":\"MILK-1L\",\"category\":3," +
                "\"start\":\"2026-11-09\",\"end\":\"2026-11-11\",\"uplift\":0.1}", 400, "INVALID_FIELD");
            refused(admin, "/v1/promotions", "{\"promotionId\":13,\"sku\":\"MILK-1L\",\"start\":\"11/09/2026\"," +
                "\"end\":\"2026-11-11\",\"uplift\":0.1}", 400, "INVALID_FIELD");
            refused(admin, "/v1/skus/MILK-1L/price", "{\"unitPrice\":-1}", 422, "INVALID_PRICE");
            refused(admin, "/v1/skus/NOPE/price", "{\"unitPrice\":1}", 404, "UNKNOWN_SKU");
            refused(admin, "/v1/forecast/overrides", "{\"location\":\"ST1\",\"sku\":\"MILK-1L\",\"minLevel\":70," +
                "\"maxLevel\":60,\"expiresAt\":\"" + expiresAt + "\"}", 422, "INVALID_FORECAST_OVERRIDE");
            refused(admin, "/v1/forecast/overrides", "{\"location\":\"ST1\",\"sku\":\"MILK-1L\",\"dailyDemand\":-3," +
                "\"expiresAt\":\"" + expiresAt + "\"}", 422, "INVALID_FORECAST_OVERRIDE");
            refused(admin, "/v1/forecast/overrides", "{\"location\":\"ST1\",\"sku\":\"MILK-1L\",\"dailyDemand\":3," +
                "\"expiresAt\":\"2020-01-01T00:00:00Z\"}", 422, "INVALID_OVERRIDE_EXPIRY");
            final Client.Response deleteUnknown = admin.send(admin.base("/v1/promotions/99").DELETE().build());
            assertEquals(404, deleteUnknown.status(), deleteUnknown.body().toString());
            assertEquals("UNKNOWN_PROMOTION", deleteUnknown.code());
            assertEquals(404, admin.get("/v1/promotions/99").status());
            assertWritten(admin, expiresAt);
        }
        try (DaemonProcess daemon = new DaemonProcess(data).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey()).checkingContract();
            assertWritten(admin, expiresAt);
            final Client.Response deleted = admin.send(admin.base("/v1/promotions/11").DELETE().build());
            assertEquals(200, deleted.status(), deleted.body().toString());
            assertEquals(2, admin.get("/v1/promotions").body().get("promotions").size());
            admin.ok("/v1/forecast/overrides", "{\"location\":\"ST1\",\"sku\":\"MILK-1L\",\"remove\":true}");
            assertEquals(0, admin.get("/v1/forecast/overrides").body().get("overrides").size());
        }
    }

    private static void assertWritten(final Client admin, final String expiresAt) throws Exception
    {
        final JsonNode price = admin.get("/v1/skus/MILK-1L/price").body();
        assertEquals(1299, price.get("unitPrice").asLong(), price.toString());
        assertEquals(800, price.get("unitCost").asLong());
        assertEquals(3, price.get("category").asInt());

        final JsonNode promotions = admin.get("/v1/promotions").body().get("promotions");
        assertEquals(3, promotions.size(), promotions.toString());
        final JsonNode promo = admin.get("/v1/promotions/11").body();
        assertEquals("MILK-1L", promo.get("sku").asText());
        assertEquals("ST1", promo.get("location").asText());
        assertEquals("app", promo.get("channel").asText());
        assertEquals("2026-11-09", promo.get("start").asText());
        assertEquals("2026-11-11", promo.get("end").asText());
        assertEquals(0.5, promo.get("uplift").asDouble(), 1e-9);
        final JsonNode byCategory = promotions.get(1);
        assertEquals(3, byCategory.get("category").asInt());
        assertFalse(byCategory.has("sku"));
        assertFalse(byCategory.has("location"), "every location");
        assertEquals(1.25, byCategory.get("uplift").asDouble(), 1e-9);
        final JsonNode learned = admin.get("/v1/promotions/14").body();
        assertEquals("learned", learned.get("uplift").asText(), learned.toString());
        assertEquals("app", learned.get("channel").asText());
        assertEquals("2026-12-12", learned.get("start").asText());

        final JsonNode overrides = admin.get("/v1/forecast/overrides?sku=MILK-1L").body().get("overrides");
        assertEquals(1, overrides.size(), overrides.toString());
        final JsonNode o = overrides.get(0);
        assertEquals(12.5, o.get("dailyDemand").asDouble(), 1e-9);
        assertEquals(20, o.get("minLevel").asLong());
        assertEquals(60, o.get("maxLevel").asLong());
        assertEquals(java.time.Instant.parse(expiresAt).toEpochMilli(),
            java.time.Instant.parse(o.get("expiresAt").asText()).toEpochMilli());
        assertFalse(o.get("expired").asBoolean());
        assertTrue(admin.get("/v1/forecast/overrides?location=ST1").body().get("overrides").size() == 1);
    }

    private static void refused(final Client admin, final String path, final String json, final int status,
        final String code) throws Exception
    {
        final Client.Response r = admin.post(path, json);
        assertEquals(status, r.status(), json + " -> " + r.body());
        assertEquals(code, r.code(), json + " -> " + r.body());
    }
}

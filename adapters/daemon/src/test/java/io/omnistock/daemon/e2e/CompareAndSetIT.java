package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 21: compare-and-set of on hand ({@code POST /v1/positions/{location}/{sku}/on-hand}) against
 * the real daemon: applied on the value read, refused with the current value when on hand moved in
 * between, retried from it; as elements of {@code POST /v1/batch} across positions; bad input a
 * clear 4xx with nothing changed. Every response is checked against docs/openapi.yaml.
 */
class CompareAndSetIT
{
    private static final String ON_HAND = "/v1/positions/ST1/MILK-1L/on-hand";

    @TempDir
    Path dir;

    @Test
    void setsOnHandOnlyOnTheValueRead() throws Exception
    {
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data")).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey()).checkingContract();
            admin.ok("/v1/locations", "{\"code\":\"ST1\",\"tier\":\"store\",\"lat\":31.21,\"lon\":121.41}");
            admin.ok("/v1/locations", "{\"code\":\"ST2\",\"tier\":\"store\",\"lat\":31.22,\"lon\":121.42}");
            admin.ok("/v1/skus", "{\"code\":\"MILK-1L\",\"unit\":\"piece\"}");
            admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"ST1\",\"sku\":\"MILK-1L\",\"quantity\":10}");

            final long read = onHand(admin, "ST1");
            assertEquals(10, read);
            final JsonNode set = admin.ok(ON_HAND, body(7, read, "correction"));
            assertEquals(7, set.at("/position/onHand").asLong(), set.toString());

            // Someone else's movement between the read and the write: refused, the current value in the answer.
            admin.ok("/v1/movements", "{\"type\":\"sale\",\"location\":\"ST1\",\"sku\":\"MILK-1L\",\"quantity\":2}");
            final Client.Response stale = admin.post(ON_HAND, body(6, 7, "correction"), "cas-1");
            assertEquals(409, stale.status(), stale.body().toString());
            assertEquals("ON_HAND_CHANGED", stale.code());
            assertEquals(505, stale.body().at("/error/reasonCode").asInt());
            assertEquals(5, stale.body().at("/result/position/onHand").asLong(), stale.body().toString());
            assertEquals(5, onHand(admin, "ST1"));
            // The same key again is the same refusal, not a second try.
            assertEquals(stale.body(), admin.post(ON_HAND, body(6, 7, "correction"), "cas-1").body());
            final JsonNode retried = admin.ok(ON_HAND, body(6, stale.body().at("/result/position/onHand").asLong(),
                "correction"));
            assertEquals(6, retried.at("/position/onHand").asLong());

            // Many positions in one call: elements of the one batch endpoint, each decided alone.
            final JsonNode batch = admin.ok("/v1/batch", "[" +
                "{\"path\":\"" + ON_HAND + "\",\"idempotencyKey\":\"b-1\",\"body\":" + body(9, 6, "found") + "}," +
                "{\"path\":\"/v1/positions/ST2/MILK-1L/on-hand\",\"idempotencyKey\":\"b-2\",\"body\":" +
                body(4, 0, "found") + "}," +
                "{\"path\":\"/v1/positions/ST2/MILK-1L/on-hand\",\"idempotencyKey\":\"b-3\",\"body\":" +
                body(8, 0, "found") + "}]");
            assertEquals(200, batch.at("/results/0/status").asInt(), batch.toString());
            assertEquals(200, batch.at("/results/1/status").asInt(), batch.toString());
            assertEquals(409, batch.at("/results/2/status").asInt(), batch.toString());
            assertEquals(4, batch.at("/results/2/body/result/position/onHand").asLong(), batch.toString());
            assertEquals(9, onHand(admin, "ST1"));
            assertEquals(4, onHand(admin, "ST2"));

            // Below what is reserved, as for an adjustment.
            admin.ok("/v1/channels", "{\"code\":\"app\",\"holdTtlSeconds\":900}");
            admin.ok("/v1/reservations", "{\"reservationId\":1,\"channel\":\"app\",\"location\":\"ST1\"," +
                "\"sku\":\"MILK-1L\",\"quantity\":5}");
            refused(admin, body(4, 9, "lost"), 409, "ADJUSTMENT_BELOW_RESERVED");

            // Bad input: a clear 4xx, nothing changed.
            refused(admin, "{\"quantity\":3,\"reason\":\"correction\"}", 400, "MISSING_FIELD");
            refused(admin, "{\"quantity\":3,\"compareQuantity\":9}", 400, "MISSING_FIELD");
            refused(admin, "{\"quantity\":1.5,\"compareQuantity\":9,\"reason\":\"correction\"}", 400, "INVALID_FIELD");
            refused(admin, "{\"quantity\":3,\"compareQuantity\":\"nine\",\"reason\":\"correction\"}", 400,
                "INVALID_FIELD");
            refused(admin, "{\"quantity\":3,\"compareQuantity\":9,\"reason\":\"correction\",\"extra\":1}", 400,
                "UNKNOWN_FIELD");
            refused(admin, body(3, 9, "misplaced"), 422, "INVALID_ADJUSTMENT_REASON");
            refused(admin, body(-1, 9, "correction"), 422, "NEGATIVE_QUANTITY");
            refused(admin, body(1L << 41, 9, "correction"), 422, "QUANTITY_TOO_LARGE");
            final Client.Response unknown = admin.post("/v1/positions/NOPE/MILK-1L/on-hand", body(3, 9, "correction"));
            assertEquals(404, unknown.status(), unknown.body().toString());
            assertEquals(9, onHand(admin, "ST1"));
        }
    }

    private static String body(final long quantity, final long compareQuantity, final String reason)
    {
        return "{\"quantity\":" + quantity + ",\"compareQuantity\":" + compareQuantity + ",\"reason\":\"" + reason + "\"}";
    }

    private static long onHand(final Client client, final String location) throws Exception
    {
        final Client.Response r = client.get("/v1/positions/" + location + "/MILK-1L");
        assertEquals(200, r.status(), r.body().toString());
        return r.body().at("/position/onHand").asLong();
    }

    private static void refused(final Client client, final String json, final int status, final String code)
        throws Exception
    {
        final Client.Response r = client.post(ON_HAND, json);
        assertEquals(status, r.status(), json + " -> " + r.body());
        assertEquals(code, r.code(), json + " -> " + r.body());
        assertEquals(9, onHand(client, "ST1"), json + " changed on hand");
    }
}

package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Issue 21: stand-alone reservations over HTTP against the real daemon: reserve, release and fulfil
 * with the position's figures, reservation numbers per channel (another channel's key gets 404),
 * an Idempotency-Key retry applied once, and the routes as batch targets.
 */
class ReservationsIT
{
    private static final String MILK = "\"location\":\"ST1\",\"sku\":\"MILK-1L\"";

    @TempDir
    Path dir;

    @Test
    void reserveReleaseFulfilPerChannel() throws Exception
    {
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data")).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            admin.ok("/v1/channels", "{\"code\":\"app\",\"holdTtlSeconds\":900}");
            admin.ok("/v1/channels", "{\"code\":\"mall\",\"holdTtlSeconds\":900}");
            admin.ok("/v1/locations", "{\"code\":\"ST1\",\"tier\":\"store\",\"lat\":31.21,\"lon\":121.41}");
            admin.ok("/v1/skus", "{\"code\":\"MILK-1L\",\"unit\":\"piece\"}");
            admin.ok("/v1/movements", "{\"type\":\"receive\"," + MILK + ",\"quantity\":10}");
            final Client app = O2oDayIT.channelKey(admin, daemon, "app-key", "app");
            final Client mall = O2oDayIT.channelKey(admin, daemon, "mall-key", "mall");

            final String reserve = "{\"reservationId\":5," + MILK + ",\"quantity\":3}";
            final Client.Response held = app.post("/v1/reservations", reserve, "r-1");
            assertEquals(201, held.status(), held.body().toString());
            assertEquals(5, held.body().get("reservationId").asLong());
            assertEquals("app", held.body().get("channel").asText());
            assertEquals(3, held.body().get("held").asLong());
            promisable(held.body(), 7);
            position(admin.get("/v1/positions/ST1/MILK-1L").body(), 10, 3, 7);
            // A retry gets the first answer and holds nothing more.
            assertEquals(held.body(), app.post("/v1/reservations", reserve, "r-1").body());
            position(admin.get("/v1/positions/ST1/MILK-1L").body(), 10, 3, 7);

            // Mall's number 5 is another reservation: it cannot touch app's, and may hold its own.
            final Client.Response foreign = mall.post("/v1/reservations/5/release", "{\"quantity\":1}");
            assertEquals(404, foreign.status(), foreign.body().toString());
            assertEquals("UNKNOWN_RESERVATION", foreign.code());
            assertEquals(404, mall.post("/v1/reservations/5/fulfil", "{\"quantity\":1}").status());
            position(admin.get("/v1/positions/ST1/MILK-1L").body(), 10, 3, 7);
            final JsonNode mallHeld = mall.ok("/v1/reservations", "{\"reservationId\":5," + MILK + ",\"quantity\":1}");
            assertEquals("mall", mallHeld.get("channel").asText());
            promisable(mallHeld, 6);
            position(admin.get("/v1/positions/ST1/MILK-1L").body(), 10, 4, 6);
            final Client.Response named = mall.post("/v1/reservations/5/release?channel=app", "{\"quantity\":1}");
            assertEquals(403, named.status(), named.body().toString());

            final JsonNode released = app.ok("/v1/reservations/5/release", "{\"quantity\":1}");
            assertEquals(2, released.get("held").asLong(), released.toString());
            promisable(released, 7);
            final Client.Response tooMuch = app.post("/v1/reservations/5/fulfil", "{\"quantity\":3}");
            assertEquals(409, tooMuch.status(), tooMuch.body().toString());
            assertEquals("RELEASE_EXCEEDS_HELD", tooMuch.code());
            final JsonNode fulfilled = app.ok("/v1/reservations/5/fulfil", "{\"quantity\":2}");
            assertEquals(0, fulfilled.get("held").asLong(), fulfilled.toString());
            promisable(fulfilled, 7);
            position(admin.get("/v1/positions/ST1/MILK-1L").body(), 8, 1, 7);

            // A key bound to no channel names the channel; without one it is refused.
            final Client.Response noChannel = admin.post("/v1/reservations", reserve);
            assertEquals(400, noChannel.status(), noChannel.body().toString());
            assertEquals("MISSING_FIELD", noChannel.code());

            // Batch targets, decided as alone: mall releases its own 5, app's number 9 does not exist.
            final JsonNode batch = mall.ok("/v1/batch", "[{\"path\":\"/v1/reservations/5/release\"," +
                "\"idempotencyKey\":\"b-1\",\"body\":{\"quantity\":1}},{\"path\":\"/v1/reservations/9/fulfil\"," +
                "\"body\":{\"quantity\":1}}]");
            assertEquals(200, batch.at("/results/0/status").asInt(), batch.toString());
            assertEquals(0, batch.at("/results/0/body/held").asLong(), batch.toString());
            assertEquals(404, batch.at("/results/1/status").asInt(), batch.toString());
            position(admin.get("/v1/positions/ST1/MILK-1L").body(), 8, 0, 8);
        }
    }

    /** A channel key's answer: what may be promised at the position, not the network's books. */
    private static void promisable(final JsonNode result, final long available)
    {
        final JsonNode p = result.get("position");
        assertEquals(available, p.get("available").asLong(), result.toString());
        assertFalse(p.has("onHand") || p.has("reserved"), result.toString());
    }

    private static void position(final JsonNode result, final long onHand, final long reserved, final long available)
    {
        final JsonNode p = result.get("position");
        assertEquals(onHand, p.get("onHand").asLong(), result.toString());
        assertEquals(reserved, p.get("reserved").asLong(), result.toString());
        assertEquals(available, p.get("available").asLong(), result.toString());
    }
}

package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Issue 21: stand-alone reservations with an external reference and metadata against the real
 * daemon, every response checked against docs/openapi.yaml: journaled with the RESERVE (journal
 * format 5), served back by GET /v1/reservations/{id} from the journal-fed read model (after a
 * release, and after a restart), on the opening RESERVATION_CHANGED event; bad input a 400 with a
 * reason code and nothing held.
 */
class ReservationMetadataIT
{
    private static final String MILK = "\"location\":\"ST1\",\"sku\":\"MILK-1L\"";
    private static final String METADATA = "{\"customer\":\"c-7\",\"lines\":[1,2],\"note\":\"\u4e0a\u6d77\",\"gift\":true}";

    @TempDir
    Path dir;

    @Test
    void referenceAndMetadataAreJournaledAndServedBack() throws Exception
    {
        final Path data = dir.resolve("data");
        try (DaemonProcess daemon = new DaemonProcess(data).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey()).checkingContract();
            admin.ok("/v1/channels", "{\"code\":\"app\",\"holdTtlSeconds\":900}");
            admin.ok("/v1/locations", "{\"code\":\"ST1\",\"tier\":\"store\",\"lat\":31.21,\"lon\":121.41}");
            admin.ok("/v1/skus", "{\"code\":\"MILK-1L\",\"unit\":\"piece\"}");
            admin.ok("/v1/movements", "{\"type\":\"receive\"," + MILK + ",\"quantity\":10}");
            final Client app = O2oDayIT.channelKey(admin, daemon, "app-key", "app").checkingContract();

            final JsonNode held = app.ok("/v1/reservations", "{\"reservationId\":5," + MILK + ",\"quantity\":3," +
                "\"externalReference\":\"cart-42\",\"metadata\":" + METADATA + "}");
            assertEquals(3, held.get("held").asLong(), held.toString());
            final JsonNode read = app.get("/v1/reservations/5").body();
            assertEquals("cart-42", read.get("externalReference").asText(), read.toString());
            assertEquals(Client.JSON.readTree(METADATA), read.get("metadata"), read.toString());
            assertEquals("ST1", read.get("location").asText());
            assertEquals("app", read.get("channel").asText());
            assertEquals(3, read.get("held").asLong());
            // Without either, a reservation reads without them.
            app.ok("/v1/reservations", "{\"reservationId\":6," + MILK + ",\"quantity\":1}");
            final JsonNode plain = app.get("/v1/reservations/6").body();
            assertFalse(plain.has("externalReference") || plain.has("metadata"), plain.toString());

            app.ok("/v1/reservations/5/release", "{\"quantity\":1}");
            final JsonNode released = app.get("/v1/reservations/5").body();
            assertEquals(2, released.get("held").asLong(), released.toString());
            assertEquals("cart-42", released.get("externalReference").asText());

            // Bad input: 400 with a reason code, nothing held.
            refused(app, "\"metadata\":[1,2]", "INVALID_METADATA");
            refused(app, "\"metadata\":\"text\"", "INVALID_METADATA");
            refused(app, "\"metadata\":{\"note\":\"" + "n".repeat(1_020) + "\"}", "INVALID_METADATA");
            refused(app, "\"externalReference\":\"" + "r".repeat(129) + "\"", "INVALID_EXTERNAL_REFERENCE");
            refused(app, "\"externalReference\":\"" + "\u4e0a".repeat(43) + "\"", "INVALID_EXTERNAL_REFERENCE");
            refused(app, "\"externalReference\":{\"a\":1}", "INVALID_FIELD");
            assertEquals(404, app.get("/v1/reservations/7").status());
            assertEquals(3, admin.get("/v1/positions/ST1/MILK-1L").body().at("/position/reserved").asLong());
            // The largest metadata and reference are taken.
            app.ok("/v1/reservations", "{\"reservationId\":8," + MILK + ",\"quantity\":1,\"externalReference\":\"" +
                "r".repeat(128) + "\",\"metadata\":{\"note\":\"" + "n".repeat(1_013) + "\"}}");
            assertEquals(1_013 + 11, app.get("/v1/reservations/8").body().get("metadata").toString().length());

            // The opening event carries them; the release's names the reservation.
            final List<EventStreamIT.Sse> events = EventStreamIT.read(admin, "/v1/events?from=0&kinds=reservation_changed",
                null, 3);
            final JsonNode opened = Client.JSON.readTree(events.get(0).data());
            assertEquals(5, opened.get("reservationId").asLong(), opened.toString());
            assertEquals("cart-42", opened.get("externalReference").asText(), opened.toString());
            assertEquals(Client.JSON.readTree(METADATA), opened.get("metadata"), opened.toString());
            assertEquals(5, Client.JSON.readTree(events.get(2).data()).get("reservationId").asLong(), events.get(2).data());
            assertFalse(Client.JSON.readTree(events.get(2).data()).has("metadata"), events.get(2).data());
        }
        // The journal keeps them: a restarted daemon serves them back.
        try (DaemonProcess daemon = new DaemonProcess(data).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey()).checkingContract();
            final JsonNode read = admin.get("/v1/reservations/5?channel=app").body();
            assertEquals(2, read.get("held").asLong(), read.toString());
            assertEquals("cart-42", read.get("externalReference").asText(), read.toString());
            assertEquals(Client.JSON.readTree(METADATA), read.get("metadata"), read.toString());
            admin.ok("/v1/reservations/5/fulfil?channel=app", "{\"quantity\":2}");
            assertEquals("UNKNOWN_RESERVATION", admin.get("/v1/reservations/5?channel=app").code());
        }
    }

    private static void refused(final Client client, final String extra, final String code) throws Exception
    {
        final String body = "{\"reservationId\":7," + MILK + ",\"quantity\":1," + extra + "}";
        final Client.Response r = client.post("/v1/reservations", body);
        assertEquals(400, r.status(), body + " -> " + r.body());
        assertEquals(code, r.code(), body + " -> " + r.body());
    }
}

package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Store hardware over HTTP: POSLog and JSON transactions, late and repeated uploads, count sessions. */
class StoreIT
{
    private static final String POSLOG = """
        <?xml version="1.0" encoding="UTF-8"?>
        <POSLog xmlns="http://www.nrf-arts.org/IXRetail/namespace/">
          <Transaction>
            <RetailStoreID>ST1</RetailStoreID>
            <WorkstationID>SCO-07</WorkstationID>
            <SequenceNumber>4711</SequenceNumber>
            <EndDateTime>2025-03-01T10:15:30+08:00</EndDateTime>
            <RetailTransaction Version="2.2">
              <LineItem><SequenceNumber>1</SequenceNumber>
                <Sale><ItemID>MILK</ItemID><Quantity UnitOfMeasureCode="EA">2</Quantity></Sale></LineItem>
              <LineItem><SequenceNumber>2</SequenceNumber>
                <Sale><ItemID>APPLES</ItemID><Quantity UnitOfMeasureCode="KGM">0.42</Quantity></Sale></LineItem>
              <LineItem VoidFlag="true"><SequenceNumber>3</SequenceNumber>
                <Sale><ItemID>MILK</ItemID><Quantity UnitOfMeasureCode="EA">1</Quantity></Sale></LineItem>
            </RetailTransaction>
          </Transaction>
        </POSLog>
        """;

    @TempDir
    Path dir;

    @Test
    void posTransactionsAndCounts() throws Exception
    {
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data")).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            admin.ok("/v1/locations", "{\"code\":\"ST1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
            admin.ok("/v1/skus", "{\"code\":\"MILK\"}");
            admin.ok("/v1/skus", "{\"code\":\"APPLES\",\"unit\":\"gram\"}");
            admin.ok("/v1/channels", "{\"code\":\"app\",\"holdTtlSeconds\":600}");
            admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"ST1\",\"sku\":\"MILK\",\"quantity\":3}");
            admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"ST1\",\"sku\":\"APPLES\",\"quantity\":10000}");

            final JsonNode sale = post(admin, "application/xml", POSLOG).get("transactions").get(0);
            assertEquals(2, sale.get("applied").asInt(), sale.toString());
            assertEquals(1, sale.get("voided").asInt());
            assertEquals(1, onHand(admin, "MILK"));
            assertEquals(10000 - 420, onHand(admin, "APPLES"));

            final JsonNode again = post(admin, "text/xml", POSLOG).get("transactions").get(0);
            assertEquals(0, again.get("applied").asInt(), "an upload repeated by an offline till applies nothing");
            assertEquals(2, again.get("alreadyApplied").asInt());

            // A late upload selling milk the ledger believes gone: recorded and flagged, not rejected.
            final JsonNode late = post(admin, "application/json", "{\"transactionId\":\"ST1-POS2-88\",\"store\":\"ST1\"," +
                "\"terminal\":\"POS2\",\"businessTime\":\"2025-02-27T09:00:00Z\",\"lines\":[" +
                "{\"line\":1,\"kind\":\"SALE\",\"sku\":\"MILK\",\"quantity\":3,\"unit\":\"EA\"}," +
                "{\"line\":2,\"kind\":\"SALE\",\"sku\":\"NO-SUCH\",\"quantity\":1,\"unit\":\"EA\"}]}")
                .get("transactions").get(0);
            assertEquals(1, late.get("applied").asInt(), late.toString());
            assertEquals(-2, late.get("negativeOnHand").get(0).get("onHand").asLong());
            assertEquals("UNKNOWN_SKU", late.get("rejected").get(0).get("reason").asText());
            assertEquals(-2, onHand(admin, "MILK"));

            final Client.Response bad = admin.send(admin.base("/v1/pos/transactions").header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><POSLog>&e;</POSLog>"))
                .build());
            assertEquals(400, bad.status());
            assertEquals("POS_DTD_FORBIDDEN", bad.code());

            // Bodies that are not what they claim are refused whole, never half read or guessed at.
            final String json = "{\"transactionId\":\"ST1-POS2-89\",\"store\":\"ST1\",\"terminal\":\"POS2\"," +
                "\"businessTime\":\"2025-02-27T09:00:00Z\",\"lines\":[{\"line\":1,\"kind\":\"SALE\",\"sku\":\"MILK\"," +
                "\"quantity\":1,\"unit\":\"EA\"}]}";
            assertPosRefused(admin, "application/json", "[null]", "POS_MALFORMED");
            assertPosRefused(admin, "application/json", json.replace("\"line\":1", "\"line\":1.9"), "POS_INVALID_FIELD");
            assertPosRefused(admin, "application/json", json.replace("\"MILK\"", "123"), "POS_MALFORMED");
            assertPosRefused(admin, "application/xml", POSLOG.replace("4711", "4712") + POSLOG, "POS_MALFORMED");
            // Milk is counted in pieces: 0.42 kg of it is no number of pieces, in JSON or in POSLog.
            assertPosRefused(admin, "application/json", json.replace("\"quantity\":1,\"unit\":\"EA\"",
                "\"quantity\":0.42,\"unit\":\"KGM\""), "POS_UNIT_MISMATCH");
            assertPosRefused(admin, "application/xml", POSLOG.replace("4711", "4713")
                .replace("<ItemID>MILK</ItemID><Quantity UnitOfMeasureCode=\"EA\">2", "<ItemID>MILK</ItemID><Quantity UnitOfMeasureCode=\"KGM\">0.42"),
                "POS_UNIT_MISMATCH");
            assertEquals(-2, onHand(admin, "MILK"), "none of them applied");

            // A count: milk found on the shelf, with an order holding some of it.
            admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"ST1\",\"sku\":\"MILK\",\"quantity\":10}");
            admin.ok("/v1/orders", "{\"orderId\":5,\"channel\":\"app\",\"type\":\"pickup\",\"pickupLocation\":\"ST1\"," +
                "\"lines\":[{\"sku\":\"MILK\",\"quantity\":2}]}");
            admin.ok("/v1/counts", "{\"sessionId\":\"count-1\",\"location\":\"ST1\",\"barcodes\":{\"6901234567892\":\"MILK\"}}");
            final JsonNode scans = admin.ok("/v1/counts/count-1/scans", "{\"scans\":[" +
                "{\"code\":\"6901234567892\",\"quantity\":4},{\"code\":\"MILK\",\"epc\":\"urn:epc:id:sgtin:1.2.3\"}," +
                "{\"code\":\"MILK\",\"epc\":\"urn:epc:id:sgtin:1.2.3\"},{\"code\":\"MILK\"}]}");
            assertEquals("[\"COUNTED\",\"COUNTED\",\"DUPLICATE_TAG\",\"COUNTED\"]", scans.get("outcomes").toString());
            final JsonNode committed = admin.ok("/v1/counts/count-1/commit", "{}").get("skus").get(0);
            assertEquals(6, committed.get("counted").asLong());
            assertEquals(6, committed.get("onHand").asLong());
            assertEquals(2, committed.get("reserved").asLong(), "the count keeps the order's hold");
            final Client.Response closed = admin.post("/v1/counts/count-1/scans", "{\"scans\":[]}");
            assertEquals(409, closed.status());
            assertEquals("COUNT_SESSION_CLOSED", closed.code());
            assertTrue(admin.get("/v1/orders/5?channel=app").body().get("state").asText().equals("HELD"));
        }
    }

    @Test
    void aRefusedScanBatchCountsNothing() throws Exception
    {
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data")).start())
        {
            final Client admin = countable(daemon);
            admin.ok("/v1/counts", "{\"sessionId\":\"c1\",\"location\":\"S1\",\"barcodes\":{\"690\":\"A\"}}");

            assertRefused(admin, "/v1/counts/c1/scans", 422, "COUNT_INVALID_QUANTITY",
                "{\"scans\":[{\"code\":\"690\",\"quantity\":10},{\"code\":\"A\",\"quantity\":0}]}");
            assertRefused(admin, "/v1/counts/c1/scans", 422, "COUNT_INVALID_QUANTITY",
                "{\"scans\":[{\"code\":\"A\",\"epc\":\"E1\"},{\"code\":\"A\",\"quantity\":9223372036854775807}]}");
            // An RFID read is one tag, one item: a quantity on it is refused, not silently counted as 1.
            assertRefused(admin, "/v1/counts/c1/scans", 422, "COUNT_INVALID_QUANTITY",
                "{\"scans\":[{\"code\":\"690\",\"quantity\":10},{\"code\":\"A\",\"epc\":\"E2\",\"quantity\":50}]}");
            assertRefused(admin, "/v1/counts/c1/scans", 400, "MISSING_FIELD",
                "{\"scans\":[{\"code\":\"690\",\"quantity\":10},{\"quantity\":1}]}");
            final JsonNode scans = admin.ok("/v1/counts/c1/scans",
                "{\"scans\":[{\"code\":\"690\",\"quantity\":10},{\"code\":\"A\",\"epc\":\"E1\"}," +
                "{\"code\":\"A\",\"epc\":\"E2\",\"quantity\":1}]}");
            assertEquals("[\"COUNTED\",\"COUNTED\",\"COUNTED\"]", scans.get("outcomes").toString(),
                "the EPCs of refused batches were not kept: they count now");
            assertEquals(12, admin.ok("/v1/counts/c1/commit", "{}").get("skus").get(0).get("onHand").asLong(),
                "only the accepted batch is counted");
            assertEquals(12, onHand(admin, "S1", "A"));
        }
    }

    @Test
    void scansToACommittedOrAbandonedSessionAreAnsweredClosed() throws Exception
    {
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data")).start())
        {
            final Client admin = countable(daemon);
            admin.ok("/v1/counts", "{\"sessionId\":\"c1\",\"location\":\"S1\"}");
            admin.ok("/v1/counts/c1/scans", "{\"scans\":[{\"code\":\"A\",\"quantity\":7}]}");
            admin.ok("/v1/counts/c1/commit", "{}");
            admin.ok("/v1/counts", "{\"sessionId\":\"c2\",\"location\":\"S1\"}");
            assertEquals(200, delete(admin, "/v1/counts/c2").status());

            for (final String id : List.of("c1", "c2"))
            {
                assertRefused(admin, "/v1/counts/" + id + "/scans", 409, "COUNT_SESSION_CLOSED",
                    "{\"scans\":[{\"code\":\"A\"}]}");
                assertRefused(admin, "/v1/counts/" + id + "/commit", 409, "COUNT_SESSION_CLOSED", "{}");
                final Client.Response abandon = delete(admin, "/v1/counts/" + id);
                assertEquals(409, abandon.status(), abandon.raw().body());
                assertEquals("COUNT_SESSION_CLOSED", abandon.code());
            }
            assertRefused(admin, "/v1/counts/c3/scans", 404, "COUNT_UNKNOWN_SESSION", "{\"scans\":[{\"code\":\"A\"}]}");
            assertEquals(7, onHand(admin, "S1", "A"));
        }
    }

    /** @return an admin client of a daemon with store S1 holding 100 of SKU A. */
    private static Client countable(final DaemonProcess daemon) throws Exception
    {
        final Client admin = new Client(daemon, daemon.adminKey());
        admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
        admin.ok("/v1/skus", "{\"code\":\"A\"}");
        admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"A\",\"quantity\":100}");
        return admin;
    }

    private static void assertRefused(
        final Client client, final String path, final int status, final String code, final String body) throws Exception
    {
        final Client.Response r = client.post(path, body);
        assertEquals(status, r.status(), r.raw().body());
        assertEquals(code, r.code(), r.raw().body());
    }

    private static Client.Response delete(final Client client, final String path) throws Exception
    {
        return client.send(client.base(path).DELETE().build());
    }

    private static void assertPosRefused(final Client client, final String type, final String body, final String code)
        throws Exception
    {
        final Client.Response r = client.send(client.base("/v1/pos/transactions").header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(400, r.status(), r.raw().body());
        assertEquals(code, r.code(), r.raw().body());
    }

    private static JsonNode post(final Client client, final String type, final String body) throws Exception
    {
        final Client.Response r = client.send(client.base("/v1/pos/transactions").header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(200, r.status(), r.raw().body());
        return r.body();
    }

    private static long onHand(final Client client, final String sku) throws Exception
    {
        return onHand(client, "ST1", sku);
    }

    private static long onHand(final Client client, final String location, final String sku) throws Exception
    {
        return client.get("/v1/positions/" + location + "/" + sku).body().at("/position/onHand").asLong();
    }
}

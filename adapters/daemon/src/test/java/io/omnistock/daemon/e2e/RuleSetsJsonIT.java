package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 item 9 over the real daemon: a routed order's answer explains every rule set tried
 * ({@code ruleSets}), so an order shipped from the warehouse says why the store rule set did not
 * ship it, and a promise without a route names the warehouse holding the stock.
 */
class RuleSetsJsonIT
{
    @TempDir
    Path dir;

    @Test
    void routeAndPromiseAnswersExplainEveryRuleSetTried() throws Exception
    {
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data")).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            admin.ok("/v1/channels", "{\"code\":\"app\",\"holdTtlSeconds\":900}");
            admin.ok("/v1/locations", "{\"code\":\"DC\",\"tier\":\"warehouse\",\"lat\":31.00,\"lon\":121.00," +
                "\"capabilities\":[\"ships-parcels\"]}");
            admin.ok("/v1/locations", "{\"code\":\"ST1\",\"tier\":\"store\",\"lat\":31.21,\"lon\":121.41}");
            admin.ok("/v1/skus", "{\"code\":\"MILK-1L\",\"unit\":\"piece\"}");
            admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"DC\",\"sku\":\"MILK-1L\",\"quantity\":100}");
            admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"ST1\",\"sku\":\"MILK-1L\",\"quantity\":1}");
            final Client app = O2oDayIT.channelKey(admin, daemon, "app-key", "app");

            final JsonNode routed = app.ok("/v1/orders?explain=true", "{\"orderId\":7,\"type\":\"regular\"," +
                "\"lat\":31.21,\"lon\":121.41,\"lines\":[{\"sku\":\"MILK-1L\",\"quantity\":2}]}");
            assertEquals("DC", routed.at("/allocations/0/location").asText(), routed.toString());
            final JsonNode ruleSets = routed.get("ruleSets");
            assertEquals(2, ruleSets.size(), routed.toString());
            assertEquals("ship-from-store", ruleSets.at("/0/name").asText());
            assertFalse(ruleSets.at("/0/routed").asBoolean());
            assertEquals("{\"location\":\"ST1\",\"outcome\":\"INSUFFICIENT_STOCK\",\"distanceMeters\":0}",
                ruleSets.at("/0/candidates/0").toString(), ruleSets.toString());
            assertEquals("warehouse", ruleSets.at("/1/name").asText());
            assertTrue(ruleSets.at("/1/routed").asBoolean());
            assertEquals("SELECTED", ruleSets.at("/1/candidates/0/outcome").asText());
            assertEquals("DC", ruleSets.at("/1/candidates/0/location").asText());
            assertTrue(ruleSets.at("/1/candidates/0/distanceMeters").asLong() > 40_000, ruleSets.toString());
            // The explanation the journal keeps is the routing rule set's, as before.
            assertEquals(routed.get("candidates").get(0).get("location").asText(), "DC");

            final Client.Response promise = app.post("/v1/promise", "{\"type\":\"instant\",\"lat\":31.21," +
                "\"lon\":121.41,\"lines\":[{\"sku\":\"MILK-1L\",\"quantity\":5}]}");
            // A refused routing answers with the error, and the result (with its explanation) beside it.
            assertEquals("NO_ROUTE", promise.body().at("/error/code").asText(), promise.body().toString());
            final JsonNode nearby = promise.body().at("/result/ruleSets/0");
            assertEquals("instant-nearby", nearby.get("name").asText(), promise.body().toString());
            boolean namesTheWarehouse = false;
            for (final JsonNode c : nearby.get("candidates"))
            {
                namesTheWarehouse |= c.get("location").asText().equals("DC") &&
                    c.get("outcome").asText().equals("OUT_OF_RADIUS");
            }
            assertTrue(namesTheWarehouse, nearby.toString());

            final JsonNode plain = app.ok("/v1/orders", "{\"orderId\":8,\"type\":\"regular\"," +
                "\"lat\":31.21,\"lon\":121.41,\"lines\":[{\"sku\":\"MILK-1L\",\"quantity\":2}]}");
            assertFalse(plain.has("ruleSets"), "only on request, like candidates: " + plain);
        }
    }
}

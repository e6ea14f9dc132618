package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21: the routing policy over HTTP against the real daemon: read with its version, validate
 * (per-field problems), set (journaled: it survives a restart), an invalid one refused with nothing
 * changed, an Idempotency-Key retry applied once, and admin scope only.
 */
class RoutingPolicyIT
{
    @TempDir
    Path dir;

    @Test
    void readValidateSetAndRestart() throws Exception
    {
        final Path data = dir.resolve("data");
        final JsonNode set;
        try (DaemonProcess daemon = new DaemonProcess(data).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey());
            final JsonNode current = ok(admin.get("/v1/routing/policy"));
            assertEquals(0, current.get("version").asInt(), current.toString());
            final ObjectNode policy = (ObjectNode)current.get("policy");
            assertEquals("ship-from-store", policy.at("/ruleSets/regular/0/name").asText(), policy.toString());
            assertEquals("[\"store\"]", policy.at("/ruleSets/regular/0/tiers").toString());
            assertEquals("[\"node-priority\",\"distance\"]", policy.at("/ruleSets/regular/0/ranking").toString());
            assertEquals("[\"instant-delivery\"]", policy.at("/ruleSets/instant/0/capabilities").toString());
            assertEquals(12, policy.at("/pickPackMinutesByType/instant").asInt());
            assertEquals("{\"takesProtectedStock\":false,\"routesByPickupStore\":true,\"countsInboundByPromise\":true}",
                policy.at("/fulfilmentRules/scheduled").toString(), "every type's rules, the defaults included");
            assertTrue(policy.at("/fulfilmentRules/instant/takesProtectedStock").asBoolean());

            // What GET answers is a valid candidate as it stands.
            final JsonNode same = ok(admin.post("/v1/routing/policy/validate", policy.toString()));
            assertTrue(same.get("valid").asBoolean(), same.toString());
            assertEquals(0, same.get("problems").size());

            // A name the API does not know: refused by field, listing the valid names.
            final ObjectNode badName = policy.deepCopy();
            ((ObjectNode)badName.at("/ruleSets/instant/0")).putArray("tiers").add("moon");
            final JsonNode named = ok(admin.post("/v1/routing/policy/validate", badName.toString()));
            assertFalse(named.get("valid").asBoolean());
            assertEquals("ruleSets.instant[0].tiers[0]", named.at("/problems/0/field").asText(), named.toString());
            assertTrue(named.at("/problems/0/message").asText().contains("front-warehouse"), named.toString());

            // Out of the engine's ranges: each part named, with the engine's own words.
            final ObjectNode outOfRange = policy.deepCopy();
            ((ObjectNode)outOfRange.at("/ruleSets/regular/1")).put("maxSplits", 99);
            outOfRange.put("courierMetersPerHour", 5);
            final JsonNode ranges = ok(admin.post("/v1/routing/policy/validate", outOfRange.toString()));
            assertFalse(ranges.get("valid").asBoolean());
            assertEquals(2, ranges.get("problems").size(), ranges.toString());
            assertEquals("ruleSets.regular[1]", ranges.at("/problems/0/field").asText(), ranges.toString());
            assertEquals("INVALID_POLICY", ranges.at("/problems/0/code").asText());
            assertTrue(ranges.at("/problems/0/message").asText().contains("warehouse"), ranges.toString());
            assertEquals("courierMetersPerHour", ranges.at("/problems/1/field").asText(), ranges.toString());

            // Setting it is refused with the same problems, and nothing changes.
            final Client.Response refused = admin.post("/v1/routing/policy", outOfRange.toString(), "bad-1");
            assertEquals(422, refused.status(), refused.body().toString());
            assertEquals("INVALID_POLICY", refused.code());
            assertEquals(615, refused.body().at("/error/reasonCode").asInt());
            assertEquals(ranges.get("problems"), refused.body().at("/error/problems"));
            assertEquals(current, ok(admin.get("/v1/routing/policy")));

            // Fulfilment rules: a field the API does not know, a flag that is not a flag.
            final ObjectNode badRules = policy.deepCopy();
            ((ObjectNode)badRules.at("/fulfilmentRules/regular")).put("takesProtectedStock", "yes").put("vip", true);
            final JsonNode rules = ok(admin.post("/v1/routing/policy/validate", badRules.toString()));
            assertFalse(rules.get("valid").asBoolean());
            assertEquals(java.util.List.of("fulfilmentRules.regular.vip", "fulfilmentRules.regular.takesProtectedStock"),
                rules.get("problems").findValuesAsText("field"), rules.toString());

            final ObjectNode wider = policy.deepCopy();
            ((ObjectNode)wider.at("/ruleSets/regular/0")).put("radiusMeters", 50_000);
            wider.put("instantWindowMinutes", 45);
            // Regular parcels may take protected stock; a type left out keeps its defaults.
            wider.putObject("fulfilmentRules").putObject("regular").put("takesProtectedStock", true);
            set = ok(admin.post("/v1/routing/policy", wider.toString(), "policy-1"));
            assertEquals(1, set.get("version").asInt(), set.toString());
            assertTrue(set.get("sequence").asLong() > 0, set.toString());
            final Client.Response retry = admin.post("/v1/routing/policy", wider.toString(), "policy-1");
            assertEquals(set, retry.body(), "the retry gets the first response");
            assertEquals(1, ok(admin.get("/v1/routing/policy")).get("version").asInt(), "applied once");

            admin.ok("/v1/channels", "{\"code\":\"app\",\"holdTtlSeconds\":900}");
            final Client app = O2oDayIT.channelKey(admin, daemon, "app-key", "app");
            assertEquals(403, app.get("/v1/routing/policy").status());
            assertEquals(403, app.post("/v1/routing/policy", wider.toString()).status());
        }
        try (DaemonProcess again = new DaemonProcess(data).start())
        {
            final JsonNode after = ok(new Client(again, again.adminKey()).get("/v1/routing/policy"));
            assertEquals(1, after.get("version").asInt(), after.toString());
            assertEquals(50_000, after.at("/policy/ruleSets/regular/0/radiusMeters").asLong(), after.toString());
            assertEquals(45, after.at("/policy/instantWindowMinutes").asInt());
            assertTrue(after.at("/policy/fulfilmentRules/regular/takesProtectedStock").asBoolean(), after.toString());
            assertTrue(after.at("/policy/fulfilmentRules/scheduled/routesByPickupStore").asBoolean(), after.toString());
        }
    }

    private static JsonNode ok(final Client.Response r)
    {
        assertEquals(200, r.status(), r.body().toString());
        return r.body();
    }
}

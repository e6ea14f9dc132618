package io.omnistock.daemon.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;


/**
 * The routing policy over HTTP (admin): read it with its version, validate a candidate, set one.
 * Setting is the embedded API's journaled SET_ROUTING_POLICY, so a replay routes as the live
 * engine did; the version is the engine's count of policies set (0: the logic version's defaults).
 */
public final class RoutingPolicyRoutes
{
    private final Writes writes;
    private final StateReader engine;

    public RoutingPolicyRoutes(final Writes writes, final StateReader engine)
    {
        this.writes = writes;
        this.engine = engine;
    }

    public void register(final HttpApi api)
    {
        api.route("GET", "/v1/routing/policy", Scope.ADMIN, call ->
        {
            final ObjectNode json = Json.object();
            CatalogRoutes.read(engine, view -> json.put("version", view.routingPolicyVersion())
                .put("logicVersion", view.logicVersion()).set("policy", RoutingPolicyJson.write(view.routingPolicy())));
            return Reply.ok(json);
        });
        api.route("POST", "/v1/routing/policy/validate", Scope.ADMIN, call ->
        {
            final RoutingPolicyJson.Parsed parsed = RoutingPolicyJson.read(call.json(JsonNode.class));
            final ObjectNode json = Json.object().put("valid", parsed.problems().isEmpty());
            json.set("problems", RoutingPolicyJson.json(parsed.problems()));
            return Reply.ok(json);
        });
        api.writeRoute("POST", "/v1/routing/policy", Scope.ADMIN, call ->
        {
            final RoutingPolicyJson.Parsed parsed = RoutingPolicyJson.read(call.json(JsonNode.class));
            if (parsed.policy() == null)
            {
                // Refused before the engine sees it (it would refuse it too): nothing is journaled.
                final ObjectNode body = Json.object();
                body.putObject("error").put("code", ReasonCode.INVALID_POLICY.name())
                    .put("reasonCode", ReasonCode.INVALID_POLICY.code())
                    .put("message", ReasonCode.INVALID_POLICY.message() + ": " + parsed.problems().size() +
                        " problem(s), see 'problems'")
                    .set("problems", RoutingPolicyJson.json(parsed.problems()));
                return Reply.of(HttpStatus.of(ReasonCode.INVALID_POLICY), body);
            }
            return writes.command(call, id -> Commands.setRoutingPolicy(id, parsed.policy()));
        });
    }
}

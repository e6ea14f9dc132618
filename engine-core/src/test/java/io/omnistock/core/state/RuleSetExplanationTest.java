package io.omnistock.core.state;

import io.omnistock.api.Candidate;
import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.RankCriterion;
import io.omnistock.api.RoutingPolicy;
import io.omnistock.api.RoutingReason;
import io.omnistock.api.RuleSet;
import io.omnistock.api.RuleSetExplanation;
import io.omnistock.api.Tier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.omnistock.api.ReasonCode.NO_ROUTE;
import static io.omnistock.api.ReasonCode.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 item 9: a result explains every rule set tried, in order, each with its own verdicts,
 * while the journaled explanation ({@link CommandResult#candidates()}) stays that of one rule set.
 */
class RuleSetExplanationTest extends RoutingCity
{
    private int front;
    private long orderIds = 1_000;

    @BeforeEach
    void frontWarehouse()
    {
        front = h.locationAt("FW", Tier.FRONT_WAREHOUSE, Capabilities.INSTANT_DELIVERY, -1_500, 0);
    }

    private CommandResult route(final FulfilmentType type, final int flags, final OrderLine... lines)
    {
        return h.run(Commands.routeOrder(h.id(),
            new Order(++orderIds, mall, type, LAT, LON, -1, 10_000, 0, flags, List.of(lines))));
    }

    private static Map<Integer, RoutingReason> verdicts(final RuleSetExplanation ruleSet)
    {
        return ruleSet.candidates().stream().collect(Collectors.toMap(Candidate::location, Candidate::reason));
    }

    private static List<String> names(final CommandResult r)
    {
        return r.ruleSets().stream().map(RuleSetExplanation::name).toList();
    }

    @Test
    void aRegularOrderShippedFromTheWarehouseSaysWhyNoStoreShipped()
    {
        stock(nearStore, milk, 1);
        stock(warehouse, milk, 100);
        final CommandResult r = route(FulfilmentType.REGULAR, 0, new OrderLine(milk, 2));
        assertEquals(OK, r.reason());
        assertEquals(List.of(warehouse), locationsOf(r));
        // The journaled explanation is the warehouse rule set's, where every store is out of tier.
        assertEquals(RoutingReason.TIER_NOT_ALLOWED, verdict(r, nearStore));

        assertEquals(List.of("ship-from-store", "warehouse"), names(r));
        final RuleSetExplanation stores = r.ruleSets().get(0);
        assertFalse(stores.routed());
        assertEquals(RoutingReason.INSUFFICIENT_STOCK, verdicts(stores).get(nearStore), stores.toString());
        assertEquals(RoutingReason.INSUFFICIENT_STOCK, verdicts(stores).get(farStore), stores.toString());
        assertEquals(RoutingReason.TIER_NOT_ALLOWED, verdicts(stores).get(warehouse), stores.toString());
        final RuleSetExplanation warehouses = r.ruleSets().get(1);
        assertTrue(warehouses.routed());
        assertEquals(RoutingReason.SELECTED, verdicts(warehouses).get(warehouse));
        assertEquals(r.candidates(), warehouses.candidates(), "the rule set that routed explains what is journaled");
    }

    @Test
    void anInstantOrderWithoutARouteNamesTheWarehouseHoldingTheStock()
    {
        stock(warehouse, milk, 100);
        final CommandResult r = route(FulfilmentType.INSTANT, 0, new OrderLine(milk, 1));
        assertEquals(NO_ROUTE, r.reason());
        assertNull(verdict(r, warehouse), "the journaled explanation stays as it was: " + r.candidates());

        assertEquals(List.of("instant-nearby"), names(r));
        final RuleSetExplanation nearby = r.ruleSets().get(0);
        assertFalse(nearby.routed());
        final Map<Integer, RoutingReason> verdicts = verdicts(nearby);
        assertEquals(RoutingReason.INSUFFICIENT_STOCK, verdicts.get(nearStore), nearby.toString());
        assertEquals(RoutingReason.INSUFFICIENT_STOCK, verdicts.get(front), nearby.toString());
        assertEquals(RoutingReason.OUT_OF_RADIUS, verdicts.get(warehouse), nearby.toString());
        final Candidate held = nearby.candidates().stream().filter(c -> c.location() == warehouse).findFirst().get();
        assertEquals(20_000, held.distanceMeters(), 50);
        // What the rule set saw comes first, the holders it kept out after it.
        assertEquals(warehouse, nearby.candidates().get(nearby.candidates().size() - 1).location());
    }

    @Test
    void eachRuleSetTriedNamesWhyItFailed()
    {
        // Stores within 1.5 km, then front warehouses within 3 km: the stock is in a store 2.5 km away.
        final List<RankCriterion> nearest = List.of(RankCriterion.DISTANCE);
        final List<RuleSet> instant = List.of(
            new RuleSet("near-stores", List.of(Tier.STORE), Capabilities.INSTANT_DELIVERY, false, false, 1_500, true,
                List.of(), nearest, 1, 64),
            new RuleSet("front-warehouses", List.of(Tier.FRONT_WAREHOUSE), Capabilities.INSTANT_DELIVERY, false,
                false, 3_000, true, List.of(), nearest, 1, 64));
        final RoutingPolicy defaults = RoutingPolicy.defaults();
        final RoutingPolicy policy = new RoutingPolicy(List.of(instant, defaults.ruleSets().get(1),
            defaults.ruleSets().get(2), defaults.ruleSets().get(3)), 30, 20_000, 60, 100_000);
        assertEquals(OK, h.run(Commands.setRoutingPolicy(h.id(), policy)).reason());
        stock(farStore, milk, 5);

        final CommandResult r = route(FulfilmentType.INSTANT, 0, new OrderLine(milk, 1));
        assertEquals(NO_ROUTE, r.reason());
        assertEquals(List.of("near-stores", "front-warehouses"), names(r));
        assertTrue(r.ruleSets().stream().noneMatch(RuleSetExplanation::routed));
        final Map<Integer, RoutingReason> stores = verdicts(r.ruleSets().get(0));
        assertEquals(RoutingReason.INSUFFICIENT_STOCK, stores.get(nearStore), stores.toString());
        assertEquals(RoutingReason.OUT_OF_RADIUS, stores.get(farStore), stores.toString());
        final Map<Integer, RoutingReason> fronts = verdicts(r.ruleSets().get(1));
        assertEquals(RoutingReason.INSUFFICIENT_STOCK, fronts.get(front), fronts.toString());
        assertEquals(RoutingReason.TIER_NOT_ALLOWED, fronts.get(farStore), fronts.toString());
        // The journal keeps the last rule set's explanation, as before.
        assertEquals(r.candidates().subList(0, 1), r.ruleSets().get(1).candidates().subList(0, 1));
    }

    @Test
    void aPartialRouteIsExplainedInTheRuleSetThatMadeIt()
    {
        stock(nearStore, milk, 5);
        final CommandResult r = route(FulfilmentType.REGULAR, Order.ALLOW_PARTIAL, new OrderLine(milk, 1),
            new OrderLine(eggs, 1));
        assertEquals(OK, r.reason());
        assertEquals(List.of(1), r.unfilledLines());
        final List<RuleSetExplanation> routed = r.ruleSets().stream().filter(RuleSetExplanation::routed).toList();
        assertEquals(1, routed.size(), r.ruleSets().toString());
        assertEquals("ship-from-store", routed.get(0).name());
        assertEquals(r.candidates(), routed.get(0).candidates());
        assertEquals(names(r), List.of("ship-from-store", "warehouse", "split-stores-and-warehouses",
            "wherever-in-stock"), "every rule set was tried before the partial route");
    }

    @Test
    void aCommandThatDoesNotRouteExplainsNoRuleSet()
    {
        assertTrue(h.run(Commands.receive(h.id(), nearStore, milk, 1)).ruleSets().isEmpty());
    }
}

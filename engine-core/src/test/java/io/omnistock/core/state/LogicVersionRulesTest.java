package io.omnistock.core.state;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Limits;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.RankCriterion;
import io.omnistock.api.RoutingPolicy;
import io.omnistock.api.RuleSet;
import io.omnistock.api.Tier;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.omnistock.api.ReasonCode.NO_ROUTE;
import static io.omnistock.api.ReasonCode.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The routing rules that logic version 2 decides differently from 1, each checked under both: the
 * old rule stays for old journals, the new one decides from the switch on.
 */
class LogicVersionRulesTest extends RoutingCity
{
    private long orderIds = 9_000;

    private CommandResult routeRegular(final OrderLine... lines)
    {
        return h.run(Commands.routeOrder(h.id(), new Order(++orderIds, mall, FulfilmentType.REGULAR, LAT, LON, -1,
            10_000, 0, 0, List.of(lines))));
    }

    private void regularRuleSets(final RuleSet... sets)
    {
        final List<List<RuleSet>> all = new ArrayList<>(RoutingPolicy.defaults().ruleSets());
        all.set(FulfilmentType.REGULAR.ordinal(), List.of(sets));
        assertEquals(OK, h.run(Commands.setRoutingPolicy(h.id(), new RoutingPolicy(all, 30, 20_000, 60, 100_000)))
            .reason());
    }

    private static RuleSet stores(final int maxCandidates)
    {
        return new RuleSet("ship-from-store", List.of(Tier.STORE), Capabilities.SHIPS_PARCELS, false, false, 0, false,
            List.of(), List.of(RankCriterion.DISTANCE), 1, maxCandidates);
    }

    private static final RuleSet WAREHOUSE = new RuleSet("warehouse", List.of(Tier.WAREHOUSE),
        Capabilities.SHIPS_PARCELS, false, false, 0, false, List.of(), List.of(RankCriterion.DISTANCE), 1, 32);

    /** The retail plan's rule: the nearest store if it has the stock, else the warehouse (issue 19 item 7). */
    @Test
    void theNearestStoreElseTheWarehouseIsWritableAsMaxCandidatesOne()
    {
        final int storeSevenKm = h.locationAt("ST-7KM", Tier.STORE, Capabilities.ALL, 7_300, 0);
        stock(storeSevenKm, milk, 5);
        stock(warehouse, milk, 5);
        regularRuleSets(stores(1), WAREHOUSE);
        assertEquals(List.of(warehouse), locationsOf(routeRegular(new OrderLine(milk, 1))));
        stock(nearStore, milk, 5);
        assertEquals(List.of(nearStore), locationsOf(routeRegular(new OrderLine(milk, 1))));
    }

    @Test
    void logicOneLetTheHolderListsGoPastMaxCandidates()
    {
        buildCityInLogic(1);
        final int storeSevenKm = h.locationAt("ST-7KM", Tier.STORE, Capabilities.ALL, 7_300, 0);
        stock(storeSevenKm, milk, 5);
        stock(warehouse, milk, 5);
        regularRuleSets(stores(1), WAREHOUSE);
        assertEquals(List.of(storeSevenKm), locationsOf(routeRegular(new OrderLine(milk, 1))));
    }

    /** Holders still fill the room the grid search left: a scarce SKU is found when fewer locations qualify. */
    @Test
    void holdersFillTheRoomTheGridSearchLeft()
    {
        // The only bread is 60 km out, past where the grid search looks before its visit budget ends.
        final int remote = h.locationAt("REMOTE", Tier.STORE, Capabilities.ALL, 60_000, 0);
        stock(remote, bread, 1);
        regularRuleSets(stores(Limits.MAX_ROUTING_CANDIDATES));
        final CommandResult r = routeRegular(new OrderLine(bread, 1));
        assertEquals(OK, r.reason(), r.candidates().toString());
        assertEquals(List.of(remote), locationsOf(r));
    }

    /** At the documented maximum, a scarce line beyond the maximum of nearer candidates is not found (logic 2). */
    @Test
    void maxCandidatesBoundsGridAndHoldersTogether()
    {
        regularRuleSets(stores(Limits.MAX_ROUTING_CANDIDATES));
        for (int i = 0; i < 300; i++)
        {
            stock(h.locationAt("S" + i, Tier.STORE, Capabilities.ALL, (i / 20) * 100.0, (i % 20) * 100.0), milk, 5);
        }
        final int remote = h.locationAt("REMOTE", Tier.STORE, Capabilities.ALL, 60_000, 0);
        stock(remote, bread, 5);
        final CommandResult r = routeRegular(new OrderLine(bread, 1));
        assertEquals(NO_ROUTE, r.reason(), r.candidates().toString());
    }
}

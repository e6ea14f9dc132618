package io.omnistock.core.state;

import io.omnistock.api.Capabilities;
import io.omnistock.api.Candidate;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.RoutingReason;
import io.omnistock.api.Tier;
import org.junit.jupiter.api.BeforeEach;

import java.util.List;
import java.util.stream.Collectors;

import static io.omnistock.api.ReasonCode.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The small city the routing tests share, laid out in metres around {@link ProcessorHarness}'s
 * centre: a parcel warehouse 20 km south, a store 1 km north, another 2.5 km east, one channel
 * and three SKUs, all without stock. A test class extends it and adds what it needs after it.
 */
abstract class RoutingCity
{
    static final long TTL = 15 * 60_000L;
    static final int LAT = ProcessorHarness.CENTRE_LAT;
    static final int LON = ProcessorHarness.CENTRE_LON;

    ProcessorHarness h;
    int mall;
    int warehouse;
    int nearStore;
    int farStore;
    int milk;
    int eggs;
    int bread;

    @BeforeEach
    final void buildCity()
    {
        buildCityInLogic(LogicVersion.LATEST);
    }

    /** Builds the city afresh on a state deciding by {@code logicVersion} (tests of older rules). */
    final void buildCityInLogic(final int logicVersion)
    {
        h = new ProcessorHarness();
        h.state.startInLogic(logicVersion);
        mall = h.channel("online-mall", TTL);
        warehouse = h.locationAt("WH", Tier.WAREHOUSE, Capabilities.SHIPS_PARCELS, -20_000, 0);
        nearStore = h.locationAt("ST-NEAR", Tier.STORE, Capabilities.ALL, 1_000, 0);
        farStore = h.locationAt("ST-FAR", Tier.STORE, Capabilities.ALL, 0, 2_500);
        milk = h.sku("MILK");
        eggs = h.sku("EGGS");
        bread = h.sku("BREAD");
    }

    final void stock(final int location, final int sku, final long quantity)
    {
        assertEquals(OK, h.run(Commands.receive(h.id(), location, sku, quantity)).reason());
    }

    static List<Integer> locationsOf(final CommandResult r)
    {
        return r.allocations().stream().map(a -> a.location()).distinct().sorted().collect(Collectors.toList());
    }

    static RoutingReason verdict(final CommandResult r, final int location)
    {
        return r.candidates().stream().filter(c -> c.location() == location).map(Candidate::reason).findFirst()
            .orElse(null);
    }
}

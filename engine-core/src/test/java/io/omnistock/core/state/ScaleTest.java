package io.omnistock.core.state;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.command.CommandSlot;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One engine holding a national network: 10,000 locations and 1,000,000 SKUs. Routing stays
 * correct, and its work follows the stock near the customer rather than the size of the network.
 */
class ScaleTest
{
    private static final int LOCATIONS = 10_000;
    private static final int SKUS = 1_000_000;

    private final EngineState state = new EngineState(1 << 20, 1 << 10, 1 << 16);
    private final ProcessorHarness h = new ProcessorHarness(state);
    /** Written in place, not through Command values: a million definitions allocate nothing. */
    private final CommandSlot slot = new CommandSlot();
    private long commandId = 1;

    private void apply()
    {
        h.apply(slot);
    }

    @Test
    void routesInANetworkOfTenThousandLocationsAndAMillionSkus()
    {
        slot.clearInput();
        slot.defineChannel(commandId++, "app", 900_000);
        apply();
        // 100 x 100 locations, 1 km apart: a 100 km square city region. Every fifth is a warehouse.
        for (int i = 0; i < LOCATIONS; i++)
        {
            slot.clearInput();
            slot.defineLocation(commandId++, "L" + i, i % 5 == 0 ? Tier.WAREHOUSE : Tier.STORE,
                30_000_000 + (i / 100) * 9_000, 120_000_000 + (i % 100) * 10_400, Capabilities.ALL);
            apply();
        }
        for (int s = 0; s < SKUS; s++)
        {
            slot.clearInput();
            slot.defineSku(commandId++, "SKU-" + s, StockUnit.PIECE);
            apply();
        }
        assertEquals(LOCATIONS, state.locations().count());
        assertEquals(SKUS, state.skus().count());
        // A common SKU everywhere, a rare one in three far-apart stores.
        final int common = 17;
        final int rare = SKUS - 1;
        for (int l = 0; l < LOCATIONS; l++)
        {
            receive(l, common, 10);
        }
        receive(101, rare, 1);
        receive(5_151, rare, 1);
        receive(9_898, rare, 1);

        // Near location 5,151 (row 51, column 51): the nearest store with both SKUs wins.
        final CommandResult both = route(1, 30_000_000 + 51 * 9_000, 120_000_000 + 51 * 10_400,
            new OrderLine(common, 1), new OrderLine(rare, 1));
        assertEquals(ReasonCode.OK, both.reason());
        assertEquals(5_151, both.allocations().get(0).location());

        // The rare SKU is now only far away: found through its holders, not a network scan.
        final CommandResult far = route(2, 30_000_000 + 51 * 9_000, 120_000_000 + 51 * 10_400,
            new OrderLine(rare, 1));
        assertEquals(ReasonCode.OK, far.reason());
        assertTrue(far.allocations().get(0).location() == 101 || far.allocations().get(0).location() == 9_898);

        final CommandResult none = route(3, 30_000_000, 120_000_000, new OrderLine(rare, 2));
        assertEquals(ReasonCode.NO_ROUTE, none.reason());
        assertEquals(10 * LOCATIONS - 1, networkAvailable(common));
    }

    private void receive(final int location, final int sku, final long quantity)
    {
        slot.clearInput();
        slot.receive(commandId++, location, sku, quantity);
        apply();
        assertEquals(ReasonCode.OK, slot.reason);
    }

    private CommandResult route(final long orderId, final int lat, final int lon, final OrderLine... lines)
    {
        slot.clearInput();
        Commands.routeOrder(commandId++, new Order(orderId, 0, FulfilmentType.REGULAR, lat, lon, -1, 0, 0, 0,
            List.of(lines))).writeTo(slot);
        apply();
        return CommandResult.copyOf(slot);
    }

    private long networkAvailable(final int sku)
    {
        slot.clearInput();
        slot.queryAvailability(commandId++, sku);
        apply();
        return slot.networkAvailable();
    }
}

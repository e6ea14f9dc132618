package io.omnistock.core.planning;

import io.omnistock.api.Command;
import io.omnistock.api.Commands;
import io.omnistock.api.Tier;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.state.ProcessorHarness;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Sales value from recorded amounts, the unit price for the rest; weekly sales. */
class DailySalesTest
{
    private static final long DAY_MILLIS = 86_400_000L;

    private final ProcessorHarness h = new ProcessorHarness();
    private final DailySales sales = new DailySales(-1, -1);
    private final CommandSlot slot = new CommandSlot();

    private void run(final Command command)
    {
        slot.clearInput();
        command.writeTo(slot);
        h.apply(slot);
        sales.add(slot);
    }

    @Test
    void amountsValueTheirUnitsAndThePriceTheRest()
    {
        final int store = h.location("S1", Tier.STORE);
        final int milk = h.sku("MILK");
        h.now = 20_000 * DAY_MILLIS;
        run(Commands.receive(h.id(), store, milk, 100));
        run(Commands.sale(h.id(), store, milk, 3));
        run(Commands.recordSaleAmount(h.id(), store, milk, 3, 1_000));
        h.now += DAY_MILLIS;
        run(Commands.sale(h.id(), store, milk, 2));
        // A refused amount counts for nothing.
        run(Commands.recordSaleAmount(h.id(), store, milk, 2, -5));
        h.now += DAY_MILLIS;
        run(Commands.sale(h.id(), store, milk, 4));
        run(Commands.recordSaleAmount(h.id(), store, milk, 1, 90));
        final long key = PlanningData.positionKey(store, milk);

        assertEquals(3, sales.days());
        assertEquals(1_000 + 2 * 250 + 90 + 3 * 250, sales.salesValue(key, 0, 3, 250), 0);
        assertEquals(1_000, sales.salesValue(key, 0, 1, 250), 0, "every unit of day 0 has its amount");
        assertEquals(2 * 250, sales.salesValue(key, 1, 2, 250), 0, "day 1 at the unit price");
        assertEquals(90, sales.salesValue(key, 2, 3, 0), 0, "no price: the amounts alone");
        assertEquals(0, sales.salesValue(PlanningData.positionKey(store, 99), 0, 3, 250), 0);
        assertArrayEquals(new double[] {0, 9}, sales.weeklySales(key, 7, 2), "the weeks ending before day 7");
    }
}

package io.omnistock.core.planning;

import io.omnistock.api.Commands;
import io.omnistock.api.Tier;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.state.ProcessorHarness;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Per-position daily sales kept in arrays from each position's own first day (issue 23: a million
 * positions' history in memory) against a plain model: two stores, the second opened on a later
 * day, each position selling what the plan says on each day, some sales with recorded amounts.
 */
class DailySalesProperties
{
    private static final long DAY_MILLIS = 86_400_000L;
    private static final int SKUS = 2;

    @Property(tries = 40)
    void salesAndValuesPerDayAreWhatWasSold(
        @ForAll @Size(min = 1, max = 60) final List<@IntRange(min = 0, max = 9) Integer> plan,
        @ForAll @IntRange(min = 0, max = 40) final int secondStoreOpensOnDay)
    {
        final ProcessorHarness h = new ProcessorHarness();
        final DailySales sales = new DailySales(-1, -1);
        final CommandSlot slot = new CommandSlot();
        final int[] stores = {h.location("S1", Tier.STORE), h.location("S2", Tier.STORE)};
        final int[] skus = {h.sku("A"), h.sku("B")};
        final int days = plan.size();
        // model[store][sku][day]: units sold; amounts[...]: amounts recorded that day
        final double[][][] model = new double[2][SKUS][days];
        final long[][][] amounts = new long[2][SKUS][days];
        h.now = 20_000 * DAY_MILLIS;
        final java.util.function.Consumer<io.omnistock.api.Command> run = command ->
        {
            slot.clearInput();
            command.writeTo(slot);
            h.apply(slot);
            sales.add(slot);
        };
        for (int day = 0; day < days; day++)
        {
            for (int s = 0; s < 2; s++)
            {
                if (s == 1 && day < secondStoreOpensOnDay)
                {
                    continue;
                }
                for (int k = 0; k < SKUS; k++)
                {
                    if (s == 1 && day == secondStoreOpensOnDay || s == 0 && day == 0)
                    {
                        run.accept(Commands.receive(h.id(), stores[s], skus[k], 1_000_000));
                    }
                    final int units = (plan.get(day) + 3 * s + k) % 10;
                    if (units > 0)
                    {
                        run.accept(Commands.sale(h.id(), stores[s], skus[k], units));
                        model[s][k][day] += units;
                        if ((day + k) % 3 == 0)
                        {
                            run.accept(Commands.recordSaleAmount(h.id(), stores[s], skus[k], units, 100L * units + day));
                            amounts[s][k][day] += 100L * units + day;
                        }
                    }
                }
            }
            h.now += DAY_MILLIS;
        }
        assertEquals(days, sales.days());
        final double[] network = new double[days];
        for (int s = 0; s < 2; s++)
        {
            for (int k = 0; k < SKUS; k++)
            {
                final long key = PlanningData.positionKey(stores[s], skus[k]);
                final boolean opened = s == 0 || secondStoreOpensOnDay < days;
                final double[] expected = opened ? model[s][k] : new double[days];
                assertArrayEquals(expected, sales.sales(key), "store " + s + ", SKU " + k);
                double value = 0;
                double units = 0;
                double valued = 0;
                for (int d = 0; d < days; d++)
                {
                    network[d] += expected[d];
                    units += expected[d];
                    value += amounts[s][k][d];
                    valued += amounts[s][k][d] > 0 ? expected[d] : 0;
                }
                assertEquals(value + (units - valued) * 7, sales.salesValue(key, 0, days, 7), 1e-9);
                final double[] weekly = sales.weeklySales(key, days, 2);
                double lastWeek = 0;
                for (int d = Math.max(0, days - 7); d < days; d++)
                {
                    lastWeek += expected[d];
                }
                assertEquals(lastWeek, weekly[1], 1e-9, "the last whole week");
            }
        }
        assertArrayEquals(network, sales.sales(), "the network's days");
    }
}

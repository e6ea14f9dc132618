package io.omnistock.forecast;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ColdStartTest
{
    /**
     * Peers at levels 10 and 30 with the same weekend shape (x2 on the last day): with no sales
     * of its own the new item gets the median level 20 in that shape; after 14 days at 6 a day,
     * weighed against 14 prior days, the level is (14 x 6 + 14 x 20) / 28 = 13.
     */
    @Test
    void newItemTakesThePeersShapeAndBlendsItsOwnLevel()
    {
        final Forecast a = peer(10);
        final Forecast b = peer(30);
        final Forecast none = ColdStart.fromPeers(new Forecast[] {a, b}, new double[0], 14);
        final double unit = 20 / (8.0 / 7);
        assertArrayEquals(new double[] {unit, unit, unit, unit, unit, unit, 2 * unit}, none.mean(), 1e-9);
        final double[] own = new double[14];
        java.util.Arrays.fill(own, 6);
        final Forecast some = ColdStart.fromPeers(new Forecast[] {a, b}, own, 14);
        assertEquals(13, some.total(0, 7) / 7, 1e-9);
    }

    private static Forecast peer(final double level)
    {
        final double unit = level / (8.0 / 7);
        final double[] mean = {unit, unit, unit, unit, unit, unit, 2 * unit};
        return new Forecast("peer", mean, mean.clone(), mean.clone(), 0.8);
    }
}

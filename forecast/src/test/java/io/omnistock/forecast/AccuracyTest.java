package io.omnistock.forecast;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccuracyTest
{
    /** Training 1,3,2,4 (naive lag-1 errors 2,1,2: scale 5/3); holdout 5,5 forecast 4,7: MAE 1.5, MASE 0.9. */
    @Test
    void maseAndWapeByHand()
    {
        assertEquals(0.9, Accuracy.mase(new double[] {1, 3, 2, 4}, 1, new double[] {5, 5}, new double[] {4, 7}), 1e-12);
        final Accuracy.Wape wape = new Accuracy.Wape();
        wape.add(new double[] {10, 0, Double.NaN}, new double[] {8, 1, 100});
        assertEquals(0.3, wape.wape(), 1e-12);
    }

    /**
     * The CI accuracy check (a property of the model, not a timing): on a fixed generator seed
     * (6 stores x 10 SKUs x 2 years, negative binomial counts, promotions, holidays, stock-outs),
     * network x SKU x week accuracy is at least the 85%, and the store-level forecast
     * beats the seasonal naive one.
     */
    @Test
    void generatorAccuracyMeetsTheGoal(@org.junit.jupiter.api.io.TempDir final Path dir) throws Exception
    {
        final AccuracyRun.Generated g = AccuracyRun.generated(6, 10, 730, 7, dir, Map.of());
        final double week = g.networkWeek.get("ours").accuracy();
        assertTrue(week >= 0.85, "network x SKU x week accuracy " + week);
        assertTrue(g.storeDay.get("ours").accuracy() > g.storeDay.get("seasonal naive").accuracy() + 0.1);
        assertTrue(g.censoredDays > 0, "the generator censors stock-out days");
    }
}

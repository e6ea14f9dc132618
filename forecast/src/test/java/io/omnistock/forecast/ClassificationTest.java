package io.omnistock.forecast;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClassificationTest
{
    /**
     * Values 500, 300, 100, 60, 40 (total 1,000): cumulative shares before each item 0, 0.5, 0.8,
     * 0.9, 0.96, so P and Q are A (Q starts at 50% < 80%), R and S are B (80% and 90% < 95%), T is
     * C. Weekly demand: P 10,10,10,10 (cv 0: X); Q 4,6,4,6 (mean 5, sd 1: cv 0.2, X); R 2,8,2,8
     * (mean 5, sd 3: cv 0.6, Y); S 0,0,0,12 (mean 3, sd 5.196: cv 1.73, Z); T never sold (Z).
     */
    @Test
    void handComputedExample()
    {
        final Map<String, Double> value = new LinkedHashMap<>();
        value.put("T", 40.0);
        value.put("R", 100.0);
        value.put("P", 500.0);
        value.put("S", 60.0);
        value.put("Q", 300.0);
        final Map<String, double[]> weekly = Map.of("P", new double[] {10, 10, 10, 10}, "Q", new double[] {4, 6, 4, 6},
            "R", new double[] {2, 8, 2, 8}, "S", new double[] {0, 0, 0, 12}, "T", new double[] {0, 0, 0, 0});

        final List<Classification.ItemClass> classes = Classification.classify(weekly, value,
            Classification.Thresholds.DEFAULT);

        assertEquals(List.of("P", "Q", "R", "S", "T"), classes.stream().map(Classification.ItemClass::item).toList());
        assertEquals(List.of("AX", "AX", "BY", "BZ", "CZ"), classes.stream().map(Classification.ItemClass::classes).toList());
        assertEquals(0.6, classes.get(2).cv(), 1e-12);
        assertEquals(Math.sqrt(27) / 3, classes.get(3).cv(), 1e-12);
        assertEquals(0.96, classes.get(3).cumulativeShare(), 1e-12);
    }

    @Test
    void refusesBadThresholdsAndValues()
    {
        assertEquals(ForecastException.Reason.INVALID_CLASS_THRESHOLDS, assertThrows(ForecastException.class,
            () -> new Classification.Thresholds(0.9, 0.8, 0.5, 1.0)).reason());
        assertEquals(ForecastException.Reason.INVALID_SERIES, assertThrows(ForecastException.class,
            () -> Classification.classify(Map.of(), Map.of("X", -1.0), Classification.Thresholds.DEFAULT)).reason());
    }
}

package io.omnistock.pos;

import io.omnistock.api.StockUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UnitOfMeasureProperties
{
    @Property
    void everyWeightPrintedInKilogramsConvertsBackToItsExactGrams(@ForAll @LongRange(min = 1, max = 1L << 40) long grams)
    {
        final String kilograms = BigDecimal.valueOf(grams, 3).toPlainString();

        assertEquals(grams, UnitOfMeasure.fromCode("KGM").toBaseUnits(kilograms));
        assertEquals(StockUnit.GRAM, UnitOfMeasure.KILOGRAM.baseUnit());
    }

    @Property
    void aReadingFinerThanTheBaseUnitIsRefusedNeverRounded(
        @ForAll @LongRange(min = 0, max = 1_000_000) long grams, @ForAll @IntRange(min = 1, max = 9) int tenthOfAGram)
    {
        final BigDecimal kilograms = BigDecimal.valueOf(grams * 10 + tenthOfAGram, 4);

        final PosFormatException e = assertThrows(PosFormatException.class,
            () -> UnitOfMeasure.KILOGRAM.toBaseUnits(kilograms));
        assertEquals(PosFormatError.FRACTIONAL_QUANTITY, e.error());
    }

    @Property
    void trailingZerosDoNotMatter(@ForAll @LongRange(min = 1, max = 1_000_000) long millilitres,
        @ForAll @IntRange(min = 0, max = 20) int zeros)
    {
        final String litres = BigDecimal.valueOf(millilitres, 3).toPlainString() + "0".repeat(zeros);

        assertEquals(millilitres, UnitOfMeasure.fromCode("ltr").toBaseUnits(litres));
    }
}

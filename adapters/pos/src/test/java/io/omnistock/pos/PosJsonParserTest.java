package io.omnistock.pos;

import io.omnistock.api.StockUnit;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PosJsonParserTest
{
    private static final String SALE = """
        {
          "transactionId": "SH001-SCO07-4711",
          "store": "SH-STORE-001",
          "terminal": "SCO-07",
          "businessTime": "2025-03-01T10:15:30+08:00",
          "lines": [
            {"line": 1, "kind": "SALE",   "sku": "MILK-1L",     "quantity": 2,      "unit": "EA"},
            {"line": 2, "kind": "SALE",   "sku": "APPLE-FUJI",  "quantity": 0.42,   "unit": "KGM"},
            {"line": 3, "kind": "VOID",   "sku": "BREAD-WHITE", "quantity": 1,      "unit": "EA"},
            {"line": 4, "kind": "RETURN", "sku": "OIL-5L",      "quantity": "1.5",  "unit": "LTR"}
          ]
        }
        """;

    private final PosJsonParser parser = new PosJsonParser();

    @Test
    void readsOneTransactionWithExactDecimalQuantities()
    {
        final PosTransaction t = parser.parse(stream(SALE)).get(0);

        assertEquals("SH001-SCO07-4711", t.transactionId());
        assertEquals("SH-STORE-001", t.store());
        assertEquals("SCO-07", t.terminal());
        assertEquals(Instant.parse("2025-03-01T02:15:30Z"), t.businessTime());
        assertEquals(List.of(
            new PosLine(1, LineKind.SALE, "MILK-1L", 2, StockUnit.PIECE),
            new PosLine(2, LineKind.SALE, "APPLE-FUJI", 420, StockUnit.GRAM),
            new PosLine(3, LineKind.VOID, "BREAD-WHITE", 1, StockUnit.PIECE),
            new PosLine(4, LineKind.RETURN, "OIL-5L", 1500, StockUnit.MILLILITRE)), t.lines());
    }

    @Test
    void readsALinesAmountInMinorUnitsAndRefusesANegativeOne()
    {
        final String withAmount = SALE.replace("\"quantity\": 2,      \"unit\": \"EA\"}",
            "\"quantity\": 2,      \"unit\": \"EA\", \"amount\": 2250}");
        assertEquals(new PosLine(1, LineKind.SALE, "MILK-1L", 2, StockUnit.PIECE, 2_250),
            parser.parse(stream(withAmount)).get(0).lines().get(0));
        assertEquals(PosLine.NO_AMOUNT, parser.parse(stream(SALE)).get(0).lines().get(0).amount());
        final PosFormatException e = assertThrows(PosFormatException.class,
            () -> parser.parse(stream(withAmount.replace("2250", "-1"))));
        assertEquals(PosFormatError.INVALID_FIELD, e.error(), e.getMessage());
    }

    @Test
    void readsAnArrayOfTransactionsAndAPostVoid()
    {
        final String postVoid = SALE.replace("\"transactionId\": \"SH001-SCO07-4711\"",
            "\"transactionId\": \"SH001-POS01-1300\", \"voids\": \"SH001-SCO07-4711\"");

        final List<PosTransaction> all = parser.parse(stream("[" + SALE + "," + postVoid + "]"));

        assertEquals(2, all.size());
        assertEquals("SH001-SCO07-4711", all.get(1).voidedTransactionId());
        assertTrue(all.get(1).isPostVoid());
    }

    @Test
    void refusesUnknownFieldsNamingThem()
    {
        final PosFormatException e = assertThrows(PosFormatException.class,
            () -> parser.parse(stream(SALE.replace("\"terminal\"", "\"cashier\": \"li\", \"terminal\""))));

        assertEquals("POS_MALFORMED", e.wireCode());
        assertTrue(e.getMessage().contains("cashier"), e.getMessage());
    }

    @Test
    void refusesUnknownFieldsInLines()
    {
        final PosFormatException e = assertThrows(PosFormatException.class,
            () -> parser.parse(stream(SALE.replace("\"KGM\"", "\"KGM\", \"price\": 9.9"))));

        assertEquals(PosFormatError.MALFORMED, e.error());
        assertTrue(e.getMessage().contains("price"), e.getMessage());
    }

    @Test
    void refusesAWeightThatIsNotAWholeNumberOfGrams()
    {
        final PosFormatException e = assertThrows(PosFormatException.class,
            () -> parser.parse(stream(SALE.replace("0.42,", "0.4205,"))));

        assertEquals("POS_FRACTIONAL_QUANTITY", e.wireCode());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void refusesUnknownAndMissingUnits()
    {
        assertEquals(PosFormatError.UNKNOWN_UNIT, assertThrows(PosFormatException.class,
            () -> parser.parse(stream(SALE.replace("\"KGM\"", "\"LBR\"")))).error());
        assertEquals(PosFormatError.MISSING_FIELD, assertThrows(PosFormatException.class,
            () -> parser.parse(stream(SALE.replace(",   \"unit\": \"KGM\"", "")))).error());
    }

    @Test
    void refusesBadKindsTimesAndLineNumbers()
    {
        assertEquals(PosFormatError.INVALID_FIELD, assertThrows(PosFormatException.class,
            () -> parser.parse(stream(SALE.replace("\"RETURN\"", "\"REFUND\"")))).error());
        assertEquals(PosFormatError.INVALID_FIELD, assertThrows(PosFormatException.class,
            () -> parser.parse(stream(SALE.replace("2025-03-01T10:15:30+08:00", "2025-03-01T10:15:30")))).error(),
            "an offset is required");
        assertEquals(PosFormatError.DUPLICATE_LINE, assertThrows(PosFormatException.class,
            () -> parser.parse(stream(SALE.replace("\"line\": 4", "\"line\": 3")))).error());
        assertEquals(PosFormatError.INVALID_FIELD, assertThrows(PosFormatException.class,
            () -> parser.parse(stream(SALE.replace("\"line\": 4", "\"line\": 0")))).error());
        assertEquals(PosFormatError.MALFORMED, assertThrows(PosFormatException.class,
            () -> parser.parse(stream(SALE.replace("\"line\": 4", "\"line\": \"four\"")))).error());
    }

    @Test
    void refusesMissingFields()
    {
        assertEquals(PosFormatError.MISSING_FIELD, assertThrows(PosFormatException.class,
            () -> parser.parse(stream(SALE.replace("\"store\": \"SH-STORE-001\",", "")))).error());
        assertEquals(PosFormatError.MISSING_FIELD, assertThrows(PosFormatException.class,
            () -> parser.parse(stream(SALE.replace("\"sku\": \"MILK-1L\",", "")))).error());
        assertEquals(PosFormatError.MISSING_FIELD, assertThrows(PosFormatException.class,
            () -> parser.parse(stream("{\"transactionId\": \"T\", \"store\": \"S\", \"terminal\": \"1\","
                + " \"businessTime\": \"2025-03-01T10:15:30Z\", \"lines\": []}"))).error());
    }

    @Test
    void refusesMalformedDuplicateKeysAndTrailingContent()
    {
        for (final String bad : List.of("{", "42", "", SALE + "{}",
            "{\"transactionId\": \"a\", \"transactionId\": \"b\"}"))
        {
            assertEquals("POS_MALFORMED",
                assertThrows(PosFormatException.class, () -> parser.parse(stream(bad))).wireCode(), bad);
        }
    }

    @Test
    void refusesANullOrNonObjectTransactionInAnArray()
    {
        for (final String bad : List.of("[null]", "[" + SALE + ", null]", "[42]", "[[]]"))
        {
            assertEquals(PosFormatError.MALFORMED,
                assertThrows(PosFormatException.class, () -> parser.parse(stream(bad))).error(), bad);
        }
    }

    @Test
    void refusesValuesOfTheWrongJsonTypeInsteadOfCoercingThem()
    {
        for (final String bad : List.of("\"sku\": 123", "\"sku\": true", "\"sku\": 1.5"))
        {
            final PosFormatException e = assertThrows(PosFormatException.class,
                () -> parser.parse(stream(SALE.replace("\"sku\": \"MILK-1L\"", bad))), bad);
            assertEquals(PosFormatError.MALFORMED, e.error(), bad);
            assertTrue(e.getMessage().contains("lines[0].sku"), e.getMessage());
        }
        assertEquals(PosFormatError.MALFORMED, assertThrows(PosFormatException.class,
            () -> parser.parse(stream(SALE.replace("\"SCO-07\"", "7")))).error());
        assertEquals(PosFormatError.MALFORMED, assertThrows(PosFormatException.class,
            () -> parser.parse(stream(SALE.replace("\"line\": 1", "\"line\": \"1\"")))).error());
    }

    @Test
    void refusesALineNumberWithAFractionInsteadOfTruncatingIt()
    {
        final PosFormatException e = assertThrows(PosFormatException.class,
            () -> parser.parse(stream(SALE.replace("\"line\": 1", "\"line\": 1.9"))));

        assertEquals(PosFormatError.INVALID_FIELD, e.error());
        assertTrue(e.getMessage().contains("lines[0].line") && e.getMessage().contains("1.9"), e.getMessage());
    }

    private static ByteArrayInputStream stream(final String text)
    {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}

package io.omnistock.pos;

import io.omnistock.api.StockUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoslogParserTest
{
    private final PoslogParser parser = new PoslogParser(ZoneId.of("Asia/Shanghai"));

    @TempDir
    Path dir;

    @Test
    void readsSalesWeighedGoodsVoidedLinesAndSkipsWhatIsNotStock()
    {
        final List<PosTransaction> transactions = parse("sale-weighed-void.xml");

        assertEquals(2, transactions.size(), "the control transaction is left out");
        final PosTransaction sale = transactions.get(0);
        assertEquals("SH-STORE-001:SCO-07:4711", sale.transactionId());
        assertEquals("SH-STORE-001", sale.store());
        assertEquals("SCO-07", sale.terminal());
        assertEquals(Instant.parse("2025-03-01T02:15:30Z"), sale.businessTime());
        assertFalse(sale.isPostVoid());
        assertEquals(List.of(
            new PosLine(1, LineKind.SALE, "MILK-1L", 2, StockUnit.PIECE),
            new PosLine(2, LineKind.SALE, "APPLE-FUJI", 420, StockUnit.GRAM),
            new PosLine(3, LineKind.VOID, "BREAD-WHITE", 1, StockUnit.PIECE)), sale.lines(), "0.42 kg is 420 g; the tender is no line");

        final PosTransaction cancelled = transactions.get(1);
        assertEquals(Instant.parse("2025-03-01T02:17:00Z"), cancelled.businessTime(), "local time in the store's zone");
        assertEquals(List.of(new PosLine(1, LineKind.VOID, "MILK-1L", 1, StockUnit.PIECE)), cancelled.lines(),
            "a cancelled transaction moved no stock");
    }

    @Test
    void readsLineAmountsInTheCurrencysMinorUnits()
    {
        final List<PosTransaction> transactions = parse("sale-amounts.xml");

        assertEquals(List.of(
            new PosLine(1, LineKind.SALE, "MILK-1L", 2, StockUnit.PIECE, 2_250),
            new PosLine(2, LineKind.SALE, "APPLE-FUJI", 420, StockUnit.GRAM, 630),
            new PosLine(3, LineKind.SALE, "BREAD-WHITE", 1, StockUnit.PIECE, PosLine.NO_AMOUNT),
            new PosLine(4, LineKind.VOID, "YOGURT-200G", 1, StockUnit.PIECE, PosLine.NO_AMOUNT)),
            transactions.get(0).lines(),
            "after the discount; 6.305 rounds half-even to 6.30 fen; none; a voided line sells nothing");
        assertEquals(List.of(new PosLine(1, LineKind.SALE, "MILK-1L", 1, StockUnit.PIECE, 240)),
            transactions.get(1).lines(), "the yen has no minor unit");
    }

    @Test
    void aNegativeOrUnreadableAmountOrAnUnknownCurrencyRefusesTheDocument()
    {
        final String line = "<LineItem><SequenceNumber>1</SequenceNumber><Sale><ItemID>MILK-1L</ItemID>"
            + "<ExtendedAmount>%s</ExtendedAmount><Quantity>1</Quantity></Sale></LineItem>";
        for (final String[] bad : new String[][] {{"CNY", "-3.00"}, {"CNY", "three"}, {"XYZ", "3.00"}})
        {
            final String xml = "<POSLog><Transaction><RetailStoreID>S</RetailStoreID><WorkstationID>1</WorkstationID>"
                + "<SequenceNumber>1</SequenceNumber><EndDateTime>2025-03-01T11:00:00Z</EndDateTime><CurrencyCode>"
                + bad[0] + "</CurrencyCode><RetailTransaction>" + line.formatted(bad[1]) + "</RetailTransaction></Transaction></POSLog>";
            final PosFormatException e = assertThrows(PosFormatException.class,
                () -> parser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
            assertEquals(PosFormatError.INVALID_FIELD, e.error(), e.getMessage());
        }
    }

    @Test
    void readsAReturnWithItsOwnTransactionId()
    {
        final PosTransaction ret = parse("return.xml").get(0);

        assertEquals("SH001-POS01-20250302-1201", ret.transactionId());
        assertEquals(List.of(new PosLine(1, LineKind.RETURN, "YOGURT-200G", 3, StockUnit.PIECE)), ret.lines());
    }

    @Test
    void readsAPostVoidNamingTheTransactionItReverses()
    {
        final PosTransaction postVoid = parse("post-void.xml").get(0);

        assertTrue(postVoid.isPostVoid());
        assertEquals("SH-STORE-001:SCO-07:4711", postVoid.voidedTransactionId(),
            "the same id the voided transaction got; the link's store defaults to the transaction's");
        assertEquals(parse("sale-weighed-void.xml").get(0).lines(), postVoid.lines());
    }

    @Test
    void refusesMalformedXml()
    {
        final PosFormatException e = assertThrows(PosFormatException.class, () -> parse("malformed.xml"));

        assertEquals("POS_MALFORMED", e.wireCode());
    }

    @Test
    void refusesADocumentWithADtdSoXxeIsImpossible()
    {
        final PosFormatException e = assertThrows(PosFormatException.class, () -> parse("xxe.xml"));

        assertEquals(PosFormatError.DTD_FORBIDDEN, e.error());
    }

    @Test
    void neverReadsAnExternalEntityEvenWhenItNamesAReadableFile() throws IOException
    {
        final Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        final String xml = """
            <?xml version="1.0"?>
            <!DOCTYPE POSLog [ <!ENTITY xxe SYSTEM "%s"> ]>
            <POSLog><Transaction><RetailTransaction><LineItem><Sale><ItemID>&xxe;</ItemID></Sale></LineItem>
            </RetailTransaction></Transaction></POSLog>
            """.formatted(secret.toUri());

        final PosFormatException e = assertThrows(PosFormatException.class, () -> parser.parse(stream(xml)));

        assertEquals(PosFormatError.DTD_FORBIDDEN, e.error());
        assertFalse(e.getMessage().contains("TOP-SECRET"));
    }

    @Test
    void refusesAnUndeclaredEntityWithoutExpandingAnything()
    {
        final String xml = "<POSLog><Transaction><RetailStoreID>&xxe;</RetailStoreID></Transaction></POSLog>";

        assertEquals(PosFormatError.MALFORMED,
            assertThrows(PosFormatException.class, () -> parser.parse(stream(xml))).error());
    }

    @Test
    void refusesAWeightThatIsNotAWholeNumberOfGrams()
    {
        final PosFormatException e = assertThrows(PosFormatException.class, () -> parse("fractional-grams.xml"));

        assertEquals("POS_FRACTIONAL_QUANTITY", e.wireCode());
        assertTrue(e.getMessage().contains("420.5"), e.getMessage());
    }

    @Test
    void refusesAnUnknownUnitOfMeasure()
    {
        final PosFormatException e = assertThrows(PosFormatException.class, () -> parse("unknown-unit.xml"));

        assertEquals("POS_UNKNOWN_UNIT", e.wireCode());
        assertTrue(e.getMessage().contains("LBR"), e.getMessage());
    }

    @Test
    void refusesTheWrongRootElement()
    {
        assertEquals(PosFormatError.MALFORMED,
            assertThrows(PosFormatException.class, () -> parser.parse(stream("<Invoice/>"))).error());
    }

    @Test
    void refusesATransactionWithoutEndDateTime()
    {
        final String xml = transaction("", line(1, "Sale", "MILK-1L", "EA", "1"));

        final PosFormatException e = assertThrows(PosFormatException.class, () -> parser.parse(stream(xml)));

        assertEquals(PosFormatError.MISSING_FIELD, e.error());
        assertTrue(e.getMessage().contains("EndDateTime"), e.getMessage());
    }

    @Test
    void refusesTwoLinesWithTheSameNumber()
    {
        final String xml = transaction("<EndDateTime>2025-03-01T10:00:00Z</EndDateTime>",
            line(1, "Sale", "MILK-1L", "EA", "1") + line(1, "Sale", "BREAD-WHITE", "EA", "1"));

        assertEquals(PosFormatError.DUPLICATE_LINE,
            assertThrows(PosFormatException.class, () -> parser.parse(stream(xml))).error());
    }

    @Test
    void refusesNegativeAndNonNumericQuantities()
    {
        for (final String quantity : List.of("-1", "0", "two", "1E999999999"))
        {
            final String xml = transaction("<EndDateTime>2025-03-01T10:00:00Z</EndDateTime>",
                line(1, "Return", "MILK-1L", "EA", quantity));

            assertEquals(PosFormatError.INVALID_QUANTITY,
                assertThrows(PosFormatException.class, () -> parser.parse(stream(xml))).error(), quantity);
        }
    }

    @Test
    void aPostVoidMustRepeatTheLinesItReverses()
    {
        final String xml = transaction("<EndDateTime>2025-03-01T10:00:00Z</EndDateTime>",
            "<TransactionLink ReasonCode=\"PostVoid\"><TransactionID>T-1</TransactionID></TransactionLink>");

        final PosFormatException e = assertThrows(PosFormatException.class, () -> parser.parse(stream(xml)));

        assertEquals(PosFormatError.MISSING_FIELD, e.error());
        assertTrue(e.getMessage().contains("T-1"), e.getMessage());
    }

    @Test
    void readsADocumentWithoutNamespaceOrTransactions()
    {
        assertEquals(List.of(), parser.parse(stream("<POSLog/>")));
        assertNull(parser.parse(stream(transaction("<EndDateTime>2025-03-01T10:00:00Z</EndDateTime>",
            line(1, "Sale", "MILK-1L", null, "1")))).get(0).voidedTransactionId(), "EA when no unit is given");
    }

    @Test
    void refusesASecondDocumentOrTrailingContentAfterThePoslogElement()
    {
        final String sale = transaction("<EndDateTime>2025-03-01T10:00:00Z</EndDateTime>", line(1, "Sale", "MILK-1L", "EA", "1"));
        for (final String bad : List.of(sale + sale, "<POSLog/>" + sale, sale + "garbage", sale + "<Transaction/>",
            sale + " <![CDATA[x]]>"))
        {
            assertEquals(PosFormatError.MALFORMED,
                assertThrows(PosFormatException.class, () -> parser.parse(stream(bad))).error(), bad);
        }
    }

    @Test
    void acceptsWhitespaceCommentsAndProcessingInstructionsAfterThePoslogElement()
    {
        assertEquals(List.of(), parser.parse(stream("<POSLog/>\n <!-- exported by till 7 --> <?till done?>\n")));
    }

    @Test
    void composedIdsOfPartsHoldingTheSeparatorNeverCoincide()
    {
        final String first = composed("A:B", "C", "1");
        final String second = composed("A", "B:C", "1");

        assertNotEquals(first, second, "they would be taken for one transaction");
        assertEquals("A\\:B:C:1", first);
        assertEquals("A:B\\:C:1", second);
        assertNotEquals(composed("A\\", "B:C", "1"), composed("A:B\\", "C", "1"),
            "backslashes are escaped too, or both would be A\\:B\\:C:1");
        assertEquals("S\\1:W1:7", composed("S\\1", "W1", "7"), "without a ':' in any part the id is as it always was");
    }

    @Test
    void aPostVoidLinkComposesTheSameEscapedIdAsTheTransactionItVoids()
    {
        final String link = "<TransactionLink ReasonCode=\"PostVoid\"><WorkstationID>W:1</WorkstationID>"
            + "<SequenceNumber>7</SequenceNumber></TransactionLink>";
        final String xml = "<POSLog><Transaction><RetailStoreID>S:1</RetailStoreID><WorkstationID>W2</WorkstationID>"
            + "<SequenceNumber>8</SequenceNumber><EndDateTime>2025-03-01T10:00:00Z</EndDateTime><RetailTransaction>"
            + link + line(1, "Sale", "MILK-1L", "EA", "1") + "</RetailTransaction></Transaction></POSLog>";

        assertEquals(composed("S:1", "W:1", "7"), parser.parse(stream(xml)).get(0).voidedTransactionId());
    }

    @Test
    void anItemVoidAndTheLineItCancelsNetToNothing()
    {
        final PosTransaction sale = parse("item-void.xml").get(0);

        assertEquals(List.of(
            new PosLine(1, LineKind.SALE, "MILK-1L", 1, StockUnit.PIECE, 1_250),
            new PosLine(2, LineKind.SALE, "MILK-1L", 1, StockUnit.PIECE, 1_250),
            new PosLine(3, LineKind.VOID, "APPLE-FUJI", 1_470, StockUnit.GRAM),
            new PosLine(4, LineKind.VOID, "APPLE-FUJI", 1_470, StockUnit.GRAM),
            new PosLine(5, LineKind.SALE, "APPLE-FUJI", 1_710, StockUnit.GRAM, 2_052),
            new PosLine(6, LineKind.VOID, "BREAD-WHITE", 1, StockUnit.PIECE),
            new PosLine(7, LineKind.VOID, "BREAD-WHITE", 1, StockUnit.PIECE)), sale.lines());
    }

    @Test
    void anItemVoidCancelsOneOfTwoIdenticalLinesAndAReturnVoidCancelsAReturn()
    {
        final PosTransaction t = parser.parse(stream(transaction("<EndDateTime>2025-03-01T10:00:00Z</EndDateTime>",
            line(1, "Sale", "MILK-1L", "EA", "2") + line(2, "Sale", "MILK-1L", "EA", "2")
                + line(3, "Return", "MILK-1L", "EA", "2") + voidLine(4, "Sale", "MILK-1L", "EA", "-2")
                + voidLine(5, "Return", "MILK-1L", "EA", "-2")))).get(0);

        assertEquals(List.of(LineKind.SALE, LineKind.VOID, LineKind.VOID, LineKind.VOID, LineKind.VOID),
            t.lines().stream().map(PosLine::kind).toList(), "the latest matching line is the one cancelled");
    }

    @Test
    void anItemVoidWithNothingToCancelIsRefusedNamingTheTransactionAndTheLine()
    {
        for (final String lines : List.of(
            voidLine(2, "Sale", "MILK-1L", "EA", "-1"),
            line(1, "Sale", "MILK-1L", "EA", "2") + voidLine(2, "Sale", "MILK-1L", "EA", "-1"),
            line(1, "Sale", "MILK-1L", "EA", "1") + voidLine(2, "Return", "MILK-1L", "EA", "-1"),
            line(1, "Sale", "MILK-1L", "EA", "1") + voidLine(2, "Sale", "BREAD-WHITE", "EA", "-1"),
            line(1, "Sale", "MILK-1L", "EA", "1") + voidLine(3, "Sale", "MILK-1L", "EA", "-1")
                + voidLine(2, "Sale", "MILK-1L", "EA", "-1")))
        {
            final String xml = transaction("<EndDateTime>2025-03-01T10:00:00Z</EndDateTime>", lines);

            final PosFormatException e = assertThrows(PosFormatException.class, () -> parser.parse(stream(xml)), lines);

            assertEquals(PosFormatError.UNMATCHED_VOID, e.error(), e.getMessage());
            assertTrue(e.getMessage().startsWith("transaction S1:W1:1 (XML line 1, column "), e.getMessage());
            assertTrue(e.getMessage().contains("line item 2 (XML line 1, column "), e.getMessage());
        }
    }

    @Test
    void aNegativeQuantityWithoutVoidFlagIsRefusedNamingTheTransactionAndTheLine()
    {
        final String xml = transaction("<TransactionID>SH001-77</TransactionID><EndDateTime>2025-03-01T10:00:00Z</EndDateTime>",
            line(1, "Sale", "MILK-1L", "EA", "1") + line(2, "Sale", "APPLE-FUJI", "KGM", "-7.21"));

        final PosFormatException e = assertThrows(PosFormatException.class, () -> parser.parse(stream(xml)));

        assertEquals(PosFormatError.INVALID_QUANTITY, e.error());
        assertTrue(e.getMessage().startsWith("transaction SH001-77 (XML line "), e.getMessage());
        assertTrue(e.getMessage().contains("line item 2 (XML line "), e.getMessage());
        assertTrue(e.getMessage().contains("-7.21"), e.getMessage());
    }

    @Test
    void aCancelledTransactionTakesItsItemVoidsAsVoidLinesToo()
    {
        final String xml = "<POSLog><Transaction CancelFlag=\"true\"><RetailStoreID>S1</RetailStoreID>"
            + "<WorkstationID>W1</WorkstationID><SequenceNumber>1</SequenceNumber>"
            + "<EndDateTime>2025-03-01T10:00:00Z</EndDateTime><RetailTransaction>"
            + voidLine(1, "Sale", "MILK-1L", "EA", "-1") + "</RetailTransaction></Transaction></POSLog>";

        assertEquals(List.of(new PosLine(1, LineKind.VOID, "MILK-1L", 1, StockUnit.PIECE)),
            parser.parse(stream(xml)).get(0).lines());
    }

    private static String voidLine(final int number, final String kind, final String item, final String unit,
        final String qty)
    {
        return line(number, kind, item, unit, qty).replace("<LineItem>", "<LineItem VoidFlag=\"true\">");
    }

    private String composed(final String store, final String terminal, final String sequence)
    {
        final String xml = "<POSLog><Transaction><RetailStoreID>" + store + "</RetailStoreID><WorkstationID>" + terminal
            + "</WorkstationID><SequenceNumber>" + sequence + "</SequenceNumber>"
            + "<EndDateTime>2025-03-01T10:00:00Z</EndDateTime><RetailTransaction>" + line(1, "Sale", "MILK-1L", "EA", "1")
            + "</RetailTransaction></Transaction></POSLog>";
        return parser.parse(stream(xml)).get(0).transactionId();
    }

    private static String transaction(final String header, final String retailContent)
    {
        return "<POSLog><Transaction><RetailStoreID>S1</RetailStoreID><WorkstationID>W1</WorkstationID>"
            + "<SequenceNumber>1</SequenceNumber>" + header + "<RetailTransaction>" + retailContent
            + "</RetailTransaction></Transaction></POSLog>";
    }

    private static String line(final int number, final String kind, final String item, final String unit, final String qty)
    {
        final String unitAttribute = unit == null ? "" : " UnitOfMeasureCode=\"" + unit + "\"";
        return "<LineItem><SequenceNumber>" + number + "</SequenceNumber><" + kind + "><ItemID>" + item + "</ItemID>"
            + "<Quantity" + unitAttribute + ">" + qty + "</Quantity></" + kind + "></LineItem>";
    }

    private List<PosTransaction> parse(final String resource)
    {
        try (InputStream in = getClass().getResourceAsStream("/poslog/" + resource))
        {
            return parser.parse(in);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream stream(final String text)
    {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}

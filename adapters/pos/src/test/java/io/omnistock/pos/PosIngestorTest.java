package io.omnistock.pos;

import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PosIngestorTest
{
    private TestNetwork network;
    private PosIngestor ingestor;

    @BeforeEach
    void start() throws Exception
    {
        network = new TestNetwork();
        ingestor = new PosIngestor(network.engine);
        network.receive("MILK-1L", 10);
        network.receive("APPLE-FUJI", 5_000);
        network.receive("BREAD-WHITE", 4);
    }

    @AfterEach
    void stop()
    {
        network.close();
    }

    @Test
    void appliesSalesInBaseUnitsAndSkipsVoidedLines() throws Exception
    {
        final PosIngestResult result = ingestor.ingest(poslog("sale-weighed-void.xml").get(0)).get();

        assertEquals(2, result.applied());
        assertEquals(1, result.voided());
        assertEquals(List.of(), result.rejected());
        assertEquals(8, network.onHand("MILK-1L"));
        assertEquals(4_580, network.onHand("APPLE-FUJI"), "0.42 kg sold out of 5 kg");
        assertEquals(4, network.onHand("BREAD-WHITE"), "the voided bread never left");
    }

    @Test
    void reUploadingTheSameTransactionIsAnsweredDuplicateAndChangesNothing() throws Exception
    {
        final PosTransaction sale = poslog("sale-weighed-void.xml").get(0);
        ingestor.ingest(sale).get();

        final PosIngestResult again = ingestor.ingest(sale).get();

        assertEquals(0, again.applied());
        assertEquals(2, again.duplicates());
        assertEquals(ReasonCode.DUPLICATE_COMMAND, again.lines().get(0).reason());
        assertTrue(again.lines().get(0).detail().contains("OK"), again.lines().get(0).detail());
        assertEquals(8, network.onHand("MILK-1L"));
        assertEquals(4_580, network.onHand("APPLE-FUJI"));
    }

    @Test
    void aTillThatWasOfflineForDaysUploadsAndItsSalesApply() throws Exception
    {
        final Instant threeDaysAgo = Instant.now().minus(3, ChronoUnit.DAYS);
        final PosTransaction late = new PosTransaction("SH001-POS09-0001", TestNetwork.STORE, "POS-09", threeDaysAgo, null,
            List.of(new PosLine(1, LineKind.SALE, "MILK-1L", 3, StockUnit.PIECE)));

        final PosIngestResult result = ingestor.ingest(late).get();

        assertEquals(1, result.applied());
        assertEquals(7, network.onHand("MILK-1L"));
    }

    @Test
    void aSaleOfStockTheLedgerBelievesGoneIsRecordedAndFlaggedNeverRejected() throws Exception
    {
        final PosTransaction sale = new PosTransaction("SH001-POS01-0099", TestNetwork.STORE, "POS-01", Instant.now(),
            null, List.of(new PosLine(1, LineKind.SALE, "BREAD-WHITE", 6, StockUnit.PIECE),
                new PosLine(2, LineKind.SALE, "YOGURT-200G", 1, StockUnit.PIECE)));

        final PosIngestResult result = ingestor.ingest(sale).get();

        assertEquals(2, result.applied());
        assertEquals(List.of(), result.rejected());
        assertEquals(List.of(1, 2), result.negativeOnHand().stream().map(LineOutcome::line).toList());
        assertEquals(-2, network.onHand("BREAD-WHITE"));
        assertEquals(-1, network.onHand("YOGURT-200G"), "never stocked here at all, still sold");
    }

    @Test
    void unknownSkusAreRejectedPerLineAndTheOtherLinesApply() throws Exception
    {
        final PosTransaction sale = new PosTransaction("SH001-POS01-0100", TestNetwork.STORE, "POS-01", Instant.now(),
            null, List.of(new PosLine(1, LineKind.SALE, "MILK-1L", 1, StockUnit.PIECE),
                new PosLine(2, LineKind.SALE, "CAVIAR-50G", 1, StockUnit.PIECE)));

        final PosIngestResult result = ingestor.ingest(sale).get();

        assertEquals(1, result.applied());
        final LineOutcome rejected = result.rejected().get(0);
        assertEquals(2, rejected.line());
        assertEquals(ReasonCode.UNKNOWN_SKU, rejected.reason());
        assertTrue(rejected.detail().contains("CAVIAR-50G"), rejected.detail());
        assertEquals(9, network.onHand("MILK-1L"));
    }

    @Test
    void aLineRejectedForAnUnknownSkuAppliesOnReUploadOnceTheSkuIsDefined() throws Exception
    {
        final PosTransaction sale = new PosTransaction("SH001-POS01-0101", TestNetwork.STORE, "POS-01", Instant.now(),
            null, List.of(new PosLine(1, LineKind.SALE, "MILK-1L", 1, StockUnit.PIECE),
                new PosLine(2, LineKind.SALE, "TEA-100G", 2, StockUnit.PIECE)));
        ingestor.ingest(sale).get();
        network.sku("TEA-100G", StockUnit.PIECE);

        final PosIngestResult again = ingestor.ingest(sale).get();

        assertEquals(1, again.duplicates());
        assertEquals(1, again.applied());
        assertEquals(9, network.onHand("MILK-1L"));
        assertEquals(-2, network.onHand("TEA-100G"));
    }

    @Test
    void anUnknownStoreRejectsEveryLineNamingTheStore() throws Exception
    {
        final PosTransaction sale = new PosTransaction("BJ-POS01-0001", "BJ-STORE-404", "POS-01", Instant.now(), null,
            List.of(new PosLine(1, LineKind.SALE, "MILK-1L", 1, StockUnit.PIECE),
                new PosLine(2, LineKind.RETURN, "BREAD-WHITE", 1, StockUnit.PIECE)));

        final PosIngestResult result = ingestor.ingest(sale).get();

        assertEquals(2, result.rejected().size());
        assertTrue(result.rejected().stream().allMatch(l -> l.reason() == ReasonCode.UNKNOWN_LOCATION
            && l.detail().contains("BJ-STORE-404")));
        assertEquals(10, network.onHand("MILK-1L"));
    }

    @Test
    void aReturnRestocksTheStore() throws Exception
    {
        final PosIngestResult result = ingestor.ingest(poslog("return.xml").get(0)).get();

        assertEquals(1, result.applied());
        assertEquals(3, network.onHand("YOGURT-200G"));
    }

    @Test
    void aPostVoidBringsTheStockOfTheVoidedTransactionBack() throws Exception
    {
        ingestor.ingest(poslog("sale-weighed-void.xml").get(0)).get();

        final PosIngestResult reversal = ingestor.ingest(poslog("post-void.xml").get(0)).get();

        assertEquals(2, reversal.applied());
        assertEquals(1, reversal.voided());
        assertEquals(10, network.onHand("MILK-1L"));
        assertEquals(5_000, network.onHand("APPLE-FUJI"));
        assertEquals(4, network.onHand("BREAD-WHITE"));
    }

    @Test
    void aPostVoidThatArrivesBeforeItsTransactionEndsTheSame() throws Exception
    {
        ingestor.ingest(poslog("post-void.xml").get(0)).get();
        assertEquals(12, network.onHand("MILK-1L"), "briefly high until the voided sale arrives");

        ingestor.ingest(poslog("sale-weighed-void.xml").get(0)).get();
        ingestor.ingest(poslog("post-void.xml").get(0)).get();

        assertEquals(10, network.onHand("MILK-1L"));
        assertEquals(5_000, network.onHand("APPLE-FUJI"));
    }

    @Test
    void aPostVoidOfAReturnSellsTheGoodsAgain() throws Exception
    {
        final PosTransaction ret = poslog("return.xml").get(0);
        ingestor.ingest(ret).get();
        final PosTransaction postVoid = new PosTransaction("SH001-POS01-20250302-1202", TestNetwork.STORE, "POS-01",
            Instant.now(), ret.transactionId(), ret.lines());

        ingestor.ingest(postVoid).get();

        assertEquals(0, network.onHand("YOGURT-200G"));
    }

    @Test
    void aWeightSentForASkuCountedInPiecesRefusesTheUploadAndAppliesNothing() throws Exception
    {
        final String json = """
            [{"transactionId": "SH001-POS03-0007", "store": "SH-STORE-001", "terminal": "POS-03",
              "businessTime": "2025-03-01T10:15:30+08:00",
              "lines": [{"line": 1, "kind": "SALE", "sku": "BREAD-WHITE", "quantity": 1, "unit": "EA"}]},
             {"transactionId": "SH001-POS03-0008", "store": "SH-STORE-001", "terminal": "POS-03",
              "businessTime": "2025-03-01T10:16:30+08:00",
              "lines": [{"line": 1, "kind": "SALE", "sku": "APPLE-FUJI", "quantity": 0.5,  "unit": "KGM"},
                        {"line": 2, "kind": "SALE", "sku": "MILK-1L",    "quantity": 0.42, "unit": "KGM"}]}]
            """;
        final List<PosTransaction> upload = new PosJsonParser().parse(
            new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));

        final PosFormatException e = assertThrows(PosFormatException.class, () -> ingestor.ingest(upload));

        assertEquals("POS_UNIT_MISMATCH", e.wireCode());
        assertTrue(e.getMessage().contains("transaction SH001-POS03-0008 line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("MILK-1L") && e.getMessage().contains("pieces")
            && e.getMessage().contains("grams"), e.getMessage());
        assertEquals(10, network.onHand("MILK-1L"), "not 420 pieces, not any");
        assertEquals(5_000, network.onHand("APPLE-FUJI"), "the good line of the same transaction did not apply");
        assertEquals(4, network.onHand("BREAD-WHITE"), "the transaction before it in the upload did not apply");
    }

    @Test
    void aPoslogWeightForASkuCountedInPiecesAppliesNothing() throws Exception
    {
        final PosTransaction sale = poslog("unit-mismatch.xml").get(0);

        final PosFormatException e = assertThrows(PosFormatException.class, () -> ingestor.ingest(sale));

        assertEquals(PosFormatError.UNIT_MISMATCH, e.error());
        assertTrue(e.getMessage().contains("transaction SH-STORE-001:SCO-02:88 line 2"), e.getMessage());
        assertEquals(10, network.onHand("MILK-1L"));
        assertEquals(5_000, network.onHand("APPLE-FUJI"));
    }

    @Test
    void piecesSentForASkuCountedInMillilitresAreRefusedTooButAVoidedLineIsNotChecked() throws Exception
    {
        network.sku("OIL-5L", StockUnit.MILLILITRE);
        network.receive("OIL-5L", 20_000);
        final PosTransaction pieces = new PosTransaction("SH001-POS01-0200", TestNetwork.STORE, "POS-01", Instant.now(),
            null, List.of(new PosLine(1, LineKind.SALE, "OIL-5L", 2, StockUnit.PIECE)));
        final PosTransaction voided = new PosTransaction("SH001-POS01-0201", TestNetwork.STORE, "POS-01", Instant.now(),
            null, List.of(new PosLine(1, LineKind.VOID, "OIL-5L", 2, StockUnit.PIECE),
                new PosLine(2, LineKind.SALE, "OIL-5L", 1_500, StockUnit.MILLILITRE)));

        assertEquals(PosFormatError.UNIT_MISMATCH,
            assertThrows(PosFormatException.class, () -> ingestor.ingest(pieces)).error());
        final PosIngestResult result = ingestor.ingest(voided).get();

        assertEquals(1, result.applied());
        assertEquals(1, result.voided());
        assertEquals(18_500, network.onHand("OIL-5L"));
    }

    @Test
    void itemVoidsAsNcrWritesThemLeaveOnlyTheLinesNotVoided() throws Exception
    {
        final PosTransaction sale = poslog("item-void.xml").get(0);

        final PosIngestResult result = ingestor.ingest(sale).get();

        assertEquals(3, result.applied());
        assertEquals(4, result.voided());
        assertEquals(List.of(), result.rejected());
        assertEquals(8, network.onHand("MILK-1L"));
        assertEquals(5_000 - 1_710, network.onHand("APPLE-FUJI"), "the voided 1.47 kg stayed, the 1.71 kg left");
        assertEquals(4, network.onHand("BREAD-WHITE"), "the bread rung up and voided never left");

        final PosTransaction postVoid = new PosTransaction("SH001-POS02-93", TestNetwork.STORE, "POS-02",
            Instant.now(), sale.transactionId(), sale.lines());
        ingestor.ingest(postVoid).get();

        assertEquals(10, network.onHand("MILK-1L"), "a post-void brings back what was sold, nothing more");
        assertEquals(5_000, network.onHand("APPLE-FUJI"));
        assertEquals(4, network.onHand("BREAD-WHITE"));
    }

    @Test
    void aSaleLinesAmountIsRecordedBesideItsSaleOnceEvenWhenUploadedTwice() throws Exception
    {
        final PosTransaction sale = poslog("sale-amounts.xml").get(0);
        final PosIngestResult result = ingestor.ingest(sale).get();
        assertEquals(3, result.applied());
        assertEquals(1, result.voided());
        assertEquals(ReasonCode.DUPLICATE_COMMAND, ingestor.ingest(sale).get().lines().get(0).reason());

        // Each amount's id was used once, by an accepted RECORD_SALE_AMOUNT; the line without one sent none.
        assertEquals(ReasonCode.OK, amountProbe(sale, 1).originalReason());
        assertEquals(ReasonCode.DUPLICATE_COMMAND, amountProbe(sale, 1).reason());
        assertEquals(ReasonCode.DUPLICATE_COMMAND, amountProbe(sale, 2).reason());
        assertEquals(ReasonCode.OK, amountProbe(sale, 3).reason(), "no amount was recorded for the bread");
    }

    @Test
    void aBacklogOfPricedLinesLargerThanTheRingIsIngestedWithoutBlockingTheEngine() throws Exception
    {
        // The amount is submitted when its sale completes; were that on the engine's own thread, a full
        // ring would wait for the very thread that drains it.
        try (io.omnistock.core.OmnistockEngine small = io.omnistock.core.OmnistockEngine.start(
            io.omnistock.core.EngineConfig.builder().ringSize(16).build()))
        {
            assertEquals(ReasonCode.OK, small.submit(io.omnistock.api.Commands.defineLocation(1, "S", io.omnistock.api.Tier.STORE,
                0, 0, io.omnistock.api.Capabilities.ALL)).get().reason());
            assertEquals(ReasonCode.OK, small.submit(io.omnistock.api.Commands.defineSku(2, "MILK", StockUnit.PIECE)).get()
                .reason());
            final List<PosLine> lines = new java.util.ArrayList<>();
            for (int i = 1; i <= 500; i++)
            {
                lines.add(new PosLine(i, LineKind.SALE, "MILK", 1, StockUnit.PIECE, 1_250));
            }
            final PosIngestResult result = new PosIngestor(small).ingest(new PosTransaction("BIG", "S", "T", Instant.now(),
                null, lines)).get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(500, result.applied());
            assertEquals(ReasonCode.DUPLICATE_COMMAND, small.submit(io.omnistock.api.Commands.recordSaleAmount(
                CommandIds.saleAmount("BIG", 500), small.locationId("S"), small.skuId("MILK"), 1, 1)).get().reason(), "the last amount was recorded");
        }
    }

    /** Submits the amount command a line would have sent: a duplicate if it was sent. */
    private io.omnistock.api.CommandResult amountProbe(final PosTransaction transaction, final int line) throws Exception
    {
        return network.engine.submit(io.omnistock.api.Commands.recordSaleAmount(
            CommandIds.saleAmount(transaction.transactionId(), line), network.store, network.engine.skuId("MILK-1L"), 1,
            1)).get();
    }

    private List<PosTransaction> poslog(final String resource)
    {
        try (InputStream in = getClass().getResourceAsStream("/poslog/" + resource))
        {
            return new PoslogParser(ZoneId.of("Asia/Shanghai")).parse(in);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}

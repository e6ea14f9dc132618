package io.omnistock.pos;

import io.omnistock.api.Commands;
import io.omnistock.api.Limits;
import io.omnistock.api.ReasonCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CountSessionsTest
{
    private static final Map<String, String> BARCODES = Map.of("6901234567892", "MILK-1L", "6909876543217", "BREAD-WHITE");

    private TestNetwork network;
    private CountSessions sessions;

    @BeforeEach
    void start() throws Exception
    {
        network = new TestNetwork();
        sessions = new CountSessions(network.engine);
        network.receive("MILK-1L", 10);
        network.receive("BREAD-WHITE", 6);
        network.receive("YOGURT-200G", 3);
    }

    @AfterEach
    void stop()
    {
        network.close();
    }

    @Test
    void commitSetsAbsoluteCountsAndKeepsOpenReservations() throws Exception
    {
        assertEquals(ReasonCode.OK, network.reserve(501, "MILK-1L", 4).reason());
        final CountSession session = sessions.open("count-1", TestNetwork.STORE, BARCODES, Set.of());
        for (int i = 0; i < 7; i++)
        {
            assertEquals(ScanOutcome.COUNTED, session.scan("6901234567892", 1));
        }
        sessions.scan("count-1", "BREAD-WHITE", 2);

        final CountCommitResult result = sessions.commit("count-1").get();

        assertEquals(List.of("BREAD-WHITE", "MILK-1L"), result.skus().stream().map(CountLineOutcome::sku).toList());
        assertEquals(List.of(), result.notApplied());
        assertEquals(7, network.onHand("MILK-1L"));
        assertEquals(4, network.position("MILK-1L").reserved(), "the order's hold is intact");
        assertEquals(2, network.onHand("BREAD-WHITE"));
        assertEquals(3, network.onHand("YOGURT-200G"), "not scanned and not in scope: left alone");
        assertEquals(ReasonCode.OK,
            network.engine.submit(Commands.fulfil(900, 501, 4)).get().reason(), "and can still be fulfilled");
    }

    @Test
    void aCountBelowWhatIsReservedIsRecordedAndReportedAsAShortfall() throws Exception
    {
        network.reserve(502, "MILK-1L", 4);
        sessions.open("count-2", TestNetwork.STORE, BARCODES, Set.of()).scan("MILK-1L", 3);

        final CountLineOutcome milk = sessions.commit("count-2").get().skus().get(0);

        assertEquals(ReasonCode.OK, milk.reason());
        assertEquals(3, milk.onHandAfter());
        assertEquals(4, milk.reservedAfter());
        assertTrue(milk.shortfall());
    }

    @Test
    void unscannedSkusOfTheScopeAreCountedAsZero() throws Exception
    {
        sessions.open("count-3", TestNetwork.STORE, BARCODES, Set.of("BREAD-WHITE", "YOGURT-200G")).scan("BREAD-WHITE", 5);

        final CountCommitResult result = sessions.commit("count-3").get();

        assertEquals(List.of(5L, 0L), result.skus().stream().map(CountLineOutcome::counted).toList());
        assertEquals(5, network.onHand("BREAD-WHITE"));
        assertEquals(0, network.onHand("YOGURT-200G"));
        assertEquals(10, network.onHand("MILK-1L"));
    }

    @Test
    void eachRfidTagIsCountedOnceHoweverOftenItIsRead() throws Exception
    {
        final CountSession session = sessions.open("rfid-1", TestNetwork.STORE, BARCODES, Set.of());
        final String tagA = "3034257BF7194E4000001A85";
        final String tagB = "3034257BF7194E4000001A86";

        assertEquals(ScanOutcome.COUNTED, session.scanTag(tagA, "6901234567892"));
        assertEquals(ScanOutcome.DUPLICATE_TAG, session.scanTag(tagA, "6901234567892"));
        assertEquals(ScanOutcome.DUPLICATE_TAG, session.scanTag(" " + tagA.toLowerCase() + " ", "6901234567892"));
        assertEquals(ScanOutcome.COUNTED, sessions.scanTag("rfid-1", tagB, "MILK-1L"));
        assertEquals(Map.of("MILK-1L", 2L), session.counts());

        sessions.commit("rfid-1").get();

        assertEquals(2, network.onHand("MILK-1L"));
    }

    @Test
    void unknownItemsAreNotCounted()
    {
        final CountSession session = sessions.open("count-4", TestNetwork.STORE, BARCODES, Set.of());

        assertEquals(ScanOutcome.UNKNOWN_ITEM, session.scan("0000000000000", 1));
        assertEquals(ScanOutcome.UNKNOWN_ITEM, session.scanTag("30340000000000000000AAAA", "NOT-A-SKU"));
        assertTrue(session.counts().isEmpty());
    }

    @Test
    void committingTheSameSessionIdAgainChangesNothing() throws Exception
    {
        sessions.open("count-5", TestNetwork.STORE, BARCODES, Set.of()).scan("MILK-1L", 6);
        sessions.commit("count-5").get();
        network.receive("MILK-1L", 1);
        sessions.open("count-5", TestNetwork.STORE, BARCODES, Set.of()).scan("MILK-1L", 6);

        final CountCommitResult again = sessions.commit("count-5").get();

        assertEquals(ReasonCode.DUPLICATE_COMMAND, again.notApplied().get(0).reason());
        assertEquals(7, network.onHand("MILK-1L"));
    }

    @Test
    void anAbandonedSessionSubmitsNothingAndTakesNoMoreScans() throws Exception
    {
        final CountSession session = sessions.open("count-6", TestNetwork.STORE, BARCODES, Set.of());
        session.scan("MILK-1L", 1);

        sessions.abandon("count-6");

        assertEquals(10, network.onHand("MILK-1L"));
        assertEquals("COUNT_SESSION_CLOSED",
            assertThrows(CountSessionException.class, () -> session.scan("MILK-1L", 1)).wireCode());
        assertEquals(CountError.SESSION_CLOSED,
            assertThrows(CountSessionException.class, () -> sessions.commit("count-6")).error());
    }

    @Test
    void aCommittedOrAbandonedSessionIsAnsweredClosedNotUnknown() throws Exception
    {
        sessions.open("closed-1", TestNetwork.STORE, BARCODES, Set.of()).scan("MILK-1L", 1);
        sessions.commit("closed-1").get();
        sessions.open("closed-2", TestNetwork.STORE, BARCODES, Set.of());
        sessions.abandon("closed-2");

        for (final String id : List.of("closed-1", "closed-2"))
        {
            assertEquals(CountError.SESSION_CLOSED,
                assertThrows(CountSessionException.class, () -> sessions.scan(id, "MILK-1L", 1)).error(), id);
            assertEquals(CountError.SESSION_CLOSED,
                assertThrows(CountSessionException.class, () -> sessions.scanTag(id, "E1", "MILK-1L")).error(), id);
            assertEquals(CountError.SESSION_CLOSED, assertThrows(CountSessionException.class, () -> sessions.commit(id)).error());
            assertEquals(CountError.SESSION_CLOSED, assertThrows(CountSessionException.class, () -> sessions.abandon(id)).error());
        }
        assertEquals(CountError.UNKNOWN_SESSION,
            assertThrows(CountSessionException.class, () -> sessions.scan("never-opened", "MILK-1L", 1)).error());
        assertEquals(1, network.onHand("MILK-1L"), "the committed count only");
    }

    @Test
    void onlyTheMostRecentlyClosedIdsAreRemembered()
    {
        for (int i = 0; i <= CountSessions.REMEMBERED_CLOSED_SESSIONS; i++)
        {
            sessions.open("many-" + i, TestNetwork.STORE, BARCODES, Set.of());
            sessions.abandon("many-" + i);
        }

        assertEquals(CountError.UNKNOWN_SESSION,
            assertThrows(CountSessionException.class, () -> sessions.scan("many-0", "MILK-1L", 1)).error(), "forgotten");
        assertEquals(CountError.SESSION_CLOSED,
            assertThrows(CountSessionException.class, () -> sessions.scan("many-1", "MILK-1L", 1)).error());
    }

    @Test
    void aBatchWithARefusedScanCountsNoneOfItsScans()
    {
        final CountSession session = sessions.open("batch-1", TestNetwork.STORE, BARCODES, Set.of());

        assertEquals(CountError.INVALID_QUANTITY, assertThrows(CountSessionException.class, () -> sessions.scan("batch-1",
            List.of(CountScan.barcode("6901234567892", 10), CountScan.barcode("MILK-1L", 0)))).error());
        assertEquals(CountError.INVALID_QUANTITY, assertThrows(CountSessionException.class, () -> sessions.scan("batch-1",
            List.of(CountScan.tag("E1", "MILK-1L"), CountScan.barcode("MILK-1L", Long.MAX_VALUE)))).error());
        assertEquals(CountError.INVALID_ARGUMENT, assertThrows(CountSessionException.class, () -> sessions.scan("batch-1",
            List.of(CountScan.barcode("BREAD-WHITE", 3), CountScan.barcode(" ", 1)))).error());
        assertTrue(session.counts().isEmpty(), "nothing of a refused batch is counted: " + session.counts());

        assertEquals(List.of(ScanOutcome.COUNTED, ScanOutcome.COUNTED, ScanOutcome.DUPLICATE_TAG, ScanOutcome.UNKNOWN_ITEM),
            sessions.scan("batch-1", List.of(CountScan.barcode("6901234567892", 10), CountScan.tag("E1", "MILK-1L"),
                CountScan.tag("e1", "MILK-1L"), CountScan.barcode("NOT-A-SKU", 1))));
        assertEquals(Map.of("MILK-1L", 11L), session.counts(), "the EPC refused with its batch counts once when sent again");
    }

    @Test
    void aBatchThatWouldTakeACountPastTheEngineMaximumIsRefusedWhole()
    {
        final CountSession session = sessions.open("batch-2", TestNetwork.STORE, BARCODES, Set.of());
        session.scan("MILK-1L", Limits.MAX_COMMAND_QUANTITY - 1);

        assertEquals(CountError.INVALID_QUANTITY, assertThrows(CountSessionException.class, () -> session.scan(
            List.of(CountScan.barcode("BREAD-WHITE", 1), CountScan.barcode("MILK-1L", 1), CountScan.barcode("MILK-1L", 1))))
            .error());
        assertEquals(Map.of("MILK-1L", Limits.MAX_COMMAND_QUANTITY - 1), session.counts());
    }

    @Test
    void anRfidReadCountsOneItemAndRefusesAnyOtherQuantity()
    {
        final CountSessionException e = assertThrows(CountSessionException.class, () -> new CountScan("MILK-1L", 50, "E1"));

        assertEquals(CountError.INVALID_QUANTITY, e.error());
        assertTrue(e.getMessage().contains("epc"), e.getMessage());
        assertEquals(1, CountScan.tag("E1", "MILK-1L").quantity());
    }

    @Test
    void badRequestsAreRefusedWithSpecificCodes()
    {
        sessions.open("count-7", TestNetwork.STORE, BARCODES, Set.of());

        assertEquals(CountError.SESSION_EXISTS, assertThrows(CountSessionException.class,
            () -> sessions.open("count-7", TestNetwork.STORE, BARCODES, Set.of())).error());
        assertEquals(CountError.UNKNOWN_LOCATION, assertThrows(CountSessionException.class,
            () -> sessions.open("count-8", "NOWHERE", BARCODES, Set.of())).error());
        final CountSessionException scope = assertThrows(CountSessionException.class,
            () -> sessions.open("count-9", TestNetwork.STORE, BARCODES, Set.of("MILK-1L", "GHOST-SKU")));
        assertEquals(CountError.UNKNOWN_SKU, scope.error());
        assertTrue(scope.getMessage().contains("GHOST-SKU") && !scope.getMessage().contains("MILK-1L"), scope.getMessage());
        assertEquals(CountError.INVALID_QUANTITY, assertThrows(CountSessionException.class,
            () -> sessions.scan("count-7", "MILK-1L", 0)).error());
        assertEquals(CountError.INVALID_ARGUMENT, assertThrows(CountSessionException.class,
            () -> sessions.scan("count-7", " ", 1)).error());
        assertEquals(CountError.UNKNOWN_SESSION, assertThrows(CountSessionException.class,
            () -> sessions.scan("count-404", "MILK-1L", 1)).error());
        assertFalse(sessions.session("count-7").counts().containsKey("MILK-1L"));
    }
}

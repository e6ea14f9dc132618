package io.omnistock.pos;

import jpos.JposConst;
import jpos.JposException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JavaPosScannerBridgeTest
{
    private final SimulatedScannerService scanner = new SimulatedScannerService();
    private TestNetwork network;
    private CountSessions sessions;

    @BeforeEach
    void start() throws Exception
    {
        network = new TestNetwork();
        sessions = new CountSessions(network.engine);
    }

    @AfterEach
    void stop()
    {
        network.close();
    }

    @Test
    void opensClaimsAndEnablesInTheOrderUnifiedPosRequires() throws Exception
    {
        try (JavaPosScannerBridge bridge = new JavaPosScannerBridge(scanner, label -> { }))
        {
            bridge.start("AisleScanner", 1_000);

            assertEquals(List.of("open AisleScanner", "claim", "decodeData=true", "autoDisable=false", "deviceEnabled=true"),
                scanner.calls);
            assertTrue(scanner.getDataEventEnabled());
        }
        assertEquals("close", scanner.calls.get(scanner.calls.size() - 1));
        assertFalse(scanner.getClaimed());
    }

    @Test
    void everyLabelScannedIsCountedBecauseDataEventsAreReArmed() throws Exception
    {
        final CountSession session = sessions.open("scan-1", TestNetwork.STORE, Map.of("6901234567892", "MILK-1L"), Set.of());
        try (JavaPosScannerBridge bridge = JavaPosScannerBridge.forCountSession(scanner, session))
        {
            bridge.start("AisleScanner", 1_000);

            scanner.scan("6901234567892");
            scanner.scan("6901234567892");
            scanner.scan("BREAD-WHITE");

            assertEquals(Map.of("MILK-1L", 2L, "BREAD-WHITE", 1L), session.counts());
            assertEquals(0, bridge.failedScans());
        }
        sessions.commit("scan-1").get();
        assertEquals(2, network.onHand("MILK-1L"));
    }

    @Test
    void labelsReadWhileAnEventIsHandledWaitAndAreDeliveredAfterReArming() throws Exception
    {
        final List<String> labels = new ArrayList<>();
        try (JavaPosScannerBridge bridge = new JavaPosScannerBridge(scanner, label ->
        {
            labels.add(label);
            if (labels.size() == 1)
            {
                // The operator keeps scanning while the first label is being handled.
                scanner.scan("6909876543217");
            }
        }))
        {
            bridge.start("AisleScanner", 1_000);

            scanner.scan("6901234567892");

            assertEquals(List.of("6901234567892", "6909876543217"), labels);
            assertEquals(0, scanner.getDataCount());
        }
    }

    @Test
    void aMisreadIsClearedAndCountingGoesOn() throws Exception
    {
        final List<String> labels = new ArrayList<>();
        try (JavaPosScannerBridge bridge = new JavaPosScannerBridge(scanner, labels::add))
        {
            bridge.start("AisleScanner", 1_000);

            scanner.misread();
            scanner.scan("6901234567892");

            assertEquals(1, bridge.deviceErrors());
            assertTrue(scanner.calls.contains("errorResponse=" + JposConst.JPOS_ER_CLEAR));
            assertEquals(List.of("6901234567892"), labels);
        }
    }

    @Test
    void aScanTheSessionRefusesIsCountedAsFailedAndTheScannerKeepsWorking() throws Exception
    {
        final CountSession session = sessions.open("scan-2", TestNetwork.STORE, Map.of(), Set.of());
        try (JavaPosScannerBridge bridge = JavaPosScannerBridge.forCountSession(scanner, session))
        {
            bridge.start("AisleScanner", 1_000);
            sessions.abandon("scan-2");

            scanner.scan("MILK-1L");
            scanner.scan("MILK-1L");

            assertEquals(2, bridge.failedScans());
            assertTrue(scanner.getDataEventEnabled());
        }
    }

    @Test
    void aScannerClaimedByAnotherApplicationIsReportedAndLeftClosed()
    {
        scanner.claimedByAnotherApplication = true;
        final JavaPosScannerBridge bridge = new JavaPosScannerBridge(scanner, label -> { });

        final JposException e = assertThrows(JposException.class, () -> bridge.start("AisleScanner", 100));

        assertEquals(JposConst.JPOS_E_TIMEOUT, e.getErrorCode());
        assertEquals("close", scanner.calls.get(scanner.calls.size() - 1));
        assertEquals(JposConst.JPOS_S_CLOSED, scanner.getState());
    }
}

package io.omnistock.cluster;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A cluster snapshot's first fragment names the term's leader, so a member restarted from it under
 * that leader knows it (ClusterEventsIT found one that never did); a snapshot written before holds
 * the length alone and still loads, with no leader known until the log names one.
 */
class SnapshotPreambleTest
{
    @Test
    void theLeaderTravelsWithTheSnapshotAndAnOldPreambleNamesNone()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = OmnistockClusteredService.writePreamble(buffer, 1_319, 2);
        assertEquals(1_319, buffer.getLong(0, ByteOrder.LITTLE_ENDIAN));
        assertEquals(2, OmnistockClusteredService.leaderOf(buffer, 0, length));

        final ExpandableArrayBuffer old = new ExpandableArrayBuffer(64);
        old.putLong(0, 620, ByteOrder.LITTLE_ENDIAN);
        assertEquals(-1, OmnistockClusteredService.leaderOf(old, 0, Long.BYTES));
    }
}

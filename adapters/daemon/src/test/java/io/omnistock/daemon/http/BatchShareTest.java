package io.omnistock.daemon.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A batch's share of the ring: bounded by its setting, shrinking as batches run side by side, never zero. */
class BatchShareTest
{
    private static final int MAX_IN_FLIGHT = 256;
    /** Half of the default 16,384-slot ring. */
    private static final int SHARED = 8_192;

    @Test
    void aFewBatchesEachTakeTheirSetting()
    {
        assertEquals(MAX_IN_FLIGHT, Batch.share(MAX_IN_FLIGHT, SHARED, 0));
        assertEquals(MAX_IN_FLIGHT, Batch.share(MAX_IN_FLIGHT, SHARED, 1));
        assertEquals(MAX_IN_FLIGHT, Batch.share(MAX_IN_FLIGHT, SHARED, 32));
    }

    @Test
    void manyBatchesShareHalfTheRingAndNeverOverfillIt()
    {
        assertEquals(128, Batch.share(MAX_IN_FLIGHT, SHARED, 64));
        for (int batches = 1; batches <= SHARED; batches++)
        {
            final int share = Batch.share(MAX_IN_FLIGHT, SHARED, batches);
            assertTrue(share >= 1 && share <= MAX_IN_FLIGHT);
            assertTrue((long)share * batches <= SHARED, batches + " batches of " + share);
        }
    }

    @Test
    void moreBatchesThanSharedSlotsStillMoveOneElementAtATime()
    {
        assertEquals(1, Batch.share(MAX_IN_FLIGHT, SHARED, SHARED * 4));
    }
}

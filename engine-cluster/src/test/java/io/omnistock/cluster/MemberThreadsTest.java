package io.omnistock.cluster;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which threads a member's Aeron agents get, given the processors, a budget and explicit settings. */
class MemberThreadsTest
{
    private static ClusterNodeConfig config(final String... keyValues)
    {
        final Map<String, String> s = new HashMap<>(Map.of("memberId", "0", "members", "0=127.0.0.1:20000",
            "dataDir", "/tmp/m0"));
        for (int i = 0; i < keyValues.length; i += 2)
        {
            s.put(keyValues[i], keyValues[i + 1]);
        }
        return ClusterNodeConfig.parse(s);
    }

    @Test
    void aSmallMachineSharesAThreadPerComponentAndABigOneGivesEachAgentItsOwn()
    {
        final MemberThreads two = MemberThreads.choose(config(), 2);
        assertEquals(MemberThreading.SHARED, two.threading());
        assertEquals(2, two.cpuBudget());
        assertTrue(two.reason().startsWith("shared (driver on one thread, archive on another"), two.reason());
        assertTrue(two.reason().contains("2 processors, fewer than the 8 busy threads"), two.reason());
        assertEquals(MemberThreading.SHARED, MemberThreads.choose(config(), MemberThreads.DEDICATED_CORES - 1).threading());
        final MemberThreads eight = MemberThreads.choose(config(), MemberThreads.DEDICATED_CORES);
        assertEquals(MemberThreading.DEDICATED, eight.threading());
        assertTrue(eight.reason().startsWith("dedicated (a thread per Aeron agent"), eight.reason());
        assertTrue(eight.reason().contains("8 processors, at least the 8"), eight.reason());
    }

    @Test
    void aBudgetIsCountedInsteadOfTheProcessors()
    {
        final MemberThreads budgeted = MemberThreads.choose(config("cpuBudget", "4"), 64);
        assertEquals(MemberThreading.SHARED, budgeted.threading(), "four cores of 64 for this member");
        assertEquals(4, budgeted.cpuBudget());
        assertTrue(budgeted.reason().contains("a CPU budget of 4"), budgeted.reason());
        assertEquals(MemberThreading.DEDICATED, MemberThreads.choose(config("cpuBudget", "12"), 2).threading());
    }

    @Test
    void anExplicitLayoutWinsAndTheDriverOnTheArchivesThreadIsShared()
    {
        final MemberThreads shared = MemberThreads.choose(config("threading", "shared"), 64);
        assertEquals(MemberThreading.SHARED, shared.threading());
        assertTrue(shared.reason().contains("set explicitly (threading=shared)"), shared.reason());
        assertEquals(MemberThreading.DEDICATED, MemberThreads.choose(config("threading", "dedicated"), 2).threading());
        final MemberThreads invoked = MemberThreads.choose(config("driverOnArchiveThread", "true"), 64);
        assertEquals(MemberThreading.SHARED, invoked.threading());
        assertTrue(invoked.reason().startsWith("shared (driver run by the archive's thread"), invoked.reason());
    }
}

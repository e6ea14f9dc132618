package io.omnistock.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** StableHash's values are persisted (checksums, journaled ids): pinned here so a change shows. */
class StableHashTest
{
    @Test
    void mixIsSplitMix64sFinaliser()
    {
        // SplitMix64 seeded with 0 first returns mix(golden gamma): 0xE220A8397B1DCDAF, the reference value.
        assertEquals(0xE220A8397B1DCDAFL, StableHash.mix(0x9E3779B97F4A7C15L));
        assertEquals(0, StableHash.mix(0));
        assertEquals(6_238_072_747_940_578_789L, StableHash.mix(1));
        assertEquals(-5_417_735_806_833_148_549L, StableHash.mix(-1));
    }

    @Test
    void combineIsPinned()
    {
        assertEquals(-5_434_684_836_301_739_833L, StableHash.combine(1, 2));
        assertEquals(2_242_726_433_830_017_226L, StableHash.combine(0x4643_5354L, 0), "the forecast job's id tag, sequence 0");
    }
}

package io.omnistock.daemon.http;

import io.omnistock.api.ReasonCode;
import io.omnistock.api.Tier;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Wire names: ignoring ASCII case, '-' and '_' alike, and nothing else; one rule for parsing and for {@link Enums#constant}. */
class EnumsTest
{
    @Test
    void aWireNameMatchesIgnoringAsciiCaseWithHyphensAndUnderscoresAlike()
    {
        for (final String text : new String[] {"front-warehouse", "FRONT_WAREHOUSE", "Front-Warehouse", "front_WAREHOUSE"})
        {
            assertEquals(Tier.FRONT_WAREHOUSE, Enums.parse(Tier.class, text, "tier", ReasonCode.INVALID_TIER), text);
            assertEquals("FRONT_WAREHOUSE", Enums.constant(text), text);
        }
        assertEquals(Tier.STORE, Enums.parse(Tier.class, "store", "tier", ReasonCode.INVALID_TIER));
    }

    @Test
    void anythingElseIsAnotherNameAndRefusedWithTheNamesThereAre()
    {
        // Spaces, a missing hyphen, a longer name, and letters that upper-case to an ASCII one only outside ASCII
        // (a dotless i, a long s): each another name.
        for (final String text : new String[] {" store", "store ", "frontwarehouse", "stores", "st\u0131re", "\u017ftore", "st0re"})
        {
            final ApiError e = assertThrows(ApiError.class, () -> Enums.parse(Tier.class, text, "tier", ReasonCode.INVALID_TIER), text);
            assertTrue(e.getMessage().contains("warehouse, front-warehouse, store"), e.getMessage());
            assertEquals(ReasonCode.INVALID_TIER, e.reason());
            assertTrue(!Enums.names("STORE", text) && !Enums.names("FRONT_WAREHOUSE", text), text);
        }
    }
}

package io.omnistock.core.state;

import io.omnistock.api.RoutingPolicy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PolicyCodecTest
{
    /** Offset of the count of INSTANT's rule sets: after the four scalars and the type count. */
    private static final int INSTANT_RULE_SETS = 2 + 8 + 2 + 8 + 1;
    /** Offset of the first rule set's tier count: after its name ("instant-nearby", length-prefixed). */
    private static final int FIRST_TIER_COUNT = INSTANT_RULE_SETS + 1 + 2 + "instant-nearby".length();

    @Test
    void roundTripsTheDefaults() throws IOException
    {
        final RoutingPolicy defaults = RoutingPolicy.defaults();
        assertEquals(defaults, PolicyCodec.fromBytes(PolicyCodec.toBytes(defaults)));
    }

    @Test
    void aCountWithItsHighBitSetIsReadUnsignedAndFailsAsAnUnreadablePolicy()
    {
        final byte[] bytes = PolicyCodec.toBytes(RoutingPolicy.defaults());
        assertEquals(2, bytes[FIRST_TIER_COUNT], "the offsets above no longer match the codec");
        bytes[FIRST_TIER_COUNT] = (byte)0x80;
        assertThrows(IOException.class, () -> PolicyCodec.fromBytes(bytes));
        bytes[FIRST_TIER_COUNT] = 2;
        bytes[INSTANT_RULE_SETS] = (byte)0xFF;
        assertThrows(IOException.class, () -> PolicyCodec.fromBytes(bytes));
    }

    @Test
    void strayBytesAfterAPolicyAreRefused()
    {
        final byte[] bytes = PolicyCodec.toBytes(RoutingPolicy.defaults());
        assertThrows(IOException.class, () -> PolicyCodec.fromBytes(Arrays.copyOf(bytes, bytes.length + 1)));
    }
}

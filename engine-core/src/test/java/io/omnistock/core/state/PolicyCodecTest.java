package io.omnistock.core.state;

import io.omnistock.api.FulfilmentType;
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
        for (int logic = LogicVersion.FIRST; logic <= LogicVersion.LATEST; logic++)
        {
            final RoutingPolicy policy = LogicVersion.defaultRoutingPolicy(logic);
            assertEquals(policy, PolicyCodec.fromBytes(PolicyCodec.toBytes(policy)), "logic " + logic);
        }
    }

    /**
     * Logic version 1's default policy is decided by: its bytes (hashed into every logic 1 state's
     * checksum while no policy was set) never change, whatever later versions' defaults become.
     */
    @Test
    void logicOnesDefaultPolicyKeepsItsBytes()
    {
        assertEquals(-2_696_415, Arrays.hashCode(PolicyCodec.toBytes(LogicVersion.defaultRoutingPolicy(1))));
        assertEquals(30, LogicVersion.defaultRoutingPolicy(1).pickPackMinutes(FulfilmentType.INSTANT));
    }

    @Test
    void pickAndPackTimesByTypeRoundTripAndAPolicyWithoutThemKeepsItsBytes() throws IOException
    {
        final RoutingPolicy uniform = LogicVersion.defaultRoutingPolicy(1);
        final RoutingPolicy byType = uniform.withPickPackMinutes(FulfilmentType.INSTANT, 12)
            .withPickPackMinutes(FulfilmentType.PICKUP, 20);
        final RoutingPolicy read = PolicyCodec.fromBytes(PolicyCodec.toBytes(byType));
        assertEquals(byType, read);
        assertEquals(12, read.pickPackMinutes(FulfilmentType.INSTANT));
        assertEquals(30, read.pickPackMinutes(FulfilmentType.REGULAR));
        assertEquals(20, read.pickPackMinutes(FulfilmentType.PICKUP));
        assertEquals(PolicyCodec.toBytes(uniform).length + 1 + 2 * FulfilmentType.COUNT,
            PolicyCodec.toBytes(byType).length, "one marked section, a short per type");
        final byte[] unknownSection = PolicyCodec.toBytes(byType);
        unknownSection[PolicyCodec.toBytes(uniform).length] = 7;
        assertThrows(IOException.class, () -> PolicyCodec.fromBytes(unknownSection));
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

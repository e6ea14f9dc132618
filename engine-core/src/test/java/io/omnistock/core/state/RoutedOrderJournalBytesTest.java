package io.omnistock.core.state;

import io.omnistock.api.Capabilities;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.Tier;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.JournalCodec;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static io.omnistock.api.ReasonCode.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Explaining every rule set tried (issue 19 item 9) is for the result only: the journal record of a
 * routed order keeps its bytes. The expected records were encoded by the build before that change
 * (commit 9e85fdf), for the two orders whose explanation grew most: a REGULAR order the first rule
 * set could not ship, and an INSTANT order no rule set could route. They are format 3 records,
 * so the codec is pinned to format 3 (format 4 adds a fingerprint byte after the command id).
 */
class RoutedOrderJournalBytesTest
{
    private static final String REGULAR_FROM_WAREHOUSE =
        "02101280a0abfef962120101010000ff00000106e903000000000000000000000100000000102700000000000000000000000000003088dc01307c3d07010000000000020000000000000000a023f3cf8b01000001000000000000000000020000000000000000040000000000204e0000000000000100000005e8030000000000000300000005dc050000000000000200000005c409000000000000050101d20f00060000d20f04020000c801040000ff9e9d1f";
    private static final String INSTANT_NO_ROUTE =
        "02101280a0abfef962120101010000ffbe09be090100e903000000000000000000000000000000102700000000000000000000000000003088dc01307c3d070100000000000200000000000000ff0000000000000000000100030100000003e8030000000000000300000003dc050000000000000200000003c4090000000000000bba91ef";

    private final ProcessorHarness h = new ProcessorHarness();
    private final JournalCodec codec = new JournalCodec();
    private final CommandSlot slot = new CommandSlot();
    private int mall;
    private int warehouse;
    private int milk;

    private void city()
    {
        mall = h.channel("online-mall", 15 * 60_000L);
        warehouse = h.locationAt("WH", Tier.WAREHOUSE, Capabilities.SHIPS_PARCELS, -20_000, 0);
        final int nearStore = h.locationAt("ST-NEAR", Tier.STORE, Capabilities.ALL, 1_000, 0);
        h.locationAt("ST-FAR", Tier.STORE, Capabilities.ALL, 0, 2_500);
        h.locationAt("FW", Tier.FRONT_WAREHOUSE, Capabilities.INSTANT_DELIVERY, -1_500, 0);
        milk = h.sku("MILK");
        assertEquals(OK, h.run(Commands.receive(h.id(), nearStore, milk, 1)).reason());
        assertEquals(OK, h.run(Commands.receive(h.id(), warehouse, milk, 100)).reason());
    }

    private String routedRecord(final FulfilmentType type, final ReasonCode expected)
    {
        final Order order = new Order(1_001, mall, type, ProcessorHarness.CENTRE_LAT, ProcessorHarness.CENTRE_LON, -1,
            10_000, 0, 0, List.of(new OrderLine(milk, 2)));
        slot.clearInput();
        Commands.routeOrder(h.id(), order).writeTo(slot);
        h.apply(slot);
        assertEquals(expected, slot.reason);
        codec.useVersion(3);
        final int length = codec.encode(slot);
        final byte[] bytes = new byte[length];
        codec.buffer().getBytes(0, bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void aRegularOrderShippedFromTheWarehouseKeepsItsRecord()
    {
        city();
        assertEquals(REGULAR_FROM_WAREHOUSE, routedRecord(FulfilmentType.REGULAR, OK));
    }

    @Test
    void anInstantOrderWithoutARouteKeepsItsRecord()
    {
        city();
        assertEquals(INSTANT_NO_ROUTE, routedRecord(FulfilmentType.INSTANT, ReasonCode.NO_ROUTE));
    }
}

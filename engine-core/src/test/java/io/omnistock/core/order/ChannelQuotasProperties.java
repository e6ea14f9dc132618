package io.omnistock.core.order;

import io.omnistock.core.state.ProcessorHarness;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Limits;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.Tier;
import io.omnistock.core.order.ChannelQuotas;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.math.BigInteger;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Percent quotas against exact arithmetic: a SKU's network stock may reach 2^62, so a percentage of
 * it is more than a long can hold before it is divided.
 */
class ChannelQuotasProperties
{
    private static final long[] EXTREMES = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -(1L << 62) - 1, -(1L << 62), -101,
        -100, -99, -1, 0, 1, 99, 100, 101, 1L << 46, 1320L << 46, (1L << 62) - 1, 1L << 62, Long.MAX_VALUE / 100,
        Long.MAX_VALUE / 100 + 1, Long.MAX_VALUE - 1, Long.MAX_VALUE};
    private static final int[] PERCENTS = {0, 1, 33, 50, 99, 100};

    @Property(tries = 5_000)
    void withinPercentIsExact(@ForAll final long part, @ForAll final long whole,
        @ForAll @IntRange(min = 0, max = 100) final int percent)
    {
        assertEquals(exactlyWithin(part, whole, percent), ChannelQuotas.withinPercent(part, whole, percent),
            part + " * 100 <= " + whole + " * " + percent);
    }

    @Property(tries = 5_000)
    void percentOfIsExact(@ForAll final long whole, @ForAll @IntRange(min = 0, max = 100) final int percent)
    {
        assertEquals(exactPercentOf(whole, percent), ChannelQuotas.percentOf(whole, percent), whole + " * " + percent);
    }

    @Example
    void extremeValuesAgreeWithExactArithmetic()
    {
        for (final long whole : EXTREMES)
        {
            for (final int percent : PERCENTS)
            {
                assertEquals(exactPercentOf(whole, percent), ChannelQuotas.percentOf(whole, percent));
                for (final long part : EXTREMES)
                {
                    assertEquals(exactlyWithin(part, whole, percent), ChannelQuotas.withinPercent(part, whole, percent),
                        part + " * 100 <= " + whole + " * " + percent);
                }
            }
        }
    }

    /** 1,320 stores of 2^46 units each: 100 times the network's stock is above Long.MAX_VALUE. */
    @Example
    void aFullQuotaOnANetworkAtTheLimitsStillAdmitsOrders()
    {
        final ProcessorHarness h = new ProcessorHarness();
        final int channel = h.channel("marketplace", 60_000);
        final int sku = h.sku("BOLTS");
        final int stores = 1_320;
        for (int s = 0; s < stores; s++)
        {
            final int store = h.location("ST-" + s, Tier.STORE);
            for (long received = 0; received < Limits.MAX_POSITION_QUANTITY; received += Limits.MAX_COMMAND_QUANTITY)
            {
                assertEquals(ReasonCode.OK, h.run(Commands.receive(h.id(), store, sku, Limits.MAX_COMMAND_QUANTITY))
                    .reason());
            }
        }
        final long network = stores * Limits.MAX_POSITION_QUANTITY;
        assertEquals(ReasonCode.OK, h.run(Commands.setChannelQuota(h.id(), channel, sku, -1, 100)).reason());
        assertEquals(network, h.run(Commands.queryChannelAvailability(h.id(), channel, sku)).networkAvailable());
        final Order order = new Order(1, channel, FulfilmentType.REGULAR, ProcessorHarness.CENTRE_LAT,
            ProcessorHarness.CENTRE_LON, -1, 0, 0, 0, List.of(new OrderLine(sku, Limits.MAX_COMMAND_QUANTITY)));
        assertEquals(ReasonCode.OK, h.run(Commands.routeOrder(h.id(), order)).reason());
        assertEquals(ReasonCode.OK, h.run(Commands.setChannelQuota(h.id(), channel, sku, -1, 50)).reason());
        assertEquals(network / 2 - Limits.MAX_COMMAND_QUANTITY,
            h.run(Commands.queryChannelAvailability(h.id(), channel, sku)).networkAvailable(),
            "half of everything (free or held by the channel), less what the channel holds");
    }

    private static boolean exactlyWithin(final long part, final long whole, final int percent)
    {
        return BigInteger.valueOf(part).multiply(BigInteger.valueOf(100))
            .compareTo(BigInteger.valueOf(whole).multiply(BigInteger.valueOf(percent))) <= 0;
    }

    private static long exactPercentOf(final long whole, final int percent)
    {
        return BigInteger.valueOf(whole).multiply(BigInteger.valueOf(percent)).divide(BigInteger.valueOf(100))
            .longValueExact();
    }
}

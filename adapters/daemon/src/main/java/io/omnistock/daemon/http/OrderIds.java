package io.omnistock.daemon.http;

import io.omnistock.api.ReasonCode;

/**
 * Channel order numbers to engine order ids. Each channel numbers its own orders; the engine id is
 * the channel id in the high bits and the channel's number below, so two channels' order 1001 are
 * different orders and a channel can only ever name its own. Stand-alone reservations are numbered
 * per channel the same way ({@link #reservationId}).
 */
public final class OrderIds
{
    public static final int NUMBER_BITS = 40;
    public static final long MAX_NUMBER = (1L << NUMBER_BITS) - 1;

    private OrderIds()
    {
    }

    public static long engineId(final int channel, final long number)
    {
        return engineId(channel, number, ReasonCode.INVALID_ORDER_ID, "order");
    }

    /** The engine id of a channel's stand-alone reservation {@code number}. */
    public static long reservationId(final int channel, final long number)
    {
        return engineId(channel, number, ReasonCode.INVALID_RESERVATION_ID, "reservation");
    }

    private static long engineId(final int channel, final long number, final ReasonCode invalid, final String what)
    {
        if (number < 1 || number > MAX_NUMBER)
        {
            throw ApiError.of(invalid, what + " numbers run from 1 to " + MAX_NUMBER + ", got " + number);
        }
        return ((long)channel << NUMBER_BITS) | number;
    }

    public static int channel(final long engineId)
    {
        return (int)(engineId >>> NUMBER_BITS);
    }

    public static long number(final long engineId)
    {
        return engineId & MAX_NUMBER;
    }
}

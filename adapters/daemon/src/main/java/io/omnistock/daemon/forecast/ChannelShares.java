package io.omnistock.daemon.forecast;

import io.omnistock.api.CommandType;
import io.omnistock.api.EventKind;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.EventView;
import io.omnistock.core.journal.JournalRecord;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Each channel's share of a position's units sold, from the journal's records: a sale fulfilling an
 * order counts for the channel its ROUTE_ORDER named; a POS sale or a reservation's fulfilment names
 * none. A promotion for one channel lifts only that channel's part of the position's demand.
 */
final class ChannelShares
{
    /** Units sold per position: index 0 for no channel, channel c at c + 1. */
    private final Map<Long, long[]> units = new HashMap<>();
    /** The channel of each order from its ROUTE_ORDER until it is fulfilled, cancelled or expired. */
    private final Map<Long, Integer> orderChannels = new HashMap<>();

    /** A sale counted by {@code DailySales} (before {@link #orders} reads the same record). */
    void sold(final JournalRecord c, final long positionKey, final long sold)
    {
        final int channel = c.type() == CommandType.FULFIL_ORDER ? orderChannels.getOrDefault(c.command().orderId(), -1) : -1;
        long[] u = units.get(positionKey);
        if (u == null || u.length <= channel + 1)
        {
            u = u == null ? new long[channel + 2] : Arrays.copyOf(u, channel + 2);
            units.put(positionKey, u);
        }
        u[channel + 1] += sold;
    }

    /** Keeps the channel of the orders a record routes, and forgets those it ends. */
    void orders(final JournalRecord c)
    {
        if (c.reason() == ReasonCode.OK && c.type() == CommandType.ROUTE_ORDER)
        {
            orderChannels.put(c.command().orderId(), c.command().channel());
        }
        for (int i = 0; i < c.eventCount(); i++)
        {
            final EventView events = c.event(i);
            if (events.kind() == EventKind.ORDER_CHANGED && events.orderState() != OrderState.HELD &&
                events.orderState() != OrderState.CONFIRMED)
            {
                orderChannels.remove(events.orderId());
            }
        }
    }

    /**
     * @return the channel's share of the units sold at the position over the journal read, 0 to 1;
     *     0 for a position that never sold (nothing to lift).
     */
    double share(final long positionKey, final int channel)
    {
        final long[] u = units.get(positionKey);
        if (u == null)
        {
            return 0;
        }
        long total = 0;
        for (final long n : u)
        {
            total += n;
        }
        return total == 0 || channel + 1 >= u.length ? 0 : (double)u[channel + 1] / total;
    }
}

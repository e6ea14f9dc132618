package io.omnistock.tools;

import io.omnistock.api.CommandType;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.core.journal.JournalRecord;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Location, SKU and channel codes by id, learnt from the journal's DEFINE_* records as they are read
 * (an id is defined before any record uses it, so one pass suffices).
 */
final class Codes
{
    private final Map<Integer, String> locations = new HashMap<>();
    private final Map<Integer, String> skus = new HashMap<>();
    private final Map<Integer, String> channels = new HashMap<>();
    private final Map<Integer, StockUnit> skuUnits = new HashMap<>();

    /** Learns the code a successful definition record assigned an id to. */
    void learn(final JournalRecord record)
    {
        if (record.reason() != ReasonCode.OK || record.command().code() == null)
        {
            return;
        }
        if (record.type() == CommandType.DEFINE_LOCATION)
        {
            locations.put(record.assignedId(), record.command().code());
        }
        else if (record.type() == CommandType.DEFINE_SKU)
        {
            skus.put(record.assignedId(), record.command().code());
            skuUnits.put(record.assignedId(), record.command().unit());
        }
        else if (record.type() == CommandType.DEFINE_CHANNEL)
        {
            channels.put(record.assignedId(), record.command().code());
        }
    }

    /** @return the location's code, {@code #id} if the journal never defined it, or "" for -1. */
    String location(final int id)
    {
        return id < 0 ? "" : locations.getOrDefault(id, "#" + id);
    }

    String sku(final int id)
    {
        return id < 0 ? "" : skus.getOrDefault(id, "#" + id);
    }

    /**
     * @return the SKU's stock unit in lower case ({@code piece}, {@code gram}, {@code millilitre}),
     *     or {@code #id's unit} if the journal never defined it: quantities of different units are
     *     never added up, so even an unknown one is kept apart.
     */
    String skuUnit(final int id)
    {
        final StockUnit unit = skuUnits.get(id);
        return unit == null ? sku(id) + "'s unit" : unit.name().toLowerCase(Locale.ROOT);
    }

    String channel(final int id)
    {
        return id < 0 ? "" : channels.getOrDefault(id, "#" + id);
    }

    /** @return the id defined for the location code, or -1. */
    int locationId(final String code)
    {
        return idOf(locations, code);
    }

    int skuId(final String code)
    {
        return idOf(skus, code);
    }

    private static int idOf(final Map<Integer, String> map, final String code)
    {
        for (final Map.Entry<Integer, String> e : map.entrySet())
        {
            if (e.getValue().equals(code))
            {
                return e.getKey();
            }
        }
        return -1;
    }
}

package io.omnistock.daemon.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.omnistock.api.Capabilities;

import java.util.LinkedHashMap;
import java.util.Map;

/** Wire names of the {@link Capabilities} flags: a location's, and those a routing rule set requires. */
final class CapabilityNames
{
    private static final Map<String, Integer> FLAGS = new LinkedHashMap<>();

    static
    {
        FLAGS.put("ships-parcels", Capabilities.SHIPS_PARCELS);
        FLAGS.put("instant-delivery", Capabilities.INSTANT_DELIVERY);
        FLAGS.put("pickup", Capabilities.PICKUP);
        FLAGS.put("over-the-counter", Capabilities.OVER_THE_COUNTER);
    }

    private CapabilityNames()
    {
    }

    /** @return the flag named {@code name}, or null if no capability has that name. */
    static Integer flag(final String name)
    {
        return FLAGS.get(name);
    }

    /** @return every name, comma separated, for messages. */
    static String all()
    {
        return String.join(", ", FLAGS.keySet());
    }

    /** Adds the name of each flag set in {@code flags} to {@code out}. */
    static void names(final int flags, final ArrayNode out)
    {
        FLAGS.forEach((name, flag) ->
        {
            if (Capabilities.has(flags, flag))
            {
                out.add(name);
            }
        });
    }
}

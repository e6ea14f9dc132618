package io.omnistock.daemon.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnistock.api.ChannelQuota;
import io.omnistock.api.StateView;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The channel quotas of some channels, as a channel's read and the channel listing show them:
 * {@code "quotas": [{"sku", "maxUnits"?, "maxPercent"?, "held"}]}, by SKU id.
 *
 * <p>The engine keeps quotas by (channel, SKU) with no per-channel index: {@link StateView} lists
 * them all in the order they were first set. This reads that list once, keeping only the channels
 * asked for; past {@link #MAX_PER_CHANNEL} a channel keeps the first set.
 */
final class ChannelQuotaReader
{
    /** At most this many quotas are listed per channel; {@code quotasOmitted} counts the rest. */
    static final int MAX_PER_CHANNEL = 1_000;

    private ChannelQuotaReader()
    {
    }

    /**
     * Adds {@code quotas} (and {@code quotasOmitted} past {@link #MAX_PER_CHANNEL}) to each channel's
     * JSON. Runs on the engine's thread (a {@link StateReader#read} reader).
     *
     * @param channels the JSON object of each channel to show, by channel id.
     */
    static void addTo(final StateView view, final Map<Integer, ObjectNode> channels)
    {
        if (channels.isEmpty())
        {
            return;
        }
        final Map<Integer, List<ChannelQuota>> found = new java.util.HashMap<>();
        final Map<Integer, Integer> omitted = new java.util.HashMap<>();
        for (int i = 0; i < view.channelQuotaCount(); i++)
        {
            final ChannelQuota quota = view.channelQuota(i);
            if (!channels.containsKey(quota.channel()) ||
                quota.maxUnits() == ChannelQuota.UNLIMITED && quota.maxPercent() == ChannelQuota.UNLIMITED)
            {
                // Another channel's, or a quota set back to no limit at all: no quota.
                continue;
            }
            final List<ChannelQuota> list = found.computeIfAbsent(quota.channel(), c -> new ArrayList<>());
            if (list.size() < MAX_PER_CHANNEL)
            {
                list.add(quota);
            }
            else
            {
                omitted.merge(quota.channel(), 1, Integer::sum);
            }
        }
        channels.forEach((id, json) ->
        {
            final ArrayNode quotas = json.putArray("quotas");
            final List<ChannelQuota> list = found.getOrDefault(id, List.of());
            list.stream().sorted(Comparator.comparingInt(ChannelQuota::sku)).forEach(q ->
            {
                final ObjectNode item = quotas.addObject().put("sku", view.skuCode(q.sku()));
                if (q.maxUnits() != ChannelQuota.UNLIMITED)
                {
                    item.put("maxUnits", q.maxUnits());
                }
                if (q.maxPercent() != ChannelQuota.UNLIMITED)
                {
                    item.put("maxPercent", q.maxPercent());
                }
                item.put("held", q.held());
            });
            if (omitted.containsKey(id))
            {
                json.put("quotasOmitted", omitted.get(id));
            }
        });
    }
}

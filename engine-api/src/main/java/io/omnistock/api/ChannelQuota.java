package io.omnistock.api;

/**
 * A copy of one channel quota, as {@link StateView#channelQuota(int)} found it: a ringfence on
 * what one channel's open orders may hold of one SKU (SET_CHANNEL_QUOTA).
 *
 * @param channel    channel id.
 * @param sku        SKU id.
 * @param maxUnits   the most units the channel's open orders may hold, or {@link #UNLIMITED}.
 * @param maxPercent the most percent of the SKU's free stock and the channel's holds it may hold, or
 *                   {@link #UNLIMITED}.
 * @param held       what the channel's open orders hold of the SKU now, in the SKU's unit.
 */
public record ChannelQuota(int channel, int sku, long maxUnits, int maxPercent, long held)
{
    /** {@code maxUnits} or {@code maxPercent}: no limit of that kind. */
    public static final int UNLIMITED = -1;
}

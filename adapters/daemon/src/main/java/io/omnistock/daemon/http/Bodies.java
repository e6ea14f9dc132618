package io.omnistock.daemon.http;

import java.util.List;

/**
 * Request bodies of the channel API, as documented in docs/openapi.yaml. Fields are boxed so a
 * missing one is told apart from zero; {@link Fields} checks presence.
 */
final class Bodies
{
    private Bodies()
    {
    }

    record DefineLocation(String code, String tier, Double lat, Double lon, List<String> capabilities)
    {
    }

    record LocationSettings(Integer ordersPerHour, Integer priority, Integer pickPackMinutes)
    {
    }

    record ChannelQuota(String sku, Long maxUnits, Integer maxPercent)
    {
    }

    record ChannelEligibility(String location, Boolean eligible)
    {
    }

    record DefineSku(String code, String unit)
    {
    }

    record DefineChannel(String code, Long holdTtlSeconds)
    {
    }

    /** type: receive, adjust, stocktake, sale, return, safety-stock. */
    record Movement(String type, String location, String sku, Long quantity, String reason)
    {
    }

    record Line(String sku, Long quantity)
    {
    }

    /** An order to route and hold, or (without orderId) a basket to ask a promise for. */
    record Order(
        Long orderId, String channel, String type, Double lat, Double lon, String pickupLocation, Long value,
        String promiseAt, Boolean allowPartial, Boolean allowAlternativePickup, List<Line> lines)
    {
    }

    record Extend(Long seconds)
    {
    }

    record AtLocation(String location)
    {
    }

    record Transfer(Long transferId, String from, String to, String sku, Long quantity)
    {
    }

    record Ship(String eta)
    {
    }

    record Receipt(Long quantity, String reason)
    {
    }

    /** A policy for a position (location and sku), a location's default (location) or a tier's (tier). */
    record ReplenishmentPolicy(
        String location, String sku, String tier, Boolean remove, String kind, Long reorderLevel, Long orderUpToLevel,
        Long overstockLevel, Long packSize, Long minOrderQuantity, String source, Integer leadTimeHours,
        Integer slowMoverDays)
    {
    }

    record Source(String source)
    {
    }

    record RequestTransfer(String location, String sku, Long transferId)
    {
    }

    record Position(String location, String sku)
    {
    }

    /** @param expiresAt an ISO-8601 instant, or null; {@code ttlSeconds} instead, or neither for a key that never expires. */
    record ApiKey(String name, String channel, List<String> scopes, String expiresAt, Long ttlSeconds)
    {
    }
}

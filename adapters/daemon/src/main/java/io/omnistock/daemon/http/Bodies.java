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

    record ReplenishmentPolicy(
        String location, String sku, Long reorderPoint, Long orderUpTo, Long packSize, Long minOrderQuantity,
        String source, Integer leadTimeHours)
    {
    }

    record Position(String location, String sku)
    {
    }

    record ApiKey(String name, String channel, List<String> scopes)
    {
    }
}

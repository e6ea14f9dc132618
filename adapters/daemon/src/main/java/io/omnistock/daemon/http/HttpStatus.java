package io.omnistock.daemon.http;

import io.omnistock.api.ReasonCode;

/** The HTTP status for each engine reason. */
final class HttpStatus
{
    private HttpStatus()
    {
    }

    static int of(final ReasonCode reason)
    {
        return switch (reason)
        {
            case OK -> 200;
            case UNKNOWN_RESERVATION, UNKNOWN_ORDER, UNKNOWN_LOCATION, UNKNOWN_SKU, UNKNOWN_CHANNEL,
                UNKNOWN_TRANSFER, UNKNOWN_PROMOTION -> 404;
            // The request is well formed but the state does not allow it: conflict.
            case DUPLICATE_COMMAND, DUPLICATE_RESERVATION, DUPLICATE_ORDER, DUPLICATE_LOCATION, DUPLICATE_SKU,
                DUPLICATE_CHANNEL, DUPLICATE_TRANSFER, TOO_MANY_LOCATIONS, TOO_MANY_SKUS, TOO_MANY_CHANNELS,
                INSUFFICIENT_STOCK, RELEASE_EXCEEDS_HELD, ADJUSTMENT_BELOW_RESERVED, TRANSFER_EXCEEDS_FREE_STOCK,
                RECEIPT_EXCEEDS_IN_TRANSIT, NO_ROUTE, ORDER_NOT_HELD, ORDER_NOT_CONFIRMED, NOTHING_ALLOCATED_HERE,
                CHANNEL_QUOTA_EXCEEDED, NO_OPEN_REQUEST, TRANSFER_NOT_CREATED, TRANSFER_NOT_SHIPPED, LOGIC_DOWNGRADE,
                ON_HAND_CHANGED, TOO_MANY_PROMOTIONS, LOGIC_TOO_OLD_FOR_COMMAND -> 409;
            case RING_FULL, ENGINE_HALTED, JOURNAL_FAILED, NO_LEADER -> 503;
            // Bad input the daemon checks before the engine sees it.
            case INVALID_EXTERNAL_REFERENCE, INVALID_METADATA -> 400;
            default -> 422;
        };
    }
}

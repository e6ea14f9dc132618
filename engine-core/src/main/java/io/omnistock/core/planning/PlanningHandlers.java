package io.omnistock.core.planning;

import io.omnistock.api.Limits;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.catalog.ChannelTable;
import io.omnistock.core.catalog.LocationTable;
import io.omnistock.core.catalog.SkuCatalog;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.state.PlanningCommands;

import static io.omnistock.api.ReasonCode.*;

/**
 * The forecast master data commands (issue 23): each validates in order with a named reason and
 * changes nothing when it refuses. None touches stock, so none changes what any other command decides.
 */
public final class PlanningHandlers implements PlanningCommands
{
    private final PlanningData data;
    private final LocationTable locations;
    private final SkuCatalog skus;
    private final ChannelTable channels;

    public PlanningHandlers(final PlanningData data, final LocationTable locations, final SkuCatalog skus,
        final ChannelTable channels)
    {
        this.data = data;
        this.locations = locations;
        this.skus = skus;
        this.channels = channels;
    }

    /** Price in quantity, cost in reservationId, category in capabilities. */
    public ReasonCode setSkuPrice(final CommandSlot c)
    {
        if (!skus.exists(c.sku))
        {
            return UNKNOWN_SKU;
        }
        if (!validPrice(c.quantity) || !validPrice(c.reservationId))
        {
            return INVALID_PRICE;
        }
        if (c.capabilities < 0)
        {
            return INVALID_CATEGORY;
        }
        data.apply(c.command());
        return OK;
    }

    /** Id in reservationId, category in capabilities, days in latMicros and lonMicros, uplift in quantity. */
    public ReasonCode putPromotion(final CommandSlot c)
    {
        final ReasonCode calendar = promotionCalendar(c);
        if (calendar != OK)
        {
            return calendar;
        }
        if (c.quantity < 0)
        {
            return NEGATIVE_UPLIFT;
        }
        if (c.quantity > Limits.MAX_UPLIFT_BASIS_POINTS)
        {
            return UPLIFT_TOO_LARGE;
        }
        return putPromotionRow(c);
    }

    /** As {@link #putPromotion} with no uplift to check: the forecast learns it. */
    public ReasonCode putLearnedPromotion(final CommandSlot c)
    {
        final ReasonCode calendar = promotionCalendar(c);
        return calendar != OK ? calendar : putPromotionRow(c);
    }

    /** A promotion's id, target, place, channel and days, checked in PUT_PROMOTION's order. */
    private ReasonCode promotionCalendar(final CommandSlot c)
    {
        if (c.reservationId == 0)
        {
            return INVALID_PROMOTION_ID;
        }
        if ((c.sku == -1) == (c.capabilities == 0) || c.capabilities < 0)
        {
            return INVALID_PROMOTION_TARGET;
        }
        if (c.sku != -1 && !skus.exists(c.sku))
        {
            return UNKNOWN_SKU;
        }
        if (c.location != -1 && !locations.exists(c.location))
        {
            return UNKNOWN_LOCATION;
        }
        if (c.channel != -1 && !channels.exists(c.channel))
        {
            return UNKNOWN_CHANNEL;
        }
        if (!validDay(c.latMicros) || !validDay(c.lonMicros))
        {
            return INVALID_PROMOTION_DAYS;
        }
        if (c.lonMicros < c.latMicros)
        {
            return PROMOTION_END_BEFORE_START;
        }
        return OK;
    }

    private ReasonCode putPromotionRow(final CommandSlot c)
    {
        if (data.promotionRow(c.reservationId) < 0 && data.promotionCount() >= Limits.MAX_PROMOTIONS)
        {
            return TOO_MANY_PROMOTIONS;
        }
        data.apply(c.command());
        return OK;
    }

    public ReasonCode deletePromotion(final CommandSlot c)
    {
        if (data.promotionRow(c.reservationId) < 0)
        {
            return UNKNOWN_PROMOTION;
        }
        data.apply(c.command());
        return OK;
    }

    /** Daily demand in quantity, levels in compareQuantity and orderUpTo, expiry in promiseAt. */
    public ReasonCode putForecastOverride(final CommandSlot c)
    {
        if (!locations.exists(c.location))
        {
            return UNKNOWN_LOCATION;
        }
        if (!skus.exists(c.sku))
        {
            return UNKNOWN_SKU;
        }
        if (c.quantity < -1 || c.quantity > Limits.MAX_COMMAND_QUANTITY || c.orderUpTo < 0 ||
            c.orderUpTo > Limits.MAX_COMMAND_QUANTITY || c.compareQuantity < 0 || c.compareQuantity > c.orderUpTo)
        {
            return INVALID_FORECAST_OVERRIDE;
        }
        // Neither a demand nor levels hands the position back to the model, whatever the expiry.
        final boolean removal = c.quantity == -1 && c.orderUpTo == 0;
        if (!removal && c.promiseAt <= c.timestamp)
        {
            return INVALID_OVERRIDE_EXPIRY;
        }
        data.apply(c.command());
        return OK;
    }

    /**
     * Units in quantity, amount in reservationId. Journal data only (what the forecast job and the
     * kpi tool read as sales value): checked, and nothing kept, so no state, snapshot or checksum changes.
     */
    public ReasonCode recordSaleAmount(final CommandSlot c)
    {
        if (!locations.exists(c.location))
        {
            return UNKNOWN_LOCATION;
        }
        if (!skus.exists(c.sku))
        {
            return UNKNOWN_SKU;
        }
        if (c.quantity <= 0)
        {
            return INVALID_QUANTITY;
        }
        if (c.quantity > Limits.MAX_COMMAND_QUANTITY)
        {
            return QUANTITY_TOO_LARGE;
        }
        return validPrice(c.reservationId) ? OK : INVALID_SALE_AMOUNT;
    }

    private static boolean validPrice(final long minorUnits)
    {
        return minorUnits >= 0 && minorUnits <= Limits.MAX_COMMAND_QUANTITY;
    }

    private static boolean validDay(final int epochDay)
    {
        return epochDay >= 0 && epochDay <= Limits.MAX_EPOCH_DAY;
    }
}

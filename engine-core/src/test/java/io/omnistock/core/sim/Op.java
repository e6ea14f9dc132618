package io.omnistock.core.sim;

import io.omnistock.api.AdjustmentReason;
import io.omnistock.api.Command;
import io.omnistock.api.CommandType;
import io.omnistock.api.CommandWriter;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.RoutingPolicy;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;

import java.util.ArrayList;
import java.util.List;

/**
 * One client command of the simulation as a plain value: what the workload generated, what the
 * auditor predicts from, and (through {@link #writeTo}) exactly what the engine receives, written
 * through the public {@link CommandWriter} as a client would. Only the fields of its type mean
 * anything. {@code id} is the reservation, order or transfer id of the commands that name one.
 */
final class Op implements Command
{
    /** Replenishment rule scopes, as {@link CommandWriter} names them. */
    enum Scope
    {
        POSITION, LOCATION, TIER
    }

    final CommandType type;
    long commandId;
    long fingerprint;
    long id;
    int location = -1;
    int toLocation = -1;
    int sku = -1;
    long quantity;
    int channel = -1;
    AdjustmentReason reason;
    String code;
    Tier tier;
    int latMicros;
    int lonMicros;
    int capabilities;
    StockUnit unit;
    FulfilmentType fulfilmentType;
    long orderValue;
    long promiseAt;
    int flags;
    final List<OrderLine> lines = new ArrayList<>();
    int ordersPerHour;
    int priority;
    int pickPackMinutes;
    int quotaPercent;
    boolean eligible;
    RoutingPolicy routingPolicy;
    ReplenishmentPolicy replenishment;
    Scope scope;
    /** SET_REPLENISHMENT_POLICY's min/max fields. */
    long reorderPoint;
    long orderUpTo;
    long packSize;
    long minOrderQuantity;
    int leadTimeHours;
    /** RESERVE's metadata ({@link #code} is its external reference). */
    String metadata;
    /** COMPARE_AND_SET_ON_HAND's expected on hand (its new on hand is {@link #quantity}). */
    long compare;
    /**
     * PUT_API_KEY's digest words (its name is {@link #code}, scopes {@link #capabilities}, expiry
     * {@link #quantity}); the first three are a webhook's secret (its id {@link #id}, kinds
     * {@link #capabilities}, previous secret's end or delivered sequence {@link #quantity}).
     */
    final long[] words = new long[4];
    /*
     * Issue 23's master data: SET_SKU_PRICE's price is quantity, cost words[0], category capabilities;
     * PUT_PROMOTION's id is id, category capabilities, days latMicros..lonMicros, uplift quantity (none for
     * PUT_LEARNED_PROMOTION);
     * PUT_FORECAST_OVERRIDE's demand is quantity, levels compare and orderUpTo, expiry promiseAt.
     */
    /** PUT_WEBHOOK's URL. */
    String text;

    Op(final CommandType type, final long commandId)
    {
        this.type = type;
        this.commandId = commandId;
    }

    @Override
    public void writeTo(final CommandWriter w)
    {
        switch (type)
        {
            case DEFINE_LOCATION -> w.defineLocation(commandId, code, tier, latMicros, lonMicros, capabilities);
            case DEFINE_SKU -> w.defineSku(commandId, code, unit);
            case RECEIVE -> w.receive(commandId, location, sku, quantity);
            case ADJUST -> w.adjust(commandId, location, sku, quantity, reason);
            case STOCKTAKE -> w.stocktake(commandId, location, sku, quantity);
            case COMPARE_AND_SET_ON_HAND -> w.compareAndSetOnHand(commandId, location, sku, compare, quantity, reason);
            case SALE -> w.sale(commandId, location, sku, quantity);
            case RETURN -> w.returnToStock(commandId, location, sku, quantity);
            case RESERVE ->
            {
                if (code == null && metadata == null)
                {
                    w.reserve(commandId, id, location, sku, quantity);
                }
                else
                {
                    w.reserveWithReference(commandId, id, location, sku, quantity, code, metadata);
                }
            }
            case RELEASE -> w.release(commandId, id, quantity);
            case FULFIL -> w.fulfil(commandId, id, quantity);
            case TRANSFER_OUT -> w.transferOut(commandId, location, toLocation, sku, quantity);
            case TRANSFER_IN -> w.transferIn(commandId, location, sku, quantity);
            case SET_SAFETY_STOCK -> w.setSafetyStock(commandId, location, sku, quantity);
            case QUERY_POSITION -> w.queryPosition(commandId, location, sku);
            case QUERY_AVAILABILITY -> w.queryAvailability(commandId, sku);
            case DEFINE_CHANNEL -> w.defineChannel(commandId, code, quantity);
            case ROUTE_ORDER, QUERY_PROMISE -> order().writeTo(commandId, w, type == CommandType.ROUTE_ORDER);
            case CONFIRM_ORDER -> w.confirmOrder(commandId, id);
            case EXTEND_ORDER -> w.extendOrder(commandId, id, quantity);
            case CANCEL_ORDER -> w.cancelOrder(commandId, id);
            case FULFIL_ORDER -> w.fulfilOrder(commandId, id, location);
            case REJECT_ALLOCATION -> w.rejectAllocation(commandId, id, location);
            case CONFIGURE_LOCATION -> w.configureLocation(commandId, location, ordersPerHour, priority, pickPackMinutes);
            case SET_PROTECTED_STOCK -> w.setProtectedStock(commandId, location, sku, quantity);
            case SET_WALK_IN_RESERVE -> w.setWalkInReserve(commandId, location, sku, quantity);
            case SET_CHANNEL_QUOTA -> w.setChannelQuota(commandId, channel, sku, quantity, quotaPercent);
            case SET_ROUTING_POLICY -> w.setRoutingPolicy(commandId, routingPolicy);
            case SET_CHANNEL_ELIGIBILITY -> w.setChannelEligibility(commandId, location, channel, eligible);
            case SET_REPLENISHMENT_POLICY -> w.setReplenishmentPolicy(commandId, location, sku, reorderPoint, orderUpTo,
                packSize, minOrderQuantity, toLocation, leadTimeHours);
            case CANCEL_REPLENISHMENT -> w.cancelReplenishment(commandId, location, sku);
            case CREATE_TRANSFER -> w.createTransfer(commandId, id, location, toLocation, sku, quantity);
            case SHIP_TRANSFER -> w.shipTransfer(commandId, id, quantity);
            case RECEIVE_TRANSFER -> w.receiveTransfer(commandId, id, quantity, reason);
            case CANCEL_TRANSFER -> w.cancelTransfer(commandId, id);
            case SET_REPLENISHMENT_RULE ->
            {
                switch (scope)
                {
                    case POSITION -> w.setPositionPolicy(commandId, location, sku, replenishment);
                    case LOCATION -> w.setLocationPolicy(commandId, location, replenishment);
                    case TIER -> w.setTierPolicy(commandId, tier, replenishment);
                }
            }
            case SET_LOCATION_SOURCE -> w.setLocationSource(commandId, location, toLocation);
            case TRANSFER_FROM_REQUEST -> w.transferFromRequest(commandId, id, location, sku);
            case QUERY_ORDER -> w.queryOrder(commandId, id);
            case UPGRADE_LOGIC -> w.upgradeLogic(commandId, (int)quantity);
            case PUT_API_KEY -> w.putApiKey(commandId, code, words[0], words[1], words[2], words[3], capabilities, channel,
                quantity);
            case REVOKE_API_KEY -> w.revokeApiKey(commandId, code);
            case PUT_WEBHOOK -> w.putWebhook(commandId, id, text, capabilities, channel, words[0], words[1], words[2]);
            case DELETE_WEBHOOK -> w.deleteWebhook(commandId, id);
            case ROTATE_WEBHOOK_SECRET -> w.rotateWebhookSecret(commandId, id, words[0], words[1], words[2], quantity);
            case WEBHOOK_DELIVERED -> w.webhookDelivered(commandId, id, quantity);
            case SET_SKU_PRICE -> w.setSkuPrice(commandId, sku, quantity, words[0], capabilities);
            case PUT_PROMOTION -> w.putPromotion(commandId, id, sku, capabilities, location, channel, latMicros, lonMicros,
                quantity);
            case PUT_LEARNED_PROMOTION -> w.putLearnedPromotion(commandId, id, sku, capabilities, location, channel,
                latMicros, lonMicros);
            case DELETE_PROMOTION -> w.deletePromotion(commandId, id);
            case PUT_FORECAST_OVERRIDE -> w.putForecastOverride(commandId, location, sku, quantity, compare, orderUpTo,
                promiseAt);
            case RECORD_SALE_AMOUNT -> w.recordSaleAmount(commandId, location, sku, quantity, words[0]);
            // Never a client's command: the engine's timer sends it.
            case EXPIRE_HOLDS -> throw new IllegalArgumentException("EXPIRE_HOLDS is the engine's own command");
        }
        if (fingerprint != 0)
        {
            w.fingerprint(fingerprint);
        }
    }

    /** The order a ROUTE_ORDER or QUERY_PROMISE describes. */
    Order order()
    {
        return new Order(id, channel, fulfilmentType, latMicros, lonMicros, location, orderValue, promiseAt, flags, lines);
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder().append(type).append('#').append(commandId);
        if (fingerprint != 0)
        {
            sb.append("/fp=").append(fingerprint);
        }
        sb.append('(');
        switch (type)
        {
            case DEFINE_LOCATION -> sb.append(quote(code)).append(',').append(tier).append(',').append(latMicros)
                .append(',').append(lonMicros).append(",caps=").append(capabilities);
            case DEFINE_SKU -> sb.append(quote(code)).append(',').append(unit);
            case DEFINE_CHANNEL -> sb.append(quote(code)).append(",ttl=").append(quantity);
            case ROUTE_ORDER, QUERY_PROMISE -> sb.append("order=").append(id).append(",ch=").append(channel)
                .append(',').append(fulfilmentType).append(",at=").append(latMicros).append('/').append(lonMicros)
                .append(",pickup=").append(location).append(",value=").append(orderValue).append(",promise=")
                .append(promiseAt).append(",flags=").append(flags).append(",lines=").append(lines);
            case SET_ROUTING_POLICY -> sb.append(routingPolicy == null ? "null" : routingPolicy.problem() == null ?
                "valid policy" : "policy: " + routingPolicy.problem());
            case SET_REPLENISHMENT_RULE -> sb.append(scope).append(",l=").append(location).append(",s=").append(sku)
                .append(",tier=").append(tier).append(',').append(replenishment);
            case SET_REPLENISHMENT_POLICY -> sb.append("l=").append(location).append(",s=").append(sku).append(",rop=")
                .append(reorderPoint).append(",out=").append(orderUpTo).append(",pack=").append(packSize)
                .append(",moq=").append(minOrderQuantity).append(",src=").append(toLocation).append(",lead=")
                .append(leadTimeHours);
            case CONFIGURE_LOCATION -> sb.append("l=").append(location).append(",perHour=").append(ordersPerHour)
                .append(",prio=").append(priority).append(",pick=").append(pickPackMinutes);
            case SET_CHANNEL_QUOTA -> sb.append("ch=").append(channel).append(",s=").append(sku).append(",units=")
                .append(quantity).append(",pct=").append(quotaPercent);
            case SET_CHANNEL_ELIGIBILITY -> sb.append("l=").append(location).append(",ch=").append(channel)
                .append(',').append(eligible);
            case COMPARE_AND_SET_ON_HAND -> sb.append("l=").append(location).append(",s=").append(sku).append(",if=")
                .append(compare).append(",set=").append(quantity).append(',').append(reason);
            default -> sb.append("id=").append(id).append(",l=").append(location).append("->").append(toLocation)
                .append(",s=").append(sku).append(",q=").append(quantity).append(reason == null ? "" : "," + reason);
        }
        return sb.append(')').toString();
    }

    private static String quote(final String s)
    {
        if (s == null)
        {
            return "null";
        }
        final StringBuilder sb = new StringBuilder("\"");
        for (final char ch : s.toCharArray())
        {
            sb.append(ch < 0x20 || ch > 0x7e ? String.format("\\u%04x", (int)ch) : String.valueOf(ch));
        }
        return sb.append('"').toString();
    }
}

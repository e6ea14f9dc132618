package io.omnistock.core.sim;

import io.omnistock.api.ApiKeyScopes;
import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandType;
import io.omnistock.api.EventKind;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Limits;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ReplenishmentKind;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.core.sim.AuditLedger.Pos;
import io.omnistock.core.sim.AuditLedger.SimOrder;
import io.omnistock.core.sim.AuditLedger.Transfer;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.omnistock.api.ReasonCode.*;

/**
 * The auditor's predictions: before a command, the reasons the engine may answer it with, from the
 * {@link AuditLedger} and the command alone, in the order of checks the API documents (see
 * {@link Auditor} for which types are exact).
 */
final class Predictor
{
    private final AuditLedger ledger;

    Predictor(final AuditLedger ledger)
    {
        this.ledger = ledger;
    }

    /**
     * @return the reasons the engine may answer {@code op} with at engine time {@code now}: one,
     *     where the auditor decides as the engine must.
     */
    Set<ReasonCode> expect(final Op op, final long now)
    {
        if (!op.type.journaled())
        {
            return query(op);
        }
        if (op.type == CommandType.UPGRADE_LOGIC && op.commandId == 0)
        {
            return EnumSet.of(upgrade(op));
        }
        if (op.commandId == 0)
        {
            return EnumSet.of(INVALID_COMMAND_ID);
        }
        final ReasonCode first = ledger.window.get(op.commandId);
        if (first != null)
        {
            final long firstFingerprint = ledger.fingerprints.getOrDefault(op.commandId, 0L);
            final boolean reused = op.fingerprint != 0 && firstFingerprint != 0 && op.fingerprint != firstFingerprint &&
                ledger.logicVersion >= 3;
            return EnumSet.of(reused ? IDEMPOTENCY_KEY_REUSED : DUPLICATE_COMMAND);
        }
        return execute(op, now);
    }

    private Set<ReasonCode> execute(final Op op, final long now)
    {
        return switch (op.type)
        {
            case DEFINE_LOCATION -> one(defineLocation(op));
            case DEFINE_SKU -> one(firstOf(code(op.code), ledger.skuCodes.contains(op.code) ? DUPLICATE_SKU : OK,
                op.unit == null ? INVALID_UNIT : OK));
            case DEFINE_CHANNEL -> one(firstOf(code(op.code), ledger.channelCodes.contains(op.code) ? DUPLICATE_CHANNEL : OK,
                op.quantity < Limits.MIN_HOLD_MILLIS || op.quantity > Limits.MAX_HOLD_MILLIS ? INVALID_HOLD_TTL : OK));
            case RECEIVE, RETURN -> one(firstOf(ref(op.location, op.sku), positive(op.quantity),
                ledger.pos(op.location, op.sku).onHand + op.quantity > Limits.MAX_POSITION_QUANTITY ? QUANTITY_OVERFLOW : OK));
            case ADJUST -> one(adjust(op));
            case COMPARE_AND_SET_ON_HAND -> one(compareAndSetOnHand(op));
            case STOCKTAKE, SET_SAFETY_STOCK, SET_PROTECTED_STOCK, SET_WALK_IN_RESERVE ->
                one(firstOf(ref(op.location, op.sku), nonNegative(op.quantity)));
            case SALE -> one(firstOf(ref(op.location, op.sku), positive(op.quantity)));
            case RESERVE -> one(reserve(op));
            case RELEASE, FULFIL -> one(releaseOrFulfil(op));
            case TRANSFER_OUT -> one(firstOf(transferRef(op),
                ledger.pos(op.location, op.sku).free() < op.quantity ? TRANSFER_EXCEEDS_FREE_STOCK : OK));
            case TRANSFER_IN -> one(firstOf(ref(op.location, op.sku), positive(op.quantity),
                ledger.pos(op.location, op.sku).inTransit - ledger.pos(op.location, op.sku).shippedIn < op.quantity ?
                    RECEIPT_EXCEEDS_IN_TRANSIT : OK));
            case ROUTE_ORDER -> routeOrder(op);
            case CONFIRM_ORDER -> one(held(op, now, false));
            case EXTEND_ORDER -> one(held(op, now, true));
            case CANCEL_ORDER -> one(ledger.orders.containsKey(op.id) ? OK : UNKNOWN_ORDER);
            case FULFIL_ORDER -> one(fulfilOrder(op));
            case REJECT_ALLOCATION -> one(rejectAllocation(op, now));
            case CONFIGURE_LOCATION -> one(firstOf(locationRef(op.location), op.ordersPerHour < 0 || op.priority < 0 ||
                op.priority > Limits.MAX_NODE_PRIORITY || op.pickPackMinutes < 0 || op.pickPackMinutes > 10_080 ?
                INVALID_LOCATION_SETTINGS : OK));
            case SET_CHANNEL_QUOTA -> one(firstOf(channelRef(op.channel), skuRef(op.sku),
                op.quantity < -1 || op.quotaPercent < -1 || op.quotaPercent > 100 ? INVALID_QUOTA : OK));
            case SET_ROUTING_POLICY -> one(op.routingPolicy == null || op.routingPolicy.problem() != null ?
                INVALID_POLICY : OK);
            case SET_CHANNEL_ELIGIBILITY -> one(firstOf(locationRef(op.location), channelRef(op.channel)));
            case SET_REPLENISHMENT_POLICY -> one(firstOf(ref(op.location, op.sku),
                op.toLocation == ReplenishmentPolicy.NETWORK ? UNKNOWN_LOCATION : OK,
                op.orderUpTo == 0 ? OK : policy(op.location, ReplenishmentKind.MIN_MAX, op.reorderPoint, op.orderUpTo, 0,
                    op.packSize, op.minOrderQuantity, op.toLocation, op.leadTimeHours, 0)));
            case SET_REPLENISHMENT_RULE -> one(replenishmentRule(op));
            case SET_LOCATION_SOURCE -> one(firstOf(locationRef(op.location), source(op.location, op.toLocation)));
            case CANCEL_REPLENISHMENT -> firstOr(ref(op.location, op.sku), OK, NO_OPEN_REQUEST);
            case TRANSFER_FROM_REQUEST -> firstOr(firstOf(op.id == 0 ? INVALID_TRANSFER_ID : OK, ref(op.location, op.sku),
                ledger.transfers.containsKey(op.id) ? DUPLICATE_TRANSFER : OK), OK, NO_OPEN_REQUEST,
                REQUEST_ALREADY_TRANSFERRED, REQUEST_FROM_SUPPLIER, QUANTITY_TOO_LARGE, TRANSFER_EXCEEDS_FREE_STOCK);
            case CREATE_TRANSFER -> one(firstOf(op.id == 0 ? INVALID_TRANSFER_ID : OK, transferRef(op),
                ledger.transfers.containsKey(op.id) ? DUPLICATE_TRANSFER : OK,
                ledger.pos(op.location, op.sku).free() < op.quantity ? TRANSFER_EXCEEDS_FREE_STOCK : OK));
            case SHIP_TRANSFER -> one(shipTransfer(op, now));
            case RECEIVE_TRANSFER -> one(receiveTransfer(op));
            case CANCEL_TRANSFER -> one(!ledger.transfers.containsKey(op.id) ? UNKNOWN_TRANSFER :
                ledger.transfers.get(op.id).shipped ? TRANSFER_NOT_CREATED : OK);
            case UPGRADE_LOGIC -> one(upgrade(op));
            case PUT_API_KEY -> one(firstOf(code(op.code), ledger.apiKeyRevoked.containsKey(op.code) ? API_KEY_NAME_TAKEN : OK,
                (op.words[0] | op.words[1] | op.words[2] | op.words[3]) == 0 ||
                    ledger.apiKeyDigests.contains(AuditLedger.digest(op.words)) ? INVALID_API_KEY_DIGEST : OK,
                op.capabilities == 0 || (op.capabilities & ~ApiKeyScopes.ALL) != 0 ? INVALID_API_KEY_SCOPES : OK,
                op.channel == -1 ? OK : channelRef(op.channel),
                op.quantity != 0 && op.quantity <= now ? INVALID_API_KEY_EXPIRY : OK));
            case REVOKE_API_KEY -> one(!ledger.apiKeyRevoked.containsKey(op.code) ? UNKNOWN_API_KEY :
                ledger.apiKeyRevoked.get(op.code) ? API_KEY_REVOKED : OK);
            case PUT_WEBHOOK -> one(firstOf(op.id == 0 ? INVALID_WEBHOOK_ID : OK,
                ledger.webhooks.containsKey(op.id) ? DUPLICATE_WEBHOOK : OK, webhookUrl(op.text),
                op.capabilities == 0 || (op.capabilities & ~((1 << EventKind.values().length) - 1)) != 0 ?
                    INVALID_WEBHOOK_KINDS : OK,
                op.channel == -1 ? OK : channelRef(op.channel), secret(op),
                ledger.webhooks.size() >= Limits.MAX_WEBHOOKS ? TOO_MANY_WEBHOOKS : OK));
            case DELETE_WEBHOOK -> one(ledger.webhooks.containsKey(op.id) ? OK : UNKNOWN_WEBHOOK);
            case ROTATE_WEBHOOK_SECRET -> one(firstOf(ledger.webhooks.containsKey(op.id) ? OK : UNKNOWN_WEBHOOK, secret(op)));
            case WEBHOOK_DELIVERED -> !ledger.webhooks.containsKey(op.id) ? one(UNKNOWN_WEBHOOK) :
                op.quantity < ledger.webhooks.get(op.id) || op.quantity == Long.MAX_VALUE / 2 ? one(INVALID_WEBHOOK_CURSOR) :
                // Past this command's own sequence is refused too; the auditor does not count sequences.
                EnumSet.of(OK, INVALID_WEBHOOK_CURSOR);
            case SET_SKU_PRICE -> one(firstOf(skuRef(op.sku), price(op.quantity), price(op.words[0]),
                op.capabilities < 0 ? INVALID_CATEGORY : OK));
            case PUT_PROMOTION -> one(firstOf(promotionCalendar(op), op.quantity < 0 ? NEGATIVE_UPLIFT : OK,
                op.quantity > Limits.MAX_UPLIFT_BASIS_POINTS ? UPLIFT_TOO_LARGE : OK));
            case PUT_LEARNED_PROMOTION -> one(promotionCalendar(op));
            case DELETE_PROMOTION -> one(ledger.promotions.contains(op.id) ? OK : UNKNOWN_PROMOTION);
            case PUT_FORECAST_OVERRIDE -> one(firstOf(locationRef(op.location), skuRef(op.sku),
                op.quantity < -1 || op.quantity > Limits.MAX_COMMAND_QUANTITY || op.orderUpTo < 0 ||
                    op.orderUpTo > Limits.MAX_COMMAND_QUANTITY || op.compare < 0 || op.compare > op.orderUpTo ?
                    INVALID_FORECAST_OVERRIDE : OK,
                op.quantity == -1 && op.orderUpTo == 0 || op.promiseAt > now ? OK : INVALID_OVERRIDE_EXPIRY));
            case RECORD_SALE_AMOUNT -> one(firstOf(locationRef(op.location), skuRef(op.sku), positive(op.quantity),
                op.words[0] < 0 || op.words[0] > Limits.MAX_COMMAND_QUANTITY ? INVALID_SALE_AMOUNT : OK));
            case QUERY_POSITION, QUERY_AVAILABILITY, QUERY_PROMISE, QUERY_ORDER, EXPIRE_HOLDS ->
                throw new IllegalArgumentException(op.type + " is not a client's journaled command");
        };
    }

    private static ReasonCode webhookUrl(final String url)
    {
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://")))
        {
            return INVALID_WEBHOOK_URL;
        }
        final byte[] utf8 = url.getBytes(StandardCharsets.UTF_8);
        return utf8.length > Limits.MAX_WEBHOOK_URL_BYTES || !new String(utf8, StandardCharsets.UTF_8).equals(url) ?
            INVALID_WEBHOOK_URL : OK;
    }

    private static ReasonCode price(final long minorUnits)
    {
        return minorUnits < 0 || minorUnits > Limits.MAX_COMMAND_QUANTITY ? INVALID_PRICE : OK;
    }

    private static ReasonCode secret(final Op op)
    {
        return (op.words[0] | op.words[1] | op.words[2]) == 0 ? INVALID_WEBHOOK_SECRET : OK;
    }

    private Set<ReasonCode> query(final Op op)
    {
        return switch (op.type)
        {
            case QUERY_POSITION -> one(ref(op.location, op.sku));
            case QUERY_AVAILABILITY -> one(skuRef(op.sku));
            case QUERY_ORDER -> one(ledger.orders.containsKey(op.id) ? OK : UNKNOWN_ORDER);
            case QUERY_PROMISE -> firstOr(validateOrder(op), OK, NO_ROUTE, CHANNEL_QUOTA_EXCEEDED);
            default -> throw new IllegalArgumentException(op.type + " is journaled");
        };
    }

    private ReasonCode defineLocation(final Op op)
    {
        return firstOf(code(op.code), ledger.locationCodes.contains(op.code) ? DUPLICATE_LOCATION : OK,
            op.tier == null ? INVALID_TIER : OK,
            Math.abs((long)op.latMicros) > Limits.MAX_LATITUDE_MICROS ||
                Math.abs((long)op.lonMicros) > Limits.MAX_LONGITUDE_MICROS ? INVALID_COORDINATES : OK,
            (op.capabilities & ~Capabilities.ALL) != 0 ? INVALID_CAPABILITIES : OK);
    }

    /** As docs/daemon.md says: position, the new on hand, the reason, the compare, then reservations. */
    private ReasonCode compareAndSetOnHand(final Op op)
    {
        final Pos p = ledger.pos(op.location, op.sku);
        return firstOf(ref(op.location, op.sku), nonNegative(op.quantity),
            op.reason == null ? INVALID_ADJUSTMENT_REASON : OK, p.onHand != op.compare ? ON_HAND_CHANGED : OK,
            op.quantity < p.onHand && op.quantity < p.reserved ? ADJUSTMENT_BELOW_RESERVED : OK);
    }

    private ReasonCode adjust(final Op op)
    {
        final ReasonCode r = firstOf(ref(op.location, op.sku), op.quantity == 0 ? ZERO_ADJUSTMENT : OK,
            Math.abs(op.quantity) > Limits.MAX_COMMAND_QUANTITY ? QUANTITY_TOO_LARGE : OK,
            op.reason == null ? INVALID_ADJUSTMENT_REASON : OK);
        if (r != OK)
        {
            return r;
        }
        final Pos p = ledger.pos(op.location, op.sku);
        final long after = p.onHand + op.quantity;
        if (after > Limits.MAX_POSITION_QUANTITY)
        {
            return QUANTITY_OVERFLOW;
        }
        return op.quantity < 0 && after < p.reserved ? ADJUSTMENT_BELOW_RESERVED : OK;
    }

    private ReasonCode reserve(final Op op)
    {
        final ReasonCode r = firstOf(op.id == 0 ? INVALID_RESERVATION_ID : OK, ref(op.location, op.sku),
            positive(op.quantity), utf8Length(op.code) > Limits.MAX_EXTERNAL_REFERENCE_BYTES ? INVALID_EXTERNAL_REFERENCE : OK,
            utf8Length(op.metadata) > Limits.MAX_METADATA_BYTES ? INVALID_METADATA : OK,
            ledger.reservations.containsKey(op.id) ? DUPLICATE_RESERVATION : OK);
        if (r != OK)
        {
            return r;
        }
        final Pos p = ledger.pos(op.location, op.sku);
        final long promisable = Math.max(0, p.available() - p.walkIn - p.protectedStock);
        return promisable < op.quantity ? INSUFFICIENT_STOCK : OK;
    }

    private static int utf8Length(final String text)
    {
        return text == null ? 0 : text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private ReasonCode releaseOrFulfil(final Op op)
    {
        return firstOf(op.id == 0 ? INVALID_RESERVATION_ID : OK, positive(op.quantity),
            !ledger.reservations.containsKey(op.id) ? UNKNOWN_RESERVATION : OK,
            ledger.reservations.containsKey(op.id) && op.quantity > ledger.reservations.get(op.id)[2] ? RELEASE_EXCEEDS_HELD : OK);
    }

    private ReasonCode transferRef(final Op op)
    {
        return firstOf(ref(op.location, op.sku), locationRef(op.toLocation),
            op.location == op.toLocation ? SAME_LOCATION : OK, positive(op.quantity));
    }

    /** Every check routing makes before it reads stock, in the order the engine makes them. */
    private ReasonCode validateOrder(final Op op)
    {
        ReasonCode r = firstOf(channelRef(op.channel), op.fulfilmentType == null ? INVALID_FULFILMENT_TYPE : OK,
            (op.flags & ~Order.ALL_FLAGS) != 0 ? INVALID_ORDER_FLAGS : OK,
            op.promiseAt < 0 ? INVALID_PROMISE_TIME : OK,
            op.orderValue < 0 && ledger.logicVersion >= 2 ? INVALID_ORDER_VALUE : OK,
            op.lines.size() > Limits.MAX_ORDER_LINES ? TOO_MANY_LINES : OK, op.lines.isEmpty() ? NO_LINES : OK);
        if (r != OK)
        {
            return r;
        }
        final Set<Integer> seen = new HashSet<>();
        for (final OrderLine line : op.lines)
        {
            r = firstOf(skuRef(line.sku()), positive(line.quantity()), seen.add(line.sku()) ? OK : DUPLICATE_LINE_SKU);
            if (r != OK)
            {
                return r;
            }
        }
        final boolean pickup = op.fulfilmentType == FulfilmentType.PICKUP;
        if (pickup)
        {
            return AuditLedger.exists(op.location, ledger.locations()) ? OK : PICKUP_STORE_REQUIRED;
        }
        return firstOf(op.location >= 0 ? locationRef(op.location) : OK,
            Math.abs((long)op.latMicros) > Limits.MAX_LATITUDE_MICROS ||
                Math.abs((long)op.lonMicros) > Limits.MAX_LONGITUDE_MICROS ? INVALID_DESTINATION : OK);
    }

    private Set<ReasonCode> routeOrder(final Op op)
    {
        return firstOr(firstOf(op.id == 0 ? INVALID_ORDER_ID : OK, ledger.orders.containsKey(op.id) ? DUPLICATE_ORDER : OK,
            validateOrder(op)), OK, NO_ROUTE, CHANNEL_QUOTA_EXCEEDED);
    }

    /** CONFIRM_ORDER, and EXTEND_ORDER with its extension checked first. */
    private ReasonCode held(final Op op, final long now, final boolean extend)
    {
        final SimOrder o = ledger.orders.get(op.id);
        if (o == null)
        {
            return UNKNOWN_ORDER;
        }
        if (extend && (op.quantity <= 0 || op.quantity > Limits.MAX_HOLD_MILLIS))
        {
            return INVALID_EXTENSION;
        }
        return o.state == OrderState.HELD && o.expiresAt > now ? OK : ORDER_NOT_HELD;
    }

    private ReasonCode fulfilOrder(final Op op)
    {
        final SimOrder o = ledger.orders.get(op.id);
        return firstOf(o == null ? UNKNOWN_ORDER : OK, locationRef(op.location),
            o != null && o.state != OrderState.CONFIRMED ? ORDER_NOT_CONFIRMED : OK,
            o != null && !AuditLedger.holdsAt(o, op.location) ? NOTHING_ALLOCATED_HERE : OK);
    }

    private ReasonCode rejectAllocation(final Op op, final long now)
    {
        final SimOrder o = ledger.orders.get(op.id);
        return firstOf(o == null ? UNKNOWN_ORDER : OK, locationRef(op.location),
            o != null && o.state == OrderState.HELD && o.expiresAt <= now ? ORDER_NOT_HELD : OK,
            o != null && !AuditLedger.holdsAt(o, op.location) ? NOTHING_ALLOCATED_HERE : OK);
    }

    private ReasonCode replenishmentRule(final Op op)
    {
        final ReplenishmentPolicy p = op.replenishment;
        final ReasonCode ref = switch (op.scope)
        {
            case POSITION -> ref(op.location, op.sku);
            case LOCATION -> locationRef(op.location);
            case TIER -> op.tier == null ? INVALID_TIER : OK;
        };
        if (ref != OK || p == null)
        {
            return ref;
        }
        if (op.scope == Op.Scope.TIER && p.sourceLocation() >= 0)
        {
            return INVALID_DEFAULT_SOURCE;
        }
        // A location's and a tier's policy name no position: their source is checked against location -1.
        final int at = op.scope == Op.Scope.POSITION || op.scope == Op.Scope.LOCATION ? op.location : -1;
        return policy(at, p.kind(), p.reorderLevel(), p.orderUpToLevel(), p.overstockLevel(), p.packSize(),
            p.minOrderQuantity(), p.sourceLocation(), p.leadTimeHours(), p.slowMoverDays());
    }

    private ReasonCode policy(
        final int location, final ReplenishmentKind kind, final long reorder, final long upTo, final long overstock,
        final long pack, final long moq, final int source, final int leadHours, final int slowDays)
    {
        final ReasonCode src = source(location, source);
        if (src != OK)
        {
            return src;
        }
        if (pack < 1 || pack > Limits.MAX_COMMAND_QUANTITY || moq < 0 || moq > Limits.MAX_COMMAND_QUANTITY ||
            leadHours < 0 || leadHours > 8_760 || slowDays < 0 || slowDays > 3_650)
        {
            return INVALID_REPLENISHMENT_POLICY;
        }
        return switch (kind)
        {
            case MIN_MAX -> reorder < 0 || reorder >= upTo || upTo > Limits.MAX_POSITION_QUANTITY || overstock != 0 ?
                INVALID_REPLENISHMENT_POLICY : OK;
            case DAYS_OF_COVER -> reorder < 1 || reorder >= upTo || upTo > overstock || overstock > 3_650 ?
                INVALID_COVER_DAYS : OK;
            case DYNAMIC -> reorder < 5_000 || reorder > 9_999 || upTo < 1 || upTo > 3_650 || overstock != 0 ?
                INVALID_SERVICE_LEVEL : OK;
        };
    }

    private ReasonCode source(final int location, final int source)
    {
        if (source == ReplenishmentPolicy.SUPPLIER || source == ReplenishmentPolicy.NETWORK)
        {
            return OK;
        }
        return source == location ? SAME_LOCATION : locationRef(source);
    }

    private ReasonCode shipTransfer(final Op op, final long now)
    {
        final Transfer t = ledger.transfers.get(op.id);
        if (t == null)
        {
            return UNKNOWN_TRANSFER;
        }
        return firstOf(t.shipped ? TRANSFER_NOT_CREATED : OK, op.quantity < now ? INVALID_ETA : OK);
    }

    private ReasonCode receiveTransfer(final Op op)
    {
        final Transfer t = ledger.transfers.get(op.id);
        if (t == null)
        {
            return UNKNOWN_TRANSFER;
        }
        return firstOf(!t.shipped ? TRANSFER_NOT_SHIPPED : OK, nonNegative(op.quantity),
            op.quantity != t.quantity && op.reason == null ? DISCREPANCY_REASON_REQUIRED : OK,
            ledger.pos(t.to, t.sku).inTransit < t.quantity ? RECEIPT_EXCEEDS_IN_TRANSIT : OK);
    }

    private ReasonCode upgrade(final Op op)
    {
        if (op.quantity < 1 || op.quantity > ledger.latestLogic)
        {
            return UNKNOWN_LOGIC_VERSION;
        }
        return op.quantity < ledger.logicVersion ? LOGIC_DOWNGRADE : OK;
    }

    private ReasonCode locationRef(final int location)
    {
        return AuditLedger.exists(location, ledger.locations()) ? OK : UNKNOWN_LOCATION;
    }

    private ReasonCode skuRef(final int sku)
    {
        return AuditLedger.exists(sku, ledger.skus()) ? OK : UNKNOWN_SKU;
    }

    private ReasonCode channelRef(final int channel)
    {
        return AuditLedger.exists(channel, ledger.channels()) ? OK : UNKNOWN_CHANNEL;
    }

    private ReasonCode ref(final int location, final int sku)
    {
        return firstOf(locationRef(location), skuRef(sku));
    }

    private static ReasonCode positive(final long quantity)
    {
        return quantity <= 0 ? INVALID_QUANTITY : quantity > Limits.MAX_COMMAND_QUANTITY ? QUANTITY_TOO_LARGE : OK;
    }

    private static ReasonCode nonNegative(final long quantity)
    {
        return quantity < 0 ? NEGATIVE_QUANTITY : quantity > Limits.MAX_COMMAND_QUANTITY ? QUANTITY_TOO_LARGE : OK;
    }

    /** Codes: 1 to 64 bytes of UTF-8 that survive the round trip, and no invisible characters (logic 3). */
    private ReasonCode code(final String code)
    {
        if (code == null || code.isEmpty())
        {
            return CODE_EMPTY;
        }
        final byte[] utf8 = code.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > Limits.MAX_CODE_BYTES)
        {
            return CODE_TOO_LONG;
        }
        if (!new String(utf8, StandardCharsets.UTF_8).equals(code))
        {
            return CODE_INVALID;
        }
        // The workload's only invisible characters are C0 controls.
        return ledger.logicVersion >= 3 && code.chars().anyMatch(ch -> ch < 0x20) ? CODE_INVALID : OK;
    }

    /** PUT_PROMOTION's and PUT_LEARNED_PROMOTION's checks before the uplift, in the handlers' order. */
    private ReasonCode promotionCalendar(final Op op)
    {
        return firstOf(op.id == 0 ? INVALID_PROMOTION_ID : OK,
            (op.sku == -1) == (op.capabilities == 0) || op.capabilities < 0 ? INVALID_PROMOTION_TARGET : OK,
            op.sku == -1 ? OK : skuRef(op.sku), op.location == -1 ? OK : locationRef(op.location),
            op.channel == -1 ? OK : channelRef(op.channel),
            op.latMicros < 0 || op.lonMicros < 0 || op.latMicros > Limits.MAX_EPOCH_DAY || op.lonMicros > Limits.MAX_EPOCH_DAY ?
                INVALID_PROMOTION_DAYS : OK,
            op.lonMicros < op.latMicros ? PROMOTION_END_BEFORE_START : OK);
    }

    /** The first of the checks, in order, that is not OK. */
    private static ReasonCode firstOf(final ReasonCode... checks)
    {
        for (final ReasonCode r : checks)
        {
            if (r != OK)
            {
                return r;
            }
        }
        return OK;
    }

    /** {@code first} if it rejects; else any of {@code then}. */
    private static Set<ReasonCode> firstOr(final ReasonCode first, final ReasonCode... then)
    {
        return first != OK ? EnumSet.of(first) : EnumSet.copyOf(List.of(then));
    }

    private static Set<ReasonCode> one(final ReasonCode r)
    {
        return EnumSet.of(r);
    }
}

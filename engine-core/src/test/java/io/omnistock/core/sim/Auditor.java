package io.omnistock.core.sim;

import io.omnistock.api.Allocation;
import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandType;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Limits;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ReplenishmentKind;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.RoutingPolicy;
import io.omnistock.api.Tier;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.omnistock.api.ReasonCode.*;

/**
 * The simulator's independent bookkeeping: plain maps, no engine code, written from the API
 * documentation and the reason codes' messages. Before each command it predicts the reasons the
 * engine may answer; after it, it checks the answer and applies the command's effect to its own
 * ledger, which the {@link Simulator} compares with the engine's through queries. It covers every
 * command type a client can send, 39 of the 40 (the jqwik properties' ReferenceModel covers the 15
 * stock, reservation and definition types, and exact position outcomes for them, through the
 * Cmd record; it stays theirs). It reads no engine class, so it survives the domain split.
 *
 * <p>Exact prediction (one reason) for: DEFINE_LOCATION, DEFINE_SKU, DEFINE_CHANNEL, RECEIVE,
 * ADJUST, STOCKTAKE, SALE, RETURN, RESERVE (including walk-in and protected stock), RELEASE,
 * FULFIL, TRANSFER_OUT, TRANSFER_IN (units shipped by transfer orders excluded), SET_SAFETY_STOCK,
 * SET_PROTECTED_STOCK, SET_WALK_IN_RESERVE, SET_CHANNEL_QUOTA, SET_CHANNEL_ELIGIBILITY,
 * CONFIGURE_LOCATION, SET_ROUTING_POLICY, CONFIRM_ORDER, EXTEND_ORDER, CANCEL_ORDER, FULFIL_ORDER,
 * REJECT_ALLOCATION, CREATE_TRANSFER, SHIP_TRANSFER, RECEIVE_TRANSFER, CANCEL_TRANSFER,
 * SET_REPLENISHMENT_POLICY, SET_REPLENISHMENT_RULE (all three scopes), SET_LOCATION_SOURCE,
 * UPGRADE_LOGIC, QUERY_POSITION, QUERY_AVAILABILITY, QUERY_ORDER; the idempotency window
 * (duplicates, reused keys with another fingerprint) for every journaled type.
 *
 * <p>Exact up to a decision the auditor does not re-implement (a set of reasons): ROUTE_ORDER and
 * QUERY_PROMISE (every validation exact; then OK, NO_ROUTE or CHANNEL_QUOTA_EXCEEDED: routing
 * itself is not modelled, but each allocation it makes is checked against the auditor's stock
 * (with transfer orders arriving in time, for a SCHEDULED order with a promise), the order's lines
 * and the channel's eligible locations, and then booked), REJECT_ALLOCATION's
 * re-route (checked and booked the same way), CANCEL_REPLENISHMENT and TRANSFER_FROM_REQUEST
 * (whether a replenishment request is open is not modelled; a transfer made from one is checked
 * against free stock and booked). EXPIRE_HOLDS, the engine's own, is modelled as the auditor's
 * {@link #expireDue} at each clock step.
 */
final class Auditor
{
    /** One position's quantities as the auditor books them. */
    static final class Pos
    {
        long onHand;
        long reserved;
        long inTransit;
        long safety;
        long walkIn;
        long protectedStock;
        /** In transit here because transfer orders shipped it: TRANSFER_IN may not take it. */
        long shippedIn;

        long available()
        {
            return Math.max(0, onHand - reserved - safety);
        }

        long free()
        {
            return onHand - reserved;
        }
    }

    static final class SimOrder
    {
        final long id;
        final int channel;
        final Order order;
        OrderState state = OrderState.HELD;
        long expiresAt;
        final List<Allocation> allocations = new ArrayList<>();
        final Set<Integer> rejected = new HashSet<>();

        SimOrder(final long id, final int channel, final Order order)
        {
            this.id = id;
            this.channel = channel;
            this.order = order;
        }
    }

    static final class Transfer
    {
        final int from;
        final int to;
        final int sku;
        final long quantity;
        boolean shipped;
        long etaMillis;

        Transfer(final int from, final int to, final int sku, final long quantity)
        {
            this.from = from;
            this.to = to;
            this.sku = sku;
            this.quantity = quantity;
        }
    }

    private final List<String> locationCodes = new ArrayList<>();
    private final List<Tier> locationTiers = new ArrayList<>();
    private final List<String> skuCodes = new ArrayList<>();
    private final List<String> channelCodes = new ArrayList<>();
    private final List<Long> channelTtls = new ArrayList<>();
    private final Map<Long, Pos> positions = new HashMap<>();
    private final Map<Long, long[]> reservations = new TreeMap<>();
    private final Map<Long, SimOrder> orders = new TreeMap<>();
    private final Map<Long, Transfer> transfers = new TreeMap<>();
    private final Set<Long> excluded = new HashSet<>();
    private final Map<Long, ReasonCode> window = new HashMap<>();
    private final Map<Long, Long> fingerprints = new HashMap<>();
    /** Orders fulfilled, cancelled or expired, in the order they closed. */
    private final List<Long> closedOrders = new ArrayList<>();
    private int logicVersion;
    /** The engine starts with the default policy; SET_ROUTING_POLICY replaces it. */
    private RoutingPolicy routingPolicy = RoutingPolicy.defaults();
    /** The newest logic version the build knows: an engine on a new journal starts in it. */
    private final int latestLogic;

    Auditor(final int latestLogic)
    {
        this.logicVersion = latestLogic;
        this.latestLogic = latestLogic;
    }

    // ---- what the workload and the simulator read ----

    int locations()
    {
        return locationCodes.size();
    }

    int skus()
    {
        return skuCodes.size();
    }

    int channels()
    {
        return channelCodes.size();
    }

    String locationCode(final int location)
    {
        return locationCodes.get(location);
    }

    String skuCode(final int sku)
    {
        return skuCodes.get(sku);
    }

    Pos pos(final int location, final int sku)
    {
        final Pos p = positions.get(key(location, sku));
        return p == null ? new Pos() : p;
    }

    Map<Long, long[]> reservations()
    {
        return reservations;
    }

    Map<Long, SimOrder> orders()
    {
        return orders;
    }

    Map<Long, Transfer> transfers()
    {
        return transfers;
    }

    List<Long> closedOrders()
    {
        return closedOrders;
    }

    long tierAvailable(final int sku, final Tier tier)
    {
        long sum = 0;
        for (int l = 0; l < locations(); l++)
        {
            if (locationTiers.get(l) == tier)
            {
                sum += pos(l, sku).available();
            }
        }
        return sum;
    }

    // ---- prediction ----

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
        final ReasonCode first = window.get(op.commandId);
        if (first != null)
        {
            final long firstFingerprint = fingerprints.getOrDefault(op.commandId, 0L);
            final boolean reused = op.fingerprint != 0 && firstFingerprint != 0 && op.fingerprint != firstFingerprint &&
                logicVersion >= 3;
            return EnumSet.of(reused ? IDEMPOTENCY_KEY_REUSED : DUPLICATE_COMMAND);
        }
        return execute(op, now);
    }

    private Set<ReasonCode> execute(final Op op, final long now)
    {
        return switch (op.type)
        {
            case DEFINE_LOCATION -> one(defineLocation(op));
            case DEFINE_SKU -> one(firstOf(code(op.code), skuCodes.contains(op.code) ? DUPLICATE_SKU : OK,
                op.unit == null ? INVALID_UNIT : OK));
            case DEFINE_CHANNEL -> one(firstOf(code(op.code), channelCodes.contains(op.code) ? DUPLICATE_CHANNEL : OK,
                op.quantity < Limits.MIN_HOLD_MILLIS || op.quantity > Limits.MAX_HOLD_MILLIS ? INVALID_HOLD_TTL : OK));
            case RECEIVE, RETURN -> one(firstOf(ref(op.location, op.sku), positive(op.quantity),
                pos(op.location, op.sku).onHand + op.quantity > Limits.MAX_POSITION_QUANTITY ? QUANTITY_OVERFLOW : OK));
            case ADJUST -> one(adjust(op));
            case STOCKTAKE, SET_SAFETY_STOCK, SET_PROTECTED_STOCK, SET_WALK_IN_RESERVE ->
                one(firstOf(ref(op.location, op.sku), nonNegative(op.quantity)));
            case SALE -> one(firstOf(ref(op.location, op.sku), positive(op.quantity)));
            case RESERVE -> one(reserve(op));
            case RELEASE, FULFIL -> one(releaseOrFulfil(op));
            case TRANSFER_OUT -> one(firstOf(transferRef(op),
                pos(op.location, op.sku).free() < op.quantity ? TRANSFER_EXCEEDS_FREE_STOCK : OK));
            case TRANSFER_IN -> one(firstOf(ref(op.location, op.sku), positive(op.quantity),
                pos(op.location, op.sku).inTransit - pos(op.location, op.sku).shippedIn < op.quantity ?
                    RECEIPT_EXCEEDS_IN_TRANSIT : OK));
            case ROUTE_ORDER -> routeOrder(op);
            case CONFIRM_ORDER -> one(held(op, now, false));
            case EXTEND_ORDER -> one(held(op, now, true));
            case CANCEL_ORDER -> one(orders.containsKey(op.id) ? OK : UNKNOWN_ORDER);
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
                transfers.containsKey(op.id) ? DUPLICATE_TRANSFER : OK), OK, NO_OPEN_REQUEST,
                REQUEST_ALREADY_TRANSFERRED, REQUEST_FROM_SUPPLIER, QUANTITY_TOO_LARGE, TRANSFER_EXCEEDS_FREE_STOCK);
            case CREATE_TRANSFER -> one(firstOf(op.id == 0 ? INVALID_TRANSFER_ID : OK, transferRef(op),
                transfers.containsKey(op.id) ? DUPLICATE_TRANSFER : OK,
                pos(op.location, op.sku).free() < op.quantity ? TRANSFER_EXCEEDS_FREE_STOCK : OK));
            case SHIP_TRANSFER -> one(shipTransfer(op, now));
            case RECEIVE_TRANSFER -> one(receiveTransfer(op));
            case CANCEL_TRANSFER -> one(!transfers.containsKey(op.id) ? UNKNOWN_TRANSFER :
                transfers.get(op.id).shipped ? TRANSFER_NOT_CREATED : OK);
            case UPGRADE_LOGIC -> one(upgrade(op));
            case QUERY_POSITION, QUERY_AVAILABILITY, QUERY_PROMISE, QUERY_ORDER, EXPIRE_HOLDS ->
                throw new IllegalArgumentException(op.type + " is not a client's journaled command");
        };
    }

    private Set<ReasonCode> query(final Op op)
    {
        return switch (op.type)
        {
            case QUERY_POSITION -> one(ref(op.location, op.sku));
            case QUERY_AVAILABILITY -> one(skuRef(op.sku));
            case QUERY_ORDER -> one(orders.containsKey(op.id) ? OK : UNKNOWN_ORDER);
            case QUERY_PROMISE -> firstOr(validateOrder(op), OK, NO_ROUTE, CHANNEL_QUOTA_EXCEEDED);
            default -> throw new IllegalArgumentException(op.type + " is journaled");
        };
    }

    private ReasonCode defineLocation(final Op op)
    {
        return firstOf(code(op.code), locationCodes.contains(op.code) ? DUPLICATE_LOCATION : OK,
            op.tier == null ? INVALID_TIER : OK,
            Math.abs((long)op.latMicros) > Limits.MAX_LATITUDE_MICROS ||
                Math.abs((long)op.lonMicros) > Limits.MAX_LONGITUDE_MICROS ? INVALID_COORDINATES : OK,
            (op.capabilities & ~Capabilities.ALL) != 0 ? INVALID_CAPABILITIES : OK);
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
        final Pos p = pos(op.location, op.sku);
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
            positive(op.quantity), reservations.containsKey(op.id) ? DUPLICATE_RESERVATION : OK);
        if (r != OK)
        {
            return r;
        }
        final Pos p = pos(op.location, op.sku);
        final long promisable = Math.max(0, p.available() - p.walkIn - p.protectedStock);
        return promisable < op.quantity ? INSUFFICIENT_STOCK : OK;
    }

    private ReasonCode releaseOrFulfil(final Op op)
    {
        return firstOf(op.id == 0 ? INVALID_RESERVATION_ID : OK, positive(op.quantity),
            !reservations.containsKey(op.id) ? UNKNOWN_RESERVATION : OK,
            reservations.containsKey(op.id) && op.quantity > reservations.get(op.id)[2] ? RELEASE_EXCEEDS_HELD : OK);
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
            op.orderValue < 0 && logicVersion >= 2 ? INVALID_ORDER_VALUE : OK,
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
            return exists(op.location, locations()) ? OK : PICKUP_STORE_REQUIRED;
        }
        return firstOf(op.location >= 0 ? locationRef(op.location) : OK,
            Math.abs((long)op.latMicros) > Limits.MAX_LATITUDE_MICROS ||
                Math.abs((long)op.lonMicros) > Limits.MAX_LONGITUDE_MICROS ? INVALID_DESTINATION : OK);
    }

    private Set<ReasonCode> routeOrder(final Op op)
    {
        return firstOr(firstOf(op.id == 0 ? INVALID_ORDER_ID : OK, orders.containsKey(op.id) ? DUPLICATE_ORDER : OK,
            validateOrder(op)), OK, NO_ROUTE, CHANNEL_QUOTA_EXCEEDED);
    }

    /** CONFIRM_ORDER, and EXTEND_ORDER with its extension checked first. */
    private ReasonCode held(final Op op, final long now, final boolean extend)
    {
        final SimOrder o = orders.get(op.id);
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
        final SimOrder o = orders.get(op.id);
        return firstOf(o == null ? UNKNOWN_ORDER : OK, locationRef(op.location),
            o != null && o.state != OrderState.CONFIRMED ? ORDER_NOT_CONFIRMED : OK,
            o != null && !holdsAt(o, op.location) ? NOTHING_ALLOCATED_HERE : OK);
    }

    private ReasonCode rejectAllocation(final Op op, final long now)
    {
        final SimOrder o = orders.get(op.id);
        return firstOf(o == null ? UNKNOWN_ORDER : OK, locationRef(op.location),
            o != null && o.state == OrderState.HELD && o.expiresAt <= now ? ORDER_NOT_HELD : OK,
            o != null && !holdsAt(o, op.location) ? NOTHING_ALLOCATED_HERE : OK);
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
        final Transfer t = transfers.get(op.id);
        if (t == null)
        {
            return UNKNOWN_TRANSFER;
        }
        return firstOf(t.shipped ? TRANSFER_NOT_CREATED : OK, op.quantity < now ? INVALID_ETA : OK);
    }

    private ReasonCode receiveTransfer(final Op op)
    {
        final Transfer t = transfers.get(op.id);
        if (t == null)
        {
            return UNKNOWN_TRANSFER;
        }
        return firstOf(!t.shipped ? TRANSFER_NOT_SHIPPED : OK, nonNegative(op.quantity),
            op.quantity != t.quantity && op.reason == null ? DISCREPANCY_REASON_REQUIRED : OK,
            pos(t.to, t.sku).inTransit < t.quantity ? RECEIPT_EXCEEDS_IN_TRANSIT : OK);
    }

    private ReasonCode upgrade(final Op op)
    {
        if (op.quantity < 1 || op.quantity > latestLogic)
        {
            return UNKNOWN_LOGIC_VERSION;
        }
        return op.quantity < logicVersion ? LOGIC_DOWNGRADE : OK;
    }

    // ---- checking and booking ----

    /**
     * Checks the engine's answer to {@code op} against {@code expected}, then books what it did.
     *
     * @throws AssertionError naming the first difference.
     */
    void apply(final Op op, final Set<ReasonCode> expected, final CommandResult r)
    {
        apply(op, expected, r, r.reason());
    }

    /**
     * As {@link #apply(Op, Set, CommandResult)}, for a command answered {@link ReasonCode#JOURNAL_FAILED}
     * that recovery found in the journal after all: {@code reason} is what it was decided as.
     */
    void apply(final Op op, final Set<ReasonCode> expected, final CommandResult r, final ReasonCode reason)
    {
        check(r.commandId() == op.commandId && r.type() == op.type, "answer for another command: " + r);
        check(expected.contains(reason), "reason " + reason + ", expected " + expected + "; result " + r);
        check(r.available() >= 0, "negative available " + r.available());
        if (reason == DUPLICATE_COMMAND)
        {
            check(r.originalReason() == window.get(op.commandId), "original reason " + r.originalReason() +
                ", expected " + window.get(op.commandId));
            return;
        }
        if (reason == IDEMPOTENCY_KEY_REUSED || !op.type.journaled())
        {
            checkQuery(op, r);
            return;
        }
        if (op.commandId != 0)
        {
            window.put(op.commandId, reason);
            if (op.fingerprint != 0)
            {
                fingerprints.put(op.commandId, op.fingerprint);
            }
        }
        if (reason != OK)
        {
            checkDescribed(op, r);
            return;
        }
        book(op, r);
        checkDescribed(op, r);
    }

    private void book(final Op op, final CommandResult r)
    {
        switch (op.type)
        {
            case DEFINE_LOCATION ->
            {
                check(r.assignedId() == locations(), "location id " + r.assignedId());
                locationCodes.add(op.code);
                locationTiers.add(op.tier);
            }
            case DEFINE_SKU ->
            {
                check(r.assignedId() == skus(), "SKU id " + r.assignedId());
                skuCodes.add(op.code);
            }
            case DEFINE_CHANNEL ->
            {
                check(r.assignedId() == channels(), "channel id " + r.assignedId());
                channelCodes.add(op.code);
                channelTtls.add(op.quantity);
            }
            case RECEIVE, RETURN -> at(op.location, op.sku).onHand += op.quantity;
            case ADJUST -> at(op.location, op.sku).onHand += op.quantity;
            case STOCKTAKE -> at(op.location, op.sku).onHand = op.quantity;
            case SALE -> at(op.location, op.sku).onHand -= op.quantity;
            case SET_SAFETY_STOCK -> at(op.location, op.sku).safety = op.quantity;
            case SET_PROTECTED_STOCK -> at(op.location, op.sku).protectedStock = op.quantity;
            case SET_WALK_IN_RESERVE -> at(op.location, op.sku).walkIn = op.quantity;
            case RESERVE ->
            {
                at(op.location, op.sku).reserved += op.quantity;
                reservations.put(op.id, new long[] {op.location, op.sku, op.quantity});
                check(r.held() == op.quantity, "held " + r.held());
            }
            case RELEASE, FULFIL ->
            {
                final long[] res = reservations.get(op.id);
                final Pos p = at((int)res[0], (int)res[1]);
                p.reserved -= op.quantity;
                if (op.type == CommandType.FULFIL)
                {
                    p.onHand -= op.quantity;
                }
                res[2] -= op.quantity;
                check(r.held() == res[2], "held " + r.held() + ", expected " + res[2]);
                if (res[2] == 0)
                {
                    reservations.remove(op.id);
                }
            }
            case TRANSFER_OUT ->
            {
                at(op.location, op.sku).onHand -= op.quantity;
                at(op.toLocation, op.sku).inTransit += op.quantity;
            }
            case TRANSFER_IN ->
            {
                final Pos p = at(op.location, op.sku);
                p.inTransit -= op.quantity;
                p.onHand += op.quantity;
            }
            case ROUTE_ORDER -> bookRoute(op, r);
            case CONFIRM_ORDER -> orders.get(op.id).state = OrderState.CONFIRMED;
            case EXTEND_ORDER ->
            {
                final SimOrder o = orders.get(op.id);
                o.expiresAt += op.quantity;
                check(r.expiresAt() == o.expiresAt, "extended to " + r.expiresAt() + ", expected " + o.expiresAt);
            }
            case CANCEL_ORDER -> close(orders.get(op.id));
            case FULFIL_ORDER -> fulfilOrder(orders.get(op.id), op.location);
            case REJECT_ALLOCATION -> bookReroute(op, r);
            case SET_CHANNEL_ELIGIBILITY ->
            {
                final long pair = key(op.location, op.channel);
                if (op.eligible)
                {
                    excluded.remove(pair);
                }
                else
                {
                    excluded.add(pair);
                }
            }
            case CREATE_TRANSFER ->
            {
                at(op.location, op.sku).reserved += op.quantity;
                transfers.put(op.id, new Transfer(op.location, op.toLocation, op.sku, op.quantity));
            }
            case TRANSFER_FROM_REQUEST -> bookTransferFromRequest(op, r);
            case SHIP_TRANSFER ->
            {
                final Transfer t = transfers.get(op.id);
                final Pos from = at(t.from, t.sku);
                from.onHand -= t.quantity;
                from.reserved -= t.quantity;
                final Pos to = at(t.to, t.sku);
                to.inTransit += t.quantity;
                to.shippedIn += t.quantity;
                t.shipped = true;
                t.etaMillis = op.quantity;
            }
            case RECEIVE_TRANSFER ->
            {
                final Transfer t = transfers.remove(op.id);
                final Pos to = at(t.to, t.sku);
                to.inTransit -= t.quantity;
                to.shippedIn -= t.quantity;
                to.onHand += op.quantity;
            }
            case CANCEL_TRANSFER ->
            {
                final Transfer t = transfers.remove(op.id);
                at(t.from, t.sku).reserved -= t.quantity;
            }
            case UPGRADE_LOGIC -> logicVersion = (int)op.quantity;
            case SET_ROUTING_POLICY -> routingPolicy = op.routingPolicy;
            default ->
            {
                // Configuration the auditor's ledger does not depend on: location settings, quotas,
                // replenishment policies, sources, request cancellations.
            }
        }
    }

    private void bookRoute(final Op op, final CommandResult r)
    {
        final SimOrder o = new SimOrder(op.id, op.channel, op.order());
        o.expiresAt = r.timestamp() + channelTtls.get(op.channel);
        check(r.expiresAt() == o.expiresAt, "hold expires at " + r.expiresAt() + ", expected " + o.expiresAt);
        check(r.orderState() == OrderState.HELD, "order state " + r.orderState());
        final long[] perLine = new long[op.lines.size()];
        for (final Allocation a : r.allocations())
        {
            perLine[a.line()] += a.quantity();
        }
        for (int line = 0; line < perLine.length; line++)
        {
            final long want = op.lines.get(line).quantity();
            check(perLine[line] <= want, "line " + line + " allocated " + perLine[line] + " of " + want);
            check((op.flags & Order.ALLOW_PARTIAL) != 0 || perLine[line] == want,
                "line " + line + " of an order without ALLOW_PARTIAL allocated " + perLine[line] + " of " + want);
        }
        orders.put(op.id, o);
        allocate(o, r);
    }

    private void bookReroute(final Op op, final CommandResult r)
    {
        final SimOrder o = orders.get(op.id);
        final long[] moved = new long[o.order.lines().size()];
        for (final Allocation a : List.copyOf(o.allocations))
        {
            if (a.location() == op.location)
            {
                at(a.location(), a.sku()).reserved -= a.quantity();
                moved[a.line()] += a.quantity();
                o.allocations.remove(a);
            }
        }
        o.rejected.add(op.location);
        for (final Allocation a : r.allocations())
        {
            check(!o.rejected.contains(a.location()), "re-routed back to rejecting location " + a.location());
            moved[a.line()] -= a.quantity();
        }
        for (int line = 0; line < moved.length; line++)
        {
            check(moved[line] >= 0, "re-route of line " + line + " allocated more than was rejected");
        }
        allocate(o, r);
    }

    /** Books the allocations a routing result made for {@code o}, each checked against the auditor's stock. */
    private void allocate(final SimOrder o, final CommandResult r)
    {
        for (final Allocation a : r.allocations())
        {
            check(exists(a.location(), locations()), "allocation at unknown location " + a.location());
            check(a.quantity() > 0, "allocation of " + a.quantity());
            check(a.line() >= 0 && a.line() < o.order.lines().size() &&
                o.order.lines().get(a.line()).sku() == a.sku(), "allocation " + a + " names the wrong SKU or line");
            check(!excluded.contains(key(a.location(), o.channel)),
                "allocation at location " + a.location() + ", excluded for channel " + o.channel);
            final Pos p = at(a.location(), a.sku());
            // Priority orders may take protected stock; walk-in stock is never promised to an order.
            final long inbound = inboundBy(a.location(), a.sku(), o.order);
            final long promisable = Math.max(0, p.onHand + inbound - p.reserved - p.safety - p.walkIn);
            check(promisable >= a.quantity(), "allocation " + a + " exceeds on hand " + p.onHand + " and inbound " +
                inbound + " less reserved " + p.reserved + ", safety " + p.safety + " and walk-in " + p.walkIn);
            p.reserved += a.quantity();
            o.allocations.add(a);
        }
    }

    /**
     * What a SCHEDULED order with a promise may also take at a position: transfer orders shipped
     * there that arrive in time to be picked and packed for it.
     */
    private long inboundBy(final int location, final int sku, final Order order)
    {
        if (order.type() != FulfilmentType.SCHEDULED || order.promiseAt() <= 0)
        {
            return 0;
        }
        final long cutoff = order.promiseAt() - routingPolicy.pickPackMinutes(FulfilmentType.SCHEDULED) * 60_000L;
        return transfers.values().stream().filter(t -> t.shipped && t.to == location && t.sku == sku &&
            t.etaMillis <= cutoff).mapToLong(t -> t.quantity).sum();
    }

    private void fulfilOrder(final SimOrder o, final int location)
    {
        for (final Allocation a : List.copyOf(o.allocations))
        {
            if (a.location() == location)
            {
                final Pos p = at(a.location(), a.sku());
                p.reserved -= a.quantity();
                p.onHand -= a.quantity();
                o.allocations.remove(a);
            }
        }
        if (o.allocations.isEmpty())
        {
            orders.remove(o.id);
            closedOrders.add(o.id);
        }
    }

    private void close(final SimOrder o)
    {
        for (final Allocation a : o.allocations)
        {
            at(a.location(), a.sku()).reserved -= a.quantity();
        }
        orders.remove(o.id);
        closedOrders.add(o.id);
    }

    private void bookTransferFromRequest(final Op op, final CommandResult r)
    {
        check(exists(r.location(), locations()) && r.sku() == op.sku && r.location() != op.location,
            "transfer from request describes " + r.location() + "/" + r.sku());
        final Pos from = at(r.location(), op.sku);
        final long quantity = r.reserved() - from.reserved;
        check(quantity > 0 && quantity <= from.free(), "transfer from request holds " + quantity + " of free " +
            from.free());
        from.reserved += quantity;
        transfers.put(op.id, new Transfer(r.location(), op.location, op.sku, quantity));
    }

    /** The engine's timer expired every unpaid hold due at {@code now}. */
    List<Long> dueHolds(final long now)
    {
        final List<Long> due = new ArrayList<>();
        for (final SimOrder o : orders.values())
        {
            if (o.state == OrderState.HELD && o.expiresAt <= now)
            {
                due.add(o.id);
            }
        }
        return due;
    }

    void expireDue(final long now)
    {
        for (final long id : dueHolds(now))
        {
            close(orders.get(id));
        }
    }

    /** Result fields that describe a position must describe the auditor's. */
    private void checkDescribed(final Op op, final CommandResult r)
    {
        final boolean describes = switch (op.type)
        {
            case RECEIVE, RETURN, ADJUST, STOCKTAKE, SALE, SET_SAFETY_STOCK, SET_PROTECTED_STOCK, SET_WALK_IN_RESERVE,
                RESERVE, RELEASE, FULFIL, TRANSFER_OUT, TRANSFER_IN, CREATE_TRANSFER, SHIP_TRANSFER, RECEIVE_TRANSFER,
                CANCEL_TRANSFER, TRANSFER_FROM_REQUEST, CANCEL_REPLENISHMENT, QUERY_POSITION -> true;
            default -> false;
        };
        if (!describes || r.location() < 0 || r.sku() < 0)
        {
            return;
        }
        check(exists(r.location(), locations()) && exists(r.sku(), skus()),
            "describes unknown position " + r.location() + "/" + r.sku());
        final Pos p = pos(r.location(), r.sku());
        check(p.onHand == r.onHand() && p.reserved == r.reserved() && p.inTransit == r.inTransit() &&
            p.safety == r.safetyStock() && p.available() == r.available(),
            "position " + r.location() + "/" + r.sku() + " is " + describe(r) + ", auditor has " + describe(p));
    }

    private void checkQuery(final Op op, final CommandResult r)
    {
        if (r.reason() != OK)
        {
            return;
        }
        switch (op.type)
        {
            case QUERY_POSITION -> checkDescribed(op, r);
            case QUERY_AVAILABILITY ->
            {
                for (final Tier tier : Tier.values())
                {
                    final long want = tierAvailable(op.sku, tier);
                    final long got = switch (tier)
                    {
                        case WAREHOUSE -> r.warehouseAvailable();
                        case FRONT_WAREHOUSE -> r.frontWarehouseAvailable();
                        case STORE -> r.storeAvailable();
                    };
                    check(want == got, "SKU " + op.sku + " " + tier + " available " + got + ", auditor has " + want);
                }
            }
            case QUERY_ORDER -> checkOrder(orders.get(op.id), r);
            default ->
            {
                // A promise holds nothing: the position checks that follow show it changed nothing.
            }
        }
    }

    /** The engine's view of an open order (a QUERY_ORDER answer) equals the auditor's. */
    void checkOrder(final SimOrder o, final CommandResult r)
    {
        check(r.reason() == OK, "order " + o.id + " is open for the auditor but the engine says " + r.reason());
        check(r.orderState() == o.state, "order " + o.id + " state " + r.orderState() + ", auditor has " + o.state);
        if (o.state == OrderState.HELD)
        {
            check(r.expiresAt() == o.expiresAt, "order " + o.id + " expires " + r.expiresAt() + ", auditor has " +
                o.expiresAt);
        }
        final Map<Long, Long> engine = new TreeMap<>();
        for (final Allocation a : r.allocations())
        {
            engine.merge(key(a.location(), a.sku()) * 128 + a.line(), a.quantity(), Long::sum);
        }
        final Map<Long, Long> mine = new TreeMap<>();
        for (final Allocation a : o.allocations)
        {
            mine.merge(key(a.location(), a.sku()) * 128 + a.line(), a.quantity(), Long::sum);
        }
        check(engine.equals(mine), "order " + o.id + " allocations " + r.allocations() + ", auditor has " +
            o.allocations);
    }

    /**
     * The auditor's own invariants, independent of the engine: what each position has reserved is
     * exactly what the open reservations, orders and unshipped transfers hold there; transfer-order
     * units in transit are within what is in transit; no quantity the ledger keeps is negative.
     */
    void checkInvariants()
    {
        final Map<Long, Long> held = new HashMap<>();
        reservations.values().forEach(res -> held.merge(key((int)res[0], (int)res[1]), res[2], Long::sum));
        orders.values().forEach(o -> o.allocations.forEach(a -> held.merge(key(a.location(), a.sku()),
            a.quantity(), Long::sum)));
        transfers.values().stream().filter(t -> !t.shipped).forEach(t -> held.merge(key(t.from, t.sku),
            t.quantity, Long::sum));
        for (final Map.Entry<Long, Pos> e : positions.entrySet())
        {
            final Pos p = e.getValue();
            final long want = held.getOrDefault(e.getKey(), 0L);
            check(p.reserved == want, "position " + e.getKey() + " reserves " + p.reserved + " but its holds sum to " +
                want);
            check(p.inTransit >= p.shippedIn && p.shippedIn >= 0, "position " + e.getKey() + " in transit " +
                p.inTransit + " below transfer orders' " + p.shippedIn);
            check(p.reserved >= 0 && p.safety >= 0, "negative reserved or safety at " + e.getKey());
        }
        held.keySet().forEach(k -> check(positions.containsKey(k), "a hold at a position never booked: " + k));
    }

    // ---- helpers ----

    private Pos at(final int location, final int sku)
    {
        return positions.computeIfAbsent(key(location, sku), k -> new Pos());
    }

    static long key(final int a, final int b)
    {
        return ((long)a << 32) | (b & 0xFFFF_FFFFL);
    }

    private static boolean holdsAt(final SimOrder o, final int location)
    {
        return o.allocations.stream().anyMatch(a -> a.location() == location);
    }

    private static boolean exists(final int id, final int count)
    {
        return id >= 0 && id < count;
    }

    private ReasonCode locationRef(final int location)
    {
        return exists(location, locations()) ? OK : UNKNOWN_LOCATION;
    }

    private ReasonCode skuRef(final int sku)
    {
        return exists(sku, skus()) ? OK : UNKNOWN_SKU;
    }

    private ReasonCode channelRef(final int channel)
    {
        return exists(channel, channels()) ? OK : UNKNOWN_CHANNEL;
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
        return logicVersion >= 3 && code.chars().anyMatch(ch -> ch < 0x20) ? CODE_INVALID : OK;
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

    private static String describe(final CommandResult r)
    {
        return "onHand=" + r.onHand() + " reserved=" + r.reserved() + " inTransit=" + r.inTransit() + " safety=" +
            r.safetyStock() + " available=" + r.available();
    }

    static String describe(final Pos p)
    {
        return "onHand=" + p.onHand + " reserved=" + p.reserved + " inTransit=" + p.inTransit + " safety=" +
            p.safety + " available=" + p.available();
    }

    static void check(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new AssertionError(message);
        }
    }
}

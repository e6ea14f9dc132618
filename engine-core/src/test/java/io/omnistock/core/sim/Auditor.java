package io.omnistock.core.sim;

import io.omnistock.api.Allocation;
import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.Tier;
import io.omnistock.core.sim.AuditLedger.Pos;
import io.omnistock.core.sim.AuditLedger.SimOrder;
import io.omnistock.core.sim.AuditLedger.Transfer;

import java.util.ArrayList;
import java.util.HashMap;
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
 * command type a client can send, 40 of the 41 (the jqwik properties' ReferenceModel covers the 15
 * stock, reservation and definition types, and exact position outcomes for them, through the
 * Cmd record; it stays theirs). It reads no engine class, so it survives the domain split.
 *
 * <p>Exact prediction (one reason) for: DEFINE_LOCATION, DEFINE_SKU, DEFINE_CHANNEL, RECEIVE,
 * ADJUST, STOCKTAKE, COMPARE_AND_SET_ON_HAND, SALE, RETURN, RESERVE (including walk-in and protected stock), RELEASE,
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
 *
 * <p>Split in three: the {@link AuditLedger} holds what it knows, the {@link Predictor} predicts,
 * this class checks answers and books them.
 */
final class Auditor
{
    private final AuditLedger ledger;
    private final Predictor predictor;

    Auditor(final int latestLogic)
    {
        this.ledger = new AuditLedger(latestLogic);
        this.predictor = new Predictor(ledger);
    }

    AuditLedger ledger()
    {
        return ledger;
    }

    /**
     * @return the reasons the engine may answer {@code op} with at engine time {@code now}: one,
     *     where the auditor decides as the engine must.
     */
    Set<ReasonCode> expect(final Op op, final long now)
    {
        return predictor.expect(op, now);
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
            check(r.originalReason() == ledger.window.get(op.commandId), "original reason " + r.originalReason() +
                ", expected " + ledger.window.get(op.commandId));
            return;
        }
        if (reason == IDEMPOTENCY_KEY_REUSED || !op.type.journaled())
        {
            checkQuery(op, r);
            return;
        }
        if (op.commandId != 0)
        {
            ledger.window.put(op.commandId, reason);
            if (op.fingerprint != 0)
            {
                ledger.fingerprints.put(op.commandId, op.fingerprint);
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
                check(r.assignedId() == ledger.locations(), "location id " + r.assignedId());
                ledger.locationCodes.add(op.code);
                ledger.locationTiers.add(op.tier);
            }
            case DEFINE_SKU ->
            {
                check(r.assignedId() == ledger.skus(), "SKU id " + r.assignedId());
                ledger.skuCodes.add(op.code);
            }
            case DEFINE_CHANNEL ->
            {
                check(r.assignedId() == ledger.channels(), "channel id " + r.assignedId());
                ledger.channelCodes.add(op.code);
                ledger.channelTtls.add(op.quantity);
            }
            case RECEIVE, RETURN -> ledger.at(op.location, op.sku).onHand += op.quantity;
            case ADJUST -> ledger.at(op.location, op.sku).onHand += op.quantity;
            case STOCKTAKE, COMPARE_AND_SET_ON_HAND -> ledger.at(op.location, op.sku).onHand = op.quantity;
            case SALE -> ledger.at(op.location, op.sku).onHand -= op.quantity;
            case SET_SAFETY_STOCK -> ledger.at(op.location, op.sku).safety = op.quantity;
            case SET_PROTECTED_STOCK -> ledger.at(op.location, op.sku).protectedStock = op.quantity;
            case SET_WALK_IN_RESERVE -> ledger.at(op.location, op.sku).walkIn = op.quantity;
            case RESERVE ->
            {
                ledger.at(op.location, op.sku).reserved += op.quantity;
                ledger.reservations.put(op.id, new long[] {op.location, op.sku, op.quantity});
                check(r.held() == op.quantity, "held " + r.held());
            }
            case RELEASE, FULFIL ->
            {
                final long[] res = ledger.reservations.get(op.id);
                final Pos p = ledger.at((int)res[0], (int)res[1]);
                p.reserved -= op.quantity;
                if (op.type == CommandType.FULFIL)
                {
                    p.onHand -= op.quantity;
                }
                res[2] -= op.quantity;
                check(r.held() == res[2], "held " + r.held() + ", expected " + res[2]);
                if (res[2] == 0)
                {
                    ledger.reservations.remove(op.id);
                }
            }
            case TRANSFER_OUT ->
            {
                ledger.at(op.location, op.sku).onHand -= op.quantity;
                ledger.at(op.toLocation, op.sku).inTransit += op.quantity;
            }
            case TRANSFER_IN ->
            {
                final Pos p = ledger.at(op.location, op.sku);
                p.inTransit -= op.quantity;
                p.onHand += op.quantity;
            }
            case ROUTE_ORDER -> bookRoute(op, r);
            case CONFIRM_ORDER -> ledger.orders.get(op.id).state = OrderState.CONFIRMED;
            case EXTEND_ORDER ->
            {
                final SimOrder o = ledger.orders.get(op.id);
                o.expiresAt += op.quantity;
                check(r.expiresAt() == o.expiresAt, "extended to " + r.expiresAt() + ", expected " + o.expiresAt);
            }
            case CANCEL_ORDER -> close(ledger.orders.get(op.id));
            case FULFIL_ORDER -> fulfilOrder(ledger.orders.get(op.id), op.location);
            case REJECT_ALLOCATION -> bookReroute(op, r);
            case SET_CHANNEL_ELIGIBILITY ->
            {
                final long pair = AuditLedger.key(op.location, op.channel);
                if (op.eligible)
                {
                    ledger.excluded.remove(pair);
                }
                else
                {
                    ledger.excluded.add(pair);
                }
            }
            case CREATE_TRANSFER ->
            {
                ledger.at(op.location, op.sku).reserved += op.quantity;
                ledger.transfers.put(op.id, new Transfer(op.location, op.toLocation, op.sku, op.quantity));
            }
            case TRANSFER_FROM_REQUEST -> bookTransferFromRequest(op, r);
            case SHIP_TRANSFER ->
            {
                final Transfer t = ledger.transfers.get(op.id);
                final Pos from = ledger.at(t.from, t.sku);
                from.onHand -= t.quantity;
                from.reserved -= t.quantity;
                final Pos to = ledger.at(t.to, t.sku);
                to.inTransit += t.quantity;
                to.shippedIn += t.quantity;
                t.shipped = true;
                t.etaMillis = op.quantity;
            }
            case RECEIVE_TRANSFER ->
            {
                final Transfer t = ledger.transfers.remove(op.id);
                final Pos to = ledger.at(t.to, t.sku);
                to.inTransit -= t.quantity;
                to.shippedIn -= t.quantity;
                to.onHand += op.quantity;
            }
            case CANCEL_TRANSFER ->
            {
                final Transfer t = ledger.transfers.remove(op.id);
                ledger.at(t.from, t.sku).reserved -= t.quantity;
            }
            case UPGRADE_LOGIC -> ledger.logicVersion = (int)op.quantity;
            case PUT_API_KEY ->
            {
                ledger.apiKeyRevoked.put(op.code, false);
                ledger.apiKeyDigests.add(AuditLedger.digest(op.words));
            }
            case REVOKE_API_KEY -> ledger.apiKeyRevoked.put(op.code, true);
            case PUT_WEBHOOK -> ledger.webhooks.put(op.id, r.sequence());
            case DELETE_WEBHOOK -> ledger.webhooks.remove(op.id);
            case WEBHOOK_DELIVERED -> ledger.webhooks.put(op.id, op.quantity);
            case PUT_PROMOTION, PUT_LEARNED_PROMOTION -> ledger.promotions.add(op.id);
            case DELETE_PROMOTION -> ledger.promotions.remove(op.id);
            case SET_ROUTING_POLICY -> ledger.routingPolicy = op.routingPolicy;
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
        o.expiresAt = r.timestamp() + ledger.channelTtls.get(op.channel);
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
        ledger.orders.put(op.id, o);
        allocate(o, r);
    }

    private void bookReroute(final Op op, final CommandResult r)
    {
        final SimOrder o = ledger.orders.get(op.id);
        final long[] moved = new long[o.order.lines().size()];
        for (final Allocation a : List.copyOf(o.allocations))
        {
            if (a.location() == op.location)
            {
                ledger.at(a.location(), a.sku()).reserved -= a.quantity();
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
            check(AuditLedger.exists(a.location(), ledger.locations()), "allocation at unknown location " + a.location());
            check(a.quantity() > 0, "allocation of " + a.quantity());
            check(a.line() >= 0 && a.line() < o.order.lines().size() &&
                o.order.lines().get(a.line()).sku() == a.sku(), "allocation " + a + " names the wrong SKU or line");
            check(!ledger.excluded.contains(AuditLedger.key(a.location(), o.channel)),
                "allocation at location " + a.location() + ", ledger.excluded for channel " + o.channel);
            final Pos p = ledger.at(a.location(), a.sku());
            // Priority ledger.orders may take protected stock; walk-in stock is never promised to an order.
            final long inbound = ledger.inboundBy(a.location(), a.sku(), o.order);
            final long promisable = Math.max(0, p.onHand + inbound - p.reserved - p.safety - p.walkIn);
            check(promisable >= a.quantity(), "allocation " + a + " exceeds on hand " + p.onHand + " and inbound " +
                inbound + " less reserved " + p.reserved + ", safety " + p.safety + " and walk-in " + p.walkIn);
            p.reserved += a.quantity();
            o.allocations.add(a);
        }
    }

    private void fulfilOrder(final SimOrder o, final int location)
    {
        for (final Allocation a : List.copyOf(o.allocations))
        {
            if (a.location() == location)
            {
                final Pos p = ledger.at(a.location(), a.sku());
                p.reserved -= a.quantity();
                p.onHand -= a.quantity();
                o.allocations.remove(a);
            }
        }
        if (o.allocations.isEmpty())
        {
            ledger.orders.remove(o.id);
            ledger.closedOrders.add(o.id);
        }
    }

    private void close(final SimOrder o)
    {
        for (final Allocation a : o.allocations)
        {
            ledger.at(a.location(), a.sku()).reserved -= a.quantity();
        }
        ledger.orders.remove(o.id);
        ledger.closedOrders.add(o.id);
    }

    private void bookTransferFromRequest(final Op op, final CommandResult r)
    {
        check(AuditLedger.exists(r.location(), ledger.locations()) && r.sku() == op.sku && r.location() != op.location,
            "transfer from request describes " + r.location() + "/" + r.sku());
        final Pos from = ledger.at(r.location(), op.sku);
        final long quantity = r.reserved() - from.reserved;
        check(quantity > 0 && quantity <= from.free(), "transfer from request holds " + quantity + " of free " +
            from.free());
        from.reserved += quantity;
        ledger.transfers.put(op.id, new Transfer(r.location(), op.location, op.sku, quantity));
    }

    /** The engine's timer expired every unpaid hold due at {@code now}. */
    List<Long> dueHolds(final long now)
    {
        final List<Long> due = new ArrayList<>();
        for (final SimOrder o : ledger.orders.values())
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
            close(ledger.orders.get(id));
        }
    }

    /** Result fields that describe a position must describe the auditor's. */
    private void checkDescribed(final Op op, final CommandResult r)
    {
        final boolean describes = switch (op.type)
        {
            case RECEIVE, RETURN, ADJUST, STOCKTAKE, COMPARE_AND_SET_ON_HAND, SALE, SET_SAFETY_STOCK, SET_PROTECTED_STOCK, SET_WALK_IN_RESERVE,
                RESERVE, RELEASE, FULFIL, TRANSFER_OUT, TRANSFER_IN, CREATE_TRANSFER, SHIP_TRANSFER, RECEIVE_TRANSFER,
                CANCEL_TRANSFER, TRANSFER_FROM_REQUEST, CANCEL_REPLENISHMENT, QUERY_POSITION -> true;
            default -> false;
        };
        if (!describes || r.location() < 0 || r.sku() < 0)
        {
            return;
        }
        check(AuditLedger.exists(r.location(), ledger.locations()) && AuditLedger.exists(r.sku(), ledger.skus()),
            "describes unknown position " + r.location() + "/" + r.sku());
        final Pos p = ledger.pos(r.location(), r.sku());
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
                    final long want = ledger.tierAvailable(op.sku, tier);
                    final long got = switch (tier)
                    {
                        case WAREHOUSE -> r.warehouseAvailable();
                        case FRONT_WAREHOUSE -> r.frontWarehouseAvailable();
                        case STORE -> r.storeAvailable();
                    };
                    check(want == got, "SKU " + op.sku + " " + tier + " available " + got + ", auditor has " + want);
                }
            }
            case QUERY_ORDER -> checkOrder(ledger.orders.get(op.id), r);
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
            engine.merge(AuditLedger.key(a.location(), a.sku()) * 128 + a.line(), a.quantity(), Long::sum);
        }
        final Map<Long, Long> mine = new TreeMap<>();
        for (final Allocation a : o.allocations)
        {
            mine.merge(AuditLedger.key(a.location(), a.sku()) * 128 + a.line(), a.quantity(), Long::sum);
        }
        check(engine.equals(mine), "order " + o.id + " allocations " + r.allocations() + ", auditor has " +
            o.allocations);
    }

    /**
     * The auditor's own invariants, independent of the engine: what each position has reserved is
     * exactly what the open ledger.reservations, ledger.orders and unshipped ledger.transfers hold there; transfer-order
     * units in transit are within what is in transit; no quantity the ledger keeps is negative.
     */
    void checkInvariants()
    {
        final Map<Long, Long> held = new HashMap<>();
        ledger.reservations.values().forEach(res -> held.merge(AuditLedger.key((int)res[0], (int)res[1]), res[2], Long::sum));
        ledger.orders.values().forEach(o -> o.allocations.forEach(a -> held.merge(AuditLedger.key(a.location(), a.sku()),
            a.quantity(), Long::sum)));
        ledger.transfers.values().stream().filter(t -> !t.shipped).forEach(t -> held.merge(AuditLedger.key(t.from, t.sku),
            t.quantity, Long::sum));
        for (final Map.Entry<Long, Pos> e : ledger.positions.entrySet())
        {
            final Pos p = e.getValue();
            final long want = held.getOrDefault(e.getKey(), 0L);
            check(p.reserved == want, "position " + e.getKey() + " reserves " + p.reserved + " but its holds sum to " +
                want);
            check(p.inTransit >= p.shippedIn && p.shippedIn >= 0, "position " + e.getKey() + " in transit " +
                p.inTransit + " below transfer ledger.orders' " + p.shippedIn);
            check(p.reserved >= 0 && p.safety >= 0, "negative reserved or safety at " + e.getKey());
        }
        held.keySet().forEach(k -> check(ledger.positions.containsKey(k), "a hold at a position never booked: " + k));
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

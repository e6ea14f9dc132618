package io.omnistock.core.sim;

import io.omnistock.api.AdjustmentReason;
import io.omnistock.api.ApiKeyScopes;
import io.omnistock.api.Capabilities;
import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandType;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Limits;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.RoutingPolicy;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.command.CommandSlot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.stream.Stream;

import static io.omnistock.api.ReasonCode.*;
import static io.omnistock.core.model.EngineProbe.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Which check wins when a command breaks several rules: one line per case, the expected reason,
 * what the command gets wrong, and the command. Each case is rejected, so all run against one
 * engine holding a small fixture; most break two rules and name the one the engine checks first
 * (the order of CommandProcessor's early returns, which the domain split must keep).
 */
class ValidationPrecedenceTableTest
{
    /** Engine time stands still at 2024-01-01T00:00:00Z: no hold runs out during the table. */
    private static final long T0 = SimClock.START;

    // The fixture's ids.
    private static final int S1 = 0;
    private static final int W1 = 1;
    private static final int NO_LOCATION = 99;
    private static final int MILK = 0;
    private static final int RICE = 1;
    private static final int NO_SKU = 99;
    private static final int CH1 = 0;
    private static final int CH2 = 1;
    private static final int NO_CHANNEL = 99;
    private static final long RESERVATION = 500;
    private static final long HELD_ORDER = 600;
    private static final long CONFIRMED_ORDER = 601;
    private static final long CREATED_TRANSFER = 700;
    private static final long SHIPPED_TRANSFER = 701;
    private static final long SHIPPED_QUANTITY = 4;
    private static final long FINGERPRINTED_ID = 17;
    private static final int FIRST_CASE_ID = 1_000;

    private static final AtomicLong NEXT_ID = new AtomicLong(FIRST_CASE_ID);
    private static OmnistockEngine engine;

    @BeforeAll
    static void fixture()
    {
        engine = OmnistockEngine.start(EngineConfig.builder().clock(() -> T0).journalPretouch(false).build());
        final List<Command> fixture = List.of(
            Commands.defineLocation(1, "S1", Tier.STORE, 31_230_000, 121_470_000, Capabilities.ALL),
            Commands.defineLocation(2, "W1", Tier.WAREHOUSE, 31_300_000, 121_300_000, Capabilities.SHIPS_PARCELS),
            Commands.defineSku(3, "MILK", StockUnit.PIECE),
            Commands.defineSku(4, "RICE", StockUnit.GRAM),
            Commands.defineChannel(5, "CH1", 60_000),
            Commands.defineChannel(6, "CH2", 60_000),
            Commands.receive(7, S1, MILK, 20),
            Commands.receive(8, W1, RICE, 20),
            Commands.reserve(9, RESERVATION, S1, MILK, 2),
            Commands.routeOrder(10, order(HELD_ORDER, CH1, FulfilmentType.REGULAR, -1, 0, new OrderLine(MILK, 1))),
            Commands.routeOrder(11, order(CONFIRMED_ORDER, CH1, FulfilmentType.REGULAR, -1, 0, new OrderLine(MILK, 1))),
            Commands.confirmOrder(12, CONFIRMED_ORDER),
            Commands.createTransfer(13, CREATED_TRANSFER, W1, S1, RICE, 3),
            Commands.createTransfer(14, SHIPPED_TRANSFER, W1, S1, RICE, SHIPPED_QUANTITY),
            Commands.shipTransfer(15, SHIPPED_TRANSFER, T0 + 3_600_000),
            Commands.setChannelQuota(16, CH2, RICE, 0, -1),
            Commands.fingerprinted(Commands.receive(FINGERPRINTED_ID, S1, MILK, 1), 7));
        for (final Command command : fixture)
        {
            final CommandResult r = await(engine.submit(command));
            assertEquals(OK, r.reason(), () -> "fixture command " + r.commandId());
            r.allocations().forEach(a -> assertEquals(S1, a.location(), "the fixture's orders hold at S1 only"));
        }
    }

    @AfterAll
    static void close()
    {
        engine.close();
    }

    @ParameterizedTest(name = "{index}: {0} <- {1}")
    @MethodSource("cases")
    void theFirstRuleBrokenDecides(final ReasonCode expected, final String brokenRules, final LongFunction<Command> command)
    {
        final CommandResult r = await(engine.submit(command.apply(NEXT_ID.getAndIncrement())));
        assertEquals(expected, r.reason(), brokenRules);
    }

    /** Every command a client can send has rows; EXPIRE_HOLDS is the engine's own and has no validation. */
    @Test
    void everyClientCommandTypeHasRows()
    {
        final Set<CommandType> covered = EnumSet.noneOf(CommandType.class);
        cases().forEach(row ->
        {
            final CommandSlot slot = new CommandSlot();
            slot.clearInput();
            ((Command)((LongFunction<?>)row.get()[2]).apply(1)).writeTo(slot);
            covered.add(slot.type);
        });
        assertEquals(EnumSet.complementOf(EnumSet.of(CommandType.EXPIRE_HOLDS)), covered);
    }

    static Stream<Arguments> cases()
    {
        final List<Arguments> rows = new ArrayList<>();
        // ---- every journaled command: the command id first ----
        row(rows, INVALID_COMMAND_ID, "id 0, unknown location", id -> Commands.receive(0, NO_LOCATION, MILK, 1));
        row(rows, DUPLICATE_COMMAND, "used id, unknown location", id -> Commands.receive(7, NO_LOCATION, MILK, 0));
        row(rows, IDEMPOTENCY_KEY_REUSED, "used id, other fingerprint",
            id -> Commands.fingerprinted(Commands.receive(FINGERPRINTED_ID, NO_LOCATION, MILK, 1), 8));
        row(rows, DUPLICATE_COMMAND, "used id, same fingerprint",
            id -> Commands.fingerprinted(Commands.receive(FINGERPRINTED_ID, S1, MILK, 1), 7));

        // ---- definitions: code, duplicate, then the definition's own fields ----
        row(rows, CODE_EMPTY, "empty code, no tier", id -> Commands.defineLocation(id, "", null, 0, 0, 0));
        row(rows, CODE_TOO_LONG, "65-byte code, no tier",
            id -> Commands.defineLocation(id, "X".repeat(Limits.MAX_CODE_BYTES + 1), null, 0, 0, 0));
        row(rows, CODE_INVALID, "unpaired surrogate, no tier", id -> Commands.defineLocation(id, "S\ud800", null, 0, 0, 0));
        row(rows, CODE_INVALID, "control character, no tier", id -> Commands.defineLocation(id, "S\u0007", null, 0, 0, 0));
        row(rows, DUPLICATE_LOCATION, "taken code, no tier", id -> Commands.defineLocation(id, "S1", null, 0, 0, 0));
        row(rows, INVALID_TIER, "no tier, bad coordinates",
            id -> Commands.defineLocation(id, "S9", null, 91_000_000, 0, 0));
        row(rows, INVALID_COORDINATES, "bad coordinates, bad capabilities",
            id -> Commands.defineLocation(id, "S9", Tier.STORE, 0, 181_000_000, 1 << 9));
        row(rows, INVALID_CAPABILITIES, "bad capabilities", id -> Commands.defineLocation(id, "S9", Tier.STORE, 0, 0, 1 << 9));
        row(rows, CODE_EMPTY, "SKU: empty code, no unit", id -> Commands.defineSku(id, "", null));
        row(rows, DUPLICATE_SKU, "SKU: taken code, no unit", id -> Commands.defineSku(id, "MILK", null));
        row(rows, INVALID_UNIT, "SKU: no unit", id -> Commands.defineSku(id, "TEA", null));
        row(rows, CODE_EMPTY, "channel: empty code, bad TTL", id -> Commands.defineChannel(id, "", 1));
        row(rows, DUPLICATE_CHANNEL, "channel: taken code, bad TTL", id -> Commands.defineChannel(id, "CH1", 1));
        row(rows, INVALID_HOLD_TTL, "channel: TTL under a second", id -> Commands.defineChannel(id, "CH9", 999));
        row(rows, INVALID_HOLD_TTL, "channel: TTL over a week",
            id -> Commands.defineChannel(id, "CH9", Limits.MAX_HOLD_MILLIS + 1));

        // ---- stock: location, SKU, quantity, then the ledger ----
        row(rows, UNKNOWN_LOCATION, "receive: unknown location and SKU, zero", id -> Commands.receive(id, NO_LOCATION, NO_SKU, 0));
        row(rows, UNKNOWN_SKU, "receive: unknown SKU, zero", id -> Commands.receive(id, S1, NO_SKU, 0));
        row(rows, INVALID_QUANTITY, "receive: zero", id -> Commands.receive(id, S1, MILK, 0));
        row(rows, INVALID_QUANTITY, "receive: negative", id -> Commands.receive(id, S1, MILK, -1));
        row(rows, QUANTITY_TOO_LARGE, "receive: over the per-command maximum",
            id -> Commands.receive(id, S1, MILK, Limits.MAX_COMMAND_QUANTITY + 1));
        row(rows, UNKNOWN_SKU, "return: unknown SKU, zero", id -> Commands.returnToStock(id, S1, NO_SKU, 0));
        row(rows, INVALID_QUANTITY, "return: zero", id -> Commands.returnToStock(id, S1, MILK, 0));
        row(rows, UNKNOWN_LOCATION, "adjust: unknown location, zero delta",
            id -> Commands.adjust(id, NO_LOCATION, MILK, 0, null));
        row(rows, ZERO_ADJUSTMENT, "adjust: zero delta, no reason", id -> Commands.adjust(id, S1, MILK, 0, null));
        row(rows, QUANTITY_TOO_LARGE, "adjust: oversize negative delta, no reason",
            id -> Commands.adjust(id, S1, MILK, -Limits.MAX_COMMAND_QUANTITY - 1, null));
        row(rows, INVALID_ADJUSTMENT_REASON, "adjust: no reason, below reserved",
            id -> Commands.adjust(id, S1, MILK, -20, null));
        row(rows, ADJUSTMENT_BELOW_RESERVED, "adjust: on hand 21 less 18 is below reserved 4",
            id -> Commands.adjust(id, S1, MILK, -18, AdjustmentReason.DAMAGED));
        row(rows, UNKNOWN_LOCATION, "compare-and-set: unknown location, negative, no reason",
            id -> Commands.compareAndSetOnHand(id, NO_LOCATION, MILK, 5, -1, null));
        row(rows, UNKNOWN_SKU, "compare-and-set: unknown SKU, negative, no reason",
            id -> Commands.compareAndSetOnHand(id, S1, NO_SKU, 5, -1, null));
        row(rows, NEGATIVE_QUANTITY, "compare-and-set: negative, no reason, stale",
            id -> Commands.compareAndSetOnHand(id, S1, MILK, 5, -1, null));
        row(rows, QUANTITY_TOO_LARGE, "compare-and-set: oversize, no reason, stale",
            id -> Commands.compareAndSetOnHand(id, S1, MILK, 5, Limits.MAX_COMMAND_QUANTITY + 1, null));
        row(rows, INVALID_ADJUSTMENT_REASON, "compare-and-set: no reason, stale, below reserved",
            id -> Commands.compareAndSetOnHand(id, S1, MILK, 5, 2, null));
        row(rows, ON_HAND_CHANGED, "compare-and-set: on hand 21, not 20, and below reserved 4",
            id -> Commands.compareAndSetOnHand(id, S1, MILK, 20, 2, AdjustmentReason.CORRECTION));
        row(rows, ADJUSTMENT_BELOW_RESERVED, "compare-and-set: 21 to 3, below reserved 4",
            id -> Commands.compareAndSetOnHand(id, S1, MILK, 21, 3, AdjustmentReason.CORRECTION));
        row(rows, UNKNOWN_SKU, "stocktake: unknown SKU, negative", id -> Commands.stocktake(id, S1, NO_SKU, -1));
        row(rows, NEGATIVE_QUANTITY, "stocktake: negative", id -> Commands.stocktake(id, S1, MILK, -1));
        row(rows, QUANTITY_TOO_LARGE, "stocktake: oversize",
            id -> Commands.stocktake(id, S1, MILK, Limits.MAX_COMMAND_QUANTITY + 1));
        row(rows, UNKNOWN_LOCATION, "sale: unknown location, zero", id -> Commands.sale(id, NO_LOCATION, MILK, 0));
        row(rows, INVALID_QUANTITY, "sale: zero", id -> Commands.sale(id, S1, MILK, 0));
        row(rows, UNKNOWN_LOCATION, "safety stock: unknown location, negative",
            id -> Commands.setSafetyStock(id, NO_LOCATION, MILK, -1));
        row(rows, NEGATIVE_QUANTITY, "safety stock: negative", id -> Commands.setSafetyStock(id, S1, MILK, -1));
        row(rows, UNKNOWN_SKU, "protected stock: unknown SKU, negative",
            id -> Commands.setProtectedStock(id, S1, NO_SKU, -1));
        row(rows, NEGATIVE_QUANTITY, "protected stock: negative", id -> Commands.setProtectedStock(id, S1, MILK, -1));
        row(rows, UNKNOWN_LOCATION, "walk-in: unknown location, negative",
            id -> Commands.setWalkInReserve(id, NO_LOCATION, MILK, -1));
        row(rows, QUANTITY_TOO_LARGE, "walk-in: oversize",
            id -> Commands.setWalkInReserve(id, S1, MILK, Limits.MAX_COMMAND_QUANTITY + 1));

        // ---- reservations ----
        row(rows, INVALID_RESERVATION_ID, "reserve: id 0, unknown location",
            id -> Commands.reserve(id, 0, NO_LOCATION, MILK, 1));
        row(rows, UNKNOWN_LOCATION, "reserve: unknown location, zero", id -> Commands.reserve(id, 501, NO_LOCATION, MILK, 0));
        row(rows, INVALID_QUANTITY, "reserve: zero, open reservation id",
            id -> Commands.reserve(id, RESERVATION, S1, MILK, 0));
        row(rows, INVALID_QUANTITY, "reserve: zero, over-long reference, open reservation id",
            id -> w -> w.reserveWithReference(id, RESERVATION, S1, MILK, 0,
                "R".repeat(Limits.MAX_EXTERNAL_REFERENCE_BYTES + 1), null));
        row(rows, INVALID_EXTERNAL_REFERENCE, "reserve: over-long reference, oversize metadata, open reservation id",
            id -> w -> w.reserveWithReference(id, RESERVATION, S1, MILK, 1,
                "R".repeat(Limits.MAX_EXTERNAL_REFERENCE_BYTES + 1), "{" + " ".repeat(Limits.MAX_METADATA_BYTES) + "}"));
        row(rows, INVALID_EXTERNAL_REFERENCE, "reserve: reference not valid Unicode, more than available",
            id -> w -> w.reserveWithReference(id, 501, S1, MILK, 18, "R\ud800", null));
        row(rows, INVALID_METADATA, "reserve: oversize metadata, open reservation id",
            id -> w -> w.reserveWithReference(id, RESERVATION, S1, MILK, 1, "cart-7",
                "{" + " ".repeat(Limits.MAX_METADATA_BYTES - 1) + "}"));
        row(rows, DUPLICATE_RESERVATION, "reserve: fitting reference and metadata, open reservation id",
            id -> w -> w.reserveWithReference(id, RESERVATION, S1, MILK, 1, "R".repeat(Limits.MAX_EXTERNAL_REFERENCE_BYTES),
                "{" + " ".repeat(Limits.MAX_METADATA_BYTES - 2) + "}"));
        row(rows, DUPLICATE_RESERVATION, "reserve: open reservation id, more than available",
            id -> Commands.reserve(id, RESERVATION, S1, MILK, 18));
        row(rows, INSUFFICIENT_STOCK, "reserve: 18 of 17 available", id -> Commands.reserve(id, 501, S1, MILK, 18));
        row(rows, INVALID_RESERVATION_ID, "release: id 0, zero", id -> Commands.release(id, 0, 0));
        row(rows, INVALID_QUANTITY, "release: zero, unknown reservation", id -> Commands.release(id, 999, 0));
        row(rows, UNKNOWN_RESERVATION, "release: unknown reservation", id -> Commands.release(id, 999, 1));
        row(rows, RELEASE_EXCEEDS_HELD, "release: 3 of 2 held", id -> Commands.release(id, RESERVATION, 3));
        row(rows, QUANTITY_TOO_LARGE, "fulfil: oversize, unknown reservation",
            id -> Commands.fulfil(id, 999, Limits.MAX_COMMAND_QUANTITY + 1));
        row(rows, RELEASE_EXCEEDS_HELD, "fulfil: 3 of 2 held", id -> Commands.fulfil(id, RESERVATION, 3));

        // ---- direct transfers ----
        row(rows, UNKNOWN_LOCATION, "transfer out: unknown source, zero",
            id -> Commands.transferOut(id, NO_LOCATION, W1, MILK, 0));
        row(rows, UNKNOWN_SKU, "transfer out: unknown SKU, unknown destination",
            id -> Commands.transferOut(id, S1, NO_LOCATION, NO_SKU, 1));
        row(rows, UNKNOWN_LOCATION, "transfer out: unknown destination, zero",
            id -> Commands.transferOut(id, S1, NO_LOCATION, MILK, 0));
        row(rows, SAME_LOCATION, "transfer out: to itself, zero", id -> Commands.transferOut(id, S1, S1, MILK, 0));
        row(rows, INVALID_QUANTITY, "transfer out: zero", id -> Commands.transferOut(id, S1, W1, MILK, 0));
        row(rows, TRANSFER_EXCEEDS_FREE_STOCK, "transfer out: 18 of 17 free",
            id -> Commands.transferOut(id, S1, W1, MILK, 18));
        row(rows, UNKNOWN_SKU, "transfer in: unknown SKU, zero", id -> Commands.transferIn(id, S1, NO_SKU, 0));
        row(rows, INVALID_QUANTITY, "transfer in: zero", id -> Commands.transferIn(id, S1, RICE, 0));
        row(rows, RECEIPT_EXCEEDS_IN_TRANSIT, "transfer in: the units in transit are a transfer order's",
            id -> Commands.transferIn(id, S1, RICE, 1));

        // ---- orders: id, open order, then the order's shape, quotas, routing ----
        row(rows, INVALID_ORDER_ID, "order: id 0, unknown channel",
            id -> Commands.routeOrder(id, order(0, NO_CHANNEL, null, -1, 0, new OrderLine(MILK, 1))));
        row(rows, DUPLICATE_ORDER, "order: open order id, unknown channel",
            id -> Commands.routeOrder(id, order(HELD_ORDER, NO_CHANNEL, null, -1, 0, new OrderLine(MILK, 1))));
        row(rows, UNKNOWN_CHANNEL, "order: unknown channel, no type",
            id -> Commands.routeOrder(id, order(602, NO_CHANNEL, null, -1, 0, new OrderLine(MILK, 1))));
        row(rows, INVALID_FULFILMENT_TYPE, "order: no type, unknown flags",
            id -> Commands.routeOrder(id, order(602, CH1, null, -1, 1 << 5, new OrderLine(MILK, 1))));
        row(rows, INVALID_ORDER_FLAGS, "order: unknown flags, negative promise time",
            id -> Commands.routeOrder(id, new Order(602, CH1, FulfilmentType.REGULAR, 31_230_000, 121_470_000, -1,
                0, -1, 1 << 5, List.of(new OrderLine(MILK, 1)))));
        row(rows, INVALID_PROMISE_TIME, "order: negative promise time, negative value",
            id -> Commands.routeOrder(id, new Order(602, CH1, FulfilmentType.REGULAR, 31_230_000, 121_470_000, -1,
                -1, -1, 0, List.of(new OrderLine(MILK, 1)))));
        row(rows, INVALID_ORDER_VALUE, "order: negative value, no lines",
            id -> Commands.routeOrder(id, new Order(602, CH1, FulfilmentType.REGULAR, 31_230_000, 121_470_000, -1,
                -1, 0, 0, List.of())));
        row(rows, TOO_MANY_LINES, "order: 65 lines of unknown SKUs",
            id -> Commands.routeOrder(id, order(602, CH1, FulfilmentType.REGULAR, -1, 0,
                Collections.nCopies(Limits.MAX_ORDER_LINES + 1, new OrderLine(NO_SKU, 1)).toArray(OrderLine[]::new))));
        row(rows, NO_LINES, "order: no lines, unknown pickup store",
            id -> Commands.routeOrder(id, order(602, CH1, FulfilmentType.PICKUP, NO_LOCATION, 0)));
        row(rows, UNKNOWN_SKU, "order: unknown SKU with zero",
            id -> Commands.routeOrder(id, order(602, CH1, FulfilmentType.REGULAR, -1, 0, new OrderLine(NO_SKU, 0))));
        row(rows, INVALID_QUANTITY, "order: second line zero and a repeated SKU",
            id -> Commands.routeOrder(id, order(602, CH1, FulfilmentType.REGULAR, -1, 0, new OrderLine(MILK, 1),
                new OrderLine(MILK, 0))));
        row(rows, DUPLICATE_LINE_SKU, "order: a SKU on two lines, unknown pickup store",
            id -> Commands.routeOrder(id, order(602, CH1, FulfilmentType.PICKUP, NO_LOCATION, 0, new OrderLine(MILK, 1),
                new OrderLine(MILK, 1))));
        row(rows, PICKUP_STORE_REQUIRED, "order: pickup without a known store",
            id -> Commands.routeOrder(id, order(602, CH1, FulfilmentType.PICKUP, NO_LOCATION, 0, new OrderLine(MILK, 1))));
        row(rows, UNKNOWN_LOCATION, "order: unknown location named, bad destination",
            id -> Commands.routeOrder(id, new Order(602, CH1, FulfilmentType.REGULAR, 91_000_000, 0, NO_LOCATION, 0,
                0, 0, List.of(new OrderLine(MILK, 1)))));
        row(rows, INVALID_DESTINATION, "order: destination off the globe, over the channel's quota",
            id -> Commands.routeOrder(id, new Order(602, CH2, FulfilmentType.REGULAR, 91_000_000, 0, -1, 0, 0, 0,
                List.of(new OrderLine(RICE, 1)))));
        row(rows, CHANNEL_QUOTA_EXCEEDED, "order: over the channel's quota (0 units)",
            id -> Commands.routeOrder(id, order(602, CH2, FulfilmentType.REGULAR, -1, 0, new OrderLine(RICE, 1))));
        row(rows, NO_ROUTE, "order: more than the network holds",
            id -> Commands.routeOrder(id, order(602, CH1, FulfilmentType.REGULAR, -1, 0, new OrderLine(MILK, 1_000))));
        row(rows, UNKNOWN_CHANNEL, "promise: unknown channel, no lines",
            id -> Commands.queryPromise(id, order(0, NO_CHANNEL, FulfilmentType.REGULAR, -1, 0)));
        row(rows, NO_ROUTE, "promise: more than the network holds",
            id -> Commands.queryPromise(id, order(0, CH1, FulfilmentType.REGULAR, -1, 0, new OrderLine(MILK, 1_000))));
        row(rows, UNKNOWN_ORDER, "confirm: unknown order", id -> Commands.confirmOrder(id, 999));
        row(rows, ORDER_NOT_HELD, "confirm: already confirmed", id -> Commands.confirmOrder(id, CONFIRMED_ORDER));
        row(rows, UNKNOWN_ORDER, "extend: unknown order, zero extension", id -> Commands.extendOrder(id, 999, 0));
        row(rows, INVALID_EXTENSION, "extend: zero extension, confirmed order",
            id -> Commands.extendOrder(id, CONFIRMED_ORDER, 0));
        row(rows, INVALID_EXTENSION, "extend: over a week", id -> Commands.extendOrder(id, HELD_ORDER,
            Limits.MAX_HOLD_MILLIS + 1));
        row(rows, ORDER_NOT_HELD, "extend: confirmed order", id -> Commands.extendOrder(id, CONFIRMED_ORDER, 1_000));
        row(rows, UNKNOWN_ORDER, "cancel: unknown order", id -> Commands.cancelOrder(id, 999));
        row(rows, UNKNOWN_ORDER, "fulfil order: unknown order, unknown location",
            id -> Commands.fulfilOrder(id, 999, NO_LOCATION));
        row(rows, UNKNOWN_LOCATION, "fulfil order: unknown location, not confirmed",
            id -> Commands.fulfilOrder(id, HELD_ORDER, NO_LOCATION));
        row(rows, ORDER_NOT_CONFIRMED, "fulfil order: not confirmed, nothing held there",
            id -> Commands.fulfilOrder(id, HELD_ORDER, W1));
        row(rows, NOTHING_ALLOCATED_HERE, "fulfil order: nothing held there",
            id -> Commands.fulfilOrder(id, CONFIRMED_ORDER, W1));
        row(rows, UNKNOWN_ORDER, "reject: unknown order, unknown location",
            id -> Commands.rejectAllocation(id, 999, NO_LOCATION));
        row(rows, UNKNOWN_LOCATION, "reject: unknown location", id -> Commands.rejectAllocation(id, HELD_ORDER, NO_LOCATION));
        row(rows, NOTHING_ALLOCATED_HERE, "reject: nothing held there", id -> Commands.rejectAllocation(id, HELD_ORDER, W1));

        // ---- routing configuration ----
        row(rows, UNKNOWN_LOCATION, "configure: unknown location, bad settings",
            id -> Commands.configureLocation(id, NO_LOCATION, -1, 0, 0));
        row(rows, INVALID_LOCATION_SETTINGS, "configure: negative orders per hour",
            id -> Commands.configureLocation(id, S1, -1, 0, 0));
        row(rows, INVALID_LOCATION_SETTINGS, "configure: priority 256",
            id -> Commands.configureLocation(id, S1, 0, Limits.MAX_NODE_PRIORITY + 1, 0));
        row(rows, INVALID_LOCATION_SETTINGS, "configure: pick time over a week",
            id -> Commands.configureLocation(id, S1, 0, 0, 10_081));
        row(rows, UNKNOWN_CHANNEL, "quota: unknown channel and SKU, bad quota",
            id -> Commands.setChannelQuota(id, NO_CHANNEL, NO_SKU, -2, 0));
        row(rows, UNKNOWN_SKU, "quota: unknown SKU, bad quota", id -> Commands.setChannelQuota(id, CH1, NO_SKU, -2, 0));
        row(rows, INVALID_QUOTA, "quota: units below -1", id -> Commands.setChannelQuota(id, CH1, MILK, -2, 0));
        row(rows, INVALID_QUOTA, "quota: percent over 100", id -> Commands.setChannelQuota(id, CH1, MILK, 5, 101));
        row(rows, INVALID_POLICY, "routing policy: none", id -> Commands.setRoutingPolicy(id, null));
        row(rows, INVALID_POLICY, "routing policy: rule sets for three of four types",
            id -> Commands.setRoutingPolicy(id, new RoutingPolicy(RoutingPolicy.defaults().ruleSets().subList(0, 3),
                30, 20_000, 60, 100_000)));
        row(rows, INVALID_POLICY, "routing policy: courier at 1 m/h",
            id -> Commands.setRoutingPolicy(id, new RoutingPolicy(RoutingPolicy.defaults().ruleSets(), 30, 1, 60, 0)));
        row(rows, UNKNOWN_LOCATION, "eligibility: unknown location and channel",
            id -> Commands.setChannelEligibility(id, NO_LOCATION, NO_CHANNEL, false));
        row(rows, UNKNOWN_CHANNEL, "eligibility: unknown channel", id -> Commands.setChannelEligibility(id, S1, NO_CHANNEL,
            false));

        // ---- replenishment: the position or scope, the source, then the policy's numbers ----
        row(rows, UNKNOWN_LOCATION, "min/max: unknown location, network source",
            id -> Commands.setReplenishmentPolicy(id, NO_LOCATION, MILK, 5, 10, 1, 0, ReplenishmentPolicy.NETWORK, 0));
        row(rows, UNKNOWN_LOCATION, "min/max: the network as source (this command predates it)",
            id -> Commands.setReplenishmentPolicy(id, S1, MILK, 5, 10, 0, 0, ReplenishmentPolicy.NETWORK, 0));
        row(rows, SAME_LOCATION, "min/max: sourced from itself, pack 0",
            id -> Commands.setReplenishmentPolicy(id, S1, MILK, 5, 10, 0, 0, S1, 0));
        row(rows, UNKNOWN_LOCATION, "min/max: unknown source, pack 0",
            id -> Commands.setReplenishmentPolicy(id, S1, MILK, 5, 10, 0, 0, NO_LOCATION, 0));
        row(rows, INVALID_REPLENISHMENT_POLICY, "min/max: pack 0",
            id -> Commands.setReplenishmentPolicy(id, S1, MILK, 5, 10, 0, 0, W1, 0));
        row(rows, INVALID_REPLENISHMENT_POLICY, "min/max: reorder point at order-up-to",
            id -> Commands.setReplenishmentPolicy(id, S1, MILK, 10, 10, 1, 0, W1, 0));
        row(rows, INVALID_REPLENISHMENT_POLICY, "min/max: lead time over a year",
            id -> Commands.setReplenishmentPolicy(id, S1, MILK, 5, 10, 1, 0, W1, 8_761));
        row(rows, UNKNOWN_SKU, "position policy: unknown SKU, bad days",
            id -> Commands.setPositionPolicy(id, S1, NO_SKU, ReplenishmentPolicy.daysOfCover(5, 2, 1)));
        row(rows, UNKNOWN_LOCATION, "location policy: unknown location",
            id -> Commands.setLocationPolicy(id, NO_LOCATION, ReplenishmentPolicy.minMax(1, 5)));
        row(rows, INVALID_TIER, "tier policy: no tier", id -> Commands.setTierPolicy(id, null,
            ReplenishmentPolicy.minMax(1, 5)));
        row(rows, INVALID_DEFAULT_SOURCE, "tier policy: one location as source, bad days",
            id -> Commands.setTierPolicy(id, Tier.STORE, ReplenishmentPolicy.daysOfCover(5, 2, 1).withSource(W1, 0)));
        row(rows, SAME_LOCATION, "location policy: sourced from itself, pack 0",
            id -> Commands.setLocationPolicy(id, S1, ReplenishmentPolicy.minMax(1, 5).withSource(S1, 0).withPack(0)));
        row(rows, INVALID_REPLENISHMENT_POLICY, "position policy: lead time over a year, bad days",
            id -> Commands.setPositionPolicy(id, S1, MILK, ReplenishmentPolicy.daysOfCover(5, 2, 1).withSource(
                ReplenishmentPolicy.SUPPLIER, 8_761)));
        row(rows, INVALID_COVER_DAYS, "position policy: reorder days above order-up-to days",
            id -> Commands.setPositionPolicy(id, S1, MILK, ReplenishmentPolicy.daysOfCover(5, 2, 10)));
        row(rows, INVALID_SERVICE_LEVEL, "position policy: service level 4,999",
            id -> Commands.setPositionPolicy(id, S1, MILK, ReplenishmentPolicy.dynamic(4_999, 7)));
        row(rows, UNKNOWN_LOCATION, "source: unknown location", id -> Commands.setLocationSource(id, NO_LOCATION, W1));
        row(rows, SAME_LOCATION, "source: itself", id -> Commands.setLocationSource(id, S1, S1));
        row(rows, UNKNOWN_LOCATION, "source: unknown source", id -> Commands.setLocationSource(id, S1, NO_LOCATION));
        row(rows, UNKNOWN_LOCATION, "cancel request: unknown location", id -> Commands.cancelReplenishment(id,
            NO_LOCATION, MILK));
        row(rows, NO_OPEN_REQUEST, "cancel request: none open", id -> Commands.cancelReplenishment(id, S1, MILK));
        row(rows, INVALID_TRANSFER_ID, "transfer from request: id 0, unknown location",
            id -> Commands.transferFromRequest(id, 0, NO_LOCATION, MILK));
        row(rows, UNKNOWN_SKU, "transfer from request: unknown SKU, open transfer id",
            id -> Commands.transferFromRequest(id, CREATED_TRANSFER, S1, NO_SKU));
        row(rows, DUPLICATE_TRANSFER, "transfer from request: open transfer id, no request",
            id -> Commands.transferFromRequest(id, CREATED_TRANSFER, S1, MILK));
        row(rows, NO_OPEN_REQUEST, "transfer from request: no request", id -> Commands.transferFromRequest(id, 702, S1, MILK));

        // ---- transfer orders ----
        row(rows, INVALID_TRANSFER_ID, "create transfer: id 0, unknown source",
            id -> Commands.createTransfer(id, 0, NO_LOCATION, S1, RICE, 1));
        row(rows, UNKNOWN_LOCATION, "create transfer: unknown destination, open transfer id",
            id -> Commands.createTransfer(id, CREATED_TRANSFER, W1, NO_LOCATION, RICE, 1));
        row(rows, SAME_LOCATION, "create transfer: to itself, open transfer id",
            id -> Commands.createTransfer(id, CREATED_TRANSFER, W1, W1, RICE, 1));
        row(rows, INVALID_QUANTITY, "create transfer: zero, open transfer id",
            id -> Commands.createTransfer(id, CREATED_TRANSFER, W1, S1, RICE, 0));
        row(rows, DUPLICATE_TRANSFER, "create transfer: open transfer id, more than is free",
            id -> Commands.createTransfer(id, CREATED_TRANSFER, W1, S1, RICE, 14));
        row(rows, TRANSFER_EXCEEDS_FREE_STOCK, "create transfer: 14 of 13 free",
            id -> Commands.createTransfer(id, 702, W1, S1, RICE, 14));
        row(rows, UNKNOWN_TRANSFER, "ship: unknown transfer", id -> Commands.shipTransfer(id, 999, T0));
        row(rows, TRANSFER_NOT_CREATED, "ship: already shipped, ETA in the past",
            id -> Commands.shipTransfer(id, SHIPPED_TRANSFER, T0 - 1));
        row(rows, INVALID_ETA, "ship: ETA before now", id -> Commands.shipTransfer(id, CREATED_TRANSFER, T0 - 1));
        row(rows, UNKNOWN_TRANSFER, "receive transfer: unknown transfer", id -> Commands.receiveTransfer(id, 999, 1, null));
        row(rows, TRANSFER_NOT_SHIPPED, "receive transfer: not shipped, negative",
            id -> Commands.receiveTransfer(id, CREATED_TRANSFER, -1, null));
        row(rows, NEGATIVE_QUANTITY, "receive transfer: negative, no reason",
            id -> Commands.receiveTransfer(id, SHIPPED_TRANSFER, -1, null));
        row(rows, DISCREPANCY_REASON_REQUIRED, "receive transfer: over receipt without a reason",
            id -> Commands.receiveTransfer(id, SHIPPED_TRANSFER, SHIPPED_QUANTITY + 1, null));
        row(rows, UNKNOWN_TRANSFER, "cancel transfer: unknown transfer", id -> Commands.cancelTransfer(id, 999));
        row(rows, TRANSFER_NOT_CREATED, "cancel transfer: already shipped",
            id -> Commands.cancelTransfer(id, SHIPPED_TRANSFER));

        // ---- logic versions and queries ----
        row(rows, UNKNOWN_LOGIC_VERSION, "upgrade: version 0", id -> Commands.upgradeLogic(id, 0));
        row(rows, UNKNOWN_LOGIC_VERSION, "upgrade: a version this build does not know",
            id -> Commands.upgradeLogic(id, 999));
        row(rows, LOGIC_DOWNGRADE, "upgrade: back to version 1", id -> Commands.upgradeLogic(id, 1));

        // API keys: the fixture holds none, so a name is only taken by a row's own key ("taken").
        row(rows, CODE_EMPTY, "key: empty name, zero digest, no scopes",
            id -> Commands.putApiKey(id, "", 0, 0, 0, 0, 0, NO_CHANNEL, -1));
        row(rows, INVALID_API_KEY_DIGEST, "key: zero digest, no scopes, unknown channel",
            id -> Commands.putApiKey(id, "k1", 0, 0, 0, 0, 0, NO_CHANNEL, -1));
        row(rows, INVALID_API_KEY_SCOPES, "key: no scopes, unknown channel, past expiry",
            id -> Commands.putApiKey(id, "k1", 1, 0, 0, 0, 0, NO_CHANNEL, 1));
        row(rows, INVALID_API_KEY_SCOPES, "key: an unknown scope bit, unknown channel",
            id -> Commands.putApiKey(id, "k1", 1, 0, 0, 0, ApiKeyScopes.ALL + 1, NO_CHANNEL, 0));
        row(rows, UNKNOWN_CHANNEL, "key: unknown channel, past expiry",
            id -> Commands.putApiKey(id, "k1", 1, 0, 0, 0, ApiKeyScopes.ORDERS, NO_CHANNEL, 1));
        row(rows, INVALID_API_KEY_EXPIRY, "key: expiry now", id -> Commands.putApiKey(id, "k1", 1, 0, 0, 0,
            ApiKeyScopes.ORDERS, CH1, T0));
        row(rows, UNKNOWN_API_KEY, "revoke: no such key", id -> Commands.revokeApiKey(id, "nobody"));

        // Webhooks: the fixture holds none.
        row(rows, INVALID_WEBHOOK_ID, "webhook: id 0, no URL, no kinds",
            id -> Commands.putWebhook(id, 0, null, 0, NO_CHANNEL, 0, 0, 0));
        row(rows, INVALID_WEBHOOK_URL, "webhook: ftp URL, no kinds, unknown channel",
            id -> Commands.putWebhook(id, 5, "ftp://h/", 0, NO_CHANNEL, 0, 0, 0));
        row(rows, INVALID_WEBHOOK_URL, "webhook: URL over 2048 bytes",
            id -> Commands.putWebhook(id, 5, "https://h/" + "x".repeat(2048), 1, -1, 1, 0, 0));
        row(rows, INVALID_WEBHOOK_KINDS, "webhook: no kinds, unknown channel, zero secret",
            id -> Commands.putWebhook(id, 5, "https://h/", 0, NO_CHANNEL, 0, 0, 0));
        row(rows, UNKNOWN_CHANNEL, "webhook: unknown channel, zero secret",
            id -> Commands.putWebhook(id, 5, "https://h/", 1, NO_CHANNEL, 0, 0, 0));
        row(rows, INVALID_WEBHOOK_SECRET, "webhook: zero secret", id -> Commands.putWebhook(id, 5, "https://h/", 1, CH1, 0, 0, 0));
        row(rows, UNKNOWN_WEBHOOK, "delete webhook: no such one", id -> Commands.deleteWebhook(id, 5));
        row(rows, UNKNOWN_WEBHOOK, "rotate: no such one, zero secret", id -> Commands.rotateWebhookSecret(id, 5, 0, 0, 0, 0));
        row(rows, UNKNOWN_WEBHOOK, "delivered: no such one", id -> Commands.webhookDelivered(id, 5, 1));

        // Forecast master data (issue 23): the fixture holds no promotion.
        row(rows, UNKNOWN_SKU, "price: unknown SKU, negative price and category",
            id -> Commands.setSkuPrice(id, NO_SKU, -1, 0, -1));
        row(rows, INVALID_PRICE, "price: negative cost, negative category", id -> Commands.setSkuPrice(id, MILK, 0, -1, -1));
        row(rows, INVALID_CATEGORY, "price: negative category", id -> Commands.setSkuPrice(id, MILK, 100, 50, -1));
        row(rows, INVALID_PROMOTION_ID, "promotion: id 0, no target, end before start",
            id -> Commands.putPromotion(id, 0, -1, 0, S1, -1, 20_000, 19_000, -1));
        row(rows, INVALID_PROMOTION_TARGET, "promotion: SKU and category, unknown location",
            id -> Commands.putPromotion(id, 5, MILK, 3, NO_LOCATION, -1, 20_000, 20_001, 0));
        row(rows, UNKNOWN_SKU, "promotion: unknown SKU, unknown location",
            id -> Commands.putPromotion(id, 5, NO_SKU, 0, NO_LOCATION, -1, 20_000, 20_001, 0));
        row(rows, UNKNOWN_LOCATION, "promotion: unknown location, unknown channel",
            id -> Commands.putPromotion(id, 5, MILK, 0, NO_LOCATION, NO_CHANNEL, 20_000, 20_001, 0));
        row(rows, UNKNOWN_CHANNEL, "promotion: unknown channel, negative day",
            id -> Commands.putPromotion(id, 5, -1, 2, -1, NO_CHANNEL, -1, 20_001, 0));
        row(rows, INVALID_PROMOTION_DAYS, "promotion: negative start day, negative uplift",
            id -> Commands.putPromotion(id, 5, -1, 2, -1, -1, -1, 20_001, -1));
        row(rows, PROMOTION_END_BEFORE_START, "promotion: end before start, negative uplift",
            id -> Commands.putPromotion(id, 5, MILK, 0, S1, CH1, 20_001, 20_000, -1));
        row(rows, NEGATIVE_UPLIFT, "promotion: negative uplift", id -> Commands.putPromotion(id, 5, MILK, 0, S1, CH1, 20_000,
            20_000, -1));
        row(rows, UPLIFT_TOO_LARGE, "promotion: uplift over 100 times",
            id -> Commands.putPromotion(id, 5, MILK, 0, S1, CH1, 20_000, 20_000, 1_000_001));
        row(rows, INVALID_PROMOTION_ID, "learned promotion: id 0, no target, end before start",
            id -> Commands.putLearnedPromotion(id, 0, -1, 0, S1, -1, 20_000, 19_000));
        row(rows, INVALID_PROMOTION_TARGET, "learned promotion: SKU and category, unknown location",
            id -> Commands.putLearnedPromotion(id, 5, MILK, 3, NO_LOCATION, -1, 20_000, 20_001));
        row(rows, UNKNOWN_SKU, "learned promotion: unknown SKU, unknown location",
            id -> Commands.putLearnedPromotion(id, 5, NO_SKU, 0, NO_LOCATION, -1, 20_000, 20_001));
        row(rows, UNKNOWN_LOCATION, "learned promotion: unknown location, unknown channel",
            id -> Commands.putLearnedPromotion(id, 5, MILK, 0, NO_LOCATION, NO_CHANNEL, 20_000, 20_001));
        row(rows, UNKNOWN_CHANNEL, "learned promotion: unknown channel, negative day",
            id -> Commands.putLearnedPromotion(id, 5, -1, 2, -1, NO_CHANNEL, -1, 20_001));
        row(rows, INVALID_PROMOTION_DAYS, "learned promotion: negative start day, end before start",
            id -> Commands.putLearnedPromotion(id, 5, -1, 2, -1, -1, -1, -2));
        row(rows, PROMOTION_END_BEFORE_START, "learned promotion: end before start",
            id -> Commands.putLearnedPromotion(id, 5, MILK, 0, S1, CH1, 20_001, 20_000));
        row(rows, UNKNOWN_PROMOTION, "delete promotion: no such one", id -> Commands.deletePromotion(id, 5));
        row(rows, UNKNOWN_LOCATION, "override: unknown location and SKU, bad levels",
            id -> Commands.putForecastOverride(id, NO_LOCATION, NO_SKU, -5, 9, 1, T0));
        row(rows, UNKNOWN_SKU, "override: unknown SKU, bad levels", id -> Commands.putForecastOverride(id, S1, NO_SKU, -5, 9, 1, T0));
        row(rows, INVALID_FORECAST_OVERRIDE, "override: min above max, expired",
            id -> Commands.putForecastOverride(id, S1, MILK, 1_000, 9, 1, T0));
        row(rows, INVALID_OVERRIDE_EXPIRY, "override: expires now", id -> Commands.putForecastOverride(id, S1, MILK, 1_000, 0, 0, T0));
        row(rows, UNKNOWN_LOCATION, "sale amount: unknown location and SKU, no units, negative amount",
            id -> Commands.recordSaleAmount(id, NO_LOCATION, NO_SKU, 0, -1));
        row(rows, UNKNOWN_SKU, "sale amount: unknown SKU, no units", id -> Commands.recordSaleAmount(id, S1, NO_SKU, 0, -1));
        row(rows, INVALID_QUANTITY, "sale amount: no units, negative amount", id -> Commands.recordSaleAmount(id, S1, MILK, 0, -1));
        row(rows, QUANTITY_TOO_LARGE, "sale amount: units over the limit, negative amount",
            id -> Commands.recordSaleAmount(id, S1, MILK, Limits.MAX_COMMAND_QUANTITY + 1, -1));
        row(rows, INVALID_SALE_AMOUNT, "sale amount: negative amount", id -> Commands.recordSaleAmount(id, S1, MILK, 1, -1));
        row(rows, UNKNOWN_LOCATION, "query position: unknown location and SKU",
            id -> Commands.queryPosition(id, NO_LOCATION, NO_SKU));
        row(rows, UNKNOWN_SKU, "query availability: unknown SKU", id -> Commands.queryAvailability(id, NO_SKU));
        row(rows, UNKNOWN_CHANNEL, "query channel availability: unknown channel",
            id -> Commands.queryChannelAvailability(id, NO_CHANNEL, MILK));
        row(rows, UNKNOWN_ORDER, "query order: unknown order", id -> Commands.queryOrder(id, 999));
        return rows.stream();
    }

    private static void row(
        final List<Arguments> rows, final ReasonCode expected, final String brokenRules, final LongFunction<Command> command)
    {
        rows.add(Arguments.of(expected, brokenRules, command));
    }

    /** An order delivered near S1 (or picked up at {@code pickup}). */
    private static Order order(
        final long orderId, final int channel, final FulfilmentType type, final int pickup, final int flags,
        final OrderLine... lines)
    {
        return new Order(orderId, channel, type, 31_230_000, 121_470_000, pickup, 0, 0, flags, List.of(lines));
    }
}

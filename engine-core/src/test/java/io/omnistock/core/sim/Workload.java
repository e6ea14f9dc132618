package io.omnistock.core.sim;

import io.omnistock.api.AdjustmentReason;
import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandType;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Limits;
import io.omnistock.api.OrderLine;
import io.omnistock.api.ReplenishmentKind;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.RoutingPolicy;
import io.omnistock.api.RuleSet;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The seeded workload: every client command type, mostly valid (ids the auditor knows, quantities
 * that fit), with a share of deliberately invalid input (unknown ids, zero and oversize
 * quantities, bad codes, reused command ids, invalid policies). The same seed and the same
 * auditor state give the same commands, so a seed replays exactly.
 */
final class Workload
{
    /** A small city: two warehouses, a front warehouse and three stores a few kilometres apart. */
    private static final Object[][] NETWORK = {
        {"W1", Tier.WAREHOUSE, 31_230_000, 121_470_000, Capabilities.SHIPS_PARCELS},
        {"W2", Tier.WAREHOUSE, 31_300_000, 121_300_000, Capabilities.SHIPS_PARCELS},
        {"F1", Tier.FRONT_WAREHOUSE, 31_220_000, 121_460_000, Capabilities.INSTANT_DELIVERY},
        {"S1", Tier.STORE, 31_225_000, 121_475_000, Capabilities.ALL},
        {"S2", Tier.STORE, 31_240_000, 121_480_000, Capabilities.ALL},
        {"S3", Tier.STORE, 31_210_000, 121_440_000, Capabilities.PICKUP | Capabilities.OVER_THE_COUNTER},
    };
    private static final String[] SKUS = {"MILK", "RICE", "OIL", "EGGS", "TEA"};
    /** Hold TTLs: a minute, a quarter of an hour, two hours. */
    private static final long[] CHANNEL_TTLS = {60_000, 900_000, 7_200_000};

    /** Command types by weight; definitions come first, from {@link #setUp}. */
    private static final Object[][] MIX = {
        {CommandType.RECEIVE, 10}, {CommandType.ADJUST, 3}, {CommandType.STOCKTAKE, 2}, {CommandType.SALE, 4},
        {CommandType.RETURN, 2}, {CommandType.RESERVE, 6}, {CommandType.RELEASE, 3}, {CommandType.FULFIL, 3},
        {CommandType.TRANSFER_OUT, 2}, {CommandType.TRANSFER_IN, 2}, {CommandType.SET_SAFETY_STOCK, 2},
        {CommandType.SET_PROTECTED_STOCK, 1}, {CommandType.SET_WALK_IN_RESERVE, 1}, {CommandType.DEFINE_LOCATION, 1},
        {CommandType.DEFINE_SKU, 1}, {CommandType.DEFINE_CHANNEL, 1}, {CommandType.ROUTE_ORDER, 12},
        {CommandType.QUERY_PROMISE, 2}, {CommandType.CONFIRM_ORDER, 5}, {CommandType.EXTEND_ORDER, 2},
        {CommandType.CANCEL_ORDER, 2}, {CommandType.FULFIL_ORDER, 5}, {CommandType.REJECT_ALLOCATION, 2},
        {CommandType.CONFIGURE_LOCATION, 1}, {CommandType.SET_CHANNEL_QUOTA, 1}, {CommandType.SET_ROUTING_POLICY, 1},
        {CommandType.SET_CHANNEL_ELIGIBILITY, 1}, {CommandType.SET_REPLENISHMENT_POLICY, 2},
        {CommandType.SET_REPLENISHMENT_RULE, 2}, {CommandType.SET_LOCATION_SOURCE, 1},
        {CommandType.CANCEL_REPLENISHMENT, 1}, {CommandType.TRANSFER_FROM_REQUEST, 2},
        {CommandType.CREATE_TRANSFER, 3}, {CommandType.SHIP_TRANSFER, 3}, {CommandType.RECEIVE_TRANSFER, 3},
        {CommandType.CANCEL_TRANSFER, 2}, {CommandType.UPGRADE_LOGIC, 1}, {CommandType.QUERY_POSITION, 1},
        {CommandType.QUERY_AVAILABILITY, 1}, {CommandType.QUERY_ORDER, 1}, {CommandType.COMPARE_AND_SET_ON_HAND, 3},
        {CommandType.PUT_API_KEY, 1},
        {CommandType.REVOKE_API_KEY, 1}, {CommandType.PUT_WEBHOOK, 1}, {CommandType.DELETE_WEBHOOK, 1},
        {CommandType.ROTATE_WEBHOOK_SECRET, 1}, {CommandType.WEBHOOK_DELIVERED, 2}, {CommandType.SET_SKU_PRICE, 1},
        {CommandType.PUT_PROMOTION, 1}, {CommandType.DELETE_PROMOTION, 1}, {CommandType.PUT_FORECAST_OVERRIDE, 1},
        {CommandType.RECORD_SALE_AMOUNT, 2},
        {CommandType.PUT_LEARNED_PROMOTION, 1},
    };
    private static final int TOTAL_WEIGHT;

    static
    {
        int total = 0;
        for (final Object[] entry : MIX)
        {
            total += (Integer)entry[1];
        }
        TOTAL_WEIGHT = total;
    }

    private final SplittableRandom random;
    private final AuditLedger ledger;
    private final List<Op> setUp = new ArrayList<>();
    private long nextCommandId = 1;
    private long nextId = 1;
    private int setUpAt;

    Workload(final long seed, final AuditLedger ledger)
    {
        this.random = new SplittableRandom(seed);
        this.ledger = ledger;
        for (final Object[] l : NETWORK)
        {
            final Op op = op(CommandType.DEFINE_LOCATION);
            op.code = (String)l[0];
            op.tier = (Tier)l[1];
            op.latMicros = (Integer)l[2];
            op.lonMicros = (Integer)l[3];
            op.capabilities = (Integer)l[4];
            setUp.add(op);
        }
        for (final String code : SKUS)
        {
            final Op op = op(CommandType.DEFINE_SKU);
            op.code = code;
            op.unit = StockUnit.PIECE;
            setUp.add(op);
        }
        for (int c = 0; c < CHANNEL_TTLS.length; c++)
        {
            final Op op = op(CommandType.DEFINE_CHANNEL);
            op.code = "CH" + c;
            op.quantity = CHANNEL_TTLS[c];
            setUp.add(op);
        }
    }

    /** The next command at engine time {@code now}. */
    Op next(final long now)
    {
        if (setUpAt < setUp.size())
        {
            return setUp.get(setUpAt++);
        }
        int pick = random.nextInt(TOTAL_WEIGHT);
        CommandType type = null;
        for (final Object[] entry : MIX)
        {
            pick -= (Integer)entry[1];
            if (pick < 0)
            {
                type = (CommandType)entry[0];
                break;
            }
        }
        final Op op = generate(type, now);
        idempotency(op);
        return op;
    }

    /** Now and then a command id is zero, or one already used, with or without another fingerprint. */
    private void idempotency(final Op op)
    {
        if (!op.type.journaled())
        {
            return;
        }
        if (chance(0.01))
        {
            op.commandId = 0;
        }
        else if (chance(0.03) && nextCommandId > 2)
        {
            op.commandId = 1 + random.nextLong(nextCommandId - 1);
            if (chance(0.5))
            {
                op.fingerprint = 1 + random.nextInt(2);
            }
        }
        if (chance(0.2))
        {
            // Few fingerprints, so a reused id meets another one (IDEMPOTENCY_KEY_REUSED) or its own.
            op.fingerprint = 1 + random.nextInt(2);
        }
    }

    private Op generate(final CommandType type, final long now)
    {
        final Op op = op(type);
        switch (type)
        {
            case DEFINE_LOCATION ->
            {
                op.code = code("L");
                op.tier = chance(0.05) ? null : pickOf(Tier.values());
                op.latMicros = 31_200_000 + random.nextInt(100_000) + (chance(0.05) ? Limits.MAX_LATITUDE_MICROS : 0);
                op.lonMicros = 121_400_000 + random.nextInt(100_000);
                op.capabilities = chance(0.05) ? 1 << 7 : 1 + random.nextInt(Capabilities.ALL);
            }
            case DEFINE_SKU ->
            {
                op.code = code("K");
                op.unit = chance(0.05) ? null : pickOf(StockUnit.values());
            }
            case DEFINE_CHANNEL ->
            {
                op.code = code("C");
                op.quantity = chance(0.1) ? random.nextLong(2 * Limits.MAX_HOLD_MILLIS) : 1_000 + random.nextInt(600_000);
            }
            case RECEIVE, RETURN, SALE, TRANSFER_IN -> position(op, quantity(1, 30));
            case ADJUST ->
            {
                position(op, chance(0.05) ? 0 : quantity(1, 10) * (chance(0.5) ? -1 : 1));
                op.reason = chance(0.05) ? null : pickOf(AdjustmentReason.values());
            }
            case STOCKTAKE -> position(op, chance(0.05) ? -1 : random.nextInt(40));
            case COMPARE_AND_SET_ON_HAND ->
            {
                position(op, chance(0.05) ? -1 : random.nextInt(40));
                // Mostly what the caller just read; sometimes a stale read, which must be refused.
                final long onHand = ledger.pos(op.location, op.sku).onHand;
                op.compare = chance(0.2) ? onHand + 1 + random.nextInt(3) : onHand;
                op.reason = chance(0.05) ? null : pickOf(AdjustmentReason.values());
            }
            case SET_SAFETY_STOCK, SET_PROTECTED_STOCK, SET_WALK_IN_RESERVE ->
                position(op, chance(0.05) ? -1 : random.nextInt(6));
            case RESERVE ->
            {
                position(op, quantity(1, 8));
                op.id = chance(0.03) ? 0 : chance(0.05) ? anyKey(ledger.reservations(), 1) : nextId++;
                if (chance(0.3))
                {
                    // Journaled with the reservation only; sometimes over the limits, to be refused.
                    op.code = "cart-" + random.nextInt(1000) + (chance(0.05) ? "x".repeat(Limits.MAX_EXTERNAL_REFERENCE_BYTES) : "");
                    op.metadata = chance(0.5) ? null : "{\"note\":\"" + "n".repeat(chance(0.05) ? Limits.MAX_METADATA_BYTES :
                        random.nextInt(40)) + "\"}";
                }
            }
            case RELEASE, FULFIL ->
            {
                op.id = chance(0.05) ? nextId++ : anyKey(ledger.reservations(), 0);
                final long[] res = ledger.reservations().get(op.id);
                op.quantity = res == null || chance(0.1) ? quantity(1, 5) : 1 + random.nextLong(res[2] + 1);
            }
            case TRANSFER_OUT, CREATE_TRANSFER ->
            {
                position(op, quantity(1, 10));
                op.toLocation = chance(0.05) ? op.location : location();
                if (type == CommandType.CREATE_TRANSFER)
                {
                    op.id = chance(0.03) ? 0 : chance(0.05) ? anyKey(ledger.transfers(), 1) : nextId++;
                }
            }
            case ROUTE_ORDER, QUERY_PROMISE -> order(op, now);
            case CONFIRM_ORDER, CANCEL_ORDER, QUERY_ORDER -> op.id = orderId();
            case EXTEND_ORDER ->
            {
                op.id = orderId();
                op.quantity = chance(0.05) ? -random.nextInt(1000) : 1_000 + random.nextInt(600_000);
            }
            case FULFIL_ORDER, REJECT_ALLOCATION ->
            {
                op.id = orderId();
                final AuditLedger.SimOrder o = ledger.orders().get(op.id);
                op.location = o != null && !o.allocations.isEmpty() && chance(0.85) ?
                    o.allocations.get(random.nextInt(o.allocations.size())).location() : location();
            }
            case CONFIGURE_LOCATION ->
            {
                op.location = location();
                op.ordersPerHour = chance(0.6) ? 0 : random.nextInt(20) - (chance(0.05) ? 30 : 0);
                op.priority = random.nextInt(chance(0.05) ? 400 : 10);
                op.pickPackMinutes = random.nextInt(60);
            }
            case SET_CHANNEL_QUOTA ->
            {
                op.channel = channel();
                op.sku = sku();
                op.quantity = chance(0.3) ? -1 : random.nextInt(40) - (chance(0.05) ? 5 : 0);
                op.quotaPercent = chance(0.3) ? -1 : random.nextInt(chance(0.05) ? 200 : 101);
            }
            case SET_ROUTING_POLICY -> op.routingPolicy = routingPolicy();
            case SET_CHANNEL_ELIGIBILITY ->
            {
                op.location = location();
                op.channel = channel();
                op.eligible = chance(0.6);
            }
            case SET_REPLENISHMENT_POLICY ->
            {
                position(op, 0);
                op.orderUpTo = chance(0.15) ? 0 : 5 + random.nextInt(30);
                op.reorderPoint = random.nextInt(10) - (chance(0.05) ? 20 : 0);
                op.packSize = chance(0.05) ? 0 : 1 + random.nextInt(4);
                op.minOrderQuantity = random.nextInt(5);
                op.toLocation = source();
                op.leadTimeHours = random.nextInt(72);
            }
            case SET_REPLENISHMENT_RULE ->
            {
                op.scope = pickOf(Op.Scope.values());
                op.location = location();
                op.sku = sku();
                op.tier = chance(0.05) ? null : pickOf(Tier.values());
                op.replenishment = chance(0.15) ? null : replenishmentPolicy();
            }
            case SET_LOCATION_SOURCE ->
            {
                op.location = location();
                op.toLocation = source();
            }
            case CANCEL_REPLENISHMENT -> position(op, 0);
            case TRANSFER_FROM_REQUEST ->
            {
                position(op, 0);
                op.id = chance(0.03) ? 0 : chance(0.05) ? anyKey(ledger.transfers(), 1) : nextId++;
            }
            case SHIP_TRANSFER ->
            {
                op.id = transferId();
                op.quantity = now + (chance(0.05) ? -60_000 : random.nextInt(86_400_000));
            }
            case RECEIVE_TRANSFER ->
            {
                op.id = transferId();
                final AuditLedger.Transfer t = ledger.transfers().get(op.id);
                final long shipped = t == null ? quantity(1, 5) : t.quantity;
                op.quantity = chance(0.7) ? shipped : Math.max(chance(0.05) ? -1 : 0, shipped + random.nextInt(5) - 2);
                op.reason = chance(0.5) ? pickOf(AdjustmentReason.values()) : null;
            }
            case CANCEL_TRANSFER -> op.id = transferId();
            case UPGRADE_LOGIC -> op.quantity = random.nextInt(5);
            case PUT_API_KEY ->
            {
                // Few names and few digests, so taken names and reused digests come up.
                op.code = chance(0.9) ? "key-" + random.nextInt(12) : code("key-");
                op.words[0] = chance(0.03) ? 0 : random.nextInt(16);
                op.words[1] = chance(0.03) && op.words[0] == 0 ? 0 : 1;
                op.capabilities = chance(0.05) ? 0 : chance(0.03) ? 1 << 6 : 1 + random.nextInt(63);
                op.channel = chance(0.5) ? -1 : channel();
                op.quantity = chance(0.8) ? 0 : now + random.nextInt(120_000) - 20_000;
            }
            case REVOKE_API_KEY -> op.code = "key-" + random.nextInt(14);
            case PUT_WEBHOOK ->
            {
                op.id = chance(0.03) ? 0 : 1 + random.nextInt(8);
                final double u = random.nextDouble();
                op.text = u < 0.03 ? null : u < 0.06 ? "ftp://h/" : u < 0.08 ? "https://h/" + "x".repeat(2048) :
                    u < 0.1 ? "https://h/\ud800" : "https://receiver.example/" + random.nextInt(4);
                op.capabilities = chance(0.05) ? 0 : chance(0.03) ? 1 << 20 : 1 + random.nextInt(2047);
                op.channel = chance(0.5) ? -1 : channel();
                secret(op);
            }
            case DELETE_WEBHOOK -> op.id = 1 + random.nextInt(9);
            case ROTATE_WEBHOOK_SECRET ->
            {
                op.id = 1 + random.nextInt(9);
                secret(op);
                op.quantity = chance(0.5) ? 0 : now + random.nextInt(60_000) - 10_000;
            }
            case WEBHOOK_DELIVERED ->
            {
                op.id = 1 + random.nextInt(9);
                final long delivered = ledger.webhooks.getOrDefault(op.id, 0L);
                op.quantity = chance(0.05) ? Long.MAX_VALUE / 2 : chance(0.1) ? delivered - 1 : delivered + random.nextInt(4);
            }
            case SET_SKU_PRICE ->
            {
                op.sku = sku();
                op.quantity = chance(0.03) ? -1 : chance(0.03) ? Limits.MAX_COMMAND_QUANTITY + 1 : random.nextInt(10_000);
                op.words[0] = chance(0.03) ? -5 : random.nextInt(5_000);
                op.capabilities = chance(0.03) ? -1 : random.nextInt(4);
            }
            case PUT_PROMOTION, PUT_LEARNED_PROMOTION ->
            {
                op.id = chance(0.03) ? 0 : 1 + random.nextInt(8);
                final boolean byCategory = chance(0.4);
                op.sku = byCategory ? (chance(0.03) ? sku() : -1) : sku();
                op.capabilities = byCategory ? (chance(0.03) ? -2 : 1 + random.nextInt(3)) : (chance(0.03) ? 1 : 0);
                op.location = chance(0.5) ? -1 : location();
                op.channel = chance(0.6) ? -1 : channel();
                op.latMicros = chance(0.02) ? -1 : 20_000 + random.nextInt(60);
                op.lonMicros = chance(0.02) ? Limits.MAX_EPOCH_DAY + 1 : op.latMicros + random.nextInt(20) - 2;
                op.quantity = chance(0.03) ? -1 : chance(0.02) ? Limits.MAX_UPLIFT_BASIS_POINTS + 1 : random.nextInt(20_000);
            }
            case DELETE_PROMOTION -> op.id = 1 + random.nextInt(9);
            case PUT_FORECAST_OVERRIDE ->
            {
                position(op, 0);
                op.quantity = chance(0.2) ? -1 : chance(0.03) ? -2 : random.nextInt(50_000);
                op.orderUpTo = chance(0.4) ? 0 : random.nextInt(500);
                op.compare = chance(0.03) ? op.orderUpTo + 1 : op.orderUpTo == 0 ? 0 : random.nextInt((int)op.orderUpTo + 1);
                op.promiseAt = now + random.nextInt(600_000) - 30_000;
            }
            case RECORD_SALE_AMOUNT ->
            {
                position(op, 0);
                op.quantity = chance(0.03) ? 0 : chance(0.02) ? Limits.MAX_COMMAND_QUANTITY + 1 : 1 + random.nextInt(20);
                op.words[0] = chance(0.03) ? -1 : chance(0.02) ? Limits.MAX_COMMAND_QUANTITY + 1 : random.nextInt(100_000);
            }
            case QUERY_POSITION -> position(op, 0);
            case QUERY_AVAILABILITY -> op.sku = sku();
            case EXPIRE_HOLDS -> throw new IllegalArgumentException("the engine's own command");
        }
        return op;
    }

    private void order(final Op op, final long now)
    {
        op.id = chance(0.02) ? 0 : chance(0.03) ? orderId() : nextId++;
        op.channel = chance(0.03) ? ledger.channels() + 3 : channel();
        op.fulfilmentType = chance(0.03) ? null : pickOf(FulfilmentType.values());
        op.latMicros = 31_200_000 + random.nextInt(100_000) + (chance(0.02) ? Limits.MAX_LATITUDE_MICROS : 0);
        op.lonMicros = 121_400_000 + random.nextInt(100_000);
        op.location = op.fulfilmentType == FulfilmentType.PICKUP || chance(0.1) ? location() : -1;
        op.orderValue = chance(0.02) ? -1 : random.nextInt(200_000);
        op.promiseAt = chance(0.02) ? -5 : chance(0.5) ? 0 : now + random.nextInt(3 * 86_400_000);
        op.flags = random.nextInt(4) | (chance(0.02) ? 1 << 5 : 0);
        final int lines = chance(0.03) ? 0 : 1 + random.nextInt(3);
        final List<Integer> skus = new ArrayList<>();
        for (int i = 0; i < lines; i++)
        {
            int sku = sku();
            if (skus.contains(sku) && !chance(0.1))
            {
                continue;
            }
            skus.add(sku);
            op.lines.add(new OrderLine(sku, chance(0.02) ? 0 : quantity(1, 6)));
        }
    }

    private RoutingPolicy routingPolicy()
    {
        if (chance(0.1))
        {
            return null;
        }
        final RoutingPolicy defaults = RoutingPolicy.defaults();
        if (chance(0.15))
        {
            // A rule set that may split across more locations than the engine allows: invalid.
            final List<RuleSet> bad = List.of(new RuleSet("too-many-splits", List.of(Tier.STORE),
                Capabilities.SHIPS_PARCELS, false, false, 0, false, List.of(), List.of(), Limits.MAX_SPLITS + 1, 8));
            return new RoutingPolicy(List.of(bad, bad, bad, bad), 30, 20_000, 60, 100_000);
        }
        return new RoutingPolicy(defaults.ruleSets(), 5 + random.nextInt(40), 10_000 + random.nextInt(30_000),
            30 + random.nextInt(90), random.nextInt(200_000));
    }

    private ReplenishmentPolicy replenishmentPolicy()
    {
        final ReplenishmentKind kind = pickOf(ReplenishmentKind.values());
        final ReplenishmentPolicy base = switch (kind)
        {
            case MIN_MAX -> ReplenishmentPolicy.minMax(random.nextInt(10) - (chance(0.05) ? 20 : 0),
                5 + random.nextInt(30));
            case DAYS_OF_COVER -> ReplenishmentPolicy.daysOfCover(1 + random.nextInt(5), 3 + random.nextInt(10),
                10 + random.nextInt(40) - (chance(0.05) ? 40 : 0));
            case DYNAMIC -> ReplenishmentPolicy.dynamic(4_900 + random.nextInt(5_200), 1 + random.nextInt(30));
        };
        return base.withSource(source(), random.nextInt(48)).withPack(1 + random.nextInt(3))
            .withSlowMoverDays(chance(0.3) ? random.nextInt(30) : 0);
    }

    // ---- picking ids ----

    private void position(final Op op, final long quantity)
    {
        op.location = location();
        op.sku = sku();
        op.quantity = quantity;
    }

    private int location()
    {
        return chance(0.03) ? (chance(0.5) ? -1 : ledger.locations() + random.nextInt(3)) :
            random.nextInt(Math.max(1, ledger.locations()));
    }

    private int sku()
    {
        return chance(0.03) ? ledger.skus() + random.nextInt(3) : random.nextInt(Math.max(1, ledger.skus()));
    }

    private int channel()
    {
        return chance(0.03) ? ledger.channels() + random.nextInt(3) : random.nextInt(Math.max(1, ledger.channels()));
    }

    private void secret(final Op op)
    {
        final boolean zero = chance(0.05);
        op.words[0] = zero ? 0 : random.nextLong();
        op.words[1] = zero ? 0 : random.nextLong();
        op.words[2] = zero ? 0 : random.nextLong();
    }

    private int source()
    {
        final double p = random.nextDouble();
        return p < 0.3 ? ReplenishmentPolicy.SUPPLIER : p < 0.5 ? ReplenishmentPolicy.NETWORK : location();
    }

    /** An open order mostly, else one closed or never opened. */
    private long orderId()
    {
        if (!ledger.orders().isEmpty() && chance(0.85))
        {
            return anyKey(ledger.orders(), 0);
        }
        if (!ledger.closedOrders().isEmpty() && chance(0.5))
        {
            return ledger.closedOrders().get(random.nextInt(ledger.closedOrders().size()));
        }
        return chance(0.2) ? 0 : nextId++;
    }

    private long transferId()
    {
        return ledger.transfers().isEmpty() || chance(0.08) ? nextId++ : anyKey(ledger.transfers(), 0);
    }

    /** A key of {@code map} (sorted, so seeded), or {@code otherwise} when it is empty. */
    private long anyKey(final Map<Long, ?> map, final long otherwise)
    {
        if (map.isEmpty())
        {
            return otherwise == 0 ? nextId++ : otherwise;
        }
        final int skip = random.nextInt(map.size());
        int i = 0;
        for (final long key : map.keySet())
        {
            if (i++ == skip)
            {
                return key;
            }
        }
        throw new IllegalStateException();
    }

    private String code(final String prefix)
    {
        final double p = random.nextDouble();
        if (p < 0.03)
        {
            return "";
        }
        if (p < 0.05)
        {
            return "X".repeat(Limits.MAX_CODE_BYTES + 1);
        }
        if (p < 0.07)
        {
            return prefix + "\ud800";
        }
        if (p < 0.09)
        {
            return prefix + "\u0007";
        }
        if (p < 0.15)
        {
            // Most likely taken already.
            return prefix + random.nextInt(3);
        }
        return prefix + random.nextInt(1_000_000);
    }

    private long quantity(final int min, final int max)
    {
        final double p = random.nextDouble();
        if (p < 0.02)
        {
            return 0;
        }
        if (p < 0.03)
        {
            return -1 - random.nextInt(5);
        }
        if (p < 0.04)
        {
            return Limits.MAX_COMMAND_QUANTITY + 1;
        }
        return min + random.nextInt(max - min + 1);
    }

    private boolean chance(final double p)
    {
        return random.nextDouble() < p;
    }

    private <T> T pickOf(final T[] values)
    {
        return values[random.nextInt(values.length)];
    }

    private Op op(final CommandType type)
    {
        return new Op(type, nextCommandId++);
    }

    /** The random source the simulator draws clock steps and faults from, after the workload's. */
    SplittableRandom random()
    {
        return random;
    }
}

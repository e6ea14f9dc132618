package io.omnistock.core.golden;

import io.omnistock.api.AdjustmentReason;
import io.omnistock.api.Capabilities;
import io.omnistock.api.Command;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Limits;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.RoutingPolicy;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;

import java.util.List;

/**
 * The fixed script behind the golden journals: every journaled command type at least once
 * accepted and once rejected (EXPIRE_HOLDS, which the engine sends itself, has no rejection), in
 * a small network of a warehouse, two stores and a front warehouse. Changing this script changes
 * no golden file: those were written once, by the build of their day, and are only read since.
 */
final class GoldenScenario
{
    /** Where the commands go: stamped, applied and journaled by the caller. */
    interface Sink
    {
        /** Runs one command; returns its assigned id (definitions) or -1. */
        int run(Command command);

        /** Runs the engine timer's command at the current time. */
        void expireHolds();

        /** Moves engine time forward. */
        void advanceMillis(long millis);

        /** The point where a snapshot is taken (the middle of the script). */
        void midpoint();

        /** Whether the journal knows logic versions (format 3 on): the script then switches logic version. */
        boolean logicVersions();

        /** Whether commands carry request fingerprints (format 4 on): the script then reuses ids under logic 2 and 3. */
        boolean fingerprints();

        /**
         * Whether reservations carry an external reference and metadata (format 5 on): the script then
         * reserves with them, and sends the command types added with format 5's build (COMPARE_AND_SET_ON_HAND).
         */
        boolean reservationTags();

        /**
         * Whether command bodies write their integers as variable-length integers (format 6 on): the
         * script then sends the command types added since format 5's golden journal (API keys,
         * webhooks, prices, promotions, forecast overrides, sale amounts), each accepted and rejected.
         */
        boolean compactBodies();
    }

    /** 2026-11-01T00:00:00Z: engine time of the first command. */
    static final long START_MILLIS = 1_793_491_200_000L;

    private GoldenScenario()
    {
    }

    static void run(final Sink s)
    {
        long id = 1;
        // Definitions, accepted and rejected.
        final int wh = s.run(Commands.defineLocation(id++, "SH-DC-01", Tier.WAREHOUSE, 31_100_000, 121_300_000,
            Capabilities.ALL));
        final int st1 = s.run(Commands.defineLocation(id++, "SH-ST-001", Tier.STORE, 31_230_416, 121_473_701,
            Capabilities.ALL));
        final int st2 = s.run(Commands.defineLocation(id++, "SH-ST-002", Tier.STORE, 31_240_000, 121_480_000,
            Capabilities.ALL));
        final int fw = s.run(Commands.defineLocation(id++, "SH-FW-01", Tier.FRONT_WAREHOUSE, 31_232_000, 121_470_000,
            Capabilities.ALL));
        s.run(Commands.defineLocation(id++, "SH-ST-001", Tier.STORE, 31_230_000, 121_470_000, Capabilities.ALL));
        s.run(Commands.defineLocation(id++, "", Tier.STORE, 31_230_000, 121_470_000, Capabilities.ALL));
        final int milk = s.run(Commands.defineSku(id++, "MILK-1L", StockUnit.PIECE));
        final int apple = s.run(Commands.defineSku(id++, "APPLE-FUJI", StockUnit.GRAM));
        s.run(Commands.defineSku(id++, "MILK-1L", StockUnit.PIECE));
        final int app = s.run(Commands.defineChannel(id++, "app", 15 * 60_000));
        final int web = s.run(Commands.defineChannel(id++, "web", 30 * 60_000));
        s.run(Commands.defineChannel(id++, "bad-ttl", 0));

        // Stock movements.
        s.run(Commands.receive(id++, wh, milk, 1_000));
        s.run(Commands.receive(id++, st1, milk, 60));
        s.run(Commands.receive(id++, st2, milk, 25));
        s.run(Commands.receive(id++, fw, milk, 30));
        s.run(Commands.receive(id++, st1, apple, 12_000));
        s.run(Commands.receive(id++, 99, milk, 5));
        s.run(Commands.adjust(id++, st1, milk, -2, AdjustmentReason.DAMAGED));
        s.run(Commands.adjust(id++, st1, milk, 0, AdjustmentReason.DAMAGED));
        s.run(Commands.stocktake(id++, st2, milk, 24));
        s.run(Commands.stocktake(id++, st2, milk, -1));
        s.run(Commands.sale(id++, st1, milk, 1));
        s.run(Commands.sale(id++, st1, milk, 0));
        s.run(Commands.returnToStock(id++, st1, milk, 1));
        s.run(Commands.returnToStock(id++, st1, 77, 1));
        s.run(Commands.setSafetyStock(id++, st1, milk, 3));
        s.run(Commands.setSafetyStock(id++, st1, milk, -3));

        // Reservations.
        s.run(Commands.reserve(id++, 1, st1, milk, 5));
        s.run(Commands.reserve(id++, 2, st1, milk, 100_000));
        s.run(Commands.release(id++, 1, 2));
        s.run(Commands.release(id++, 42, 1));
        s.run(Commands.fulfil(id++, 1, 3));
        s.run(Commands.fulfil(id++, 42, 1));

        // Legacy transfers.
        s.run(Commands.transferOut(id++, wh, st2, milk, 10));
        s.run(Commands.transferOut(id++, wh, st2, milk, 1_000_000));
        s.run(Commands.transferIn(id++, st2, milk, 10));
        s.run(Commands.transferIn(id++, st2, milk, 10));

        // Routing settings.
        s.run(Commands.configureLocation(id++, st1, 120, 1, 20));
        s.run(Commands.configureLocation(id++, 99, 120, 1, 20));
        s.run(Commands.setProtectedStock(id++, st1, milk, 2));
        s.run(Commands.setProtectedStock(id++, st1, milk, -2));
        s.run(Commands.setWalkInReserve(id++, st2, milk, 1));
        s.run(Commands.setWalkInReserve(id++, 99, milk, 1));
        s.run(Commands.setChannelQuota(id++, app, milk, 500, 80));
        s.run(Commands.setChannelQuota(id++, 99, milk, 500, 80));
        s.run(Commands.setChannelEligibility(id++, st2, web, false));
        s.run(Commands.setChannelEligibility(id++, st2, 99, false));
        s.run(Commands.setRoutingPolicy(id++, RoutingPolicy.defaults()));
        final RoutingPolicy d = RoutingPolicy.defaults();
        s.run(Commands.setRoutingPolicy(id++, new RoutingPolicy(d.ruleSets(), d.pickPackMinutes(), 0,
            d.instantWindowMinutes(), d.highValueThreshold())));
        s.run(Commands.sale(1, st1, milk, 1)); // a command id used before: DUPLICATE_COMMAND

        s.midpoint();

        // Orders: every fulfilment type, then their lifecycle.
        final int nearSt1Lat = 31_231_000;
        final int nearSt1Lon = 121_466_000;
        s.run(Commands.routeOrder(id++, new Order(100, app, FulfilmentType.INSTANT, nearSt1Lat, nearSt1Lon, -1, 1_280,
            0, 0, List.of(new OrderLine(milk, 2)))));
        s.run(Commands.routeOrder(id++, new Order(101, web, FulfilmentType.REGULAR, 31_300_000, 121_500_000, -1, 5_000,
            0, 0, List.of(new OrderLine(milk, 3), new OrderLine(apple, 500)))));
        s.run(Commands.routeOrder(id++, new Order(102, app, FulfilmentType.PICKUP, nearSt1Lat, nearSt1Lon, st1, 900,
            0, 0, List.of(new OrderLine(milk, 1)))));
        s.run(Commands.routeOrder(id++, new Order(103, app, FulfilmentType.SCHEDULED, nearSt1Lat, nearSt1Lon, -1, 700,
            GoldenScenario.START_MILLIS + 86_400_000L, 0, List.of(new OrderLine(milk, 1)))));
        s.run(Commands.routeOrder(id++, new Order(104, 99, FulfilmentType.INSTANT, nearSt1Lat, nearSt1Lon, -1, 100,
            0, 0, List.of(new OrderLine(milk, 1)))));
        s.run(Commands.routeOrder(id++, new Order(105, app, FulfilmentType.INSTANT, nearSt1Lat, nearSt1Lon, -1, 100,
            0, 0, List.of(new OrderLine(milk, 100_000)))));
        s.run(Commands.confirmOrder(id++, 100));
        s.run(Commands.confirmOrder(id++, 999));
        s.run(Commands.extendOrder(id++, 101, 60_000));
        s.run(Commands.extendOrder(id++, 999, 60_000));
        s.run(Commands.fulfilOrder(id++, 100, fw));
        s.run(Commands.fulfilOrder(id++, 101, st1));
        s.run(Commands.rejectAllocation(id++, 102, st1));
        s.run(Commands.rejectAllocation(id++, 999, st1));
        s.run(Commands.cancelOrder(id++, 103));
        s.run(Commands.cancelOrder(id++, 999));
        s.run(Commands.routeOrder(id++, new Order(106, app, FulfilmentType.INSTANT, nearSt1Lat, nearSt1Lon, -1, 100,
            0, 0, List.of(new OrderLine(milk, 1)))));
        s.advanceMillis(16 * 60_000);
        s.expireHolds();

        // Replenishment.
        s.run(Commands.setReplenishmentPolicy(id++, st2, milk, 30, 80, 6, 12, wh, 24));
        s.run(Commands.setReplenishmentPolicy(id++, st2, milk, -1, 80, 6, 12, wh, 24));
        s.run(Commands.setPositionPolicy(id++, fw, milk, ReplenishmentPolicy.minMax(40, 90)));
        s.run(Commands.setPositionPolicy(id++, fw, milk, ReplenishmentPolicy.minMax(90, 40)));
        s.run(Commands.setLocationPolicy(id++, st1, ReplenishmentPolicy.daysOfCover(3, 10, 30)));
        s.run(Commands.setTierPolicy(id++, Tier.STORE, ReplenishmentPolicy.dynamic(9_500, 7)));
        s.run(Commands.setLocationSource(id++, st1, wh));
        s.run(Commands.setLocationSource(id++, st1, st1));
        s.run(Commands.sale(id++, st2, milk, 5));
        s.run(Commands.transferFromRequest(id++, 500, st2, milk));
        s.run(Commands.transferFromRequest(id++, 501, st2, milk));
        s.run(Commands.cancelReplenishment(id++, fw, milk));
        s.run(Commands.cancelReplenishment(id++, 99, milk));

        // Transfer orders.
        s.run(Commands.createTransfer(id++, 600, wh, fw, milk, 10));
        s.run(Commands.createTransfer(id++, 601, wh, fw, milk, 5));
        s.run(Commands.createTransfer(id++, 602, wh, wh, milk, 5));
        s.run(Commands.shipTransfer(id++, 600, START_MILLIS + 7_200_000L));
        s.run(Commands.shipTransfer(id++, 699, START_MILLIS + 7_200_000L));
        s.run(Commands.receiveTransfer(id++, 600, 9, AdjustmentReason.DAMAGED));
        s.run(Commands.receiveTransfer(id++, 699, 9, AdjustmentReason.DAMAGED));
        s.run(Commands.cancelTransfer(id++, 601));
        s.run(Commands.cancelTransfer(id++, 699));
        if (!s.logicVersions())
        {
            return;
        }

        // Format 3 on: the journal starts in logic version 1 and switches to 2; the commands whose
        // decision logic 2 changed are decided before and after the switch.
        s.run(Commands.routeOrder(id++, new Order(107, app, FulfilmentType.INSTANT, nearSt1Lat, nearSt1Lon, -1, -500,
            0, 0, List.of(new OrderLine(milk, 1)))));
        s.run(Commands.defineSku(id++, "TEA\u202E-GREEN", StockUnit.PIECE));
        s.run(Commands.upgradeLogic(id++, 99));
        s.run(Commands.upgradeLogic(id++, 2));
        s.run(Commands.upgradeLogic(id++, 1));
        s.run(Commands.upgradeLogic(id++, 2));
        s.run(Commands.routeOrder(id++, new Order(108, app, FulfilmentType.INSTANT, nearSt1Lat, nearSt1Lon, -1, -500,
            0, 0, List.of(new OrderLine(milk, 1)))));
        s.run(Commands.defineSku(id++, "TEA\u0000-BLACK", StockUnit.PIECE));
        s.run(Commands.defineSku(id++, "\u725b\u5976-1L", StockUnit.PIECE));
        if (!s.fingerprints())
        {
            return;
        }

        // Format 4 on: commands carry request fingerprints. Under logic 2 an id reused for another
        // request is a duplicate; from logic 3 it is refused as a reused key, while a retry of the
        // same request (or one without a fingerprint) is still a duplicate.
        final long receiveId = id++;
        s.run(Commands.fingerprinted(Commands.receive(receiveId, wh, milk, 3), 0x5EED_0001L));
        s.run(Commands.fingerprinted(Commands.receive(receiveId, wh, milk, 4), 0x5EED_0002L));
        s.run(Commands.upgradeLogic(id++, 3));
        s.run(Commands.fingerprinted(Commands.receive(receiveId, wh, milk, 4), 0x5EED_0002L));
        s.run(Commands.fingerprinted(Commands.receive(receiveId, wh, milk, 3), 0x5EED_0001L));
        s.run(Commands.receive(receiveId, wh, milk, 5));
        final long saleId = id++;
        s.run(Commands.fingerprinted(Commands.sale(saleId, st1, milk, 1), -0x5EED_0003L));
        s.run(Commands.fingerprinted(Commands.sale(saleId, st1, milk, 2), -0x5EED_0004L));
        s.run(Commands.fingerprinted(Commands.sale(id++, st1, milk, 1), 0));
        if (!s.reservationTags())
        {
            return;
        }

        // Format 5 on: a reservation's reference and metadata are journaled with it; over-long ones
        // are refused and replay refused from their markers. And the compare-and-set of on hand.
        s.run(Commands.reserveWithReference(id++, 700, st1, milk, 1, "cart-\u00e9-700", "{\"gift\":true}"));
        s.run(Commands.reserveWithReference(id++, 701, st1, milk, 1, "r".repeat(Limits.MAX_EXTERNAL_REFERENCE_BYTES + 1),
            null));
        s.run(Commands.reserveWithReference(id++, 702, st1, milk, 1, null,
            "{\"note\":\"" + "n".repeat(Limits.MAX_METADATA_BYTES) + "\"}"));
        s.run(Commands.reserveWithReference(id++, 703, st1, milk, 1, "R\ud800", null));
        s.run(Commands.release(id++, 700, 1));
        s.run(Commands.stocktake(id++, st2, milk, 20));
        s.run(Commands.compareAndSetOnHand(id++, st2, milk, 20, 18, AdjustmentReason.DAMAGED));
        s.run(Commands.compareAndSetOnHand(id++, st2, milk, 20, 5, AdjustmentReason.CORRECTION));
        if (!s.compactBodies())
        {
            return;
        }

        // Format 6 on: bodies' integers as variable-length integers (negative and extreme values
        // among them), and the types added since format 5's journal, each accepted and rejected.
        s.run(Commands.putApiKey(id++, "pos-\u00e9", 0x1111L, -0x2222L, Long.MAX_VALUE, Long.MIN_VALUE, 0x3, -1, 0));
        s.run(Commands.putApiKey(id++, "pos-\u00e9", 1, 2, 3, 4, 0x3, -1, 0));
        s.run(Commands.revokeApiKey(id++, "pos-\u00e9"));
        s.run(Commands.revokeApiKey(id++, "nobody"));
        s.run(Commands.putWebhook(id++, 1, "https://hooks.example.com/omnistock", 0x1, -1, 11, -12, Long.MIN_VALUE));
        s.run(Commands.putWebhook(id++, 2, "not a url", 0x1, -1, 11, 12, 13));
        s.run(Commands.rotateWebhookSecret(id++, 1, 21, 22, 23, START_MILLIS + 86_400_000L));
        s.run(Commands.rotateWebhookSecret(id++, 99, 21, 22, 23, START_MILLIS + 86_400_000L));
        s.run(Commands.webhookDelivered(id++, 1, 124)); // a sequence after the webhook was put, before this command
        s.run(Commands.webhookDelivered(id++, 99, 124));
        s.run(Commands.deleteWebhook(id++, 1));
        s.run(Commands.deleteWebhook(id++, 1));
        s.run(Commands.setSkuPrice(id++, milk, 1_299, 800, 3));
        s.run(Commands.setSkuPrice(id++, 99, 1_299, 800, 3));
        final int today = (int)(START_MILLIS / 86_400_000L);
        s.run(Commands.putPromotion(id++, 9, milk, 0, -1, -1, today + 5, today + 12, 5_000));
        s.run(Commands.putPromotion(id++, 10, milk, 0, -1, -1, today + 12, today + 5, 5_000));
        s.run(Commands.putLearnedPromotion(id++, 11, milk, 0, st1, app, today + 20, today + 27));
        s.run(Commands.putLearnedPromotion(id++, 12, milk, 0, st1, app, today + 27, today + 20));
        s.run(Commands.deletePromotion(id++, 9));
        s.run(Commands.deletePromotion(id++, 9));
        s.run(Commands.putForecastOverride(id++, st1, milk, 2_500, 10, 40, START_MILLIS + 30L * 86_400_000L));
        s.run(Commands.putForecastOverride(id++, st1, milk, 2_500, 40, 10, START_MILLIS + 30L * 86_400_000L));
        s.run(Commands.recordSaleAmount(id++, st1, milk, 1, 1_299));
        s.run(Commands.recordSaleAmount(id++, st1, milk, 1, -1_299));
    }
}

package io.omnistock.core.replenishment;

import io.omnistock.core.state.ProcessorHarness;
import io.omnistock.api.AdjustmentReason;
import io.omnistock.api.Capabilities;
import io.omnistock.api.Command;
import io.omnistock.api.Commands;
import io.omnistock.api.Limits;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.Tier;
import io.omnistock.core.replenishment.DemandMath;
import io.omnistock.core.replenishment.Replenishment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.omnistock.api.ReasonCode.*;
import static io.omnistock.api.ReplenishmentPolicy.NETWORK;
import static io.omnistock.api.ReplenishmentPolicy.SUPPLIER;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Defaults by location and tier, the supply network, days-of-cover and dynamic policies,
 * SLOW_MOVER, lateral-transfer suggestions, requests turned into transfers and supplier receipts.
 */
class ReplenishmentPoliciesTest
{
    private static final long DAY = 86_400_000L;

    private ProcessorHarness h;
    private int warehouse;
    private int front;
    private int store;
    private int milk;
    /** Midnight UTC at the start of the test's first day, plus nine hours. */
    private long day0;

    @BeforeEach
    void network()
    {
        h = new ProcessorHarness();
        day0 = Math.floorDiv(h.now, DAY) * DAY + 9 * 3_600_000L;
        h.now = day0;
        warehouse = h.locationAt("WH", Tier.WAREHOUSE, Capabilities.SHIPS_PARCELS, -20_000, 0);
        front = h.locationAt("FW", Tier.FRONT_WAREHOUSE, Capabilities.ALL, 5_000, 0);
        store = h.locationAt("ST", Tier.STORE, Capabilities.ALL, 0, 0);
        milk = h.sku("MILK");
        h.run(Commands.receive(h.id(), warehouse, milk, 1_000));
    }

    private List<String> details(final Command command)
    {
        assertEquals(OK, h.run(command).reason());
        return h.lastEventDetails();
    }

    private void at(final int day)
    {
        h.now = day0 + day * DAY;
    }

    // ---- defaults and precedence ----

    @Test
    void aTierDefaultReachesPositionsWithoutTheirOwnPolicyFromTheNetwork()
    {
        assertEquals(OK, h.run(Commands.setTierPolicy(h.id(), Tier.STORE, ReplenishmentPolicy.minMax(10, 50)
            .withPack(6))).reason());
        assertEquals(List.of("STOCK_CHANGED"), details(Commands.receive(h.id(), store, milk, 30)));
        // The store's network source is the front warehouse, 5 km away, not the warehouse at 20 km.
        assertEquals(List.of("STOCK_CHANGED", "REQUEST 42 from " + front),
            details(Commands.sale(h.id(), store, milk, 21)));
    }

    @Test
    void positionBeatsLocationBeatsTier()
    {
        h.run(Commands.receive(h.id(), store, milk, 30));
        h.run(Commands.setTierPolicy(h.id(), Tier.STORE, ReplenishmentPolicy.minMax(10, 50)));
        h.run(Commands.setLocationPolicy(h.id(), store, ReplenishmentPolicy.minMax(35, 60)));
        assertEquals(List.of("STOCK_CHANGED", "REQUEST 31 from " + front),
            details(Commands.sale(h.id(), store, milk, 1)), "the location's default, not the tier's");
        assertEquals(List.of("CLOSED", "OVERSTOCK"), details(Commands.setPositionPolicy(h.id(), store, milk,
            ReplenishmentPolicy.minMax(5, 10))), "the position's own policy wins");
        assertEquals(List.of("REQUEST 31 from " + front), details(Commands.setPositionPolicy(h.id(), store, milk, null)),
            "without its own policy the location's default applies again");
        h.run(Commands.setLocationPolicy(h.id(), store, null));
        assertEquals(List.of("STOCK_CHANGED", "CLOSED"), details(Commands.sale(h.id(), store, milk, 1)),
            "the tier's default reaches the position at its next change");
        h.run(Commands.setTierPolicy(h.id(), Tier.STORE, null));
        assertEquals(List.of("STOCK_CHANGED"), details(Commands.sale(h.id(), store, milk, 27)));
        assertEquals(0, h.state.replenishment().policyCount(), "no policy left: the position is not tracked");
    }

    @Test
    void networkSourcesAreTheNearestUpstreamWithTheLowerIdOnATie()
    {
        // Two warehouses exactly as far from a second front warehouse: the lower id wins.
        final int fw2 = h.run(Commands.defineLocation(h.id(), "FW2", Tier.FRONT_WAREHOUSE, 30_000_000, 120_000_000,
            Capabilities.ALL)).assignedId();
        final int east = h.run(Commands.defineLocation(h.id(), "WH-E", Tier.WAREHOUSE, 30_000_000, 120_100_000,
            Capabilities.ALL)).assignedId();
        final int west = h.run(Commands.defineLocation(h.id(), "WH-W", Tier.WAREHOUSE, 30_000_000, 119_900_000,
            Capabilities.ALL)).assignedId();
        final ReplenishmentPolicy policy = ReplenishmentPolicy.minMax(10, 20);
        assertEquals(List.of("REQUEST 20 from " + Math.min(east, west), "OUT_OF_STOCK"),
            details(Commands.setPositionPolicy(h.id(), fw2, milk, policy)));
        assertEquals(List.of("REQUEST 20 from " + warehouse, "OUT_OF_STOCK"), details(Commands.setPositionPolicy(h.id(), front, milk,
            policy)), "a front warehouse from the nearest warehouse");
        assertEquals(List.of("REQUEST 20 from " + SUPPLIER, "OUT_OF_STOCK"), details(Commands.setPositionPolicy(h.id(), warehouse,
            h.sku("TEA"), policy)), "a warehouse from the supplier");
    }

    @Test
    void aConfiguredSourceWinsOverTheNetwork()
    {
        final ReplenishmentPolicy policy = ReplenishmentPolicy.minMax(10, 20);
        assertEquals(OK, h.run(Commands.setLocationSource(h.id(), store, warehouse)).reason());
        assertEquals(List.of("REQUEST 20 from " + warehouse, "OUT_OF_STOCK"),
            details(Commands.setPositionPolicy(h.id(), store, milk, policy)));
        h.run(Commands.cancelReplenishment(h.id(), store, milk));
        h.run(Commands.setLocationSource(h.id(), store, NETWORK));
        assertEquals(List.of("STOCK_CHANGED", "REQUEST 20 from " + front),
            details(Commands.stocktake(h.id(), store, milk, 0)));
        assertEquals(SAME_LOCATION, h.run(Commands.setLocationSource(h.id(), store, store)).reason());
        assertEquals(UNKNOWN_LOCATION, h.run(Commands.setLocationSource(h.id(), store, 99)).reason());
        assertEquals(UNKNOWN_LOCATION, h.run(Commands.setLocationSource(h.id(), 99, store)).reason());
    }

    @Test
    void badPoliciesAreRejectedWithTheirReasonAndChangeNothing()
    {
        final long ledgerBefore = h.state.ledger().checksum();
        final long policiesBefore = h.state.replenishment().checksum();
        assertEquals(INVALID_DEFAULT_SOURCE, h.run(Commands.setTierPolicy(h.id(), Tier.STORE,
            ReplenishmentPolicy.minMax(1, 5).withSource(warehouse, 24))).reason());
        assertEquals(INVALID_TIER, h.run(Commands.setTierPolicy(h.id(), null, ReplenishmentPolicy.minMax(1, 5)))
            .reason());
        assertEquals(INVALID_COVER_DAYS, h.run(Commands.setLocationPolicy(h.id(), store,
            ReplenishmentPolicy.daysOfCover(3, 3, 9))).reason());
        assertEquals(INVALID_COVER_DAYS, h.run(Commands.setLocationPolicy(h.id(), store,
            ReplenishmentPolicy.daysOfCover(0, 3, 9))).reason());
        assertEquals(INVALID_COVER_DAYS, h.run(Commands.setLocationPolicy(h.id(), store,
            ReplenishmentPolicy.daysOfCover(2, 5, 4))).reason());
        assertEquals(INVALID_SERVICE_LEVEL, h.run(Commands.setPositionPolicy(h.id(), store, milk,
            ReplenishmentPolicy.dynamic(10_000, 3))).reason());
        assertEquals(INVALID_SERVICE_LEVEL, h.run(Commands.setPositionPolicy(h.id(), store, milk,
            ReplenishmentPolicy.dynamic(9_500, 0))).reason());
        assertEquals(INVALID_REPLENISHMENT_POLICY, h.run(Commands.setPositionPolicy(h.id(), store, milk,
            ReplenishmentPolicy.minMax(1, 5).withSlowMoverDays(-1))).reason());
        assertEquals(UNKNOWN_LOCATION, h.run(Commands.setLocationPolicy(h.id(), 99, ReplenishmentPolicy.minMax(1, 5)))
            .reason());
        assertEquals(SAME_LOCATION, h.run(Commands.setLocationPolicy(h.id(), store,
            ReplenishmentPolicy.minMax(1, 5).withSource(store, 0))).reason());
        assertEquals(UNKNOWN_LOCATION, h.run(Commands.setReplenishmentPolicy(h.id(), store, milk, 1, 5, 1, 0, NETWORK,
            0)).reason(), "the first min/max command names a location or the supplier");
        assertEquals(ledgerBefore, h.state.ledger().checksum());
        assertEquals(policiesBefore, h.state.replenishment().checksum());
        assertEquals(List.of(), h.lastEventDetails());
    }

    // ---- days of cover ----

    @Test
    void daysOfCoverReordersBelowDDaysOfDemandAndFlagsOverstockBeyondN()
    {
        h.run(Commands.receive(h.id(), store, milk, 60));
        h.run(Commands.setPositionPolicy(h.id(), store, milk, ReplenishmentPolicy.daysOfCover(2, 4, 8).withPack(6)
            .withSource(warehouse, 0)));
        // 10 a day. The mean of closed days: 2, 3.6, 4.88, 5.904 (weight 0.2 for the newest day).
        at(0);
        assertEquals(List.of("STOCK_CHANGED"), details(Commands.sale(h.id(), store, milk, 10)), "no demand seen yet");
        at(1);
        assertEquals(List.of("STOCK_CHANGED", "OVERSTOCK"), details(Commands.sale(h.id(), store, milk, 10)),
            "50 on hand is 25 days of a mean of 2, beyond 8");
        at(2);
        assertEquals(List.of("STOCK_CHANGED"), details(Commands.sale(h.id(), store, milk, 10)));
        at(3);
        assertEquals(List.of("STOCK_CHANGED"), details(Commands.sale(h.id(), store, milk, 10)),
            "20 left cover 4.1 days of 4.88");
        at(4);
        // 10 left < 2 days of 5.904 (11.8): up to 4 days (23.6, so 24), 14 wanted, 18 in cases of 6.
        assertEquals(List.of("STOCK_CHANGED", "REQUEST 18 from " + warehouse),
            details(Commands.sale(h.id(), store, milk, 10)));
        assertEquals(List.of("STOCK_CHANGED", "CLOSED", "OVERSTOCK"), details(Commands.receive(h.id(), store, milk, 40)),
            "50 on hand is beyond 8 days (47.2)");
    }

    // ---- dynamic ----

    @Test
    void dynamicReorderPointIsDemandOverTheLeadTimePlusSafetyForTheServiceLevel()
    {
        h.run(Commands.receive(h.id(), store, milk, 1_000));
        h.run(Commands.setPositionPolicy(h.id(), store, milk, ReplenishmentPolicy.dynamic(9_500, 3)
            .withSource(warehouse, 48)));
        final long[] sales = {8, 12, 10, 6, 14, 10, 9, 11, 10, 10};
        double mean = 0;
        double variance = 0;
        for (int d = 0; d < sales.length; d++)
        {
            at(d);
            h.run(Commands.sale(h.id(), store, milk, sales[d]));
            final double x = sales[d] - mean;
            variance = (1 - 0.2) * (variance + 0.2 * x * x);
            mean = mean + 0.2 * (sales[d] - mean);
        }
        at(sales.length);
        h.run(Commands.receive(h.id(), store, milk, 1));
        final Replenishment book = h.state.replenishment();
        final int e = book.entryOf(h.state.ledger().find(store, milk));
        assertEquals(mean, book.dailyDemand(e));
        final double z = DemandMath.normalQuantile(0.95);
        final long reorder = (long)Math.ceil(mean * 2 + z * Math.sqrt(variance) * Math.sqrt(2));
        assertEquals(reorder, book.reorderLevel(e));
        assertEquals(reorder + (long)Math.ceil(mean * 3), book.orderUpToLevel(e));
        final long onHand = h.position(store, milk).onHand();
        assertEquals(List.of("STOCK_CHANGED"), details(Commands.sale(h.id(), store, milk, onHand - reorder - 1)));
        assertEquals(List.of("STOCK_CHANGED", "REQUEST " + (book.orderUpToLevel(e) - reorder + 1) + " from " + warehouse),
            details(Commands.sale(h.id(), store, milk, 2)));
    }

    @Test
    void theServiceLevelQuantileIsTheNormalOne()
    {
        assertEquals(1.6448536269514722, DemandMath.normalQuantile(0.95), 1e-8);
        assertEquals(2.3263478740408408, DemandMath.normalQuantile(0.99), 1e-8);
        assertEquals(0, DemandMath.normalQuantile(0.5), 1e-12);
        assertEquals(-2.3263478740408408, DemandMath.normalQuantile(0.01), 1e-8);
        assertEquals(3.719016485455709, DemandMath.normalQuantile(0.9999), 1e-7);
    }

    @Test
    void demandDrivenPoliciesAskForNothingBeforeDemandIsSeen()
    {
        assertEquals(List.of("OUT_OF_STOCK"), details(Commands.setPositionPolicy(h.id(), store, milk,
            ReplenishmentPolicy.dynamic(9_900, 7))), "out of stock, yet no request");
        assertEquals(List.of("STOCK_CHANGED", "BACK_IN_STOCK"), details(Commands.receive(h.id(), store, milk, 1_000)),
            "nor an overstock");
    }

    // ---- slow movers ----

    @Test
    void slowMoverAfterThePeriodWithoutDemandAndClearedByDemandOnTwoDays()
    {
        h.run(Commands.receive(h.id(), store, milk, 40));
        h.run(Commands.setPositionPolicy(h.id(), store, milk, ReplenishmentPolicy.minMax(5, 50).withSlowMoverDays(30)
            .withSource(warehouse, 24)));
        h.run(Commands.sale(h.id(), store, milk, 1));
        at(29);
        assertEquals(List.of("STOCK_CHANGED"), details(Commands.receive(h.id(), store, milk, 1)));
        at(30);
        assertEquals(List.of("STOCK_CHANGED", "SLOW_MOVER"), details(Commands.receive(h.id(), store, milk, 1)));
        at(31);
        assertEquals(List.of("STOCK_CHANGED"), details(Commands.sale(h.id(), store, milk, 1)), "one stray sale");
        assertEquals(List.of("STOCK_CHANGED"), details(Commands.sale(h.id(), store, milk, 1)));
        at(40);
        assertEquals(List.of("STOCK_CHANGED"), details(Commands.receive(h.id(), store, milk, 1)), "still raised");
        at(41);
        details(Commands.sale(h.id(), store, milk, 1)); // demand on a second day: cleared
        at(70);
        assertEquals(List.of("STOCK_CHANGED"), details(Commands.receive(h.id(), store, milk, 1)));
        at(71);
        assertEquals(List.of("STOCK_CHANGED", "SLOW_MOVER"), details(Commands.receive(h.id(), store, milk, 1)),
            "raised again 30 days after the last sale");
    }

    @Test
    void theDailySweepRaisesSlowMoversThatNobodyTouches()
    {
        assertEquals(Long.MAX_VALUE, h.state.nextTimedWork(), "no policy, no sweep");
        h.run(Commands.receive(h.id(), store, milk, 40));
        h.run(Commands.setPositionPolicy(h.id(), store, milk, ReplenishmentPolicy.minMax(5, 50).withSlowMoverDays(30)
            .withSource(warehouse, 24)));
        h.run(Commands.sale(h.id(), store, milk, 1));
        final long midnight0 = Math.floorDiv(day0, DAY) * DAY;
        assertEquals(midnight0 + DAY, h.state.nextTimedWork(), "the first sweep is due at the next UTC midnight");
        at(29);
        h.timer();
        assertEquals(List.of(), h.lastEventDetails());
        assertEquals(midnight0 + 30 * DAY, h.state.nextTimedWork());
        at(30);
        h.timer();
        assertEquals(List.of("SLOW_MOVER"), h.lastEventDetails(), "no command touched the position: the sweep found it");
        at(31);
        h.timer();
        assertEquals(List.of(), h.lastEventDetails(), "raised once");
    }

    // ---- supply break ----

    @Test
    void aSupplyBreakSuggestsTheNearestLocationWithStockAboveItsReorderPoint()
    {
        final int near = h.locationAt("ST-NEAR", Tier.STORE, Capabilities.ALL, 0, 300);
        final int mid = h.locationAt("ST-MID", Tier.STORE, Capabilities.ALL, 0, 600);
        final int far = h.locationAt("ST-FAR", Tier.STORE, Capabilities.ALL, 0, 1_000);
        final ReplenishmentPolicy policy = ReplenishmentPolicy.minMax(5, 20).withSource(warehouse, 48);
        h.run(Commands.receive(h.id(), near, milk, 100)); // no policy: nothing known about what it can spare
        h.run(Commands.receive(h.id(), mid, milk, 5)); // exactly at its reorder point: no surplus
        h.run(Commands.receive(h.id(), far, milk, 30)); // 25 above its reorder point
        h.run(Commands.setPositionPolicy(h.id(), mid, milk, policy));
        h.run(Commands.setPositionPolicy(h.id(), far, milk, policy));
        h.run(Commands.receive(h.id(), store, milk, 3));
        assertEquals(List.of("REQUEST 17 from " + warehouse), details(Commands.setPositionPolicy(h.id(), store, milk,
            policy)));
        assertEquals(List.of("STOCK_CHANGED", "OUT_OF_STOCK", "LATERAL 17 from " + far),
            details(Commands.sale(h.id(), store, milk, 3)));
    }

    @Test
    void noSuggestionWhenTheSourceDeliversWithin24Hours()
    {
        final int far = h.locationAt("ST-FAR", Tier.STORE, Capabilities.ALL, 0, 1_000);
        h.run(Commands.receive(h.id(), far, milk, 30));
        h.run(Commands.setPositionPolicy(h.id(), far, milk, ReplenishmentPolicy.minMax(5, 20)));
        h.run(Commands.receive(h.id(), store, milk, 3));
        h.run(Commands.setPositionPolicy(h.id(), store, milk, ReplenishmentPolicy.minMax(5, 20).withSource(warehouse,
            24)));
        assertEquals(List.of("STOCK_CHANGED", "OUT_OF_STOCK"), details(Commands.sale(h.id(), store, milk, 3)));
    }

    // ---- requests into transfers, receipts ----

    @Test
    void aRequestBecomesOneTransferFromItsSource()
    {
        assertEquals(NO_OPEN_REQUEST, h.run(Commands.transferFromRequest(h.id(), 7, store, milk)).reason());
        h.run(Commands.receive(h.id(), store, milk, 9));
        assertEquals(List.of("REQUEST 41 from " + warehouse), details(Commands.setPositionPolicy(h.id(), store, milk,
            ReplenishmentPolicy.minMax(10, 50).withSource(warehouse, 24))));
        assertEquals(List.of("TRANSFER_CHANGED", "STOCK_CHANGED"), details(Commands.transferFromRequest(h.id(), 7, store,
            milk)));
        assertEquals(41, h.position(warehouse, milk).reserved());
        assertEquals(REQUEST_ALREADY_TRANSFERRED, h.run(Commands.transferFromRequest(h.id(), 8, store, milk)).reason());
        assertEquals(DUPLICATE_TRANSFER, h.run(Commands.transferFromRequest(h.id(), 7, store, milk)).reason());
        h.run(Commands.cancelTransfer(h.id(), 7));
        assertEquals(OK, h.run(Commands.transferFromRequest(h.id(), 8, store, milk)).reason(), "free again");
        assertEquals(List.of("TRANSFER_CHANGED", "STOCK_CHANGED", "STOCK_CHANGED", "CLOSED"),
            details(Commands.shipTransfer(h.id(), 8, h.now + DAY)), "inbound lifts it above the reorder point");
        // Short: 9 + 1 = 10 is at the reorder point again, so the rest is asked for at once.
        assertEquals(List.of("TRANSFER_CHANGED", "STOCK_CHANGED", "REQUEST 40 from " + warehouse),
            details(Commands.receiveTransfer(h.id(), 8, 1, AdjustmentReason.DAMAGED)));
    }

    @Test
    void aRequestNeedsStockAtItsSourceAndALocationAsItsSource()
    {
        h.run(Commands.setPositionPolicy(h.id(), front, milk, ReplenishmentPolicy.minMax(10, 50)
            .withSource(store, 24)));
        assertEquals(TRANSFER_EXCEEDS_FREE_STOCK, h.run(Commands.transferFromRequest(h.id(), 7, front, milk)).reason());
        h.run(Commands.setPositionPolicy(h.id(), front, milk, ReplenishmentPolicy.minMax(10, 50)
            .withSource(SUPPLIER, 24)));
        h.run(Commands.cancelReplenishment(h.id(), front, milk));
        h.run(Commands.stocktake(h.id(), front, milk, 0));
        assertEquals(REQUEST_FROM_SUPPLIER, h.run(Commands.transferFromRequest(h.id(), 7, front, milk)).reason());
        assertEquals(INVALID_TRANSFER_ID, h.run(Commands.transferFromRequest(h.id(), 0, front, milk)).reason());
    }

    @Test
    void aRequestAboveTheCommandLimitIsNotTurnedIntoATransferAndOneAtTheLimitIsReceivedInFull()
    {
        final long max = Limits.MAX_COMMAND_QUANTITY;
        h.run(Commands.receive(h.id(), warehouse, milk, max));
        h.run(Commands.receive(h.id(), warehouse, milk, max));
        h.run(Commands.setPositionPolicy(h.id(), store, milk, ReplenishmentPolicy.minMax(0, max + 1)
            .withSource(warehouse, 4)));
        assertEquals(max + 1, h.state.replenishment().openRequest(h.state.ledger().find(store, milk)));
        // No receipt could take it as shipped: receipts are commands, limited to max.
        assertEquals(QUANTITY_TOO_LARGE, h.run(Commands.transferFromRequest(h.id(), 9, store, milk)).reason());
        assertEquals(0, h.position(warehouse, milk).reserved(), "nothing held");
        assertEquals(UNKNOWN_TRANSFER, h.run(Commands.shipTransfer(h.id(), 9, h.now + DAY)).reason());

        h.run(Commands.setPositionPolicy(h.id(), store, milk, ReplenishmentPolicy.minMax(0, max)
            .withSource(warehouse, 4)));
        h.run(Commands.cancelReplenishment(h.id(), store, milk));
        h.run(Commands.stocktake(h.id(), store, milk, 0));
        assertEquals(max, h.state.replenishment().openRequest(h.state.ledger().find(store, milk)));
        assertEquals(OK, h.run(Commands.transferFromRequest(h.id(), 9, store, milk)).reason());
        assertEquals(OK, h.run(Commands.shipTransfer(h.id(), 9, h.now + DAY)).reason());
        assertEquals(OK, h.run(Commands.receiveTransfer(h.id(), 9, max, null)).reason());
        assertEquals(max, h.position(store, milk).onHand());
    }

    @Test
    void aSupplierReceiptClosesItsRequestAndAShortOneAsksForTheRest()
    {
        h.run(Commands.receive(h.id(), store, milk, 5));
        assertEquals(List.of("REQUEST 45 from -1"), details(Commands.setPositionPolicy(h.id(), store, milk,
            ReplenishmentPolicy.minMax(10, 50).withSource(SUPPLIER, 72))));
        assertEquals(List.of("STOCK_CHANGED"), details(Commands.returnToStock(h.id(), store, milk, 1)),
            "a customer return is no supplier delivery");
        assertEquals(List.of("STOCK_CHANGED", "CLOSED", "REQUEST 41 from -1"),
            details(Commands.receive(h.id(), store, milk, 3)));
        assertEquals(List.of("STOCK_CHANGED", "CLOSED"), details(Commands.receive(h.id(), store, milk, 41)));
    }
}

package io.omnistock.core.planning;

import io.omnistock.api.Commands;
import io.omnistock.api.Promotion;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.Tier;
import io.omnistock.core.snapshot.SnapshotStore;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.ProcessorHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SET_SKU_PRICE, PUT_PROMOTION, DELETE_PROMOTION, PUT_FORECAST_OVERRIDE: what they keep, every refusal, snapshots. */
class PlanningHandlersTest
{
    private static final int DAY = 20_600;

    private final ProcessorHarness h = new ProcessorHarness();
    private int store;
    private int milk;
    private int rice;
    private int web;

    @BeforeEach
    void catalog()
    {
        store = h.location("S1", Tier.STORE);
        milk = h.sku("MILK");
        rice = h.sku("RICE");
        web = h.channel("WEB", 900_000);
    }

    private ReasonCode run(final io.omnistock.api.Command command)
    {
        return h.run(command).reason();
    }

    private ReasonCode promotion(final long id, final int sku, final int category, final int startDay, final int endDay,
        final long upliftBasisPoints)
    {
        return run(Commands.putPromotion(h.id(), id, sku, category, store, web, startDay, endDay, upliftBasisPoints));
    }

    @Test
    void priceCostAndCategoryAreKeptPerSkuAndReplaced()
    {
        assertEquals(ReasonCode.OK, run(Commands.setSkuPrice(h.id(), rice, 1_999, 1_200, 4)));
        final PlanningData data = h.state.planning();
        assertEquals(1_999, data.unitPrice(rice));
        assertEquals(1_200, data.unitCost(rice));
        assertEquals(4, data.category(rice));
        assertEquals(0, data.unitPrice(milk), "a SKU never priced has no price");
        assertEquals(ReasonCode.OK, run(Commands.setSkuPrice(h.id(), rice, 2_100, 0, 0)));
        assertEquals(2_100, data.unitPrice(rice));
        assertEquals(0, data.category(rice));
        assertEquals(ReasonCode.OK, run(Commands.setSkuPrice(h.id(), rice, 0, 0, 0)));
        assertTrue(data.isEmpty(), "all zeros is no master data");
    }

    @Test
    void aPromotionIsPutReplacedAndDeleted()
    {
        assertEquals(ReasonCode.OK, promotion(7, milk, 0, DAY, DAY + 6, 5_000));
        assertEquals(ReasonCode.OK, run(Commands.putPromotion(h.id(), 3, -1, 2, -1, -1, DAY, DAY, 0)));
        final PlanningData data = h.state.planning();
        assertEquals(2, data.promotionCount());
        assertEquals(3, data.promotionId(0), "id order");
        final int row = data.promotionRow(7);
        assertEquals(milk, data.promotionSku(row));
        assertEquals(0, data.promotionCategory(row));
        assertEquals(store, data.promotionLocation(row));
        assertEquals(web, data.promotionChannel(row));
        assertEquals(DAY, data.promotionStartDay(row));
        assertEquals(DAY + 6, data.promotionEndDay(row));
        assertEquals(5_000, data.promotionUpliftBasisPoints(row));
        assertEquals(-1, data.promotionSku(data.promotionRow(3)));
        assertEquals(2, data.promotionCategory(data.promotionRow(3)));

        assertEquals(ReasonCode.OK, promotion(7, milk, 0, DAY + 1, DAY + 2, 2_500), "a put replaces");
        assertEquals(2, data.promotionCount());
        assertEquals(2_500, data.promotionUpliftBasisPoints(data.promotionRow(7)));
        assertEquals(ReasonCode.OK, run(Commands.deletePromotion(h.id(), 7)));
        assertEquals(-1, data.promotionRow(7));
        assertEquals(ReasonCode.UNKNOWN_PROMOTION, run(Commands.deletePromotion(h.id(), 7)));
    }

    @Test
    void aLearnedPromotionKeepsNoStatedUpliftReplacesAStatedOneAndIsCheckedAsOne()
    {
        final PlanningData data = h.state.planning();
        assertEquals(ReasonCode.OK, promotion(7, milk, 0, DAY, DAY + 6, 5_000));
        assertEquals(ReasonCode.OK, run(Commands.putLearnedPromotion(h.id(), 7, milk, 0, store, web, DAY + 1, DAY + 3)),
            "a learned put replaces a stated one");
        final int row = data.promotionRow(7);
        assertTrue(data.promotionLearnsUplift(row));
        assertEquals(Promotion.LEARNED_UPLIFT, data.promotionUpliftBasisPoints(row));
        assertEquals(DAY + 1, data.promotionStartDay(row));
        assertEquals(web, data.promotionChannel(row));

        final long before = data.checksum();
        assertEquals(ReasonCode.PROMOTION_END_BEFORE_START,
            run(Commands.putLearnedPromotion(h.id(), 7, milk, 0, store, web, DAY, DAY - 1)));
        assertEquals(ReasonCode.INVALID_PROMOTION_ID, run(Commands.putLearnedPromotion(h.id(), 0, milk, 0, -1, -1, DAY, DAY)));
        assertEquals(ReasonCode.INVALID_PROMOTION_TARGET,
            run(Commands.putLearnedPromotion(h.id(), 2, milk, 3, -1, -1, DAY, DAY)));
        assertEquals(ReasonCode.UNKNOWN_SKU, run(Commands.putLearnedPromotion(h.id(), 2, 99, 0, -1, -1, DAY, DAY)));
        assertEquals(ReasonCode.UNKNOWN_CHANNEL, run(Commands.putLearnedPromotion(h.id(), 2, milk, 0, -1, 99, DAY, DAY)));
        assertEquals(ReasonCode.INVALID_PROMOTION_DAYS, run(Commands.putLearnedPromotion(h.id(), 2, milk, 0, -1, -1, -1, DAY)));
        assertEquals(before, data.checksum(), "no refusal changed the calendar");

        assertEquals(ReasonCode.OK, promotion(7, milk, 0, DAY, DAY, 2_500), "and a stated put replaces a learned one");
        assertEquals(2_500, data.promotionUpliftBasisPoints(data.promotionRow(7)));
        assertEquals(ReasonCode.NEGATIVE_UPLIFT, promotion(8, milk, 0, DAY, DAY, Promotion.LEARNED_UPLIFT),
            "PUT_PROMOTION's negative uplift is refused as ever, -1 included");
    }

    /**
     * The sentinel was tested two ways, {@code == -1} (these rows) and {@code < 0} (engine-api's
     * Promotion), which disagree below -1 only: no row holds such an uplift, since PUT_PROMOTION
     * refuses every negative one and PUT_LEARNED_PROMOTION keeps exactly -1. Both now test {@code == -1}.
     */
    @Test
    void noPromotionRowHoldsAnUpliftBelowTheLearnedSentinel()
    {
        final long before = h.state.planning().checksum();
        for (final long uplift : new long[] {-2, -10_000, Long.MIN_VALUE})
        {
            assertEquals(ReasonCode.NEGATIVE_UPLIFT, promotion(8, milk, 0, DAY, DAY, uplift), "uplift " + uplift);
        }
        assertEquals(-1, h.state.planning().promotionRow(8));
        assertEquals(before, h.state.planning().checksum());
        assertEquals(ReasonCode.OK, run(Commands.putLearnedPromotion(h.id(), 8, milk, 0, store, web, DAY, DAY)));
        final int row = h.state.planning().promotionRow(8);
        assertTrue(h.state.planning().promotionLearnsUplift(row));
        assertTrue(h.state.view().promotionAt(row).learnsUplift(), "the query's record agrees with the row");
    }

    @Test
    void anOverrideIsPutAndRemovedAndMustExpireLater()
    {
        assertEquals(ReasonCode.OK, run(Commands.putForecastOverride(h.id(), store, milk, 12_500, 0, 0, h.now + 86_400_000)));
        assertEquals(ReasonCode.OK, run(Commands.putForecastOverride(h.id(), store, rice, -1, 20, 60, h.now + 1)));
        final PlanningData data = h.state.planning();
        assertEquals(2, data.overrideCount());
        final int row = data.overrideRow(store, milk);
        assertEquals(store, data.overrideLocation(row));
        assertEquals(milk, data.overrideSku(row));
        assertEquals(12_500, data.overrideDailyDemandMilli(row));
        assertEquals(h.now + 86_400_000, data.overrideExpiresAt(row));
        final int levels = data.overrideRow(store, rice);
        assertEquals(-1, data.overrideDailyDemandMilli(levels));
        assertEquals(20, data.overrideMinLevel(levels));
        assertEquals(60, data.overrideMaxLevel(levels));

        // Neither a demand nor levels hands the position back to the model (whatever the expiry).
        assertEquals(ReasonCode.OK, run(Commands.putForecastOverride(h.id(), store, milk, -1, 0, 0, 0)));
        assertEquals(-1, data.overrideRow(store, milk));
        assertEquals(1, data.overrideCount());
    }

    @Test
    void everyRefusalHasItsReasonAndChangesNothing()
    {
        assertEquals(ReasonCode.OK, promotion(1, milk, 0, DAY, DAY, 1_000));
        assertEquals(ReasonCode.OK, run(Commands.setSkuPrice(h.id(), milk, 100, 50, 1)));
        assertEquals(ReasonCode.OK, run(Commands.putForecastOverride(h.id(), store, milk, 500, 0, 0, h.now + 1_000)));
        final long before = h.state.checksum();
        final long planningBefore = h.state.planning().checksum();

        assertEquals(ReasonCode.UNKNOWN_SKU, run(Commands.setSkuPrice(h.id(), 99, 1, 1, 0)));
        assertEquals(ReasonCode.UNKNOWN_SKU, run(Commands.setSkuPrice(h.id(), -1, 1, 1, 0)));
        assertEquals(ReasonCode.INVALID_PRICE, run(Commands.setSkuPrice(h.id(), milk, -1, 1, 0)));
        assertEquals(ReasonCode.INVALID_PRICE, run(Commands.setSkuPrice(h.id(), milk, 1, (1L << 40) + 1, 0)));
        assertEquals(ReasonCode.INVALID_CATEGORY, run(Commands.setSkuPrice(h.id(), milk, 1, 1, -3)));

        assertEquals(ReasonCode.INVALID_PROMOTION_ID, promotion(0, milk, 0, DAY, DAY, 0));
        assertEquals(ReasonCode.INVALID_PROMOTION_TARGET, promotion(2, milk, 3, DAY, DAY, 0), "both a SKU and a category");
        assertEquals(ReasonCode.INVALID_PROMOTION_TARGET, promotion(2, -1, 0, DAY, DAY, 0), "neither");
        assertEquals(ReasonCode.INVALID_PROMOTION_TARGET, promotion(2, -1, -4, DAY, DAY, 0), "a negative category");
        assertEquals(ReasonCode.UNKNOWN_SKU, promotion(2, 99, 0, DAY, DAY, 0));
        assertEquals(ReasonCode.UNKNOWN_LOCATION, run(Commands.putPromotion(h.id(), 2, milk, 0, 99, -1, DAY, DAY, 0)));
        assertEquals(ReasonCode.UNKNOWN_CHANNEL, run(Commands.putPromotion(h.id(), 2, milk, 0, -1, 99, DAY, DAY, 0)));
        assertEquals(ReasonCode.INVALID_PROMOTION_DAYS, promotion(2, milk, 0, -1, DAY, 0));
        assertEquals(ReasonCode.INVALID_PROMOTION_DAYS, promotion(2, milk, 0, DAY, 2_932_897, 0));
        assertEquals(ReasonCode.PROMOTION_END_BEFORE_START, promotion(2, milk, 0, DAY, DAY - 1, 0));
        assertEquals(ReasonCode.PROMOTION_END_BEFORE_START, promotion(1, milk, 0, DAY, DAY - 1, 0),
            "a refused replacement keeps the promotion as it was");
        assertEquals(ReasonCode.NEGATIVE_UPLIFT, promotion(2, milk, 0, DAY, DAY, -1));
        assertEquals(ReasonCode.UPLIFT_TOO_LARGE, promotion(2, milk, 0, DAY, DAY, 1_000_001));
        assertEquals(ReasonCode.UNKNOWN_PROMOTION, run(Commands.deletePromotion(h.id(), 2)));

        assertEquals(ReasonCode.UNKNOWN_LOCATION, run(Commands.putForecastOverride(h.id(), 99, milk, 1, 0, 0, h.now + 1)));
        assertEquals(ReasonCode.UNKNOWN_SKU, run(Commands.putForecastOverride(h.id(), store, 99, 1, 0, 0, h.now + 1)));
        assertEquals(ReasonCode.INVALID_FORECAST_OVERRIDE, run(Commands.putForecastOverride(h.id(), store, milk, -2, 0, 0,
            h.now + 1)));
        assertEquals(ReasonCode.INVALID_FORECAST_OVERRIDE, run(Commands.putForecastOverride(h.id(), store, milk, -1, 10, 5,
            h.now + 1)), "min above max");
        assertEquals(ReasonCode.INVALID_FORECAST_OVERRIDE, run(Commands.putForecastOverride(h.id(), store, milk, -1, 0, -5,
            h.now + 1)));
        assertEquals(ReasonCode.INVALID_OVERRIDE_EXPIRY, run(Commands.putForecastOverride(h.id(), store, milk, 700, 0, 0,
            h.now)));

        assertEquals(planningBefore, h.state.planning().checksum(), "no refusal changed the master data");
        assertEquals(1_000, h.state.planning().promotionUpliftBasisPoints(h.state.planning().promotionRow(1)));
        assertEquals(500, h.state.planning().overrideDailyDemandMilli(h.state.planning().overrideRow(store, milk)));
        // Each command moves the sequence on, so the whole state's checksum does differ; the master data did not.
        assertNotEquals(before, h.state.checksum());
    }

    @Test
    void aSaleAmountIsCheckedAndKeptNowhere()
    {
        // Accepted, it is journal data only: no event, no master data, no position.
        assertEquals(ReasonCode.OK, run(Commands.recordSaleAmount(h.id(), store, milk, 3, 1_797)));
        assertTrue(h.lastEvents().isEmpty(), "no events");
        assertEquals(ReasonCode.OK, run(Commands.recordSaleAmount(h.id(), store, rice, 1, 0)), "a free item sold");
        assertTrue(h.state.planning().isEmpty());
        assertEquals(-1, h.state.ledger().find(store, milk), "no position was made for it");

        assertEquals(ReasonCode.UNKNOWN_LOCATION, run(Commands.recordSaleAmount(h.id(), 99, milk, 1, 100)));
        assertEquals(ReasonCode.UNKNOWN_SKU, run(Commands.recordSaleAmount(h.id(), store, 99, 1, 100)));
        assertEquals(ReasonCode.INVALID_QUANTITY, run(Commands.recordSaleAmount(h.id(), store, milk, 0, 100)));
        assertEquals(ReasonCode.QUANTITY_TOO_LARGE, run(Commands.recordSaleAmount(h.id(), store, milk, (1L << 40) + 1, 100)));
        assertEquals(ReasonCode.INVALID_SALE_AMOUNT, run(Commands.recordSaleAmount(h.id(), store, milk, 1, -1)));
        assertEquals(ReasonCode.INVALID_SALE_AMOUNT, run(Commands.recordSaleAmount(h.id(), store, milk, 1, (1L << 40) + 1)));
    }

    @Test
    void theDataIsInTheChecksumOnlyOnceItHoldsSomething()
    {
        final ProcessorHarness other = new ProcessorHarness();
        other.location("S1", Tier.STORE);
        other.sku("MILK");
        other.sku("RICE");
        other.channel("WEB", 900_000);
        // The same number of commands on both sides, so sequences match.
        other.run(Commands.deletePromotion(other.id(), 1));
        run(Commands.deletePromotion(h.id(), 1));
        assertEquals(other.state.checksum(), h.state.checksum(), "empty data adds nothing");
        other.run(Commands.deletePromotion(other.id(), 1));
        run(Commands.setSkuPrice(h.id(), milk, 100, 0, 0));
        assertNotEquals(other.state.checksum(), h.state.checksum());
    }

    @Test
    void theDataSurvivesASnapshotAndOlderFormatsLoadEmpty() throws IOException
    {
        run(Commands.setSkuPrice(h.id(), rice, 1_999, 1_200, 4));
        promotion(9, milk, 0, DAY, DAY + 3, 3_000);
        promotion(4, rice, 0, DAY, DAY, 0);
        run(Commands.putForecastOverride(h.id(), store, rice, 1_500, 5, 9, h.now + 60_000));
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        h.state.writeTo(new DataOutputStream(bytes));

        final EngineState loaded = new EngineState(64, 16, 1024);
        loaded.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), SnapshotStore.FORMAT_VERSION);
        assertEquals(h.state.checksum(), loaded.checksum());
        assertEquals(1_999, loaded.planning().unitPrice(rice));
        assertEquals(2, loaded.planning().promotionCount());
        assertEquals(3_000, loaded.planning().promotionUpliftBasisPoints(loaded.planning().promotionRow(9)));
        assertEquals(9, loaded.planning().overrideMaxLevel(loaded.planning().overrideRow(store, rice)));
        assertEquals(ReasonCode.OK, h.continueFrom(loaded).run(Commands.deletePromotion(999, 9)).reason());

        // A format 7 snapshot ends before the three counts format 8 adds: it loads with no master data.
        final ProcessorHarness plain = new ProcessorHarness();
        plain.sku("MILK");
        final ByteArrayOutputStream eight = new ByteArrayOutputStream();
        plain.state.writeTo(new DataOutputStream(eight));
        final byte[] format7 = Arrays.copyOf(eight.toByteArray(), eight.size() - 3 * Integer.BYTES);
        final EngineState old = new EngineState(64, 16, 1024);
        final DataInputStream in = new DataInputStream(new ByteArrayInputStream(format7));
        old.readFrom(in, 7);
        assertEquals(0, in.available());
        assertTrue(old.planning().isEmpty());
        assertEquals(plain.state.checksum(), old.checksum());
    }
}

package io.omnistock.daemon.forecast;

import io.omnistock.api.Command;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.core.journal.JournalRecord;
import io.omnistock.forecast.HolidayCalendar;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lead-time variability measured from the journal (supplier requests to their receipts, transfers
 * created to received) and used in the forecast job's safety stock: a known spread of lead times is
 * recovered, a lane with few observations takes the pool, and the safety stock grows by exactly
 * the d^2 sigma_LT^2 term.
 */
class LeadTimesTest
{
    private static final long DAY_MILLIS = 86_400_000L;
    /** The supplier's lead times, in days, one per delivery in turn. */
    private static final int[] SUPPLIER_DAYS = {1, 3, 2, 4, 2, 1, 3, 2, 4, 3};

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(Instant.parse("2026-03-02T09:00:00Z").toEpochMilli());
    private OmnistockEngine engine;
    private long nextId = 1;
    private int store;
    private int warehouse;
    private int other;
    private int milk;

    @BeforeEach
    void start() throws Exception
    {
        engine = OmnistockEngine.start(EngineConfig.builder().journalDir(dir.resolve("journal"))
            .snapshotDir(dir.resolve("snapshots")).clock(now::get).journalPretouch(false).build());
        ok(Commands.defineLocation(nextId++, "ST1", Tier.STORE, 31_210_000, 121_410_000, 0));
        ok(Commands.defineLocation(nextId++, "ST2", Tier.STORE, 31_220_000, 121_420_000, 0));
        ok(Commands.defineLocation(nextId++, "WH1", Tier.WAREHOUSE, 31_000_000, 121_000_000, 0));
        ok(Commands.defineSku(nextId++, "MILK", StockUnit.PIECE));
        store = engine.locationId("ST1");
        other = engine.locationId("ST2");
        warehouse = engine.locationId("WH1");
        milk = engine.skuId("MILK");
    }

    @AfterEach
    void close()
    {
        engine.close();
    }

    private void ok(final Command command) throws Exception
    {
        assertEquals(ReasonCode.OK, engine.submit(command).get(30, TimeUnit.SECONDS).reason());
    }

    /**
     * The journal's projection, read once the engine has stopped, so that every projection of a test
     * reads the same journal: a running engine's timer may still append commands of its own, stamped
     * with the test's clock (a day past the last sale), and the plan's "today" is the last record's
     * day. Read while it ran, two projections a moment apart differed about one run in eight (lead-time
     * demand 50.21 against 50.44; eight runs of this class, and CI once).
     */
    private ForecastProjection project()
    {
        engine.close();
        final ForecastProjection p = new ForecastProjection();
        try (ChronicleQueue queue = Journal.open(dir.resolve("journal"), false); JournalReader reader = new JournalReader(queue))
        {
            for (JournalRecord record = reader.nextRecord(); record != null; record = reader.nextRecord())
            {
                p.add(record);
            }
        }
        return p;
    }

    /**
     * 70 days of about 25 sales a day at the store under MIN_MAX(50, 200) from the supplier; each
     * request raised by a sale is delivered (received up to 200) after the next of {@link #SUPPLIER_DAYS}.
     *
     * @return the lead times delivered, in days.
     */
    private List<Integer> supplierHistory() throws Exception
    {
        // Stock first: a policy set on an empty position would ask at once, and this receipt would be a
        // delivery of no lead time.
        ok(Commands.receive(nextId++, store, milk, 200));
        ok(Commands.setPositionPolicy(nextId++, store, milk, ReplenishmentPolicy.minMax(50, 200)
            .withSource(ReplenishmentPolicy.SUPPLIER, 48)));
        long onHand = 200;
        int dueDay = -1;
        int requestDay = -1;
        final List<Integer> delivered = new ArrayList<>();
        for (int day = 0; day < 70; day++)
        {
            if (day == dueDay)
            {
                ok(Commands.receive(nextId++, store, milk, 200 - onHand));
                delivered.add(day - requestDay);
                onHand = 200;
                dueDay = -1;
            }
            final long units = Math.min(20 + (day * 7919) % 11, onHand);
            if (units > 0)
            {
                ok(Commands.sale(nextId++, store, milk, units));
                onHand -= units;
            }
            if (onHand <= 50 && dueDay < 0)
            {
                requestDay = day;
                dueDay = day + SUPPLIER_DAYS[delivered.size() % SUPPLIER_DAYS.length];
            }
            now.addAndGet(DAY_MILLIS);
        }
        return delivered;
    }

    private static double sampleSigma(final List<Integer> days)
    {
        final double mean = days.stream().mapToInt(Integer::intValue).average().orElseThrow();
        return Math.sqrt(days.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum() / (days.size() - 1));
    }

    @Test
    void aSuppliersLeadTimeSpreadIsRecoveredAndRaisesTheSafetyStockByItsTerm() throws Exception
    {
        final List<Integer> delivered = supplierHistory();
        assertTrue(delivered.size() >= LeadTimes.MIN_OBSERVATIONS, "deliveries " + delivered);
        final double expected = sampleSigma(delivered);
        assertTrue(expected > 0.7, "a real spread: " + delivered);

        final ForecastProjection p = project();
        assertEquals(expected, p.leadTimes.sigmaDays(ReplenishmentPolicy.SUPPLIER, store, milk), 1e-9, delivered.toString());
        assertEquals(expected, p.leadTimes.sigmaDays(ReplenishmentPolicy.NETWORK, store, milk), 1e-9,
            "a network-sourced position takes the source its requests last came from");

        final ForecastPlan.PositionForecast with = only(ForecastPlan.plan(p, ForecastPlan.Settings.DEFAULT,
            HolidayCalendar.none()));
        final ForecastProjection unmeasured = project();
        unmeasured.leadTimes = new LeadTimes();
        final ForecastPlan.PositionForecast without = only(ForecastPlan.plan(unmeasured, ForecastPlan.Settings.DEFAULT,
            HolidayCalendar.none()));
        assertEquals(without.leadTimeDemand(), with.leadTimeDemand(), 1e-9, "the same forecast");
        final double z = ForecastPlan.serviceZ(with.abc());
        final double daily = with.leadTimeDemand() / 2;
        // SS = z sqrt(sigma_L^2 + d^2 sigma_LT^2): the lead-time term is what the measured spread adds.
        final double term = Math.pow(with.safetyStock() / z, 2) - Math.pow(without.safetyStock() / z, 2);
        assertEquals(daily * daily * expected * expected, term, 1e-6 * term);
        assertTrue(with.reorderLevel() > without.reorderLevel(), with + " against " + without);
    }

    private static ForecastPlan.PositionForecast only(final ForecastPlan.Plan plan)
    {
        assertEquals(1, plan.positions().size());
        return plan.positions().get(0);
    }

    @Test
    void transfersAreMeasuredPerLaneAndAFewObservationsTakeThePool() throws Exception
    {
        ok(Commands.receive(nextId++, warehouse, milk, 10_000));
        final int[] toStore = {1, 2, 3, 1, 2, 3};
        long transfer = 1;
        for (final int days : toStore)
        {
            transfer(transfer++, store, days);
        }
        // Two transfers to the other store: too few for a lane of its own.
        transfer(transfer++, other, 5);
        transfer(transfer++, other, 5);
        // A cancelled transfer measures nothing.
        ok(Commands.createTransfer(nextId++, transfer, warehouse, other, milk, 1));
        now.addAndGet(40 * DAY_MILLIS);
        ok(Commands.cancelTransfer(nextId++, transfer));

        final LeadTimes leadTimes = project().leadTimes;
        final double lane = sampleSigma(List.of(1, 2, 3, 1, 2, 3));
        assertEquals(lane, leadTimes.sigmaDays(warehouse, store, milk), 1e-9);
        assertEquals(sampleSigma(List.of(1, 2, 3, 1, 2, 3, 5, 5)), leadTimes.sigmaDays(warehouse, other, milk), 1e-9,
            "the warehouse's lanes pooled");
        assertEquals(sampleSigma(List.of(1, 2, 3, 1, 2, 3, 5, 5)), leadTimes.sigmaDays(ReplenishmentPolicy.SUPPLIER, other,
            milk), 1e-9, "nothing from the supplier, and the store's own 2 are too few: the network's pool");
        assertEquals(0, new LeadTimes().sigmaDays(ReplenishmentPolicy.SUPPLIER, store, milk), "nothing measured: 0");
    }

    /** Created now, shipped at once, received {@code days} later. */
    private void transfer(final long id, final int to, final int days) throws Exception
    {
        ok(Commands.createTransfer(nextId++, id, warehouse, to, milk, 10));
        ok(Commands.shipTransfer(nextId++, id, now.get() + days * DAY_MILLIS));
        now.addAndGet(days * DAY_MILLIS);
        ok(Commands.receiveTransfer(nextId++, id, 10, null));
    }
}

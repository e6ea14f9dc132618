package io.omnistock.daemon.forecast;

import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Capabilities;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ReplenishmentKind;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.core.journal.JournalRecord;
import io.omnistock.core.planning.DailySales;
import io.omnistock.core.planning.PlanningData;
import io.omnistock.forecast.HolidayCalendar;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forecast job end to end over a real engine and its journal: eight weeks of daily sales at a
 * store, then runs of the job. Its levels enter as ordinary journaled commands with ids fixed by the
 * journal prefix (a repeated plan is the same commands, answered as duplicates); a promotion's
 * uplift raises the levels and its removal brings them back; a planner's override wins until it
 * expires; a DYNAMIC policy is left alone; and a replay of the journal holding all of this ends in
 * the live engine's checksum.
 */
class ForecastJobTest
{
    private static final long DAY_MILLIS = 86_400_000L;

    @TempDir
    Path dir;

    /** Whether the job's process leads (cluster mode): the scheduled runs happen only then. */
    private final AtomicBoolean leading = new AtomicBoolean(true);
    private final AtomicLong now = new AtomicLong(Instant.parse("2026-03-02T09:00:00Z").toEpochMilli());
    private OmnistockEngine engine;
    private ForecastJob job;
    private long nextId = 1;
    private int store;
    private int milk;
    private int rice;

    private EngineConfig config()
    {
        return EngineConfig.builder().journalDir(dir.resolve("journal")).snapshotDir(dir.resolve("snapshots"))
            .clock(now::get).journalPretouch(false).build();
    }

    @BeforeEach
    void history() throws Exception
    {
        engine = OmnistockEngine.start(config());
        ok(Commands.defineLocation(nextId++, "ST1", Tier.STORE, 31_210_000, 121_410_000, Capabilities.PICKUP));
        ok(Commands.defineSku(nextId++, "MILK", StockUnit.PIECE));
        ok(Commands.defineSku(nextId++, "RICE", StockUnit.PIECE));
        store = engine.locationId("ST1");
        milk = engine.skuId("MILK");
        rice = engine.skuId("RICE");
        ok(Commands.setSkuPrice(nextId++, milk, 1_299, 800, 1));
        ok(Commands.setSkuPrice(nextId++, rice, 499, 300, 2));
        ok(Commands.receive(nextId++, store, milk, 100_000));
        ok(Commands.receive(nextId++, store, rice, 100_000));
        for (int day = 0; day < 56; day++)
        {
            // A weekly pattern (weekends sell more) with a little deterministic noise.
            final boolean weekend = day % 7 >= 5;
            sell(milk, (weekend ? 30 : 20) + (day * 7919) % 5);
            sell(rice, 4 + (day * 104_729) % 3);
            now.addAndGet(DAY_MILLIS);
        }
        // Today begins: every run below forecasts from it, over the same 56 whole days.
        ok(Commands.receive(nextId++, store, milk, 1));
        job = new ForecastJob(dir.resolve("journal"), engine, leading::get,
            new ForecastJob.Settings(Duration.ZERO, ForecastPlan.Settings.DEFAULT), HolidayCalendar.none());
    }

    @AfterEach
    void close()
    {
        if (job != null)
        {
            job.close();
        }
        if (engine != null)
        {
            engine.close();
        }
    }

    private CommandResult submit(final Command command) throws Exception
    {
        return engine.submit(command).get(30, TimeUnit.SECONDS);
    }

    private void ok(final Command command) throws Exception
    {
        assertEquals(ReasonCode.OK, submit(command).reason());
    }

    private void sell(final int sku, final long units) throws Exception
    {
        ok(Commands.sale(nextId++, store, sku, units));
    }

    private ForecastPlan.PositionForecast position(final ForecastJob.Run run, final int sku)
    {
        return run.plan().positions().stream().filter(p -> p.location() == store && p.sku() == sku).findFirst()
            .orElseThrow();
    }

    /** The position's own policy as the journal has it (accepted commands only). */
    private ReplenishmentPolicy policyInJournal(final int sku)
    {
        return project(Long.MAX_VALUE).ownPolicies.get(PlanningData.positionKey(store, sku));
    }

    /** A fresh projection of the journal's records up to {@code sequence}, through a reader of its own. */
    private ForecastProjection project(final long sequence)
    {
        final ForecastProjection p = new ForecastProjection();
        try (ChronicleQueue queue = Journal.open(dir.resolve("journal"), false); JournalReader reader = new JournalReader(queue))
        {
            for (JournalRecord record = reader.nextRecord(); record != null && record.sequence() <= sequence;
                record = reader.nextRecord())
            {
                p.add(record);
            }
        }
        return p;
    }

    @Test
    void levelsEnterAsJournaledCommandsWithIdsFixedByTheJournalPrefix() throws Exception
    {
        final ForecastJob.Run first = job.runOnce();
        assertEquals(2, first.plan().commands().size(), "a MIN_MAX policy per position");
        assertEquals(2, first.applied());
        final ForecastPlan.PositionForecast m = position(first, milk);
        assertEquals(ForecastPlan.Basis.MODEL, m.basis());
        assertEquals('A', m.abc(), "milk sells the most value at the store");
        // About 23 a day: two days of lead time plus safety stock, then a week of review on top.
        assertTrue(m.leadTimeDemand() > 35 && m.leadTimeDemand() < 60, "lead-time demand " + m.leadTimeDemand());
        assertTrue(m.reorderLevel() >= Math.ceil(m.leadTimeDemand()) && m.safetyStock() > 0, m.toString());
        assertTrue(m.orderUpTo() > m.reorderLevel() + 100, m.toString());
        assertEquals(28, m.mean().length);
        for (int k = 0; k < 28; k++)
        {
            assertTrue(m.lower()[k] <= m.mean()[k] && m.mean()[k] <= m.upper()[k], "interval of day " + k);
        }
        final ReplenishmentPolicy set = policyInJournal(milk);
        assertEquals(ReplenishmentKind.MIN_MAX, set.kind());
        assertEquals(m.reorderLevel(), set.reorderLevel());
        assertEquals(m.orderUpTo(), set.orderUpToLevel());
        assertEquals(48, set.leadTimeHours());

        // Nothing changed since: the next run plans nothing.
        assertEquals(List.of(), job.runOnce().plan().commands());

        // The same prefix planned again, from projections of its own: the same commands, the same ids,
        // which the engine answers as duplicates (it has them).
        final long prefix = first.plan().sequence();
        final List<String> again = render(ForecastPlan.plan(project(prefix), ForecastPlan.Settings.DEFAULT,
            HolidayCalendar.none()).commands());
        assertEquals(render(first.plan().commands()), again);
        assertEquals(again, render(ForecastPlan.plan(project(prefix), ForecastPlan.Settings.DEFAULT,
            HolidayCalendar.none()).commands()));
        for (final Command command : ForecastPlan.plan(project(prefix), ForecastPlan.Settings.DEFAULT,
            HolidayCalendar.none()).commands())
        {
            assertEquals(ReasonCode.DUPLICATE_COMMAND, submit(command).reason());
        }
        assertNotEquals(ForecastPlan.commandId(prefix, PlanningData.positionKey(store, milk)),
            ForecastPlan.commandId(prefix + 1, PlanningData.positionKey(store, milk)), "another prefix, other ids");
    }

    @Test
    void aRunRefitsOnlyWhatChangedAndPlansWhatAPlanFromScratchPlans() throws Exception
    {
        final ForecastJob.Run first = job.runOnce();
        assertEquals(2, first.fitted());
        assertEquals(0, first.reused());
        sell(milk, 3);
        sell(rice, 2);
        final ForecastJob.Run quiet = job.runOnce();
        assertEquals(0, quiet.fitted(), "today's sales are not history yet: nothing to fit again");
        assertEquals(2, quiet.reused());

        final int today = (int)DailySales.day(now.get());
        ok(Commands.putPromotion(nextId++, 5, milk, 0, store, -1, today, today + 1, 10_000));
        final ForecastJob.Run promoted = job.runOnce();
        assertEquals(1, promoted.fitted(), "milk's promotions changed");
        assertEquals(1, promoted.reused(), "rice's did not");
        assertSameAsFromScratch(promoted);

        now.addAndGet(DAY_MILLIS);
        sell(rice, 1);
        final ForecastJob.Run nextDay = job.runOnce();
        assertEquals(2, nextDay.fitted(), "a new day of history for every position");
        assertSameAsFromScratch(nextDay);
    }

    /** The run's forecasts, levels and commands are those of a plan without reused models over its prefix. */
    private void assertSameAsFromScratch(final ForecastJob.Run run)
    {
        final ForecastPlan.Plan fresh = ForecastPlan.plan(project(run.plan().sequence()), ForecastPlan.Settings.DEFAULT,
            HolidayCalendar.none());
        assertEquals(render(fresh.commands()), render(run.plan().commands()));
        assertEquals(fresh.positions().size(), run.plan().positions().size());
        for (int i = 0; i < fresh.positions().size(); i++)
        {
            final ForecastPlan.PositionForecast a = fresh.positions().get(i);
            final ForecastPlan.PositionForecast b = run.plan().positions().get(i);
            assertEquals(a.reorderLevel() + "/" + a.orderUpTo() + "/" + a.safetyStock() + " " +
                java.util.Arrays.toString(a.mean()) + java.util.Arrays.toString(a.upper()),
                b.reorderLevel() + "/" + b.orderUpTo() + "/" + b.safetyStock() + " " +
                java.util.Arrays.toString(b.mean()) + java.util.Arrays.toString(b.upper()));
        }
    }

    @Test
    void onlyTheLeaderRunsTheJob() throws Exception
    {
        leading.set(false);
        assertNull(job.runIfLeading(), "a follower plans nothing");
        assertNull(job.last());
        assertNull(policyInJournal(milk), "and submits nothing");

        leading.set(true);
        final ForecastJob.Run run = job.runIfLeading();
        assertEquals(2, run.applied(), "the leader plans and submits");
        assertEquals(position(run, milk).reorderLevel(), policyInJournal(milk).reorderLevel());
    }

    @Test
    void aPromotionsUpliftIsAppliedAndRemoved() throws Exception
    {
        final ForecastPlan.PositionForecast before = position(job.runOnce(), milk);
        final int today = (int)DailySales.day(now.get());
        ok(Commands.putPromotion(nextId++, 5, -1, 1, -1, -1, today, today + 1, 10_000));
        final ForecastJob.Run promoted = job.runOnce();
        final ForecastPlan.PositionForecast during = position(promoted, milk);
        // +100% over the two lead-time days: the lead-time demand doubles, the reorder level follows.
        assertEquals(2 * before.leadTimeDemand(), during.leadTimeDemand(), 1e-6 * before.leadTimeDemand());
        assertTrue(during.reorderLevel() > before.reorderLevel() + 30, before + " -> " + during);
        assertEquals(during.reorderLevel(), policyInJournal(milk).reorderLevel());
        assertEquals(position(job.runOnce(), rice).leadTimeDemand(), position(promoted, rice).leadTimeDemand(), 1e-9,
            "rice is in another category: no uplift");

        ok(Commands.deletePromotion(nextId++, 5));
        final ForecastPlan.PositionForecast after = position(job.runOnce(), milk);
        assertEquals(before.leadTimeDemand(), after.leadTimeDemand(), 1e-9);
        assertEquals(before.reorderLevel(), after.reorderLevel());
        assertEquals(before.reorderLevel(), policyInJournal(milk).reorderLevel(), "the levels are back in the engine");
    }

    @Test
    void aChannelsPromotionLiftsOnlyThatChannelsShareOfThePositionsDemand() throws Exception
    {
        // Today (not in the history): web orders of a third of the units the till ever sold, so the web
        // channel's share of the position's sales is a quarter.
        ok(Commands.defineChannel(nextId++, "WEB", 900_000));
        final int web = engine.channelId("WEB");
        long tillUnits = 0;
        for (int day = 0; day < 56; day++)
        {
            tillUnits += (day % 7 >= 5 ? 30 : 20) + (day * 7919) % 5;
        }
        if (tillUnits % 3 != 0)
        {
            sell(milk, 3 - tillUnits % 3);
            tillUnits += 3 - tillUnits % 3;
        }
        final long webUnits = tillUnits / 3;
        for (long orderId = 1; orderId <= 2; orderId++)
        {
            final long units = orderId == 1 ? webUnits / 2 : webUnits - webUnits / 2;
            ok(Commands.routeOrder(nextId++, new Order(orderId, web, FulfilmentType.PICKUP, 31_210_000, 121_410_000, store,
                0, 0, 0, List.of(new OrderLine(milk, units)))));
            ok(Commands.confirmOrder(nextId++, orderId));
            ok(Commands.fulfilOrder(nextId++, orderId, store));
        }
        final ForecastPlan.PositionForecast before = position(job.runOnce(), milk);
        assertEquals(0.25, project(Long.MAX_VALUE).channels.share(PlanningData.positionKey(store, milk), web), 1e-12);

        final int today = (int)DailySales.day(now.get());
        ok(Commands.putPromotion(nextId++, 5, milk, 0, store, web, today, today + 1, 10_000));
        final ForecastPlan.PositionForecast webOnly = position(job.runOnce(), milk);
        // +100% on a quarter of the demand over the two lead-time days: +25%.
        assertEquals(1.25 * before.leadTimeDemand(), webOnly.leadTimeDemand(), 1e-6 * before.leadTimeDemand());

        ok(Commands.putPromotion(nextId++, 5, milk, 0, store, -1, today, today + 1, 10_000));
        assertEquals(2 * before.leadTimeDemand(), position(job.runOnce(), milk).leadTimeDemand(),
            1e-6 * before.leadTimeDemand(), "for every channel: the whole demand");
    }

    @Test
    void aLearnedPromotionAppliesTheUpliftOfTheSeriesPastPromotions() throws Exception
    {
        // Four more weeks in which a two-day promotion (its uplift learned, none stated) doubled milk's sales.
        final int promotedFrom = (int)DailySales.day(now.get()) + 10;
        ok(Commands.putLearnedPromotion(nextId++, 20, milk, 0, store, -1, promotedFrom, promotedFrom + 1));
        for (int day = 0; day < 28; day++)
        {
            final boolean promoted = day == 10 || day == 11;
            final boolean weekend = (56 + day) % 7 >= 5;
            final long units = (weekend ? 30 : 20) + (day * 7919) % 5;
            sell(milk, promoted ? 2 * units : units);
            sell(rice, 4 + (day * 104_729) % 3);
            now.addAndGet(DAY_MILLIS);
        }
        ok(Commands.receive(nextId++, store, milk, 1));
        final ForecastPlan.PositionForecast before = position(job.runOnce(), milk);

        final int today = (int)DailySales.day(now.get());
        ok(Commands.putLearnedPromotion(nextId++, 21, milk, 0, store, -1, today, today + 1));
        final ForecastPlan.PositionForecast during = position(job.runOnce(), milk);
        // Learned: about +100%, pulled a little towards no uplift (half a day of volume as the prior).
        final double ratio = during.leadTimeDemand() / before.leadTimeDemand();
        assertTrue(ratio > 1.6 && ratio < 2.05, "learned uplift over the lead time: x" + ratio);
        assertEquals(during.reorderLevel(), policyInJournal(milk).reorderLevel());
    }

    @Test
    void anOverrideWinsUntilItExpires() throws Exception
    {
        final ForecastPlan.PositionForecast model = position(job.runOnce(), milk);
        ok(Commands.putForecastOverride(nextId++, store, milk, -1, 500, 900, now.get() + 3 * DAY_MILLIS));
        ok(Commands.putForecastOverride(nextId++, store, rice, 50_000, 0, 0, now.get() + 3 * DAY_MILLIS));
        final ForecastJob.Run overridden = job.runOnce();
        assertEquals(ForecastPlan.Basis.LEVELS_OVERRIDE, position(overridden, milk).basis());
        assertEquals(500, policyInJournal(milk).reorderLevel());
        assertEquals(900, policyInJournal(milk).orderUpToLevel());
        final ForecastPlan.PositionForecast rices = position(overridden, rice);
        assertEquals(ForecastPlan.Basis.DEMAND_OVERRIDE, rices.basis());
        assertEquals(50.0, rices.mean()[0], 1e-9);
        assertEquals(100.0, rices.leadTimeDemand(), 1e-9, "50 a day over two days");

        // Two days on, still in force; after the expiry, the model again.
        now.addAndGet(2 * DAY_MILLIS);
        sell(milk, 20);
        assertEquals(ForecastPlan.Basis.LEVELS_OVERRIDE, position(job.runOnce(), milk).basis());
        now.addAndGet(2 * DAY_MILLIS);
        sell(milk, 20);
        final ForecastJob.Run expired = job.runOnce();
        assertEquals(ForecastPlan.Basis.MODEL, position(expired, milk).basis());
        assertEquals(ForecastPlan.Basis.MODEL, position(expired, rice).basis());
        final long reorder = policyInJournal(milk).reorderLevel();
        assertTrue(reorder < 200 && Math.abs(reorder - model.reorderLevel()) < 40, model + " -> " + reorder);
    }

    @Test
    void aNewItemStartsFromItsCategoryAndOneWithNothingToStartFromIsNotForecast() throws Exception
    {
        ok(Commands.defineSku(nextId++, "OATS", StockUnit.PIECE));
        ok(Commands.defineSku(nextId++, "SALT", StockUnit.PIECE));
        final int oats = engine.skuId("OATS");
        final int salt = engine.skuId("SALT");
        // Oats is in milk's category (1); salt has no master data at all.
        ok(Commands.setSkuPrice(nextId++, oats, 399, 200, 1));
        ok(Commands.receive(nextId++, store, oats, 1_000));
        ok(Commands.receive(nextId++, store, salt, 1_000));
        for (int day = 0; day < 3; day++)
        {
            now.addAndGet(DAY_MILLIS);
            sell(oats, 5);
            sell(salt, 2);
            sell(milk, 25);
        }
        now.addAndGet(DAY_MILLIS);
        ok(Commands.receive(nextId++, store, milk, 1));
        final ForecastJob.Run run = job.runOnce();
        final ForecastPlan.PositionForecast o = position(run, oats);
        final ForecastPlan.PositionForecast m = position(run, milk);
        assertEquals(ForecastPlan.Basis.COLD_START, o.basis());
        assertEquals("COLD_START(1 peers)", o.model());
        // Three days at 5 weigh against 28 of milk's level: (3 x 5 + 28 x milk) / 31, in milk's weekly shape.
        final double milkDaily = m.leadTimeDemand() / 2;
        final double oatsDaily = o.leadTimeDemand() / 2;
        assertTrue(oatsDaily > 5 && oatsDaily < milkDaily, "oats " + oatsDaily + " a day, milk " + milkDaily);
        assertEquals((3 * 5 + 28 * milkDaily) / 31, oatsDaily, 0.15 * milkDaily);
        assertTrue(o.safetyStock() > 0 && o.reorderLevel() >= Math.ceil(o.leadTimeDemand()), o.toString());
        assertEquals(o.reorderLevel(), policyInJournal(oats).reorderLevel(), "its levels are journaled as any");
        assertTrue(run.plan().positions().stream().noneMatch(p -> p.sku() == salt), "no peer, no forecast");
        assertNull(policyInJournal(salt));

        // The network's forecast of a SKU is its positions' summed: one store here, so milk's own.
        final ForecastPlan.NetworkForecast network = run.plan().network().stream().filter(n -> n.sku() == milk)
            .findFirst().orElseThrow();
        assertEquals(1, network.positions());
        assertEquals(28, network.mean().length);
        for (int k = 0; k < 28; k++)
        {
            assertEquals(m.mean()[k], network.mean()[k], 1e-9);
            assertEquals(m.upper()[k], network.upper()[k], 1e-9);
        }
        // By tier: the store's tier sums the same one position; no other tier has milk.
        final ForecastPlan.NetworkForecast stores = run.plan().tiers().get(Tier.STORE).stream()
            .filter(n -> n.sku() == milk).findFirst().orElseThrow();
        assertEquals(1, stores.positions());
        assertArrayEquals(network.mean(), stores.mean(), 1e-9);
        assertNull(run.plan().tiers().get(Tier.WAREHOUSE), "no warehouse sells");
    }

    @Test
    void aDynamicPolicyWinsOverTheForecast() throws Exception
    {
        final ReplenishmentPolicy dynamic = ReplenishmentPolicy.dynamic(9_500, 7);
        ok(Commands.setPositionPolicy(nextId++, store, rice, dynamic));
        final ForecastJob.Run run = job.runOnce();
        assertEquals(ForecastPlan.Basis.DYNAMIC, position(run, rice).basis());
        assertEquals(1, run.plan().commands().size(), "milk only");
        assertEquals(ReplenishmentKind.DYNAMIC, policyInJournal(rice).kind());
        // A DYNAMIC default of the store's tier reaches milk too, once milk has no policy of its own.
        ok(Commands.setPositionPolicy(nextId++, store, milk, null));
        ok(Commands.setTierPolicy(nextId++, Tier.STORE, ReplenishmentPolicy.dynamic(9_000, 7)));
        assertEquals(List.of(), job.runOnce().plan().commands());
        assertNull(policyInJournal(milk));
    }

    @Test
    void aLocationsDynamicDefaultWinsOverTheForecastUntilRemoved() throws Exception
    {
        // The projection reads the default back from the journal: a SET_REPLENISHMENT_RULE at location scope.
        ok(Commands.setLocationPolicy(nextId++, store, ReplenishmentPolicy.dynamic(9_500, 7)));
        final ForecastJob.Run run = job.runOnce();
        assertEquals(ForecastPlan.Basis.DYNAMIC, position(run, milk).basis());
        assertEquals(ForecastPlan.Basis.DYNAMIC, position(run, rice).basis());
        assertEquals(List.of(), run.plan().commands());
        ok(Commands.setLocationPolicy(nextId++, store, null));
        final ForecastJob.Run removed = job.runOnce();
        assertEquals(ForecastPlan.Basis.MODEL, position(removed, milk).basis());
        assertEquals(2, removed.plan().commands().size(), "the forecast sets both positions' levels again");
    }

    @Test
    void aReplayOfTheJournalEndsInTheLiveChecksum() throws Exception
    {
        job.runOnce();
        final int today = (int)DailySales.day(now.get());
        ok(Commands.putPromotion(nextId++, 7, milk, 0, store, -1, today, today + 1, 5_000));
        job.runOnce();
        ok(Commands.putForecastOverride(nextId++, store, rice, -1, 10, 20, now.get() + DAY_MILLIS));
        job.runOnce();
        now.addAndGet(DAY_MILLIS);
        sell(milk, 25);
        job.runOnce();
        final long live = engine.stateChecksum().get(30, TimeUnit.SECONDS);
        job.close();
        job = null;
        engine.close();
        // No snapshot: the state is rebuilt from the journal alone, its forecast-driven commands included.
        try (Stream<Path> files = Files.list(dir.resolve("snapshots")))
        {
            for (final Path f : (Iterable<Path>)files::iterator)
            {
                Files.delete(f);
            }
        }
        catch (final java.nio.file.NoSuchFileException none)
        {
            // never written
        }
        engine = OmnistockEngine.start(config());
        assertEquals(live, engine.stateChecksum().get(30, TimeUnit.SECONDS));
    }

    /** Commands as what they write: id, type and fields. */
    private static List<String> render(final List<Command> commands)
    {
        final List<String> out = new ArrayList<>();
        for (final Command command : commands)
        {
            final CommandSlot slot = new CommandSlot();
            command.writeTo(slot);
            out.add(slot.commandId + " " + slot.type + " " + slot.location + "/" + slot.sku + " " + slot.replenishmentKind +
                " " + slot.quantity + ".." + slot.orderUpTo + " lead " + slot.leadTimeHours + " src " + slot.toLocation);
        }
        return out;
    }
}

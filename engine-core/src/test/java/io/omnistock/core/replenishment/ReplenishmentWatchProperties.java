package io.omnistock.core.replenishment;

import io.omnistock.core.state.ProcessorHarness;
import io.omnistock.api.AdjustmentReason;
import io.omnistock.api.Capabilities;
import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.Tier;
import io.omnistock.core.replenishment.DemandMath;
import io.omnistock.core.replenishment.Replenishment;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replenishment watch is only a shortcut: an engine whose watches are wiped before every
 * command (so every check runs in full) must emit the same events and reach the same state as one
 * that uses them, over random stock moves, policy changes of every scope and days passing, at
 * levels large enough that the watch's coarse level codes round.
 */
class ReplenishmentWatchProperties
{
    private static final long HOUR = 3_600_000L;

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void aCheckInsideTheWatchIsAFullCheckThatFindsNothing(
        @ForAll @Size(max = 200) final List<@IntRange(min = 0, max = 11) Integer> ops,
        @ForAll @Size(min = 1, max = 200) final List<@IntRange(min = 1, max = 4_000) Integer> quantities,
        @ForAll @IntRange(min = 0, max = 3) final int scale)
    {
        final Twin twin = new Twin();
        final int warehouse = twin.define(h -> h.locationAt("WH", Tier.WAREHOUSE, Capabilities.ALL, -20_000, 0));
        final int[] stores = {
            twin.define(h -> h.locationAt("S0", Tier.STORE, Capabilities.ALL, 0, 0)),
            twin.define(h -> h.locationAt("S1", Tier.STORE, Capabilities.ALL, 0, 800))};
        final int sku = twin.define(h -> h.sku("FLOUR"));
        // Levels from hundreds to millions of units: above 255 the codes round.
        final long unit = new long[] {1, 7, 1_000, 123_457}[scale];
        twin.run(id -> Commands.receive(id, warehouse, sku, 1_000_000_000L));
        twin.runOk(id -> Commands.setTierPolicy(id, Tier.STORE, ReplenishmentPolicy.minMax(300 * unit, 900 * unit)
            .withPack(40 * unit).withSource(ReplenishmentPolicy.SUPPLIER, 12).withSlowMoverDays(2)));
        twin.runOk(id -> Commands.setLocationPolicy(id, stores[1], ReplenishmentPolicy.daysOfCover(2, 5, 9)
            .withSource(warehouse, 30)));
        long reservation = 0;
        for (int i = 0; i < ops.size(); i++)
        {
            final long q = quantities.get(i % quantities.size()) * unit / 10 + 1;
            final int store = stores[i % stores.length];
            final long reserved = reservation;
            final int shape = i % 3;
            switch (ops.get(i))
            {
                case 0, 1 -> twin.run(id -> Commands.sale(id, store, sku, q));
                case 2, 3 -> twin.run(id -> Commands.receive(id, store, sku, q));
                case 4 -> twin.run(id -> Commands.reserve(id, reserved + 1, store, sku, q));
                case 5 -> twin.run(id -> Commands.release(id, reserved, q / 2 + 1));
                case 6 -> twin.run(id -> Commands.setSafetyStock(id, store, sku, q / 4));
                case 7 -> twin.run(id -> Commands.adjust(id, store, sku, -q / 3, AdjustmentReason.DAMAGED));
                case 8 -> twin.run(id -> Commands.setPositionPolicy(id, store, sku, switch (shape)
                {
                    case 0 -> null;
                    case 1 -> ReplenishmentPolicy.dynamic(9_000, 2).withSource(warehouse, 30);
                    default -> ReplenishmentPolicy.minMax(q, q + 500 * unit).withSource(warehouse, 30);
                }));
                case 9 -> twin.run(id -> Commands.setTierPolicy(id, Tier.STORE, ReplenishmentPolicy.minMax(
                    q, 2 * q + 100).withSource(ReplenishmentPolicy.SUPPLIER, 12).withSlowMoverDays(1)));
                case 10 -> twin.run(id -> Commands.cancelReplenishment(id, store, sku));
                default -> twin.passTime(9 * HOUR);
            }
            if (ops.get(i) == 4)
            {
                reservation++;
            }
        }
        assertEquals(twin.withWatches.state.checksum(), twin.withoutWatches.state.checksum());
    }

    /** Days without demand shrink a days-of-cover position's levels: a watch must not outlive its day. */
    @Example
    void aNewDayEndsEveryWatch()
    {
        final Twin twin = Twin.withDaysOfCoverStore(9, 2_000);
        for (int day = 0; day < 30; day++)
        {
            twin.passTime(24 * HOUR);
            twin.run(id -> Commands.sale(id, twin.store, twin.sku, 40));
        }
        for (int day = 0; day < 30; day++)
        {
            twin.passTime(24 * HOUR);
            twin.run(id -> Commands.receive(id, twin.store, twin.sku, 1));
        }
        assertTrue(twin.seen.contains("OVERSTOCK"), "the decaying demand made the stock an overstock: " + twin.seen);
    }

    /** Sales inside a watch are demand all the same: the next day's average counts every one. */
    @Example
    void deferredSalesCountInTheDemandAverage()
    {
        final Twin twin = Twin.withDaysOfCoverStore(90, 100_000);
        for (int sale = 0; sale < 5; sale++)
        {
            twin.run(id -> Commands.sale(id, twin.store, twin.sku, 10));
        }
        // The next day's first check works the averages out, with no timer sweep before it.
        twin.withWatches.now += 24 * HOUR;
        twin.withoutWatches.now += 24 * HOUR;
        twin.run(id -> Commands.receive(id, twin.store, twin.sku, 1));
        final Replenishment book = twin.withWatches.state.replenishment();
        assertEquals(DemandMath.ALPHA * 50, book.dailyDemand(book.entryOf(twin.withWatches.state.ledger().find(twin.store, twin.sku))),
            1e-9);
        assertEquals(twin.withoutWatches.state.checksum(), twin.withWatches.state.checksum());
    }

    /** A deferred sale is the last demand of its own day: the slow-mover sweep must see it, and its day. */
    @Example
    void deferredSalesKeepTheirDayForSlowMovers()
    {
        final Twin twin = Twin.withOneStore();
        twin.runOk(id -> Commands.setTierPolicy(id, Tier.STORE, ReplenishmentPolicy.minMax(10, 2_000)
            .withSource(ReplenishmentPolicy.SUPPLIER, 12).withSlowMoverDays(2)));
        twin.run(id -> Commands.receive(id, twin.store, twin.sku, 1_000));
        twin.run(id -> Commands.sale(id, twin.store, twin.sku, 1));
        twin.passTime(24 * HOUR);
        // A full check arms the new day's watch; the sale after it is deferred.
        twin.run(id -> Commands.receive(id, twin.store, twin.sku, 1));
        twin.run(id -> Commands.sale(id, twin.store, twin.sku, 1));
        for (int day = 0; day < 4; day++)
        {
            twin.passTime(24 * HOUR);
        }
        assertTrue(twin.seen.contains("SLOW_MOVER"), "two days after the deferred sale: " + twin.seen);
    }

    @Property(tries = 2_000)
    void levelCodesRoundInwardWithinOnePercent(@ForAll @LongRange(min = 0, max = 254L << 31) final long units)
    {
        final long atLeast = WatchBand.level(WatchBand.levelAtLeast(units));
        final long atMost = WatchBand.level(WatchBand.levelAtMost(units));
        assertTrue(atLeast >= units && atMost <= units, units + " coded as " + atMost + " to " + atLeast);
        assertTrue(atLeast - units <= Math.max(0, units / 128) && units - atMost <= units / 128,
            units + " coded as " + atMost + " to " + atLeast);
    }

    /** Two engines fed the same commands; one loses its watches before each. */
    private static final class Twin
    {
        final ProcessorHarness withWatches = new ProcessorHarness();
        final ProcessorHarness withoutWatches = new ProcessorHarness();
        final List<String> seen = new ArrayList<>();
        int warehouse;
        int store;
        int sku;

        /** A warehouse, a store and one SKU, defined in both engines. */
        static Twin withOneStore()
        {
            final Twin twin = new Twin();
            twin.warehouse = twin.define(h -> h.locationAt("WH", Tier.WAREHOUSE, Capabilities.ALL, -20_000, 0));
            twin.store = twin.define(h -> h.locationAt("S0", Tier.STORE, Capabilities.ALL, 0, 0));
            twin.sku = twin.define(h -> h.sku("FLOUR"));
            return twin;
        }

        /** One store under a days-of-cover policy (reorder at 2 days, up to 5), holding {@code stock}. */
        static Twin withDaysOfCoverStore(final int overstockDays, final long stock)
        {
            final Twin twin = withOneStore();
            twin.runOk(id -> Commands.setLocationPolicy(id, twin.store, ReplenishmentPolicy.daysOfCover(2, 5,
                overstockDays).withSource(twin.warehouse, 30)));
            twin.run(id -> Commands.receive(id, twin.store, twin.sku, stock));
            return twin;
        }

        int define(final Function<ProcessorHarness, Integer> definition)
        {
            final int id = definition.apply(withWatches);
            assertEquals(id, definition.apply(withoutWatches));
            return id;
        }

        void runOk(final Function<Long, Command> command)
        {
            assertEquals(ReasonCode.OK, run(command));
        }

        ReasonCode run(final Function<Long, Command> command)
        {
            withoutWatches.state.ledger().clearWatches();
            final CommandResult expected = withoutWatches.run(command.apply(withoutWatches.id()));
            final CommandResult actual = withWatches.run(command.apply(withWatches.id()));
            assertEquals(expected.reason(), actual.reason());
            assertEquals(withoutWatches.lastEventDetails(), withWatches.lastEventDetails());
            assertEquals(withoutWatches.lastLocations(), withWatches.lastLocations());
            seen.addAll(withWatches.lastEventDetails());
            return actual.reason();
        }

        void passTime(final long millis)
        {
            withWatches.now += millis;
            withoutWatches.now += millis;
            withoutWatches.state.ledger().clearWatches();
            withoutWatches.timer();
            withWatches.timer();
            assertEquals(withoutWatches.lastEventDetails(), withWatches.lastEventDetails());
            seen.addAll(withWatches.lastEventDetails());
        }
    }
}

package io.omnistock.core;

import io.omnistock.api.AlertKind;
import io.omnistock.api.Capabilities;
import io.omnistock.api.Commands;
import io.omnistock.api.EventKind;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplenishmentEngineTest
{
    @TempDir
    Path dir;

    @Test
    void requestsAndAlertsReachListenersAndReplayIdentically() throws Exception
    {
        final AtomicLong now = new AtomicLong(1_000_000);
        final List<String> seen = new CopyOnWriteArrayList<>();
        final EngineConfig config = EngineConfig.builder()
            .journalDir(dir.resolve("journal"))
            .clock(now::get)
            .eventListener(e ->
            {
                if (e.kind() == EventKind.REPLENISHMENT_REQUESTED)
                {
                    seen.add("request " + e.quantity());
                }
                else if (e.kind() == EventKind.ALERT)
                {
                    seen.add(e.alertKind().name());
                }
            })
            .build();
        final long checksum;
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            final int store = engine.submit(Commands.defineLocation(1, "S", Tier.STORE, 0, 0, Capabilities.ALL))
                .get().assignedId();
            final int warehouse = engine.submit(Commands.defineLocation(2, "W", Tier.WAREHOUSE, 0, 1_000,
                Capabilities.ALL)).get().assignedId();
            final int sku = engine.submit(Commands.defineSku(3, "TEA", StockUnit.PIECE)).get().assignedId();
            engine.submit(Commands.receive(4, store, sku, 20)).get();
            assertEquals(ReasonCode.OK, engine.submit(Commands.setReplenishmentPolicy(5, store, sku, 5, 20, 4, 0,
                warehouse, 24)).get().reason());
            engine.snapshot().get();
            long id = 10;
            for (int i = 0; i < 20; i++)
            {
                engine.submit(Commands.sale(id++, store, sku, 1)).get();
            }
            engine.submit(Commands.transferOut(id++, warehouse, store, sku, 1)).get(); // rejected: nothing there
            engine.submit(Commands.receive(id++, store, sku, 16)).get();
            checksum = engine.stateChecksum().get();
        }
        // At 5 left: request 15, rounded to 16; at 0: out of stock; the receipt brings it back.
        assertEquals(List.of("request 16", AlertKind.OUT_OF_STOCK.name(), AlertKind.BACK_IN_STOCK.name()), seen);
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            assertTrue(engine.recoveryReport().snapshotSequence() > 0);
            assertEquals(checksum, engine.stateChecksum().get(), "snapshot + verified tail");
        }
        try (Stream<Path> files = Files.list(dir.resolve("journal").resolve("snapshots")))
        {
            for (final Path p : files.toList())
            {
                Files.delete(p);
            }
        }
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            assertEquals(checksum, engine.stateChecksum().get(), "full verified replay");
        }
    }

    @Test
    void transfersInTransitReplayFromSnapshotAndJournal() throws Exception
    {
        final AtomicLong now = new AtomicLong(5_000_000);
        final EngineConfig config = EngineConfig.builder().journalDir(dir.resolve("t")).clock(now::get).build();
        final long checksum;
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            // A hold that outlives the test's clock jump: an expiry landing after the checksum would race it.
            final int app = engine.submit(Commands.defineChannel(1, "app", 86_400_000)).get().assignedId();
            final int store = engine.submit(Commands.defineLocation(2, "S", Tier.STORE, 0, 0, Capabilities.ALL))
                .get().assignedId();
            final int warehouse = engine.submit(Commands.defineLocation(3, "W", Tier.WAREHOUSE, 0, 1_000,
                Capabilities.ALL)).get().assignedId();
            final int sku = engine.submit(Commands.defineSku(4, "TEA", StockUnit.PIECE)).get().assignedId();
            engine.submit(Commands.receive(5, warehouse, sku, 50)).get();
            assertEquals(ReasonCode.OK, engine.submit(Commands.createTransfer(6, 70, warehouse, store, sku, 20)).get()
                .reason());
            assertEquals(ReasonCode.OK, engine.submit(Commands.shipTransfer(7, 70, now.get() + 3_600_000)).get()
                .reason());
            engine.submit(Commands.createTransfer(8, 71, warehouse, store, sku, 5)).get();
            engine.snapshot().get();
            assertEquals(ReasonCode.OK, engine.submit(Commands.routeOrder(9, new io.omnistock.api.Order(1, app,
                io.omnistock.api.FulfilmentType.SCHEDULED, 0, 0, -1, 0, now.get() + 86_400_000, 0,
                List.of(new io.omnistock.api.OrderLine(sku, 15))))).get().reason());
            now.addAndGet(3_600_000);
            engine.submit(Commands.receiveTransfer(10, 70, 19, io.omnistock.api.AdjustmentReason.LOST)).get();
            engine.submit(Commands.cancelTransfer(11, 71)).get();
            checksum = engine.stateChecksum().get();
        }
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            assertTrue(engine.recoveryReport().snapshotSequence() > 0);
            assertEquals(checksum, engine.stateChecksum().get(), "snapshot + verified tail");
        }
        try (Stream<Path> files = Files.list(dir.resolve("t").resolve("snapshots")))
        {
            for (final Path p : files.toList())
            {
                Files.delete(p);
            }
        }
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            assertEquals(checksum, engine.stateChecksum().get(), "full verified replay");
        }
    }

    /**
     * Every new piece journaled and replayed: tier and location defaults, a configured source,
     * days-of-cover and dynamic policies over days of demand, a slow mover, a supply break and a
     * request turned into a transfer. The events seen live are seen again, in the same order, by a
     * replay of the journal from the start and by one from a snapshot taken midway.
     */
    @Test
    void policiesDefaultsAndSuggestionsReplayIdentically() throws Exception
    {
        final long day = 86_400_000L;
        final AtomicLong now = new AtomicLong(1_700_000_000_000L);
        final List<String> seen = new CopyOnWriteArrayList<>();
        final EngineConfig config = EngineConfig.builder()
            .journalDir(dir.resolve("p"))
            .clock(now::get)
            .eventListener(e ->
            {
                if (e.kind() != EventKind.STOCK_CHANGED)
                {
                    seen.add(e.kind() + " " + e.location() + " " + e.alertKind() + " " + e.quantity() + " " + e.sourceLocation());
                }
            })
            .build();
        final long checksum;
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            long id = 1;
            final int wh = engine.submit(Commands.defineLocation(id++, "W", Tier.WAREHOUSE, 0, 0, Capabilities.ALL))
                .get().assignedId();
            final int a = engine.submit(Commands.defineLocation(id++, "A", Tier.STORE, 0, 1_000, Capabilities.ALL))
                .get().assignedId();
            final int b = engine.submit(Commands.defineLocation(id++, "B", Tier.STORE, 0, 2_000, Capabilities.ALL))
                .get().assignedId();
            final int c = engine.submit(Commands.defineLocation(id++, "C", Tier.STORE, 0, 3_000, Capabilities.ALL))
                .get().assignedId();
            final int tea = engine.submit(Commands.defineSku(id++, "TEA", StockUnit.PIECE)).get().assignedId();
            engine.submit(Commands.receive(id++, wh, tea, 10_000)).get();
            engine.submit(Commands.receive(id++, c, tea, 200)).get();
            engine.submit(Commands.receive(id++, a, tea, 60)).get();
            engine.submit(Commands.receive(id++, b, tea, 80)).get();
            assertEquals(ReasonCode.OK, engine.submit(Commands.setTierPolicy(id++, Tier.STORE,
                io.omnistock.api.ReplenishmentPolicy.daysOfCover(2, 5, 20).withPack(4).withSource(
                    io.omnistock.api.ReplenishmentPolicy.NETWORK, 48).withSlowMoverDays(5))).get().reason());
            assertEquals(ReasonCode.OK, engine.submit(Commands.setLocationPolicy(id++, b,
                io.omnistock.api.ReplenishmentPolicy.dynamic(9_500, 3).withSource(wh, 48))).get().reason());
            assertEquals(ReasonCode.OK, engine.submit(Commands.setLocationSource(id++, a, wh)).get().reason());
            for (int d = 0; d < 8; d++)
            {
                engine.submit(Commands.sale(id++, a, tea, 6 + d % 3)).get();
                engine.submit(Commands.sale(id++, b, tea, 5 + d % 2)).get();
                if (d == 3)
                {
                    engine.snapshot().get();
                }
                now.addAndGet(day);
            }
            engine.submit(Commands.transferFromRequest(id++, 500, a, tea)).get();
            engine.submit(Commands.shipTransfer(id++, 500, now.get() + day)).get();
            engine.submit(Commands.stocktake(id++, b, tea, 0)).get();
            now.addAndGet(6 * day);
            engine.submit(Commands.receiveTransfer(id++, 500, 20, io.omnistock.api.AdjustmentReason.DAMAGED)).get();
            // The clock moved days ahead: the timer's daily sweep commands follow; let them land first.
            long last;
            do
            {
                last = engine.gauges().lastSequence();
                Thread.sleep(200);
            }
            while (engine.gauges().lastSequence() != last);
            checksum = engine.stateChecksum().get();
        }
        assertTrue(seen.stream().anyMatch(s -> s.startsWith("REPLENISHMENT_REQUESTED")), seen.toString());
        assertTrue(seen.stream().anyMatch(s -> s.startsWith("LATERAL_TRANSFER_SUGGESTED")), seen.toString());
        assertTrue(seen.stream().anyMatch(s -> s.contains("SLOW_MOVER")), seen.toString());
        final List<String> live = List.copyOf(seen);
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            assertTrue(engine.recoveryReport().snapshotSequence() > 0);
            assertEquals(checksum, engine.stateChecksum().get(), "snapshot + verified tail");
        }
        try (Stream<Path> files = Files.list(dir.resolve("p").resolve("snapshots")))
        {
            for (final Path p : files.toList())
            {
                Files.delete(p);
            }
        }
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            assertEquals(checksum, engine.stateChecksum().get(), "full verified replay");
        }
        assertEquals(live, seen, "recovery delivers no events again");
    }
}

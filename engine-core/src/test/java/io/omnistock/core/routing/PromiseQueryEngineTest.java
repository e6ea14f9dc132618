package io.omnistock.core.routing;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.RoutingReason;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A promise query answers for the moment it is asked: when engine time has moved on since the
 * last journaled command, the query must still see the same time the order placed right after it
 * will see, or it promises what the route then refuses (or refuses what the route then holds).
 */
class PromiseQueryEngineTest
{
    private static final int LAT = 31_230_000;
    private static final int LON = 121_470_000;
    private static final long MINUTE = 60_000;

    @TempDir
    Path dir;

    @Test
    void aPromiseQueryAfterIdleTimeSeesTheTimeTheRouteWillSee() throws Exception
    {
        final AtomicLong now = new AtomicLong(1_700_000_000_000L);
        final EngineConfig config = EngineConfig.builder().journalDir(dir.resolve("j")).clock(now::get).build();
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            final int channel = engine.submit(Commands.defineChannel(1, "app", 15 * MINUTE)).get().assignedId();
            final int sku = engine.submit(Commands.defineSku(2, "ICE", StockUnit.PIECE)).get().assignedId();
            // 2 km north: 12 min to pick and pack an instant order + 6 min by courier at the default 20 km/h.
            final int store = engine.submit(Commands.defineLocation(3, "ST", Tier.STORE, LAT + 17_986, LON,
                Capabilities.ALL)).get().assignedId();
            assertEquals(ReasonCode.OK, engine.submit(Commands.receive(4, store, sku, 5)).get().reason());

            now.addAndGet(20 * MINUTE); // nothing journaled meanwhile
            final Order order = new Order(10, channel, FulfilmentType.INSTANT, LAT, LON, -1, 100,
                now.get() + 17 * MINUTE, 0, List.of(new OrderLine(sku, 1)));
            final CommandResult promised = engine.submit(Commands.queryPromise(5, order)).get();
            final CommandResult routed = engine.submit(Commands.routeOrder(6, order)).get();
            assertEquals(ReasonCode.NO_ROUTE, routed.reason(), "18 minutes cannot meet a 17-minute promise");
            assertEquals(RoutingReason.TOO_SLOW, routed.candidates().get(0).reason());
            assertEquals(routed.reason(), promised.reason(), "the query promised what the route refused");
            assertEquals(routed.allocations(), promised.allocations());
            assertEquals(routed.candidates(), promised.candidates());
        }
    }

    @Test
    void aPromiseQueryInANewHourSeesTheNewHoursCapacity() throws Exception
    {
        final AtomicLong now = new AtomicLong(1_700_000_000_000L - 1_700_000_000_000L % 3_600_000 + 50 * MINUTE);
        final EngineConfig config = EngineConfig.builder().journalDir(dir.resolve("j")).clock(now::get).build();
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            final int channel = engine.submit(Commands.defineChannel(1, "app", 15 * MINUTE)).get().assignedId();
            final int sku = engine.submit(Commands.defineSku(2, "ICE", StockUnit.PIECE)).get().assignedId();
            final int store = engine.submit(Commands.defineLocation(3, "ST", Tier.STORE, LAT, LON, Capabilities.ALL))
                .get().assignedId();
            engine.submit(Commands.receive(4, store, sku, 5)).get();
            assertEquals(ReasonCode.OK, engine.submit(Commands.configureLocation(5, store, 1, 0, 0)).get().reason());
            final CommandResult first = engine.submit(Commands.routeOrder(6, new Order(10, channel,
                FulfilmentType.REGULAR, LAT, LON, -1, 100, 0, 0, List.of(new OrderLine(sku, 1))))).get();
            assertEquals(ReasonCode.OK, first.reason());

            now.addAndGet(15 * MINUTE); // the next hour: the store may take another order
            final Order second = new Order(11, channel, FulfilmentType.REGULAR, LAT, LON, -1, 100, 0, 0,
                List.of(new OrderLine(sku, 1)));
            final CommandResult promised = engine.submit(Commands.queryPromise(7, second)).get();
            final CommandResult routed = engine.submit(Commands.routeOrder(8, second)).get();
            assertEquals(ReasonCode.OK, routed.reason());
            assertEquals(routed.reason(), promised.reason(), "the query refused what the route then held");
            assertEquals(routed.allocations(), promised.allocations());
        }
    }
}

package io.omnistock.core;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every wait strategy carries a burst from two producers and wakes for a command after idling. */
class WaitStrategiesTest
{
    @ParameterizedTest
    @EnumSource(value = WaitStrategyKind.class, names = "BUSY_SPIN", mode = EnumSource.Mode.EXCLUDE)
    void burstsAndWakeUpsAfterIdle(final WaitStrategyKind kind) throws Exception
    {
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().waitStrategy(kind).ringSize(1024).build()))
        {
            final int store = engine.submit(Commands.defineLocation(1, "S", Tier.STORE, 0, 0, Capabilities.ALL))
                .get().assignedId();
            final int sku = engine.submit(Commands.defineSku(2, "TEA", StockUnit.PIECE)).get().assignedId();
            final List<CompletableFuture<CommandResult>> burst = new ArrayList<>();
            final Thread other = new Thread(() ->
            {
                for (int i = 0; i < 5_000; i++)
                {
                    engine.submit(Commands.receive(100_000 + i, store, sku, 1));
                }
            });
            other.start();
            for (int i = 0; i < 5_000; i++)
            {
                burst.add(engine.submit(Commands.receive(10 + i, store, sku, 1)));
            }
            other.join();
            for (final CompletableFuture<CommandResult> f : burst)
            {
                assertEquals(ReasonCode.OK, f.get(10, TimeUnit.SECONDS).reason());
            }
            // Long enough idle for PHASED to fall back to blocking: the next command must still wake it.
            Thread.sleep(50);
            final CommandResult after = engine.submit(Commands.queryPosition(3, store, sku)).get(5, TimeUnit.SECONDS);
            assertEquals(10_000, after.onHand());
        }
    }
}

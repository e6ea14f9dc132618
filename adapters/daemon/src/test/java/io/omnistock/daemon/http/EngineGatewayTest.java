package io.omnistock.daemon.http;

import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandType;
import io.omnistock.api.Commands;
import io.omnistock.api.InventoryEngine;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.daemon.metrics.DaemonMetrics;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineGatewayTest
{
    @Test
    void aFullRingIs503WithNothingApplied() throws Exception
    {
        try (OmnistockEngine real = OmnistockEngine.start(EngineConfig.builder().build()))
        {
            // The real engine answers RING_FULL from trySubmit when the ring has no free slot.
            final InventoryEngine full = (InventoryEngine)Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {InventoryEngine.class}, (proxy, method, args) -> method.getName().equals("trySubmit") ?
                    CompletableFuture.completedFuture(CommandResult.rejected(7, CommandType.RECEIVE, ReasonCode.RING_FULL)) :
                    method.invoke(real, args));
            try (EngineGateway gateway = new EngineGateway(full, new DaemonMetrics(real.gauges(), () -> 1, java.time.Duration.ofMinutes(1)),
                Duration.ofSeconds(1)))
            {
                final ApiError error = failure(gateway.submit(Commands.receive(7, 0, 0, 1), Runnable::run));
                assertEquals(503, error.status());
                assertEquals("RING_FULL", error.code());
            }
        }
    }

    @Test
    void aLateResultIs503AskingForARetryWithTheSameKey() throws Exception
    {
        try (OmnistockEngine real = OmnistockEngine.start(EngineConfig.builder().build()))
        {
            final InventoryEngine stuck = (InventoryEngine)Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {InventoryEngine.class}, (proxy, method, args) -> method.getName().equals("trySubmit") ?
                    new CompletableFuture<CommandResult>() : method.invoke(real, args));
            try (EngineGateway gateway = new EngineGateway(stuck, new DaemonMetrics(real.gauges(), () -> 1, java.time.Duration.ofMinutes(1)),
                Duration.ofMillis(50)))
            {
                final long start = System.nanoTime();
                final ApiError error = failure(gateway.submit(Commands.receive(7, 0, 0, 1), Runnable::run));
                assertEquals(503, error.status());
                assertEquals("ENGINE_TIMEOUT", error.code());
                assertTrue(System.nanoTime() - start >= 50_000_000L, "not before its deadline");
            }
        }
    }

    @Test
    void answeredCommandsLeaveNoTimerBehind() throws Exception
    {
        try (OmnistockEngine real = OmnistockEngine.start(EngineConfig.builder().build());
             EngineGateway gateway = new EngineGateway(real, new DaemonMetrics(real.gauges(), () -> 1, java.time.Duration.ofMinutes(1)),
                 Duration.ofSeconds(10)))
        {
            CompletableFuture<CommandResult> last = null;
            for (int i = 1; i <= 1_000; i++)
            {
                last = gateway.submit(Commands.queryAvailability(i, 0), Runnable::run);
            }
            last.handle((r, e) -> null).get(10, java.util.concurrent.TimeUnit.SECONDS);
            final long deadline = System.nanoTime() + 5_000_000_000L;
            while (gateway.waiting() > 0 && System.nanoTime() < deadline)
            {
                Thread.sleep(EngineGateway.SWEEP_MILLIS);
            }
            assertEquals(0, gateway.waiting(), "answered commands are swept within a sweep, not kept for the timeout");
        }
    }

    /** The error a future failed with (it completes: the gateway never leaves one hanging). */
    private static ApiError failure(final CompletableFuture<CommandResult> future) throws Exception
    {
        final java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
            () -> future.get(10, java.util.concurrent.TimeUnit.SECONDS));
        final Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException ?
            e.getCause().getCause() : e.getCause();
        return assertInstanceOf(ApiError.class, cause);
    }
}

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
            final EngineGateway gateway = new EngineGateway(full, new DaemonMetrics(real.gauges(), () -> 1),
                Duration.ofSeconds(1));
            final ApiError error = failure(gateway.submit(Commands.receive(7, 0, 0, 1), Runnable::run));
            assertEquals(503, error.status());
            assertEquals("RING_FULL", error.code());
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
            final EngineGateway gateway = new EngineGateway(stuck, new DaemonMetrics(real.gauges(), () -> 1),
                Duration.ofMillis(50));
            final ApiError error = failure(gateway.submit(Commands.receive(7, 0, 0, 1), Runnable::run));
            assertEquals(503, error.status());
            assertEquals("ENGINE_TIMEOUT", error.code());
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

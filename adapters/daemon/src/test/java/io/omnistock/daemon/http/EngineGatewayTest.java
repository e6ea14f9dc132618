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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@SuppressWarnings("unchecked")
class EngineGatewayTest
{
    @Test
    void aFullRingIs503WithNothingApplied() throws Exception
    {
        try (OmnistockEngine real = OmnistockEngine.start(EngineConfig.builder().build()))
        {
            // The real engine answers RING_FULL from trySubmit when the ring has no free slot.
            final InventoryEngine full = (InventoryEngine)Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {InventoryEngine.class}, (proxy, method, args) ->
                {
                    if (!method.getName().equals("trySubmit") || args.length != 2)
                    {
                        return method.invoke(real, args);
                    }
                    ((Consumer<CommandResult>)args[1]).accept(CommandResult.rejected(7, CommandType.RECEIVE,
                        ReasonCode.RING_FULL));
                    return null;
                });
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
            // Never answers.
            final InventoryEngine stuck = (InventoryEngine)Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {InventoryEngine.class}, (proxy, method, args) -> method.getName().equals("trySubmit") ?
                    null : method.invoke(real, args));
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

    @Test
    void resultsAndTimeoutsAreHandedOnOnTheSubmittersThreadInBursts() throws Exception
    {
        final ExecutorService io = Executors.newSingleThreadExecutor(task -> new Thread(task, "test-io"));
        final AtomicInteger tasks = new AtomicInteger();
        final Executor counted = task ->
        {
            tasks.incrementAndGet();
            io.execute(task);
        };
        try (OmnistockEngine real = OmnistockEngine.start(EngineConfig.builder().build());
             EngineGateway gateway = new EngineGateway(real, new DaemonMetrics(real.gauges(), () -> 1, java.time.Duration.ofMinutes(1)),
                 Duration.ofSeconds(10)))
        {
            // Submitted from the I/O thread, as a request's are, so none is handed on before the last
            // is sent; and the thread is held until the engine has answered them all (a command
            // submitted after them answered: results come in ring order), so the drains that follow
            // find every result queued. Without that hold the count depended on which of the two
            // threads ran faster: 591 tasks once in CI on a loaded machine.
            final int commands = 2_000;
            final List<CompletableFuture<String>> threads = io.submit(() ->
            {
                final List<CompletableFuture<String>> all = new ArrayList<>();
                for (int i = 1; i <= commands; i++)
                {
                    final long id = i;
                    all.add(gateway.submit(Commands.queryAvailability(id, 0), counted).thenApply(result ->
                    {
                        assertEquals(id, result.commandId());
                        return Thread.currentThread().getName();
                    }));
                }
                real.submit(Commands.queryAvailability(commands + 1, 0)).get(10, TimeUnit.SECONDS);
                return all;
            }).get(10, TimeUnit.SECONDS);
            for (final CompletableFuture<String> thread : threads)
            {
                assertEquals("test-io", thread.get(10, TimeUnit.SECONDS), "completed on the thread that submitted");
            }
            assertTrue(tasks.get() < commands / 8, tasks.get() + " tasks for " + commands + " results: handed on in bursts");
        }
        finally
        {
            io.shutdownNow();
        }
        try (OmnistockEngine real = OmnistockEngine.start(EngineConfig.builder().build()))
        {
            final InventoryEngine stuck = (InventoryEngine)Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {InventoryEngine.class}, (proxy, method, args) -> method.getName().equals("trySubmit") ?
                    null : method.invoke(real, args));
            final ExecutorService late = Executors.newSingleThreadExecutor(task -> new Thread(task, "test-late"));
            try (EngineGateway gateway = new EngineGateway(stuck, new DaemonMetrics(real.gauges(), () -> 1, java.time.Duration.ofMinutes(1)),
                Duration.ofMillis(50)))
            {
                final CompletableFuture<String> on = gateway.submit(Commands.receive(7, 0, 0, 1), late)
                    .handle((r, e) -> Thread.currentThread().getName());
                assertEquals("test-late", on.get(10, TimeUnit.SECONDS), "a timeout too, not on the sweeper's thread");
            }
            finally
            {
                late.shutdownNow();
            }
        }
    }

    @Test
    void aReplyIsMadeOnceAsTheResultIsTakenAndOneThatWaitsForASecondCommandCompletesWithIt() throws Exception
    {
        final ExecutorService io = Executors.newSingleThreadExecutor(task -> new Thread(task, "test-io"));
        try (OmnistockEngine real = OmnistockEngine.start(EngineConfig.builder().build());
             EngineGateway gateway = new EngineGateway(real, new DaemonMetrics(real.gauges(), () -> 1, java.time.Duration.ofMinutes(1)),
                 Duration.ofMillis(200)))
        {
            final AtomicInteger made = new AtomicInteger();
            final CompletableFuture<Reply> direct = io.submit(() -> gateway.submit(Commands.queryAvailability(1, 0), io, result ->
            {
                made.incrementAndGet();
                assertEquals("test-io", Thread.currentThread().getName());
                return new Reply(200, null, new byte[] {(byte)result.commandId()});
            })).get(10, TimeUnit.SECONDS);
            assertEquals(1, direct.get(10, TimeUnit.SECONDS).encoded()[0]);
            // The second command's answer completes the first's, even past the first's deadline: the
            // sweep finds the first's result taken and makes nothing twice.
            final CompletableFuture<Reply> second = new CompletableFuture<>();
            final CompletableFuture<Reply> chained = io.submit(() -> gateway.submit(Commands.queryAvailability(2, 0), io, result ->
            {
                made.incrementAndGet();
                return Reply.later(second);
            })).get(10, TimeUnit.SECONDS);
            Thread.sleep(400);
            assertTrue(!chained.isDone(), "waits for the second command's answer");
            second.complete(new Reply(201, null, new byte[] {2}));
            assertEquals(201, chained.get(10, TimeUnit.SECONDS).status());
            assertEquals(2, made.get(), "each reply made once");
            final CompletableFuture<Reply> failed = new CompletableFuture<>();
            final CompletableFuture<Reply> failing = gateway.submit(Commands.queryAvailability(3, 0), io, result -> Reply.later(failed));
            failed.completeExceptionally(new ApiError(503, "ENGINE_TIMEOUT", "late"));
            final java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> failing.get(10, TimeUnit.SECONDS));
            assertInstanceOf(ApiError.class, e.getCause());
        }
        finally
        {
            io.shutdownNow();
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

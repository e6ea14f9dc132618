package io.omnistock.core;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ResultView;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded API used wrongly: it must fail at once and clearly, never hang or drop silently.
 */
class EmbeddingMisuseTest
{
    private static final Duration GENEROUS = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static int[] stock(final OmnistockEngine engine) throws Exception
    {
        final CommandResult loc = engine.submit(Commands.defineLocation(1, "S1", Tier.STORE, 31_000_000, 121_000_000,
            Capabilities.ALL)).get(10, TimeUnit.SECONDS);
        final CommandResult sku = engine.submit(Commands.defineSku(2, "MILK", StockUnit.PIECE)).get(10, TimeUnit.SECONDS);
        engine.submit(Commands.receive(3, loc.assignedId(), sku.assignedId(), 10)).get(10, TimeUnit.SECONDS);
        return new int[] {loc.assignedId(), sku.assignedId()};
    }

    @Test
    void everyEntryPointFailsFastAfterClose()
    {
        assertTimeoutPreemptively(GENEROUS, () ->
        {
            final OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().build());
            engine.close();
            engine.close();
            assertThrows(IllegalStateException.class, () -> engine.submit(Commands.defineSku(1, "X", StockUnit.PIECE)));
            assertThrows(IllegalStateException.class, () -> engine.trySubmit(Commands.defineSku(1, "X", StockUnit.PIECE)));
            assertThrows(IllegalStateException.class, () -> engine.tryPublish((w, a) -> w.defineSku(1, "X", StockUnit.PIECE), null, r -> { }));
            assertThrows(IllegalStateException.class, () -> engine.publish((w, a) -> w.defineSku(1, "X", StockUnit.PIECE), null, r -> { }));
            assertThrows(IllegalStateException.class, engine::snapshot);
            assertThrows(IllegalStateException.class, engine::stateChecksum);
            assertThrows(IllegalStateException.class, () -> engine.read(s -> { }));
        });
    }

    @Test
    void closeFromAResultListenerDoesNotHang()
    {
        assertTimeoutPreemptively(GENEROUS, () ->
        {
            final OmnistockEngine engine = OmnistockEngine.start(
                EngineConfig.builder().journalDir(dir.resolve("journal")).build());
            final CompletableFuture<Void> closedInListener = new CompletableFuture<>();
            engine.publish((w, a) -> w.defineSku(1, "X", StockUnit.PIECE), null, r ->
            {
                engine.close();
                closedInListener.complete(null);
            });
            closedInListener.get();
            assertThrows(IllegalStateException.class, () -> engine.submit(Commands.defineSku(2, "Y", StockUnit.PIECE)));
            engine.close();
        });
    }

    @Test
    void closeFromAnEventListenerDoesNotHang()
    {
        assertTimeoutPreemptively(GENEROUS, () ->
        {
            final CompletableFuture<OmnistockEngine> self = new CompletableFuture<>();
            final CompletableFuture<Void> closedInListener = new CompletableFuture<>();
            final OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder()
                .journalThread(JournalThread.WRITER)
                .eventListener(e ->
                {
                    if (!closedInListener.isDone())
                    {
                        self.join().close();
                        closedInListener.complete(null);
                    }
                }).build());
            self.complete(engine);
            engine.submit(Commands.defineSku(1, "X", StockUnit.PIECE));
            closedInListener.get();
            assertThrows(IllegalStateException.class, () -> engine.submit(Commands.defineSku(2, "Y", StockUnit.PIECE)));
            engine.close();
        });
    }

    @Test
    void aThrowingTranslatorAppliesNothing()
    {
        assertTimeoutPreemptively(GENEROUS, () ->
        {
            try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().build()))
            {
                final int[] ids = stock(engine);
                final BlockingQueue<ReasonCode> heard = new ArrayBlockingQueue<>(4);
                final RuntimeException boom = new RuntimeException("boom");
                final RuntimeException thrown = assertThrows(RuntimeException.class, () ->
                    engine.tryPublish((w, a) ->
                    {
                        w.reserve(10, 77, ids[0], ids[1], 4);
                        throw boom;
                    }, null, r -> heard.add(r.reason())));
                assertSame(boom, thrown);
                // The half-described reservation must not have been applied: the same id reserves now.
                final CommandResult again = engine.submit(Commands.reserve(10, 77, ids[0], ids[1], 4)).get(10, TimeUnit.SECONDS);
                assertEquals(ReasonCode.OK, again.reason());
                assertEquals(6, again.available());
                assertEquals(ReasonCode.UNKNOWN_COMMAND, heard.poll(10, TimeUnit.SECONDS));
                assertTrue(heard.isEmpty(), heard.toString());
            }
        });
    }

    @Test
    void aTranslatorThatWritesNothingIsRejected()
    {
        assertTimeoutPreemptively(GENEROUS, () ->
        {
            try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().build()))
            {
                final CompletableFuture<ReasonCode> heard = new CompletableFuture<>();
                assertTrue(engine.tryPublish((w, a) -> { }, null, r -> heard.complete(r.reason())));
                assertEquals(ReasonCode.UNKNOWN_COMMAND, heard.get());
            }
        });
    }

    /**
     * Without a stack: the engine logs what a listener throws, and in a test run that line should
     * read as the deliberate fault it is, not as a test failing.
     */
    private static final class ListenerBug extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        ListenerBug(final String message)
        {
            super(message, null, false, false);
        }
    }

    @Test
    void throwingListenersAreLoggedAndTheEngineGoesOn()
    {
        assertTimeoutPreemptively(GENEROUS, () ->
        {
            try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder()
                .eventListener(e -> { throw new ListenerBug("an event listener's bug (expected)"); }).build()))
            {
                engine.publish((w, a) -> w.defineSku(1, "X", StockUnit.PIECE), null, r ->
                {
                    throw new ListenerBug("a result listener's bug (expected)");
                });
                final CommandResult next = engine.submit(Commands.defineSku(2, "Y", StockUnit.PIECE)).get();
                assertEquals(ReasonCode.OK, next.reason());
                assertFalse(engine.halted());
            }
        });
    }

    @Test
    void aSecondEngineOnTheSameJournalIsRefused() throws Exception
    {
        final EngineConfig config = EngineConfig.builder().journalDir(dir.resolve("journal")).build();
        try (OmnistockEngine first = OmnistockEngine.start(config))
        {
            stock(first);
            final RuntimeException refused = assertThrows(RuntimeException.class, () -> OmnistockEngine.start(config).close());
            assertTrue(refused.getMessage().contains("in use"), refused.getMessage());
            assertEquals(ReasonCode.OK, first.submit(Commands.defineSku(4, "Y", StockUnit.PIECE)).get().reason());
        }
        try (OmnistockEngine again = OmnistockEngine.start(config))
        {
            assertEquals(4, again.recoveryReport().lastSequence());
        }
    }
}

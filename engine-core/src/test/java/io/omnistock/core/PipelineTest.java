package io.omnistock.core;

import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.ParameterizedTest;
import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandTranslator;
import io.omnistock.api.Commands;
import io.omnistock.api.EventKind;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ResultListener;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineTest
{
    @TempDir
    Path dir;

    private static int[] network(final OmnistockEngine engine) throws Exception
    {
        final int store = engine.submit(Commands.defineLocation(1, "S", Tier.STORE, 0, 0, Capabilities.ALL))
            .get().assignedId();
        final int sku = engine.submit(Commands.defineSku(2, "SKU", StockUnit.PIECE)).get().assignedId();
        engine.submit(Commands.receive(3, store, sku, 1_000)).get();
        return new int[] {store, sku};
    }

    @Test
    void aFullRingIsSignalledNotHidden() throws Exception
    {
        final CountDownLatch gate = new CountDownLatch(1);
        final EngineConfig config = EngineConfig.builder().ringSize(4).build();
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            final int[] n = network(engine);
            // The listener holds the journal thread, so nothing leaves the ring until the gate opens.
            final CountDownLatch entered = new CountDownLatch(1);
            final ResultListener blocking = result ->
            {
                entered.countDown();
                try
                {
                    gate.await();
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                }
            };
            final CommandTranslator<long[]> receiveOne = (w, id) -> w.receive(id[0], n[0], n[1], 1);
            long id = 100;
            // First make sure the journal thread is held: only then can no slot come free behind our back
            // (a result is delivered before the stage's sequence moves on, so a finished command's slot
            // may still be on its way back when the caller sees the answer).
            assertTrue(engine.tryPublish(receiveOne, new long[] {id++}, blocking));
            int accepted = 1;
            assertTrue(entered.await(10, TimeUnit.SECONDS), "the journal thread reached the listener");
            // Fill the ring until it says no; the bound only guards against a ring that never fills.
            while (accepted < 20 && engine.tryPublish(receiveOne, new long[] {id++}, blocking))
            {
                accepted++;
            }
            assertTrue(accepted >= 1 && accepted <= 5, "a ring of 4 (+1 held by the listener) took " + accepted);
            final CommandResult refused = engine.trySubmit(Commands.receive(500, n[0], n[1], 1))
                .get(10, TimeUnit.SECONDS);
            assertEquals(ReasonCode.RING_FULL, refused.reason());
            assertEquals(500, refused.commandId());
            final Thread caller = Thread.currentThread();
            final List<Thread> handedOn = new ArrayList<>();
            final List<CommandResult> handed = new ArrayList<>();
            engine.trySubmit(Commands.receive(501, n[0], n[1], 1), result ->
            {
                handedOn.add(Thread.currentThread());
                handed.add(result);
            });
            assertEquals(List.of(caller), handedOn, "a full ring's answer is handed over before trySubmit returns");
            assertEquals(ReasonCode.RING_FULL, handed.get(0).reason());
            assertEquals(501, handed.get(0).commandId());
            gate.countDown();
            final CommandResult after = engine.submit(Commands.queryPosition(600, n[0], n[1])).get(10, TimeUnit.SECONDS);
            assertEquals(1_000 + accepted, after.onHand());
            final CompletableFuture<Thread> answeredOn = new CompletableFuture<>();
            final CompletableFuture<CommandResult> answer = new CompletableFuture<>();
            engine.trySubmit(Commands.receive(502, n[0], n[1], 1), result ->
            {
                answeredOn.complete(Thread.currentThread());
                answer.complete(result);
            });
            assertEquals(ReasonCode.OK, answer.get(10, TimeUnit.SECONDS).reason());
            assertEquals(1_001 + accepted, answer.get().onHand(), "the whole result, figures included");
            assertTrue(answeredOn.get() != caller, "handed over on the engine's thread, once journaled");
        }
    }

    /**
     * A long ring batch is journaled and answered a journal batch at a time; each answered part of it
     * is given back to the producers then, not when the whole ring batch ends, so a producer that
     * publishes again as its answers come (a server's batch) does not find a ring held by answered
     * commands.
     */
    @ParameterizedTest
    @EnumSource(JournalThread.class)
    void answeredSlotsAreFreeBeforeTheirRingBatchEnds(final JournalThread journalThread) throws Exception
    {
        final EngineConfig config = EngineConfig.builder()
            .journalDir(dir.resolve("j"))
            .journalThread(journalThread)
            .ringSize(4096)
            .build();
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            final int[] n = network(engine);
            final CommandTranslator<long[]> receiveOne = (w, id) -> w.receive(id[0], n[0], n[1], 1);
            final CountDownLatch gate = new CountDownLatch(1);
            final CountDownLatch entered = new CountDownLatch(1);
            assertTrue(engine.tryPublish(receiveOne, new long[] {100}, result ->
            {
                entered.countDown();
                try
                {
                    gate.await();
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                }
            }));
            assertTrue(entered.await(10, TimeUnit.SECONDS), "the answering thread is held");
            // Behind the held answer the ring fills. Once it is let go, the first answer after it takes
            // the slot the held one gave back, and the last answer publishes once more.
            final long[] last = {0};
            final CompletableFuture<Boolean> filled = new CompletableFuture<>();
            final CompletableFuture<Boolean> publishedAgain = new CompletableFuture<>();
            final CompletableFuture<CommandResult> again = new CompletableFuture<>();
            final ResultListener listener = result ->
            {
                if (result.commandId() == 101)
                {
                    filled.complete(engine.tryPublish(receiveOne, new long[] {999_999}, r -> { }));
                }
                if (result.commandId() == last[0])
                {
                    publishedAgain.complete(engine.tryPublish(receiveOne, new long[] {1_000_000}, r ->
                        again.complete(CommandResult.copyOf(r))));
                }
            };
            long id = 101;
            while (engine.tryPublish(receiveOne, new long[] {id}, listener))
            {
                last[0] = id++;
            }
            assertTrue(id - 101 > 4_000, "the ring filled: " + (id - 101));
            gate.countDown();
            assertTrue(filled.get(10, TimeUnit.SECONDS), "the held answer's slot, free once it returned");
            assertTrue(publishedAgain.get(10, TimeUnit.SECONDS), "the slots answered before it were free again");
            assertEquals(ReasonCode.OK, again.get(10, TimeUnit.SECONDS).reason());
        }
    }

    @ParameterizedTest
    @EnumSource(JournalThread.class)
    void eventsFollowResultsInSequenceOrderAfterJournaling(final JournalThread journalThread) throws Exception
    {
        final List<String> seen = new ArrayList<>();
        final EngineConfig config = EngineConfig.builder()
            .journalDir(dir.resolve("j"))
            .journalThread(journalThread)
            .eventListener(e -> seen.add(e.sequence() + ":" + e.kind() + ":" + e.onHand() + ":" + e.held()))
            .build();
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            final int[] n = network(engine);
            engine.submit(Commands.reserve(4, 9, n[0], n[1], 10)).get();
            engine.submit(Commands.reserve(5, 10, n[0], n[1], 5_000)).get(); // rejected: no events
            engine.submit(Commands.fulfil(6, 9, 10)).get();
        }
        assertEquals(List.of(
            "1:" + EventKind.LOCATION_DEFINED + ":0:0",
            "2:" + EventKind.SKU_DEFINED + ":0:0",
            "3:" + EventKind.STOCK_CHANGED + ":1000:0",
            "4:" + EventKind.RESERVATION_CHANGED + ":0:10",
            "4:" + EventKind.STOCK_CHANGED + ":1000:0",
            "6:" + EventKind.RESERVATION_CHANGED + ":0:0",
            "6:" + EventKind.STOCK_CHANGED + ":990:0"), seen);
    }

    @Test
    void timeComesFromTheClockAndNeverGoesBackwards() throws Exception
    {
        final AtomicLong now = new AtomicLong(5_000);
        final EngineClock clock = now::get;
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().clock(clock).build()))
        {
            final int[] n = network(engine);
            assertEquals(5_000, engine.submit(Commands.receive(10, n[0], n[1], 1)).get().timestamp());
            now.set(4_000); // wall clock stepped back
            assertEquals(5_000, engine.submit(Commands.receive(11, n[0], n[1], 1)).get().timestamp());
            now.set(6_000);
            assertEquals(6_000, engine.submit(Commands.receive(12, n[0], n[1], 1)).get().timestamp());
        }
    }

    @ParameterizedTest
    @EnumSource(JournalThread.class)
    void everyDurabilityLevelJournalsAndRecovers(final JournalThread journalThread) throws Exception
    {
        for (final Durability durability : List.of(
            Durability.pageCache(), Durability.syncEachBatch(), Durability.periodic(100, Duration.ofMillis(5))))
        {
            final Path journal = dir.resolve(durability.toString().replaceAll("[^a-z]", ""));
            final EngineConfig config =
                EngineConfig.builder().journalDir(journal).durability(durability).journalThread(journalThread).build();
            final long checksum;
            try (OmnistockEngine engine = OmnistockEngine.start(config))
            {
                final int[] n = network(engine);
                final List<CompletableFuture<CommandResult>> results = new ArrayList<>();
                for (int i = 0; i < 300; i++)
                {
                    results.add(engine.submit(Commands.reserve(100 + i, 100 + i, n[0], n[1], 1)));
                }
                for (final CompletableFuture<CommandResult> r : results)
                {
                    assertEquals(ReasonCode.OK, r.get().reason(), durability.toString());
                }
                Thread.sleep(20); // let a periodic tick find nothing left to force
                checksum = engine.stateChecksum().get();
            }
            try (OmnistockEngine engine = OmnistockEngine.start(config))
            {
                assertEquals(checksum, engine.stateChecksum().get(), durability.toString());
                assertEquals(303, engine.recoveryReport().lastSequence());
            }
        }
    }

    @Test
    void snapshotWithoutDirectoryFailsClearly() throws Exception
    {
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().build()))
        {
            final Exception e = assertThrows(Exception.class, () -> engine.snapshot().get());
            assertTrue(e.getCause().getMessage().contains("no snapshot directory"));
        }
    }

    @Test
    void aThrowingTranslatorCostsOneUnknownCommandNotTheEngine() throws Exception
    {
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().build()))
        {
            final int[] n = network(engine);
            final CompletableFuture<CommandResult> answer = new CompletableFuture<>();
            final CommandTranslator<Object> broken = (w, arg) ->
            {
                throw new IllegalArgumentException("caller bug");
            };
            assertThrows(IllegalArgumentException.class,
                () -> engine.tryPublish(broken, null, r -> answer.complete(CommandResult.copyOf(r))));
            assertEquals(ReasonCode.UNKNOWN_COMMAND, answer.get(5, TimeUnit.SECONDS).reason());
            assertEquals(ReasonCode.OK, engine.submit(Commands.receive(50, n[0], n[1], 1)).get().reason());
            assertFalse(engine.halted());
        }
    }

    /**
     * Submitted commands' consumers wait beside the ring, one place per slot ({@link ResultConsumers}):
     * over hundreds of laps of a ring of 8, from two threads at once, each consumer hears its own
     * command's result, once; a command that throws while describing itself is answered
     * UNKNOWN_COMMAND to its own consumer, and its place is free for the next.
     */
    @Test
    void eachSubmittedCommandsResultReachesItsOwnConsumer() throws Exception
    {
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().ringSize(8).build()))
        {
            final int[] n = network(engine);
            final int perThread = 2_000;
            final List<List<CompletableFuture<CommandResult>>> answers = List.of(new ArrayList<>(), new ArrayList<>());
            final AtomicLong extraCalls = new AtomicLong();
            final List<Thread> submitters = new ArrayList<>();
            for (int t = 0; t < 2; t++)
            {
                final List<CompletableFuture<CommandResult>> mine = answers.get(t);
                final long firstId = 10_000 + t * 100_000L;
                submitters.add(new Thread(() ->
                {
                    for (int i = 0; i < perThread; i++)
                    {
                        while (true)
                        {
                            final CompletableFuture<CommandResult> answer = new CompletableFuture<>();
                            engine.trySubmit(Commands.receive(firstId + i, n[0], n[1], 1), result ->
                            {
                                if (!answer.complete(result))
                                {
                                    extraCalls.incrementAndGet();
                                }
                            });
                            final CommandResult now = answer.getNow(null);
                            if (now == null || now.reason() != ReasonCode.RING_FULL)
                            {
                                mine.add(answer);
                                break;
                            }
                            Thread.onSpinWait();
                        }
                    }
                }));
            }
            submitters.forEach(Thread::start);
            for (final Thread submitter : submitters)
            {
                submitter.join(60_000);
            }
            for (int t = 0; t < 2; t++)
            {
                assertEquals(perThread, answers.get(t).size());
                for (int i = 0; i < perThread; i++)
                {
                    final CommandResult result = answers.get(t).get(i).get(10, TimeUnit.SECONDS);
                    assertEquals(10_000 + t * 100_000L + i, result.commandId(), "thread " + t + ", command " + i);
                    assertEquals(ReasonCode.OK, result.reason());
                }
            }
            final CompletableFuture<CommandResult> unknown = new CompletableFuture<>();
            assertThrows(IllegalArgumentException.class, () -> engine.trySubmit(writer ->
            {
                throw new IllegalArgumentException("caller bug");
            }, unknown::complete));
            assertEquals(ReasonCode.UNKNOWN_COMMAND, unknown.get(5, TimeUnit.SECONDS).reason());
            for (int i = 0; i < 16; i++)
            {
                assertEquals(7_000 + i, engine.submit(Commands.receive(7_000 + i, n[0], n[1], 1)).get(5, TimeUnit.SECONDS).commandId());
            }
            assertEquals(1_000 + 2 * perThread + 16,
                engine.submit(Commands.queryPosition(9, n[0], n[1])).get(5, TimeUnit.SECONDS).onHand());
            assertEquals(0, extraCalls.get(), "no consumer heard twice");
        }
    }

    @Test
    void aClosedEngineRefusesCommands()
    {
        final OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().build());
        engine.close();
        assertThrows(IllegalStateException.class, () -> engine.submit(Commands.receive(1, 0, 0, 1)));
        assertFalse(engine.halted());
    }
}

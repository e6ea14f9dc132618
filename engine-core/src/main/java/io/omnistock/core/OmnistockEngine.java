package io.omnistock.core;

import com.lmax.disruptor.EventTranslatorThreeArg;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.omnistock.api.Command;
import io.omnistock.api.Commands;
import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandTranslator;
import io.omnistock.api.EventListener;
import io.omnistock.api.InventoryEngine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ResultListener;
import io.omnistock.api.StateView;
import io.omnistock.api.StockUnit;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.command.ControlType;
import io.omnistock.core.journal.JournalException;
import io.omnistock.core.snapshot.SnapshotStore;
import io.omnistock.core.state.EngineState;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The engine, wired: producers -> ring -> {@link BusinessLogicStage} (single writer) ->
 * {@link JournalStage} (journal, force, release results and events). {@link #start} first
 * recovers the state from the newest valid snapshot plus the journal after it.
 */
public final class OmnistockEngine implements InventoryEngine
{
    private static final Logger LOG = LoggerFactory.getLogger(OmnistockEngine.class);
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 30;
    /** In the journal directory; locked while an engine runs on it. */
    public static final String LOCK_FILE = "omnistock.lock";

    private static final EventTranslatorThreeArg<CommandSlot, CommandTranslator<Object>, Object, ResultListener>
        TRANSLATE = (slot, sequence, translator, arg, listener) ->
        {
            slot.prepareInput(listener);
            try
            {
                translator.translate(slot, arg);
                slot.finishInput();
            }
            catch (final RuntimeException | Error e)
            {
                // The ring publishes the slot whatever happens: empty it, so a command half-described
                // before the failure is not applied; the listener hears UNKNOWN_COMMAND.
                slot.clearInput(listener);
                throw e;
            }
        };

    @SuppressWarnings("unchecked")
    private static final EventTranslatorThreeArg<CommandSlot, ControlType, CompletableFuture<Long>, Object>
        CONTROL = (slot, sequence, type, reply, read) ->
        {
            slot.clearInput();
            slot.control = type;
            slot.controlReply = reply;
            slot.controlRead = (java.util.function.Consumer<EngineState>)read;
        };

    private static final CommandTranslator<Command> COMMAND = (writer, command) -> command.writeTo(writer);

    /** A submitted command, its result to a consumer kept beside the ring ({@link ResultConsumers}). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final EventTranslatorThreeArg<CommandSlot, ResultConsumers, Command, Consumer<CommandResult>>
        SUBMIT = (slot, sequence, consumers, command, consumer) ->
        {
            consumers.expect(sequence, slot, consumer);
            ((EventTranslatorThreeArg)TRANSLATE).translateTo(slot, sequence, COMMAND, command, consumers);
        };

    private final EngineState state;
    private final ChronicleQueue queue;
    /** Held while the engine runs, so a second engine cannot append to the same journal. */
    private final JournalLock journalLock;
    private final HaltSignal halt;
    private final Disruptor<CommandSlot> disruptor;
    private final RingBuffer<CommandSlot> ring;
    private final ResultConsumers resultConsumers;
    private final JournalStage journalStage;
    private final RecoveryReport recoveryReport;
    private final EngineTimer timer;
    private final ThreadModel threadModel;
    private final EngineGauges gauges;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.CountDownLatch closeDone = new java.util.concurrent.CountDownLatch(1);
    /** The ring's threads, on which listeners run: a close from one of them cannot wait for them. */
    private final java.util.Set<Thread> engineThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private OmnistockEngine(final EngineConfig config, final RecoveryProgress progress, final JournalFaults faults)
    {
        final StartupRecovery recovered = new StartupRecovery(config, progress);
        state = recovered.state;
        queue = recovered.queue;
        journalLock = recovered.lock;
        final SnapshotStore snapshots = recovered.snapshots;
        final SnapshotStore.Loaded loaded = recovered.loaded;
        final List<String> problems = recovered.problems;
        final int recoveredLogic = state.logicVersion();
        final long recoveredSequence = state.lastSequence();
        if (recoveredLogic > config.logicVersion())
        {
            problems.add("the journal is at logic version " + recoveredLogic + ", past the configured " +
                config.logicVersion() + ": it stays at " + recoveredLogic + " (logic never moves back)");
        }
        problems.forEach(problem -> LOG.warn("recovery: {}", problem));

        threadModel = ThreadModel.choose(config, Runtime.getRuntime().availableProcessors());
        LOG.info("thread model: {}", threadModel);
        final boolean timerOnWriter = threadModel.timerOnWriter();
        halt = new HaltSignal();
        journalStage = new JournalStage(queue, config.durability(), halt,
            config.eventListeners().toArray(new EventListener[0]), config.journalPretouch(), timerOnWriter,
            recoveredLogic, faults);
        disruptor = new Disruptor<>(CommandSlot::new, config.ringSize(), namedThreads(engineThreads),
            ProducerType.MULTI, threadModel.waitStrategy().create(timerOnWriter ? ThreadModel.IDLE_TICK_NANOS : 0));
        ring = disruptor.getRingBuffer();
        resultConsumers = new ResultConsumers(ring.getBufferSize());
        timer = new EngineTimer(ring, config.clock(), queue == null ? null : config.durability().interval(),
            !timerOnWriter);
        gauges = new EngineGauges(ring, journalStage, state);
        final boolean journalOnWriter = threadModel.journalThread() == JournalThread.WRITER;
        final BusinessLogicStage logic = new BusinessLogicStage(
            ring, recovered.processor, config.clock(), halt, snapshots, journalStage, journalOnWriter, timer, timerOnWriter, gauges);
        disruptor.setDefaultExceptionHandler(new HaltOnError(halt));
        if (journalOnWriter)
        {
            disruptor.handleEventsWith(logic);
        }
        else
        {
            disruptor.handleEventsWith(logic).then(journalStage);
        }
        journalStage.attach(ring);
        timer.nextExpiry(state.nextTimedWork());
        disruptor.start();
        timer.start();
        final int logicNow = recoveredLogic < config.logicVersion() ?
            upgradeLogic(recoveredLogic, config.logicVersion()) : recoveredLogic;
        recoveryReport = new RecoveryReport(loaded == null ? null : loaded.file(),
            loaded == null ? 0 : loaded.sequence(), recovered.replayed, recoveredSequence, problems, recoveredLogic,
            logicNow, recovered.damagedTail, recovered.snapshotLoadMillis, recovered.replayMillis);
    }

    /**
     * Switches a journal recovered in an older logic version to the configured one, before any
     * client command: one journaled {@code UPGRADE_LOGIC} (command id 0, the engine's own), so the
     * commands before it replay under the old rules and everything after under the new.
     */
    private int upgradeLogic(final int from, final int to)
    {
        final CommandResult result;
        try
        {
            result = submit(Commands.upgradeLogic(0, to)).get(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            close();
            throw new JournalException("interrupted while switching the journal to logic version " + to);
        }
        catch (final java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e)
        {
            close();
            throw new JournalException("could not switch the journal to logic version " + to + ": " + e);
        }
        if (!result.accepted())
        {
            close();
            throw new JournalException("could not switch the journal to logic version " + to + ": " + result.reason() +
                " (" + result.reason().message() + ")");
        }
        LOG.info("journal switched from logic version {} to {} at sequence {}", from, to, result.sequence());
        return to;
    }

    /**
     * Recovers the state and starts the engine.
     *
     * @throws JournalException if the journal is foreign, corrupt, has gaps, or does not replay
     *     to what it recorded; the engine does not start on a journal it cannot trust.
     * @throws IllegalStateException if the JVM lacks the flags that open JDK internals to Chronicle
     *     Queue and Agrona (the message names them; see docs/embedding.md).
     */
    public static OmnistockEngine start(final EngineConfig config)
    {
        return start(config, new RecoveryProgress());
    }

    /**
     * As {@link #start(EngineConfig)}, reporting the replay's progress to {@code progress} as it goes
     * (for a caller that serves health probes or logs while a long journal replays).
     */
    public static OmnistockEngine start(final EngineConfig config, final RecoveryProgress progress)
    {
        return start(config, progress, JournalFaults.NONE);
    }

    /** For the engine's tests: an engine whose journal writes fail where {@code faults} says. */
    static OmnistockEngine start(final EngineConfig config, final RecoveryProgress progress, final JournalFaults faults)
    {
        JvmAccess.require();
        return new OmnistockEngine(config, progress, faults);
    }

    private void releaseJournal()
    {
        if (journalLock != null)
        {
            journalLock.release();
        }
    }

    private static ThreadFactory namedThreads(final java.util.Set<Thread> created)
    {
        final String[] names = {"omnistock-logic", "omnistock-journal"};
        final AtomicInteger next = new AtomicInteger();
        return runnable ->
        {
            final int i = next.getAndIncrement();
            final Thread thread = new Thread(runnable, i < names.length ? names[i] : "omnistock-" + i);
            thread.setDaemon(true);
            created.add(thread);
            return thread;
        };
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <A> boolean tryPublish(final CommandTranslator<A> translator, final A arg, final ResultListener listener)
    {
        ensureOpen();
        return ring.tryPublishEvent((EventTranslatorThreeArg)TRANSLATE, translator, arg, listener);
    }

    /**
     * Claims as many of the {@code count} slots as are free in one claim and publishes them together.
     * A translator that throws ends the batch: the slots after it are published empty (answered
     * UNKNOWN_COMMAND, as the failing one is) and the exception propagates.
     */
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <A> int tryPublishBatch(
        final CommandTranslator<A> translator, final A arg, final int count, final ResultListener listener)
    {
        ensureOpen();
        final int n = (int)Math.min(count, ring.remainingCapacity());
        if (n <= 0)
        {
            return 0;
        }
        final long last;
        try
        {
            last = ring.tryNext(n);
        }
        catch (final com.lmax.disruptor.InsufficientCapacityException e)
        {
            // Another producer took the free slots since they were counted.
            return 0;
        }
        final long first = last - (n - 1);
        long next = first;
        try
        {
            for (; next <= last; next++)
            {
                ((EventTranslatorThreeArg)TRANSLATE).translateTo(ring.get(next), next, translator, arg, listener);
            }
        }
        finally
        {
            for (long s = next + 1; s <= last; s++)
            {
                ring.get(s).clearInput(listener);
            }
            ring.publish(first, last);
        }
        return n;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <A> void publish(final CommandTranslator<A> translator, final A arg, final ResultListener listener)
    {
        ensureOpen();
        ring.publishEvent((EventTranslatorThreeArg)TRANSLATE, translator, arg, listener);
    }

    @Override
    public CompletableFuture<CommandResult> submit(final Command command)
    {
        ensureOpen();
        final CompletableFuture<CommandResult> future = new CompletableFuture<>();
        ring.publishEvent(SUBMIT, resultConsumers, command, future::complete);
        return future;
    }

    @Override
    public CompletableFuture<CommandResult> trySubmit(final Command command)
    {
        final CompletableFuture<CommandResult> future = new CompletableFuture<>();
        trySubmit(command, future::complete);
        return future;
    }

    @Override
    public void trySubmit(final Command command, final Consumer<CommandResult> onResult)
    {
        ensureOpen();
        if (!ring.tryPublishEvent(SUBMIT, resultConsumers, command, onResult))
        {
            final CommandSlot described = new CommandSlot();
            described.clearInput();
            command.writeTo(described);
            onResult.accept(CommandResult.rejected(described.commandId, described.type, ReasonCode.RING_FULL));
        }
    }

    @Override
    public int locationId(final String code)
    {
        return state.locations().idOf(code);
    }

    @Override
    public int skuId(final String code)
    {
        return state.skus().idOf(code);
    }

    @Override
    public int channelId(final String code)
    {
        return state.channels().idOf(code);
    }

    @Override
    public String locationCode(final int id)
    {
        return state.locations().codeOf(id);
    }

    @Override
    public String skuCode(final int id)
    {
        return state.skus().codeOf(id);
    }

    @Override
    public StockUnit skuUnit(final int id)
    {
        return state.skus().unitOf(id);
    }

    @Override
    public String channelCode(final int id)
    {
        return state.channels().codeOf(id);
    }

    /**
     * @return live figures (ring fill, journal lag, open reservations, orders and replenishment
     *     requests) for monitoring.
     */
    public EngineGauges gauges()
    {
        return gauges;
    }

    @Override
    public CompletableFuture<Long> snapshot()
    {
        return control(ControlType.SNAPSHOT);
    }

    @Override
    public CompletableFuture<Long> stateChecksum()
    {
        return control(ControlType.CHECKSUM);
    }

    /**
     * Runs {@code query} on the business-logic thread between two commands, over a read-only
     * {@link StateView} of the whole state: a consistent, lock-free read for questions no result
     * answers (a position's stock, an open order or transfer, every open replenishment request).
     * The engine waits while it runs, so keep it to lookups or a scan and return what you need; the
     * view is valid only during the call.
     *
     * <pre>{@code
     * long onHand = engine.query(view -> view.onHand(store, milk)).get();
     * }</pre>
     *
     * @param query what to read; it may return {@code null}.
     * @param <T>   what it returns.
     * @return completes with {@code query}'s answer once it has run and every command before it is
     *     journaled, or exceptionally with the {@code RuntimeException} it threw (an unknown id, say):
     *     the engine goes on. Copy answers out and check them outside: an {@code Error} such as a
     *     failed test assertion is not carried back.
     */
    public <T> CompletableFuture<T> query(final Function<? super StateView, ? extends T> query)
    {
        final Object[] answer = new Object[1];
        return onWriter(state -> answer[0] = query.apply(state.view())).thenApply(ignored ->
        {
            @SuppressWarnings("unchecked") final T t = (T)answer[0];
            return t;
        });
    }

    /**
     * Runs {@code reader} on the business-logic thread between two commands with the engine's
     * internal, mutable state.
     *
     * @param reader what to read; it must not change the state.
     * @return completes once the reader has run and every command before it is journaled.
     * @deprecated hands out the engine's mutable internals, which change between releases and
     *     which a reader could corrupt: use {@link #query(Function)} and its read-only
     *     {@link StateView}. Kept working until the next major version.
     */
    @Deprecated(since = "0.1.0")
    public CompletableFuture<Void> read(final java.util.function.Consumer<EngineState> reader)
    {
        return onWriter(reader);
    }

    private CompletableFuture<Void> onWriter(final java.util.function.Consumer<EngineState> reader)
    {
        ensureOpen();
        final CompletableFuture<Long> reply = new CompletableFuture<>();
        ring.publishEvent(CONTROL, ControlType.READ, reply, reader);
        return reply.thenApply(ignored -> null);
    }

    private CompletableFuture<Long> control(final ControlType type)
    {
        ensureOpen();
        final CompletableFuture<Long> reply = new CompletableFuture<>();
        ring.publishEvent(CONTROL, type, reply, null);
        return reply;
    }

    @Override
    public boolean halted()
    {
        return halt.raised();
    }

    /**
     * @return which of the engine's jobs run on threads of their own, as chosen at start (and logged).
     */
    public ThreadModel threadModel()
    {
        return threadModel;
    }

    /**
     * @return what recovery found and did when this engine started.
     */
    public RecoveryReport recoveryReport()
    {
        return recoveryReport;
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("the engine is closed");
        }
    }

    /**
     * Stops accepting commands at once. Called on an engine thread (from a result or event
     * listener), it cannot wait for that thread to drain the ring, so the rest of the shutdown
     * finishes on a thread of its own after the listener returns. A second call returns once the
     * first has finished (at once on an engine thread).
     */
    @Override
    public void close()
    {
        final boolean first = closing.compareAndSet(false, true);
        closed = true;
        final boolean onEngineThread = engineThreads.contains(Thread.currentThread());
        if (first && onEngineThread)
        {
            final Thread closer = new Thread(this::shutDown, "omnistock-close");
            closer.setDaemon(true);
            closer.start();
        }
        else if (first)
        {
            shutDown();
        }
        else if (!onEngineThread)
        {
            try
            {
                closeDone.await();
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void shutDown()
    {
        timer.stop();
        try
        {
            disruptor.shutdown(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!journalStage.awaitStopped(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                LOG.error("journal stage did not stop within {} s", SHUTDOWN_TIMEOUT_SECONDS);
            }
        }
        catch (final TimeoutException e)
        {
            LOG.error("ring did not drain within {} s; halting", SHUTDOWN_TIMEOUT_SECONDS);
            disruptor.halt();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            if (queue != null)
            {
                queue.close();
            }
            releaseJournal();
            closeDone.countDown();
        }
    }

    /**
     * An exception escaping a stage is a bug; the state may be half-changed, so the engine halts
     * rather than build on it, and the command is answered instead of journaled.
     */
    private static final class HaltOnError implements ExceptionHandler<CommandSlot>
    {
        private final HaltSignal halt;

        HaltOnError(final HaltSignal halt)
        {
            this.halt = halt;
        }

        @Override
        public void handleEventException(final Throwable ex, final long sequence, final CommandSlot slot)
        {
            LOG.error("unexpected failure processing command {}; the engine halts", slot.commandId, ex);
            halt.raise(ex);
            slot.journal = false;
            slot.decide(ReasonCode.ENGINE_HALTED, ReasonCode.ENGINE_HALTED);
        }

        @Override
        public void handleOnStartException(final Throwable ex)
        {
            LOG.error("engine stage failed to start", ex);
            halt.raise(ex);
        }

        @Override
        public void handleOnShutdownException(final Throwable ex)
        {
            LOG.error("engine stage failed to shut down cleanly", ex);
        }
    }
}

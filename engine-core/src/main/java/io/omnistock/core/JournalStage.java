package io.omnistock.core;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.omnistock.api.EventListener;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.command.ControlType;
import io.omnistock.core.command.OutputEvents;
import io.omnistock.core.journal.JournalPretoucher;
import io.omnistock.core.journal.JournalWriter;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Last stage, on its own thread or on the single writer's ({@link JournalThread}): encodes each
 * processed command with its outcome, writes the ring batch to the journal as one document, forces
 * the journal per the durability policy (periodic forces run beside it, {@link JournalSyncer}), and
 * only then releases the batch's results and events. Nothing leaves the engine before it is journaled, and
 * writes are batched naturally by the ring: one append and one force cover every command that
 * arrived meanwhile.
 */
final class JournalStage implements EventHandler<CommandSlot>
{
    private static final Logger LOG = LoggerFactory.getLogger(JournalStage.class);

    private final ChronicleQueue queue;
    private final Durability durability;
    private final HaltSignal halt;
    private final EventListener[] eventListeners;
    private final boolean pretouch;
    /** {@link TimerThread#WRITER}: the writer pretouches in its idle moments ({@link #pretouchStep}), no thread. */
    private final boolean pretouchOnWriter;
    private RingBuffer<CommandSlot> ring;
    private JournalWriter writer;
    private JournalPretoucher pretoucher;
    /** Forces the journal beside the writer, for periodic durability; null for the other policies. */
    private JournalSyncer syncer;
    private long batchStart = -1;
    /** Where this stage releases answered slots to the ring's producers ({@link #setSequenceCallback}). */
    private Sequence released;
    private int unforced;
    private long lastForceNanos = System.nanoTime();
    private volatile long journaledThrough = -1;
    private volatile long lastIndex = -1;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final int initialLogicVersion;
    private final JournalFaults faults;

    /**
     * @param queue journal queue, or {@code null} to run without a journal.
     * @param pretouch whether to read the journal file in ahead of the writer ({@link JournalPretoucher}).
     * @param pretouchOnWriter whether that is done by the writer in its idle moments instead of a thread.
     * @param initialLogicVersion the logic version a new journal starts in (its header records it).
     * @param faults   {@link JournalFaults#NONE}, or a test's failures to inject.
     */
    JournalStage(
        final ChronicleQueue queue, final Durability durability, final HaltSignal halt,
        final EventListener[] eventListeners, final boolean pretouch, final boolean pretouchOnWriter,
        final int initialLogicVersion, final JournalFaults faults)
    {
        this.pretouchOnWriter = pretouchOnWriter;
        this.faults = faults;
        this.initialLogicVersion = initialLogicVersion;
        this.pretouch = pretouch;
        this.queue = queue;
        this.durability = durability;
        this.halt = halt;
        this.eventListeners = eventListeners;
    }

    void attach(final RingBuffer<CommandSlot> ringBuffer)
    {
        ring = ringBuffer;
    }

    @Override
    public void onStart()
    {
        if (queue != null)
        {
            // Chronicle appenders belong to the thread that creates them: this one.
            writer = new JournalWriter(queue, initialLogicVersion);
            lastIndex = writer.lastIndex();
            if (pretouch)
            {
                pretoucher = pretouchOnWriter ? JournalPretoucher.onCaller() :
                    new JournalPretoucher("omnistock-journal-pretouch");
                writer.pretouchWith(pretoucher);
            }
            if (durability.forcedBesideTheWriter())
            {
                syncer = new JournalSyncer("omnistock-journal-sync", faults, t ->
                {
                    halt.raise(t);
                    LOG.error("journal sync failed; the engine halts", t);
                });
            }
        }
    }

    @Override
    public void onEvent(final CommandSlot slot, final long sequence, final boolean endOfBatch)
    {
        if (batchStart < 0)
        {
            batchStart = sequence;
        }
        boolean written = false;
        if (slot.journal && writer != null && !halt.raised())
        {
            try
            {
                faults.beforeAppend(slot.sequence);
                written = writer.append(slot);
                unforced++;
            }
            catch (final Throwable t)
            {
                halt.raise(t);
                LOG.error("journal append failed at sequence {}; the engine halts", slot.sequence, t);
            }
        }
        // A full journal batch is written out mid ring batch: answer what it holds now, while those
        // slots are still in cache, rather than after a ring batch of thousands.
        if (endOfBatch || written)
        {
            endBatch(sequence);
        }
    }

    private void endBatch(final long sequence)
    {
        if (writer != null && !halt.raised())
        {
            try
            {
                // The whole ring batch becomes one journal document, before anyone hears of it.
                faults.beforeFlush();
                writer.flush();
            }
            catch (final Throwable t)
            {
                halt.raise(t);
                LOG.error("journal write failed; the engine halts", t);
            }
        }
        final long now = System.nanoTime();
        if (writer != null && !halt.raised() && durability.due(unforced, now - lastForceNanos))
        {
            if (syncer != null)
            {
                // Periodic: forced beside the writer (JournalSyncer); these results need not wait for it.
                syncer.request(writer.currentFile());
            }
            else
            {
                force();
            }
            unforced = 0;
            lastForceNanos = now;
        }
        if (writer != null)
        {
            lastIndex = writer.lastIndex();
        }
        for (long s = batchStart; s <= sequence; s++)
        {
            deliver(ring.get(s));
        }
        batchStart = -1;
        journaledThrough = sequence;
        if (released != null)
        {
            // Answered slots are free now, not when the ring batch ends: a server that publishes again
            // as answers come (a batch's next elements) otherwise meets a ring still holding them all,
            // thousands of slots in a long ring batch (RING_FULL on a few hundred elements of the
            // daemon's batches of 256 in some runs, docs/benchmarks.md run 55).
            released.set(sequence);
        }
    }

    /**
     * The sequence that gates the ring's producers on this stage: its own processor's, or the logic
     * stage's when the single writer journals ({@link BusinessLogicStage#setSequenceCallback}).
     */
    @Override
    public void setSequenceCallback(final Sequence sequenceCallback)
    {
        released = sequenceCallback;
    }

    /** Sync-each-batch: forced before the batch's results are released. */
    private void force()
    {
        try
        {
            faults.beforeSync();
            writer.sync();
        }
        catch (final Throwable t)
        {
            halt.raise(t);
            LOG.error("journal sync failed; the engine halts", t);
        }
    }

    /**
     * Journals and answers what this stage has been handed up to {@code sequence} now, before its
     * ring batch ends. For {@link JournalThread#WRITER}, where the caller is the stage's own thread.
     */
    void completeThrough(final long sequence)
    {
        if (batchStart >= 0)
        {
            endBatch(sequence);
        }
    }

    /**
     * Loads a few of the journal's next pages ({@link JournalPretoucher#WRITER_STEP_BYTES}) and maps a
     * few loaded ones writable ({@link JournalWriter#mapAhead}); called by the single writer when the
     * ring is empty, with {@link TimerThread#WRITER}.
     *
     * @return whether there may be more to load.
     */
    boolean pretouchStep()
    {
        if (!pretouchOnWriter || pretoucher == null)
        {
            return false;
        }
        final boolean loaded = pretoucher.touchSome(JournalPretoucher.WRITER_STEP_BYTES);
        return writer.mapAhead(JournalPretoucher.WRITER_STEP_BYTES) || loaded;
    }

    /**
     * A step of the journal's next pages even though commands are waiting, if the pages loaded ahead
     * of the writer run short ({@link JournalPretoucher#runningShort}); called by the single writer
     * after each ring batch, with {@link TimerThread#WRITER}.
     *
     * @return whether it took a step.
     */
    boolean pretouchIfShort()
    {
        return pretouchOnWriter && pretoucher != null && pretoucher.runningShort()
            && pretoucher.touchSome(JournalPretoucher.WRITER_STEP_BYTES);
    }

    long journaledThrough()
    {
        return journaledThrough;
    }

    private void deliver(final CommandSlot slot)
    {
        if (slot.control != ControlType.NONE)
        {
            if (slot.controlReply != null)
            {
                if (slot.controlError != null)
                {
                    slot.controlReply.completeExceptionally(slot.controlError);
                }
                else
                {
                    slot.controlReply.complete(slot.controlValue);
                }
            }
            return;
        }
        // A command applied in memory but not journaled must not be reported as done.
        if (slot.journal && halt.raised())
        {
            slot.reason = ReasonCode.JOURNAL_FAILED;
        }
        if (slot.listener != null)
        {
            try
            {
                slot.listener.onResult(slot);
            }
            catch (final Throwable t)
            {
                LOG.warn("result listener threw for command {}", slot.commandId, t);
            }
        }
        if (slot.journal && slot.reason != ReasonCode.JOURNAL_FAILED)
        {
            publishEvents(slot.events);
        }
    }

    private void publishEvents(final OutputEvents events)
    {
        for (final EventListener listener : eventListeners)
        {
            for (int i = 0; i < events.count(); i++)
            {
                try
                {
                    listener.onEvent(events.moveTo(i));
                }
                catch (final Throwable t)
                {
                    LOG.warn("event listener threw", t);
                }
            }
        }
    }

    /**
     * Waits until every slot up to {@code sequence} has been journaled and answered. Called by the
     * business-logic thread before a snapshot.
     */
    void awaitJournaled(final long sequence)
    {
        while (journaledThrough < sequence)
        {
            LockSupport.parkNanos(1_000);
        }
    }

    /**
     * @return the journal queue index of the last record written, or -1.
     */
    long lastIndex()
    {
        return lastIndex;
    }

    @Override
    public void onShutdown()
    {
        try
        {
            if (syncer != null)
            {
                // Before the writer's own last force in closeJournal, so the two never overlap.
                syncer.close();
            }
            if (writer != null)
            {
                closeJournal();
            }
        }
        finally
        {
            if (pretoucher != null)
            {
                pretoucher.close();
            }
            stopped.countDown();
        }
    }

    private void closeJournal()
    {
        try
        {
            if (!halt.raised())
            {
                writer.flush();
                if (durability.syncs())
                {
                    writer.sync();
                }
            }
            else
            {
                // Halted: what is still batched was answered JOURNAL_FAILED and must not reach the
                // journal on close (the simulator's failed-write fault found it did).
                writer.discard();
            }
        }
        finally
        {
            writer.close();
        }
    }

    /**
     * Waits for {@link #onShutdown()} to finish on the journal thread, so the queue is closed
     * only after its appender.
     */
    boolean awaitStopped(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        return stopped.await(timeout, unit);
    }
}

package io.omnistock.core;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.omnistock.api.CommandType;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.snapshot.SnapshotStore;
import io.omnistock.core.state.CommandProcessor;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.Sequencer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer. Stamps each command with the next journal sequence and the engine time, then
 * applies it. The clock is read here, outside the business logic, and the stamp is journaled, so
 * replay sees the very same time.
 *
 * <p>Memory, not arithmetic, is most of a command's cost: its idempotency slot, its position and
 * its reservation are each a likely cache miss, and one command's misses stall it in turn. So
 * every {@link #WARM_AHEAD} commands of a ring batch, the stage first reads the memory of the next
 * group (changing nothing), letting those misses overlap one another; the commands then find their
 * data in cache.
 */
final class BusinessLogicStage implements EventHandler<CommandSlot>
{
    private static final Logger LOG = LoggerFactory.getLogger(BusinessLogicStage.class);
    private static final int WARM_AHEAD = 16;
    /**
     * Commands of a ring batch stamped from one reading of the clock, at most: a reading is a vDSO
     * call, 4% of the logic thread's samples on a bulk load when made per command (run 50). A
     * batch's first command always reads it, so a command arriving alone is stamped with its time.
     */
    private static final int CLOCK_READ_EVERY = 64;

    private final CommandProcessor processor;
    private final EngineState state;
    private final Sequencer sequencer;
    private final EngineClock clock;
    private final HaltSignal halt;
    private final SnapshotStore snapshots;
    private final JournalStage journalStage;
    /** {@link JournalThread#WRITER}: this stage hands each command to the journal stage itself. */
    private final boolean journalOnWriter;
    private final EngineTimer timer;
    /** {@link TimerThread#WRITER}: this stage polls the timer and pretouches the journal in its idle time. */
    private final boolean timerOnWriter;
    private final EngineGauges gauges;
    private final RingBuffer<CommandSlot> ring;
    private Sequence sequenceCallback;
    private long publishedExpiry = Long.MAX_VALUE;
    /** Size of the ring batch about to start, until its first event turns it into {@link #batchEnd}. */
    private long batchSize;
    /** Last sequence of the current ring batch. */
    private long batchEnd = -1;
    /** Last sequence warmed. */
    private long warmedTo = -1;
    /** What warming read, kept so the reads are not optimised away. */
    private long warmed;
    private long clockMillis;
    /** The last ring sequence stamped with {@link #clockMillis}; -1: read the clock for the next. */
    private long clockReadUntil = -1;

    BusinessLogicStage(
        final RingBuffer<CommandSlot> ring, final CommandProcessor processor, final EngineClock clock,
        final HaltSignal halt, final SnapshotStore snapshots, final JournalStage journalStage,
        final boolean journalOnWriter, final EngineTimer timer, final boolean timerOnWriter, final EngineGauges gauges)
    {
        this.timerOnWriter = timerOnWriter;
        this.ring = ring;
        this.gauges = gauges;
        this.timer = timer;
        this.processor = processor;
        this.state = processor.state();
        this.sequencer = new Sequencer(state);
        this.clock = clock;
        this.halt = halt;
        this.snapshots = snapshots;
        this.journalStage = journalStage;
        this.journalOnWriter = journalOnWriter;
    }

    @Override
    public void onStart()
    {
        if (journalOnWriter)
        {
            journalStage.onStart();
        }
    }

    @Override
    public void onShutdown()
    {
        if (journalOnWriter)
        {
            journalStage.onShutdown();
        }
    }

    @Override
    public void setSequenceCallback(final Sequence sequenceCallback)
    {
        this.sequenceCallback = sequenceCallback;
        if (journalOnWriter)
        {
            // This thread answers too: the journal stage releases answered slots through our sequence.
            journalStage.setSequenceCallback(sequenceCallback);
        }
    }

    @Override
    public void onBatchStart(final long batchSize, final long queueDepth)
    {
        this.batchSize = batchSize;
    }

    @Override
    public void onEvent(final CommandSlot slot, final long ringSequence, final boolean endOfBatch)
    {
        if (batchSize > 0)
        {
            batchEnd = ringSequence + batchSize - 1;
            batchSize = 0;
            clockReadUntil = -1;
        }
        if (ringSequence > warmedTo)
        {
            warmedTo = Math.min(batchEnd, ringSequence + WARM_AHEAD - 1);
            for (long s = ringSequence; s <= warmedTo; s++)
            {
                warmed += processor.warm(ring.get(s));
            }
        }
        switch (slot.control)
        {
            case NONE -> applyCommand(slot, ringSequence);
            case SNAPSHOT -> snapshot(slot, ringSequence);
            case CHECKSUM -> slot.controlValue = state.checksum();
            case READ -> read(slot);
            case SYNC_TICK ->
            {
                // Nothing to apply: the tick only wakes the journal stage.
            }
        }
        if (endOfBatch)
        {
            gauges.publish(state, ringSequence);
        }
        if (journalOnWriter)
        {
            journalStage.onEvent(slot, ringSequence, endOfBatch);
        }
        if (endOfBatch && timerOnWriter)
        {
            // Between batches, so a busy writer (never idle for a tick) still expires holds and syncs on time,
            // and keeps the journal's pages loaded ahead of itself.
            timer.poll(clock.epochMillis());
            if (!journalStage.pretouchIfShort())
            {
                pretouchWhileIdle(ringSequence, 1);
            }
        }
    }

    /**
     * The idle tick of {@link TimerThread#WRITER}: nothing was published for {@link ThreadModel#IDLE_TICK_NANOS}.
     * The timer's work and the pretouch run here, on this thread, instead of on threads that would
     * wake beside it.
     */
    @Override
    public void onTimeout(final long sequence)
    {
        if (!timerOnWriter)
        {
            return;
        }
        try
        {
            timer.poll(clock.epochMillis());
            pretouchWhileIdle(sequence, Integer.MAX_VALUE);
        }
        catch (final RuntimeException e)
        {
            // A bug, as anywhere on this thread; the processor's handler would report it against no command.
            LOG.error("unexpected failure in the writer's idle work; the engine halts", e);
            halt.raise(e);
        }
    }

    /** Loads up to {@code steps} of the journal's next pages, stopping as soon as a command is published. */
    private void pretouchWhileIdle(final long processed, final int steps)
    {
        for (int i = 0; i < steps && ring.getCursor() == processed && journalStage.pretouchStep(); i++)
        {
            // Each step is a few pages: a command published meanwhile waits for one step at most.
        }
    }

    private void applyCommand(final CommandSlot slot, final long ringSequence)
    {
        if (halt.raised())
        {
            slot.clearOutcome();
            slot.decide(ReasonCode.ENGINE_HALTED, ReasonCode.ENGINE_HALTED);
            return;
        }
        if (ringSequence > clockReadUntil)
        {
            clockMillis = clock.epochMillis();
            clockReadUntil = ringSequence + CLOCK_READ_EVERY - 1;
        }
        slot.journal = sequencer.stamp(slot, clockMillis);
        processor.apply(slot);
        final long nextExpiry = state.nextTimedWork();
        if (nextExpiry != publishedExpiry)
        {
            publishedExpiry = nextExpiry;
            timer.nextExpiry(nextExpiry);
        }
        // After the new expiry is published, or the timer could resend for holds already expired.
        if (slot.type == CommandType.EXPIRE_HOLDS)
        {
            timer.expiryProcessed();
        }
    }

    private void read(final CommandSlot slot)
    {
        try
        {
            slot.controlRead.accept(state);
        }
        catch (final RuntimeException e)
        {
            // A reader's failure is the reader's: the state is untouched and the engine goes on.
            slot.controlError = e;
        }
    }

    /**
     * A snapshot must not contain a command the journal lacks, so it waits until the journal
     * stage has written everything before it (or, journaling on this thread, writes it now). The
     * journal stage is gated on this stage, so our progress is published first or the two would
     * wait on each other.
     */
    private void snapshot(final CommandSlot slot, final long ringSequence)
    {
        if (snapshots == null)
        {
            slot.controlError = new IllegalStateException("the engine has no snapshot directory configured");
            return;
        }
        if (journalOnWriter)
        {
            journalStage.completeThrough(ringSequence - 1);
        }
        else
        {
            sequenceCallback.set(ringSequence - 1);
            journalStage.awaitJournaled(ringSequence - 1);
        }
        if (halt.raised())
        {
            slot.controlError = new IllegalStateException("engine halted; no snapshot taken", halt.cause());
            return;
        }
        try
        {
            snapshots.write(state, journalStage.lastIndex());
            slot.controlValue = state.lastSequence();
        }
        catch (final RuntimeException e)
        {
            slot.controlError = e;
        }
    }
}

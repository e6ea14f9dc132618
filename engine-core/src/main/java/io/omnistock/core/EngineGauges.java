package io.omnistock.core;

import com.lmax.disruptor.RingBuffer;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.state.EngineState;

/**
 * Live figures for monitoring, readable from any thread. The business-logic thread publishes the
 * state counts at the end of each ring batch, so a reader sees them at most one batch old and the
 * hot path pays a few plain stores per batch, not per command.
 */
public final class EngineGauges
{
    private final RingBuffer<CommandSlot> ring;
    private final JournalStage journal;
    private volatile long appliedThrough = -1;
    private volatile long lastSequence;
    private volatile int openReservations;
    private volatile int openOrders;
    private volatile long orderBookBytes;
    private volatile int openReplenishmentRequests;

    EngineGauges(final RingBuffer<CommandSlot> ring, final JournalStage journal, final EngineState state)
    {
        this.ring = ring;
        this.journal = journal;
        publish(state, -1);
    }

    /** Called by the business-logic thread at the end of a batch. */
    void publish(final EngineState state, final long ringSequence)
    {
        appliedThrough = ringSequence;
        lastSequence = state.lastSequence();
        openReservations = state.reservations().openCount();
        openOrders = state.orders().openCount();
        orderBookBytes = state.orders().footprintBytes();
        openReplenishmentRequests = state.replenishment().openRequestCount();
    }

    /** @return the ring's size in slots. */
    public int ringSize()
    {
        return ring.getBufferSize();
    }

    /** @return ring slots taken by commands not yet fully processed (0 when idle). */
    public long ringUsed()
    {
        return ring.getBufferSize() - ring.remainingCapacity();
    }

    /** @return commands the business logic has applied but the journal has not yet written. */
    public long journalLag()
    {
        return Math.max(0, appliedThrough - journal.journaledThrough());
    }

    /** @return the journal sequence of the last journaled command applied. */
    public long lastSequence()
    {
        return lastSequence;
    }

    public int openReservations()
    {
        return openReservations;
    }

    public int openOrders()
    {
        return openOrders;
    }

    /** @return the heap the engine's order book holds, room to grow included (see {@code OrderBook.footprintBytes}). */
    public long orderBookBytes()
    {
        return orderBookBytes;
    }

    public int openReplenishmentRequests()
    {
        return openReplenishmentRequests;
    }
}

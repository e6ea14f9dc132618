package io.omnistock.core;

import io.omnistock.api.CommandResult;
import io.omnistock.api.ResultListener;
import io.omnistock.api.ResultView;
import io.omnistock.core.command.CommandSlot;

import java.util.function.Consumer;

/**
 * Who hears each submitted command's result ({@link OmnistockEngine#trySubmit(io.omnistock.api.Command,
 * Consumer)} and the futures of {@code submit}), kept in an array beside the ring, one place per
 * ring slot, rather than in the slots: the slots name this one listener, which never changes, and
 * an index.
 *
 * <p>Why: a consumer is a new object per command, and a reference to a young object stored into a
 * ring slot (as old as the engine) is a card G1's refinement threads must scan, one card per slot
 * since each slot is an object of its own; those threads took 8.1% of the daemon's CPU samples on
 * batches of 256 orders (async-profiler, docs/benchmarks.md run 55's profile), and the listener was
 * the last reference stored into every slot for every command. Stored in turn into one array, 128
 * references share a card, which G1 queues once. Measured after (run 56): their share 7.8%, within
 * a profile's noise of before, so the listener was not what kept them busy; what is gone for certain
 * is the store into each slot and the wrapper object each command made.
 *
 * <p>A place is written by the producer that claimed its slot, before the slot is published, and
 * read and emptied on the journal stage's thread before the slot is given back, so the ring's own
 * sequences order every access to it, as they order the slot's fields.
 */
final class ResultConsumers implements ResultListener
{
    private final Consumer<CommandResult>[] bySlot;
    private final int mask;

    @SuppressWarnings("unchecked")
    ResultConsumers(final int ringSize)
    {
        assert Integer.bitCount(ringSize) == 1 : "the ring's size is a power of two";
        bySlot = new Consumer[ringSize];
        mask = ringSize - 1;
    }

    /** On the producer's thread, describing the command at {@code sequence} into {@code slot}: {@code consumer} hears its result. */
    void expect(final long sequence, final CommandSlot slot, final Consumer<CommandResult> consumer)
    {
        final int index = (int)sequence & mask;
        bySlot[index] = consumer;
        slot.resultConsumer = index;
    }

    /** On the journal stage's thread: the result, copied, to the consumer its slot names; the place emptied. */
    @Override
    public void onResult(final ResultView result)
    {
        final int index = ((CommandSlot)result).resultConsumer;
        final Consumer<CommandResult> consumer = bySlot[index];
        bySlot[index] = null;
        consumer.accept(CommandResult.copyOf(result));
    }
}

package io.omnistock.benchmarks;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandTranslator;
import io.omnistock.api.CommandWriter;
import io.omnistock.api.InventoryEngine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ResultListener;
import io.omnistock.api.ResultView;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.state.CommandProcessor;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.Sequencer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads a synthetic retail network straight into a {@link CommandProcessor}, through the real
 * business logic (DEFINE_LOCATION, DEFINE_SKU and RECEIVE commands, stamped the way the engine's
 * business-logic stage stamps them), without the ring or a journal; or the same commands into a
 * running engine ({@link #loadInto}).
 */
final class Network
{
    /** Epoch milliseconds stamped on every command; engine time only has to be non-decreasing. */
    static final long TIMESTAMP = 1_700_000_000_000L;

    /** Where the network lies, in micro-degrees; location l sits l micro-degrees north-east of it. */
    static final int CENTRE_LAT = 31_000_000;
    static final int CENTRE_LON = 121_000_000;

    private static final Tier[] TIERS = Tier.values();

    private final CommandProcessor processor;
    private final EngineState state;
    private final Sequencer sequencer;
    private final CommandSlot slot = new CommandSlot();
    private long nextCommandId = 1;

    Network(final CommandProcessor processor)
    {
        this.processor = processor;
        this.state = processor.state();
        this.sequencer = new Sequencer(state);
    }

    /**
     * Defines {@code locations} locations and {@code skus} SKUs, then receives {@code quantity} into
     * every one of the {@code locations * skus} positions.
     */
    void load(final int locations, final int skus, final long quantity)
    {
        final long commands = loadCommands(locations, skus);
        for (long k = 0; k < commands; k++)
        {
            slot.clearInput();
            writeLoadCommand(slot, nextCommandId++, k, locations, skus, quantity);
            apply();
            if (k < locations + skus && slot.assignedId != (k < locations ? k : k - locations))
            {
                throw new IllegalStateException("definition " + k + " got id " + slot.assignedId);
            }
        }
    }

    /**
     * @return how many commands load a network of this shape: definitions, then one RECEIVE per position.
     */
    static long loadCommands(final int locations, final int skus)
    {
        return locations + skus + (long)locations * skus;
    }

    /**
     * Writes command {@code k} of the load sequence: locations first (ids 0..locations-1, tiers in
     * turn, all within a few metres of 31.0 N 121.0 E), then SKUs, then a RECEIVE for each position,
     * location by location. The in-process loader and {@link #loadInto} share it, so the two build
     * the same network.
     */
    static void writeLoadCommand(
        final CommandWriter w, final long commandId, final long k, final int locations, final int skus,
        final long quantity)
    {
        if (k < locations)
        {
            final int l = (int)k;
            w.defineLocation(commandId, "L" + l, TIERS[l % TIERS.length], CENTRE_LAT + l, CENTRE_LON + l,
                Capabilities.ALL);
        }
        else if (k < locations + skus)
        {
            w.defineSku(commandId, "SKU" + (k - locations), StockUnit.PIECE);
        }
        else
        {
            final long p = k - locations - skus;
            w.receive(commandId, (int)(p / skus), (int)(p % skus), quantity);
        }
    }

    /**
     * Loads the same network into a running engine through its ring (and journal, if it has one),
     * one command per publication, as fast as the ring takes it, and waits until every command is answered.
     *
     * @return the first command id not used.
     * @throws IllegalStateException if any loading command is rejected.
     */
    static long loadInto(
        final InventoryEngine engine, final int locations, final int skus, final long quantity,
        final long firstCommandId)
    {
        return loadInto(engine, locations, skus, quantity, firstCommandId, 1);
    }

    /**
     * As {@link #loadInto(InventoryEngine, int, int, long, long)}, {@code batch} commands per publication
     * ({@link InventoryEngine#tryPublishBatch}) when {@code batch > 1}.
     */
    static long loadInto(
        final InventoryEngine engine, final int locations, final int skus, final long quantity,
        final long firstCommandId, final int batch)
    {
        final LoadCursor cursor = new LoadCursor(locations, skus, quantity, firstCommandId);
        final LoadResults results = new LoadResults();
        final long commands = loadCommands(locations, skus);
        while (cursor.k < commands)
        {
            final boolean published = batch == 1 ? engine.tryPublish(LoadCursor.WRITE, cursor, results) :
                engine.tryPublishBatch(LoadCursor.WRITE, cursor, (int)Math.min(batch, commands - cursor.k), results) > 0;
            if (!published)
            {
                Thread.yield();
            }
        }
        while (results.answered.get() < commands)
        {
            Thread.yield();
        }
        if (results.firstRejection != null)
        {
            throw new IllegalStateException("loading the network: " + results.rejected + " commands rejected, first " +
                results.firstRejection);
        }
        return firstCommandId + commands;
    }

    /** The producer's position in the load sequence, read by the translator on the producer thread. */
    private static final class LoadCursor
    {
        /** Writes the next command of the sequence and moves past it: called once per command published. */
        static final CommandTranslator<LoadCursor> WRITE = (w, c) ->
        {
            writeLoadCommand(w, c.firstCommandId + c.k, c.k, c.locations, c.skus, c.quantity);
            c.k++;
        };

        final int locations;
        final int skus;
        final long quantity;
        final long firstCommandId;
        long k;

        LoadCursor(final int locations, final int skus, final long quantity, final long firstCommandId)
        {
            this.locations = locations;
            this.skus = skus;
            this.quantity = quantity;
            this.firstCommandId = firstCommandId;
        }
    }

    /** Counts answers on the journal thread; the producer polls the count. */
    private static final class LoadResults implements ResultListener
    {
        final AtomicLong answered = new AtomicLong();
        private long count;
        long rejected;
        volatile ReasonCode firstRejection;

        @Override
        public void onResult(final ResultView result)
        {
            if (result.reason() != ReasonCode.OK && rejected++ == 0)
            {
                firstRejection = result.reason();
            }
            answered.lazySet(++count);
        }
    }

    /**
     * @return the first command id not used by {@link #load}.
     */
    long nextCommandId()
    {
        return nextCommandId;
    }

    /**
     * Applies the command {@code write} puts in the slot, stamped as the engine stamps it.
     *
     * @return the slot after the command, its result filled in.
     */
    CommandSlot apply(final java.util.function.Consumer<CommandWriter> write)
    {
        slot.clearInput();
        write.accept(slot);
        sequencer.stamp(slot, TIMESTAMP);
        processor.apply(slot);
        return slot;
    }

    private void apply()
    {
        sequencer.stamp(slot, TIMESTAMP);
        processor.apply(slot);
        if (slot.reason != ReasonCode.OK)
        {
            throw new IllegalStateException("loading command " + slot.commandId + " (" + slot.type +
                ") was rejected: " + slot.reason);
        }
    }
}

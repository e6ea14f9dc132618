package io.omnistock.daemon.http;

import io.omnistock.api.StateView;
import io.omnistock.core.state.EngineState;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A consistent read of the whole state, for the queries no command result carries: the embedded
 * engine runs it on its business-logic thread, a cluster member on its replica's service thread,
 * between two commands either way.
 */
public interface StateReader
{
    /**
     * Reads over the engine's read-only {@link StateView}: every single-item read.
     *
     * @param reader what to read: it copies out what it needs, the view being valid only during the call.
     * @return completes once the reader has run.
     */
    CompletableFuture<Void> read(Consumer<StateView> reader);

    /**
     * Reads the engine's state itself: the listings only, which page through the ledgers in slot
     * order with a bounded number of ids per page ({@link EnginePages}); {@link StateView} has no
     * paging yet. The reader must not change the state.
     *
     * @return completes once the reader has run.
     */
    CompletableFuture<Void> readState(Consumer<EngineState> reader);

    /** @return a reader made of its two reads. */
    static StateReader of(final Function<Consumer<StateView>, CompletableFuture<Void>> views,
        final Function<Consumer<EngineState>, CompletableFuture<Void>> states)
    {
        return new StateReader()
        {
            @Override
            public CompletableFuture<Void> read(final Consumer<StateView> reader)
            {
                return views.apply(reader);
            }

            @Override
            public CompletableFuture<Void> readState(final Consumer<EngineState> reader)
            {
                return states.apply(reader);
            }
        };
    }
}

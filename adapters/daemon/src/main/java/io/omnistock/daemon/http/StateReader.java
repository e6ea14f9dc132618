package io.omnistock.daemon.http;

import io.omnistock.api.StateView;
import io.omnistock.core.state.EngineState;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

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
}

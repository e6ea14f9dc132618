package io.omnistock.daemon.http;

import io.omnistock.api.StateView;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A consistent read of the whole state, for the queries no command result carries: the embedded
 * engine runs it on its business-logic thread ({@code OmnistockEngine.query}), a cluster member on
 * its replica's service thread, between two commands either way. Single reads and the listings'
 * pages ({@link EnginePages}) alike read the engine's read-only {@link StateView}.
 */
@FunctionalInterface
public interface StateReader
{
    /**
     * @param reader what to read: it copies out what it needs, the view being valid only during the call.
     * @return completes once the reader has run.
     */
    CompletableFuture<Void> read(Consumer<StateView> reader);
}

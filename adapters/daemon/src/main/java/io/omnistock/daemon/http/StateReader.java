package io.omnistock.daemon.http;

import io.omnistock.core.state.EngineState;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A consistent read of the whole state, for the queries no command result carries: the embedded
 * engine runs it on its business-logic thread, a cluster member on its replica's service thread,
 * between two commands either way. The reader must not change the state.
 */
@FunctionalInterface
public interface StateReader
{
    CompletableFuture<Void> read(Consumer<EngineState> reader);
}
